package caravel.admission;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Tells join pages waiting on a relay (GET /admissions/{subdomain}/me?after=…) that a standing there may have changed
 * in this process: a payment settled, an invoice given up, a person added or blocked. A waiting page reads its standing
 * again at once. Changes made by another process sharing the database are not told here: a waiting page also reads
 * again every {@link Joins#RECHECK_MILLIS}, the pace at which the page polled before it could wait.
 */
final class StandingChanges {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Relay id → how many changes were told for it (only relays that ever changed; a few longs each). */
    private final Map<String, Long> counts = new ConcurrentHashMap<>();

    /** What has been told for the relay so far: pass it to {@link #await} after reading the standing. */
    long seen(String relayId) {
        return counts.getOrDefault(relayId, 0L);
    }

    /** A standing on the relay may have changed (told after the change was committed). */
    void changed(String relayId) {
        counts.merge(relayId, 1L, Long::sum);
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until a change is told for the relay after {@code seen}, or {@code millis} have passed. */
    void await(String relayId, long seen, long millis) throws InterruptedException {
        long left = TimeUnit.MILLISECONDS.toNanos(millis);
        lock.lock();
        try {
            while (seen(relayId) == seen && left > 0) left = changed.awaitNanos(left);
        } finally {
            lock.unlock();
        }
    }
}
