package caravel.live;

import caravel.logging.Hops;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells open streams that their tenant's data changed. SQLite triggers (migration V40) give a tenant a new version
 * on every write to its relays, invoices or activity, from one sequence; this feed reads "tenants whose version is
 * above the last one seen" (an index range, usually empty) every {@code pollMillis} while anyone is listening, and
 * wakes that tenant's subscribers. Polling the database rather than hooking write sites means writes from the job
 * runner, billing, or another process sharing the file are all seen, and nothing is polled while no page is open.
 * A write this process commits {@link #nudge nudges} the feed to read at once: the poll's wait is then only for other
 * processes' writes.
 */
public final class ChangeFeed implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChangeFeed.class);
    /** Changes read per poll; a full batch means more are waiting, so the next poll follows at once. */
    private static final int BATCH = 10000;

    private final ChangeStore store;
    private final long pollMillis;
    private final Map<String, Set<Subscription>> subscribers = new ConcurrentHashMap<>();
    private final Object idle = new Object();
    /** Released by {@link #nudge}: the poller reads now instead of at the end of its wait. */
    private final Semaphore nudged = new Semaphore(0);

    private volatile boolean closed;
    private Thread poller;

    public ChangeFeed(Jdbi jdbi, long pollMillis) {
        this.store = new ChangeStore(jdbi);
        this.pollMillis = pollMillis;
    }

    /** One open stream's wake-up signal: permits pile up while the stream is writing and are drained on wake. */
    public final class Subscription implements AutoCloseable {
        private final String tenant;
        private final Semaphore signal = new Semaphore(0);
        private final java.util.concurrent.atomic.AtomicBoolean pingAsked =
                new java.util.concurrent.atomic.AtomicBoolean();

        private Subscription(String tenant) {
            this.tenant = tenant;
        }

        /** True when the tenant changed (since the last call), false when the timeout passed without a change. */
        public boolean awaitChange(long timeoutMillis) throws InterruptedException {
            boolean changed = signal.tryAcquire(timeoutMillis, TimeUnit.MILLISECONDS);
            if (changed) signal.drainPermits();
            return changed;
        }

        /** Wakes the stream as if its tenant had changed (for changes the database does not see, e.g. members). */
        public void wake() {
            signal.release();
        }

        /** True once after {@link #askPings} woke this stream: it should write something to learn if its page is there. */
        public boolean pingAsked() {
            return pingAsked.getAndSet(false);
        }

        @Override
        public void close() {
            subscribers.computeIfPresent(tenant, (t, set) -> {
                set.remove(this);
                return set.isEmpty() ? null : set;
            });
        }
    }

    public synchronized Subscription subscribe(String tenant) {
        Subscription s = new Subscription(tenant);
        subscribers.computeIfAbsent(tenant, t -> ConcurrentHashMap.newKeySet()).add(s);
        if (poller == null && !closed)
            poller = Thread.ofVirtual().name("live-changes").start(this::run);
        synchronized (idle) {
            idle.notifyAll();
        }
        return s;
    }

    public boolean closed() {
        return closed;
    }

    /**
     * Something may have changed (this process committed a write): read now rather than at the next poll. Nudges while
     * a read is under way add up to one more read, not one per nudge; while nobody listens they are ignored.
     */
    public void nudge() {
        if (!subscribers.isEmpty() && nudged.availablePermits() == 0) nudged.release();
    }

    /**
     * Wakes every stream of a tenant to write to its connection now: a closed page's stream learns it is gone only
     * from a write that fails, so a tenant at its cap can find out which of its streams are dead before refusing one.
     */
    public void askPings(String tenant) {
        Set<Subscription> set = subscribers.get(tenant);
        if (set == null) return;
        for (Subscription s : set) {
            s.pingAsked.set(true);
            s.wake();
        }
    }

    /** Open subscriptions of every tenant together (a closed stream's is removed with it). */
    public int subscriberTotal() {
        int n = 0;
        for (Set<Subscription> set : subscribers.values()) n += set.size();
        return n;
    }

    /** Open subscriptions of a tenant (to cap the streams one account may hold). */
    public int subscriberCount(String tenant) {
        Set<Subscription> set = subscribers.get(tenant);
        return set == null ? 0 : set.size();
    }

    private void run() {
        long cursor = -1;
        while (!closed) {
            try {
                if (subscribers.isEmpty()) {
                    cursor =
                            -1; // nobody listens: stop reading; start again from "now" (a new stream sends its snapshot
                    // first)
                    synchronized (idle) {
                        if (subscribers.isEmpty() && !closed) idle.wait(1_000);
                    }
                    continue;
                }
                if (cursor < 0) cursor = store.latestVersion();
                List<Map.Entry<String, Long>> changed = store.changedAfter(cursor, BATCH);
                for (var e : changed) {
                    cursor = Math.max(cursor, e.getValue());
                    Set<Subscription> set = subscribers.get(e.getKey());
                    if (Hops.on()) Hops.mark("feed.changed", e.getKey() + " v" + e.getValue());
                    if (set != null) set.forEach(Subscription::wake);
                }
                if (changed.size() < BATCH && nudged.tryAcquire(pollMillis, TimeUnit.MILLISECONDS))
                    nudged.drainPermits();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // a locked or closing database: keep serving streams, try again shortly
                if (!closed) log.warn("reading tenant changes failed: {}", e.getMessage());
                try {
                    Thread.sleep(Math.max(pollMillis, 500));
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (poller != null) poller.interrupt();
        subscribers.values().forEach(set -> set.forEach(Subscription::wake));
    }
}
