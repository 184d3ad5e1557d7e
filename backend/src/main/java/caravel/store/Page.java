package caravel.store;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list: items, the total number matching, and where the page sits. {@code totalExact} is false when
 * counting stopped at a cap (a search matching very many rows): then at least {@code total} rows match.
 */
public record Page<T>(List<T> items, long total, int page, int perPage, boolean totalExact) {
    public Page(List<T> items, long total, int page, int perPage) {
        this(items, total, page, perPage, true);
    }

    public <R> Page<R> map(Function<T, R> f) {
        return new Page<>(items.stream().map(f).toList(), total, page, perPage, totalExact);
    }

    /** Page request, already validated: page ≥ 1, 1 ≤ perPage ≤ 200. */
    public record Request(int page, int perPage) {
        public int offset() {
            return (page - 1) * perPage;
        }
    }
}
