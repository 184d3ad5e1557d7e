package caravel.testing;

import java.time.Duration;
import java.util.function.Supplier;

/** Polls a condition until it holds, for asynchronous outcomes (jobs, DMs); fails with the last observed value. */
public final class Wait {
    private Wait() {}

    public static <T> T until(String what, Duration timeout, Supplier<T> probe, java.util.function.Predicate<T> done) {
        return until(what, timeout, Duration.ofMillis(50), probe, done);
    }

    /**
     * Polls every {@code every} (for probes too costly to run every 50 ms, such as a whole metrics scrape) until the
     * condition holds.
     */
    public static <T> T until(
            String what, Duration timeout, Duration every, Supplier<T> probe, java.util.function.Predicate<T> done) {
        long end = System.nanoTime() + timeout.toNanos();
        T last = null;
        while (System.nanoTime() < end) {
            last = probe.get();
            if (done.test(last)) return last;
            try {
                Thread.sleep(every);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("timed out waiting for " + what + "; last seen: " + last);
    }

    /** Polls until the condition holds. */
    public static void until(String what, Duration timeout, java.util.function.BooleanSupplier condition) {
        until(what, timeout, condition::getAsBoolean, Boolean::booleanValue);
    }
}
