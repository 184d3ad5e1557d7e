package caravel.members;

import caravel.live.MemberCounts;
import caravel.store.Relay;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Tells open pages, as it happens, that a relay's members changed: the membership watcher hears every join and leave
 * on the relay itself (zooid's kinds 8000, 8001 and 13534), and the pages' live streams count that relay's members
 * again at once instead of at their next periodic count.
 *
 * <p>A join is not told until the plan's allowance check ({@link CapEnforcer}) has run: zooid admits anyone with an
 * invite, so a join past the allowance is first counted by zooid and then reversed by the check. Telling it at once
 * would show "11 members of 10" for a moment and then a refusal beside 10; holding it shows the relay as the check
 * leaves it. The hold ends when the check is done or after {@link #CHECK_HOLD} (a check that failed, or ran in another
 * process sharing the database), whichever comes first.
 *
 * <p>Other processes' pages learn of a change through the database ({@link Told}): the change is told there when it is
 * told here, and a page of another process that sees it calls {@link #toldElsewhere}, which ends a hold the change
 * settles there too.
 */
public final class MembershipChanges implements MemberCounts.Holds {
    /**
     * Longest a join waits for its allowance check before it is counted anyway. A check takes well under a second, and
     * the hold ends as soon as it is done; the bound only matters when the check fails or is slow, and a saturated
     * machine was seen taking over 5 s, showing a join past the allowance that the check then reversed.
     */
    public static final Duration CHECK_HOLD = Duration.ofSeconds(10);

    /**
     * Where a change is told to every process (live.MemberChangeStore); {@code checkedFrom}: when the allowance check
     * that settled it started, or now for a leave (epoch millis).
     */
    public interface Told {
        void told(String tenant, String relayId, long checkedFrom);
    }

    /**
     * A join's hold: told to the tenant's pages when it ends; set at {@code since} (System.nanoTime) and
     * {@code sinceMillis} (the wall clock another process's check start is compared with).
     */
    private record Hold(String tenant, long since, long sinceMillis, long untilMillis) {}

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(MembershipChanges.class);
    private final Told told;

    private final Map<String, Set<Consumer<String>>> listeners = new ConcurrentHashMap<>();
    private final Map<String, Hold> holds = new ConcurrentHashMap<>();
    /** Notified when a hold is set or ends (listings wait for it). */
    private final Object settled = new Object();
    /** Times a listing started waiting on {@link #settled} (a test hook, see {@link #waits()}). */
    private final java.util.concurrent.atomic.AtomicLong waits = new java.util.concurrent.atomic.AtomicLong();
    /** Joins heard so far (a test hook, see {@link #joinsHeard()}). */
    private final java.util.concurrent.atomic.AtomicLong joins = new java.util.concurrent.atomic.AtomicLong();

    public MembershipChanges(Told told) {
        this.told = told;
    }

    /** Calls {@code onChange} with a relay id whenever one of the tenant's relays' members changed, until closed. */
    public AutoCloseable listen(String tenant, Consumer<String> onChange) {
        listeners.computeIfAbsent(tenant, t -> ConcurrentHashMap.newKeySet()).add(onChange);
        return () -> listeners.computeIfPresent(tenant, (t, set) -> {
            set.remove(onChange);
            return set.isEmpty() ? null : set;
        });
    }

    /** The relay's members changed (a leave, a removal, a new member list): its tenant's pages count them again. */
    public void changed(String tenant, String relayId) {
        tellHere(tenant, relayId);
        tellEveryProcess(tenant, relayId, System.currentTimeMillis());
    }

    private void tellHere(String tenant, String relayId) {
        Set<Consumer<String>> set = listeners.get(tenant);
        if (set != null) for (Consumer<String> l : set) l.accept(relayId);
    }

    private void tellEveryProcess(String tenant, String relayId, long checkedFrom) {
        try {
            told.told(tenant, relayId, checkedFrom);
        } catch (RuntimeException e) {
            // other processes' pages then learn it at their next periodic count; this process's pages know already
            log.info("relay {}: telling other processes of a membership change failed: {}", relayId, e.toString());
        }
    }

    /** Someone joined the relay and its allowance check is queued: counts of it wait for {@link #checked}. */
    public void joined(String tenant, String relayId) {
        joins.incrementAndGet();
        long now = System.currentTimeMillis();
        holds.put(relayId, new Hold(tenant, System.nanoTime(), now, now + CHECK_HOLD.toMillis()));
        synchronized (settled) {
            settled.notifyAll();
        }
    }

    /** A count met a join before it was heard (see MemberCounts): it waits as for a heard one. */
    @Override
    public void hold(Relay r) {
        joined(r.tenant(), r.id());
    }

    /**
     * The allowance check of the tenant's relay that started at {@code startedNanos} (System.nanoTime) and
     * {@code startedMillis} (wall clock) is done: the joins it saw are counted now, on every process's pages. A join
     * that came in while it ran keeps its hold, since only the check after it can decide on it. {@code tenant} is null
     * when the relay is gone (nothing to tell).
     */
    public void checked(String tenant, String relayId, long startedNanos, long startedMillis) {
        Hold h = holds.get(relayId);
        if (h != null && h.since() - startedNanos <= 0 && end(relayId, h)) tellHere(h.tenant(), relayId);
        // the join may have been heard by another process (its watcher): its pages hold it until told
        if (tenant != null) tellEveryProcess(tenant, relayId, startedMillis);
    }

    /**
     * Another process told a change of the relay, settled by a check that started at {@code checkedFrom} (epoch
     * millis): a hold of a join heard before that start ends, since that check decided on it.
     */
    public void toldElsewhere(String relayId, long checkedFrom) {
        Hold h = holds.get(relayId);
        if (h != null && h.sinceMillis() <= checkedFrom) end(relayId, h);
    }

    private boolean end(String relayId, Hold h) {
        if (!holds.remove(relayId, h)) return false;
        synchronized (settled) {
            settled.notifyAll();
        }
        return true;
    }

    /**
     * Waits while the relay's count is held, at most until its hold runs out; a hold that appears within
     * {@code appearMillis} is waited for too. True when there was one to wait for.
     */
    public boolean awaitChecked(String relayId, long appearMillis) {
        long appearBy = System.currentTimeMillis() + appearMillis;
        boolean held = false;
        synchronized (settled) {
            try {
                for (; ; ) {
                    long now = System.currentTimeMillis();
                    long until = heldUntil(relayId);
                    if (until > 0) held = true;
                    else if (held || now >= appearBy) return held;
                    waits.incrementAndGet();
                    settled.wait(Math.max(1, (until > 0 ? until : appearBy) - now));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return held;
            }
        }
    }

    /**
     * Times a listing started waiting (tests: once it rises, the listing waits and has seen the holds as they were;
     * nothing can wake it before that wait).
     */
    long waits() {
        return waits.get();
    }

    /** Joins heard so far, on any relay (tests wait for a join to be heard, then for its check to end the hold). */
    public long joinsHeard() {
        return joins.get();
    }

    /**
     * Until when (epoch millis) the relay's count waits for an allowance check, or 0 when it does not. A hold past its
     * time is dropped here, so a count of it runs.
     */
    @Override
    public long heldUntil(String relayId) {
        Hold h = holds.get(relayId);
        if (h == null) return 0;
        if (h.untilMillis() <= System.currentTimeMillis()) {
            holds.remove(relayId, h);
            return 0;
        }
        return h.untilMillis();
    }
}
