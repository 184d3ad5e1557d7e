package caravel.bench;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;

/**
 * Times each of a view's reads on its own, on one handle: a few unmeasured calls first, then {@code samples} timed
 * ones, printed as p50 and p99. The money and insight benches profile their views' statements this way.
 */
public final class EachReadAlone {
    private EachReadAlone() {}

    /** Prints one line per read, its name padded to {@code nameWidth}. */
    public static void print(Handle h, Map<String, Consumer<Handle>> reads, int warmups, int samples, int nameWidth) {
        for (var e : reads.entrySet()) {
            for (int i = 0; i < warmups; i++) e.getValue().accept(h);
            double[] ms = new double[samples];
            for (int i = 0; i < samples; i++) {
                long a = System.nanoTime();
                e.getValue().accept(h);
                ms[i] = (System.nanoTime() - a) / 1e6;
            }
            Arrays.sort(ms);
            System.out.printf(
                    "  %-" + nameWidth + "s p50 %7.2f ms  p99 %7.2f ms%n",
                    e.getKey(),
                    ms[samples / 2],
                    ms[(int) Math.ceil(samples * 0.99) - 1]);
        }
    }
}
