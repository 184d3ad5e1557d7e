package caravel.store;

import java.util.List;

/** One page of a list: items, the total number matching, and where the page sits. */
public record Page<T>(List<T> items, long total, int page, int perPage) {
    public <R> Page<R> map(java.util.function.Function<T, R> f) {
        return new Page<>(items.stream().map(f).toList(), total, page, perPage);
    }

    /** Page request, already validated: page ≥ 1, 1 ≤ perPage ≤ 200. */
    public record Request(int page, int perPage) {
        public int offset() {
            return (page - 1) * perPage;
        }
    }
}
