package caravel.domain;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts what is in flight per key (calls to one wallet, invoices being made for one relay) and refuses one more past
 * a bound, without waiting: a bound that strangers can reach must answer at once, not queue them on threads.
 */
public final class InFlight {
    private final ConcurrentHashMap<String, Integer> counts = new ConcurrentHashMap<>();

    /** Counts one more under {@code key} when fewer than {@code limit} are in flight; false, counting nothing, else. */
    public boolean tryEnter(String key, int limit) {
        boolean[] entered = {false};
        counts.compute(key, (k, n) -> {
            int now = n == null ? 0 : n;
            if (now >= limit) return n;
            entered[0] = true;
            return now + 1;
        });
        return entered[0];
    }

    /** One under {@code key} is done (after a {@link #tryEnter} that returned true). */
    public void leave(String key) {
        counts.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
    }

    public int count(String key) {
        return counts.getOrDefault(key, 0);
    }
}
