package caravel.watch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which relays this process watches when several processes share the database: each relay is watched by exactly one
 * process at a time. Relays fall into {@link #SHARDS} shards by their id; a process leases shards (watch_leases) and
 * watches only the served relays of the shards it holds. Every quarter lease (LEASE_MS, 20 s by default) a pass renews this process's
 * leases, counts the processes taking part, takes free shards (never leased, given up, or whose holder stopped renewing
 * — killed) up to its fair share, and gives up shards beyond it, so the work spreads out as processes come and go. A
 * killed process's shards are taken within a lease and a quarter; a clean shutdown gives them up at once.
 *
 * <p>"At a time" holds in both directions of a handover. A process stops counting a shard as its own a quarter lease
 * before its lease runs out if it could not renew it (the database was unreachable), so it has closed those sockets
 * before anyone may take the shard. A shard given up is first dropped here (the watcher closes its sockets at once),
 * and its row is deleted only at a later pass that finds none of its sockets open or opening. This relies on the
 * processes' clocks agreeing to well within a quarter lease, as NTP keeps them.
 */
public final class WatchLeases implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WatchLeases.class);

    /** Enough shards to spread relays evenly over a handful of processes; few enough that a pass is a few rows. */
    public static final int SHARDS = 64;

    private final Jdbi jdbi;
    /** How long a pass's hold on a shard lasts (LEASE_MS); a pass runs every quarter of it. */
    private final Duration lease;
    /** A shard stops counting as this process's a quarter lease before its lease runs out. */
    private final long marginMs;

    private final String owner = UUID.randomUUID().toString();
    private volatile Set<Integer> held = Set.of();
    /** Until when the held shards' leases are known to last (a renewal that failed does not move it). */
    private volatile long heldUntilMs;
    /** Shards dropped here, whose rows are deleted once the watcher has no socket open or opening on them. */
    private final Set<Integer> releasing = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private ScheduledExecutorService loop;
    private Runnable onChange = () -> {};
    private Predicate<Set<Integer>> busy = shards -> false;

    public WatchLeases(Jdbi jdbi, Duration lease) {
        this.jdbi = jdbi;
        this.lease = lease;
        this.marginMs = lease.toMillis() / 4;
    }

    /** A relay's shard (String.hashCode is fixed by the language, so every process and version agrees). */
    public static int shardOf(String relayId) {
        return Math.floorMod(relayId.hashCode(), SHARDS);
    }

    /** Whether this process watches the relay now. */
    public boolean holds(String relayId) {
        return System.currentTimeMillis() < heldUntilMs - marginMs && held.contains(shardOf(relayId));
    }

    /** The shards this process holds now (tests, metrics). */
    public Set<Integer> held() {
        return System.currentTimeMillis() < heldUntilMs - marginMs ? held : Set.of();
    }

    /** This process's name in the lease tables. */
    public String owner() {
        return owner;
    }

    /**
     * Starts the passes.
     *
     * @param onChange told when shards were gained or lost (the watcher runs a pass to open or close subscriptions)
     * @param busy whether any of the given shards' relays still has a socket open or opening here
     */
    synchronized void start(Runnable onChange, Predicate<Set<Integer>> busy) {
        if (loop != null) return;
        this.onChange = onChange;
        this.busy = busy;
        loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "watch-leases");
            t.setDaemon(true);
            return t;
        });
        loop.scheduleWithFixedDelay(this::passQuietly, 0, marginMs, TimeUnit.MILLISECONDS);
    }

    private void passQuietly() {
        Set<Integer> before = held();
        try {
            pass();
        } catch (RuntimeException e) {
            // nothing renewed: held() lets the shards go a quarter lease before their leases run out
            log.warn("watch leases: a pass failed: {}", e.toString());
        }
        if (!held().equals(before)) onChange.run();
    }

    /** The shards this process holds after a pass's transaction, and its fair share of all shards. */
    private record Holding(List<Integer> shards, int share) {}

    /** One pass (see the class comment). Visible for tests. */
    void pass() {
        long now = System.currentTimeMillis();
        long until = now + lease.toMillis();
        // shards dropped at an earlier pass whose sockets are all closed now are given up for good
        Set<Integer> dropped = Set.copyOf(releasing);
        List<Integer> done = dropped.isEmpty() || busy.test(dropped) ? List.of() : List.copyOf(dropped);
        Holding holding = jdbi.inTransaction(h -> {
            WatchLeaseStore.release(h, owner, done);
            WatchLeaseStore.present(h, owner, until, now - lease.toMillis());
            List<Integer> mine = new ArrayList<>(WatchLeaseStore.renew(h, owner, now, until));
            mine.removeAll(dropped); // still leased here until given up, but no longer watched
            int live = Math.max(1, WatchLeaseStore.live(h, now));
            int share = (SHARDS + live - 1) / live;
            if (mine.size() < share) {
                List<Integer> free = WatchLeaseStore.free(h, SHARDS, now);
                Collections.shuffle(free); // two processes starting together mostly try different shards
                for (int s : free) {
                    if (mine.size() >= share) break;
                    if (WatchLeaseStore.take(h, s, owner, now, until)) mine.add(s);
                }
            }
            return new Holding(mine, share);
        });
        done.forEach(releasing::remove);
        List<Integer> mine = holding.shards();
        Set<Integer> keep = new HashSet<>(mine);
        if (mine.size() > holding.share()) {
            // beyond the fair share (another process joined): dropped now, given up once their sockets are closed
            List<Integer> extra = mine.subList(holding.share(), mine.size());
            extra.forEach(keep::remove);
            releasing.addAll(extra);
            log.info("watch leases: giving {} shard(s) to other processes", extra.size());
        }
        held = Set.copyOf(keep);
        heldUntilMs = until;
    }

    /** Gives every shard up and leaves (a clean shutdown: the watcher has closed its sockets). */
    @Override
    public synchronized void close() {
        if (loop == null) return;
        loop.shutdownNow();
        try {
            loop.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        loop = null;
        held = Set.of();
        try {
            jdbi.useTransaction(h -> WatchLeaseStore.leave(h, owner));
        } catch (RuntimeException e) {
            log.warn(
                    "watch leases: could not give up leases at shutdown ({}); they run out in {} s",
                    e,
                    lease.toSeconds());
        }
    }
}
