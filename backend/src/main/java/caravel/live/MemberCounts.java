package caravel.live;

import caravel.domain.RelayStatus;
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

/**
 * Member counts for a live stream. Members join and leave on the relay itself (zooid), so no write in Caravel's
 * database announces them: a relay is counted again as soon as {@link #recount} says its members changed (the
 * membership watcher hears joins and leaves on the relay), and every active relay every {@code intervalMillis} in
 * case a change went unheard (a relay whose subscription is down). Counting runs on a background thread, and the
 * stream is nudged when a count changed. A relay that cannot be asked keeps its last count; so does a relay whose
 * count is held (a join waiting for its allowance check), until the hold ends.
 *
 * <p>A count can also meet a join before the join is heard: zooid lists the new member a moment before the watcher
 * receives its "member added", and a count made then for another reason (the end of the previous join's check) sees
 * it. A count that rises above the plan's allowance is therefore held like a heard join, so that a join about to be
 * reversed is never shown; if no check ends the hold, the count is shown when it runs out.
 */
public final class MemberCounts implements AutoCloseable {
    /** Where a relay's count waits for the allowance check of a join (MembershipChanges). */
    public interface Holds {
        /** Until when (epoch millis) the relay's count waits, or 0 when it may be counted now. */
        long heldUntil(String relayId);

        /** Holds the relay's count as for a join just heard. */
        void hold(Relay r);
    }

    private final Supplier<List<Relay>> relays;
    private final Function<Relay, Integer> count;
    private final Function<Relay, Integer> allowance;
    private final Holds holds;
    /** Relay id → a count above the allowance that was held: shown as it is once the hold ran out. */
    private final Map<String, Integer> risen = new ConcurrentHashMap<>();

    private final Runnable changed;
    private final long intervalMillis;
    /** Counts shown lately by any stream of this process: a relay's first count here is taken from it when recent. */
    private final RecentCounts recent;
    /** Relay id → the version of its last membership change told to every process (member_changes). */
    private final Supplier<Map<String, Long>> heard;

    private volatile Map<String, Integer> counts = Map.of();
    /** Relays whose members changed since they were last counted. */
    private final Set<String> dirty = ConcurrentHashMap.newKeySet();

    /** How soon a pass that failed as a whole is tried again. */
    static final long RETRY_MILLIS = 1_000;

    private final Semaphore wake = new Semaphore(0);
    private final Thread thread;
    /** Counting passes completed (a test hook, see {@link #passes()}). */
    private final java.util.concurrent.atomic.AtomicLong passes = new java.util.concurrent.atomic.AtomicLong();

    /**
     * @param relays    the tenant's relays now (only active ones are counted)
     * @param count     members of a relay, the owner not included; may throw when the relay cannot be reached
     * @param allowance the members a relay's plan allows besides the owner, or null for no limit
     * @param holds     where counts wait for allowance checks
     * @param changed   called when a count changed (wakes the stream)
     * @param recent counts shown lately by the other streams of this process (see {@link RecentCounts})
     * @param heard  relay id → the version of its last membership change told to every process: a recent count is
     *     taken only while it is the same as when that count was made
     */
    public MemberCounts(
            Supplier<List<Relay>> relays,
            Function<Relay, Integer> count,
            Function<Relay, Integer> allowance,
            Holds holds,
            Runnable changed,
            long intervalMillis,
            RecentCounts recent,
            Supplier<Map<String, Long>> heard) {
        this.recent = recent;
        this.heard = heard;
        this.relays = relays;
        this.count = count;
        this.allowance = allowance;
        this.holds = holds;
        this.changed = changed;
        this.intervalMillis = intervalMillis;
        this.thread = Thread.ofVirtual().name("live-members").start(this::run);
    }

    /** Relay id → members besides the owner, for the active relays counted so far. */
    public Map<String, Integer> current() {
        return counts;
    }

    /** Counting passes completed so far (tests wait for one more before asserting that nothing was pushed). */
    long passes() {
        return passes.get();
    }

    /** Whether the counting thread is between passes, waiting to be woken (tests: no pass is under way). */
    boolean waiting() {
        return wake.hasQueuedThreads();
    }

    /** The relay's members changed: it is counted again now (or when its hold ends). */
    public void recount(String relayId) {
        recent.forget(relayId);
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
                if (full || !dirty.isEmpty()) {
                    holdEnds = pass(now, full);
                    passes.incrementAndGet();
                }
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
            // read before any count: a change told while this pass counts makes its counts not recent enough to share
            Map<String, Long> versions = heardNow();
            for (Relay r : relays.get()) {
                if (r.status() != RelayStatus.ACTIVE || !r.zooidCreated()) continue;
                Integer known = last.get(r.id());
                if (!full && !dirty.contains(r.id())) {
                    if (known != null) next.put(r.id(), known);
                    continue;
                }
                long held = holds.heldUntil(r.id());
                if (held > now && known != null) {
                    next.put(r.id(), known);
                    dirty.add(r.id()); // counted when the hold ends
                    holdEnds = Math.min(holdEnds, held);
                    continue;
                }
                // before counting: a change told while the count runs marks it again
                boolean told = dirty.remove(r.id());
                // this stream's first count of the relay: one another stream made within the interval will do
                Long version = versions == null ? null : versions.get(r.id());
                Integer shown = known == null && !told && versions != null
                        ? recent.since(r.id(), now - intervalMillis, version)
                        : null;
                int n;
                try {
                    n = shown != null ? shown : count.apply(r);
                } catch (RuntimeException e) {
                    if (known != null) next.put(r.id(), known); // unreachable for now: keep what was known
                    continue;
                }
                Integer cap = allowance.apply(r);
                Integer heldBefore = risen.remove(r.id()); // the hold of this count ran out: shown now
                if (known != null
                        && cap != null
                        && n > cap
                        && n > known
                        && !Integer.valueOf(n).equals(heldBefore)) {
                    // a join not heard yet, past the allowance: it waits for its check like a heard one
                    holds.hold(r);
                    risen.put(r.id(), n);
                    next.put(r.id(), known);
                    dirty.add(r.id());
                    holdEnds = Math.min(holdEnds, Math.max(now + 1, holds.heldUntil(r.id())));
                    continue;
                }
                next.put(r.id(), n);
                if (shown == null && versions != null) recent.counted(r.id(), n, now, version);
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

    /** The relays' membership-change versions, or null when they cannot be read now (nothing is shared then). */
    private Map<String, Long> heardNow() {
        try {
            return heard.get();
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
