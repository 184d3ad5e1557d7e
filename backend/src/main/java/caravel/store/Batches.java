package caravel.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Reads a long list a batch at a time, each query starting after the last row of the one before (a key, not an
 * offset), so a reader of any size holds one batch in memory: the activity export's other sources use it.
 */
public final class Batches {
    private Batches() {}

    /** What some people did in [from, to) (seconds), read {@code batch} rows at a time. */
    public record Window(Collection<String> actors, long from, long to, int batch) {}

    /**
     * @param next the batch after the given row (null: the first batch), at most {@code batch} rows, in key order
     * @param each called with every batch that has rows, in order
     */
    public static <T> void each(int batch, Function<T, List<T>> next, Consumer<List<T>> each) {
        T last = null;
        while (true) {
            List<T> rows = next.apply(last);
            if (rows.isEmpty()) return;
            each.accept(rows);
            if (rows.size() < batch) return;
            last = rows.get(rows.size() - 1);
        }
    }

    /**
     * The rows of {@code window}'s actors in its time range, by time then id, a batch at a time. {@code sql} is the
     * owner's statement: {@code %s} where the actors' placeholders go, then the parameters from, to, the last row's
     * time twice, its id, and the batch's size; {@code select} is the owner running it with those arguments.
     */
    public static <T> void byActors(
            String sql,
            ToLongFunction<T> time,
            Function<T, String> id,
            Window window,
            BiFunction<String, Object[], List<T>> select,
            Consumer<List<T>> each) {
        if (window.actors().isEmpty()) return;
        String statement = sql.formatted(
                String.join(", ", Collections.nCopies(window.actors().size(), "?")));
        each(
                window.batch(),
                (T last) -> {
                    List<Object> args = new ArrayList<>(window.actors());
                    long at = last == null ? Long.MIN_VALUE : time.applyAsLong(last);
                    args.addAll(List.of(
                            window.from(), window.to(), at, at, last == null ? "" : id.apply(last), window.batch()));
                    return select.apply(statement, args.toArray());
                },
                each);
    }
}
