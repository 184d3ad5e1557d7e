package caravel.store;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Reads a long list a batch at a time, each query starting after the last row of the one before (a key, not an
 * offset), so a reader of any size holds one batch in memory: the activity export's other sources use it.
 */
public final class Batches {
    private Batches() {}

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
}
