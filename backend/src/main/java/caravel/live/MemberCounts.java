package caravel.live;

import caravel.store.Relay;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Member counts for a live stream. Members join and leave on the relay itself (zooid), so no write in Caravel's
 * database announces them: a relay is counted again as soon as {@link #recount} says its members changed (the
 * membership watcher hears joins and leaves on the relay), and every active relay every {@code intervalMillis} in
 * case a change went unheard (a relay whose subscription is down). Counting runs on a background thread, and the
 * stream is nudged when a count changed. A relay that cannot be asked keeps its last count; so does a relay whose
 * count is held (a join waiting for its allowance check), until the hold ends.
 */
public final class MemberCounts implements AutoCloseable {
    private final Supplier<List<Relay>> relays;
    private final Function<Relay, Integer> count;
    private final ToLongFunction<String> heldUntil;
    private final Runnable changed;
    private final long intervalMillis;
    private volatile Map<String, Integer> counts = Map.of();
    /** Relays whose members changed since they were last counted. */
    private final Set<String> dirty = ConcurrentHashMap.newKeySet();

    /** How soon a pass that failed as a whole is tried again. */
    static final long RETRY_MILLIS = 1_000;

    private final Semaphore wake = new Semaphore(0);
    private final Thread thread;

    /**
     * @param relays    the tenant's relays now (only active ones are counted)
     * @param count     members of a relay, the owner not included; may throw when the relay cannot be reached
     * @param heldUntil until when (epoch millis) a relay's count waits, or 0 when it may be counted now
     * @param changed   called when a count changed (wakes the stream)
     */
    public MemberCounts(
            Supplier<List<Relay>> relays,
            Function<Relay, Integer> count,
            ToLongFunction<String> heldUntil,
            Runnable changed,
            long intervalMillis) {
        this.relays = relays;
        this.count = count;
        this.heldUntil = heldUntil;
        this.changed = changed;
        this.intervalMillis = intervalMillis;
        this.thread = Thread.ofVirtual().name("live-members").start(this::run);
    }

    /** Relay id → members besides the owner, for the active relays counted so far. */
    public Map<String, Integer> current() {
        return counts;
    }

    /** The relay's members changed: it is counted again now (or when its hold ends). */
    public void recount(String relayId) {
        dirty.add(relayId);
        wake.release();
    }

    private void run() {
        try {
            long nextFull = 0;
            while (!Thread.currentThread().isInterrupted()) {
                long now = System.currentTimeMillis();
                boolean full = now >= nextFull;
                if (full) nextFull = now + intervalMillis;
                long holdEnds = Long.MAX_VALUE;
                if (full || !dirty.isEmpty()) holdEnds = pass(now, full);
                long wait = Math.min(nextFull, holdEnds) - System.currentTimeMillis();
                if (wait > 0 && wake.tryAcquire(wait, TimeUnit.MILLISECONDS)) wake.drainPermits();
            }
        } catch (InterruptedException e) {
            // the stream ended
        }
    }

    /** Counts every active relay ({@code full}) or the ones told changed; returns when the first hold seen ends. */
    private long pass(long now, boolean full) {
        long holdEnds = Long.MAX_VALUE;
        try {
            Map<String, Integer> last = counts;
            Map<String, Integer> next = new TreeMap<>();
            for (Relay r : relays.get()) {
                if (!r.status().equals("active") || !r.zooidCreated()) continue;
                Integer known = last.get(r.id());
                if (!full && !dirty.contains(r.id())) {
                    if (known != null) next.put(r.id(), known);
                    continue;
                }
                long held = heldUntil.applyAsLong(r.id());
                if (held > now && known != null) {
                    next.put(r.id(), known);
                    dirty.add(r.id()); // counted when the hold ends
                    holdEnds = Math.min(holdEnds, held);
                    continue;
                }
                // before counting: a change told while the count runs marks it again
                dirty.remove(r.id());
                try {
                    next.put(r.id(), count.apply(r));
                } catch (RuntimeException e) {
                    if (known != null) next.put(r.id(), known); // unreachable for now: keep what was known
                }
            }
            dirty.retainAll(next.keySet()); // marks of relays no longer active
            if (!next.equals(last)) {
                counts = Map.copyOf(next);
                changed.run();
            }
        } catch (RuntimeException e) {
            // the relays could not be read (a locked database): the counts stay, the next pass tries again
            return Math.min(holdEnds, now + RETRY_MILLIS);
        }
        return holdEnds;
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
