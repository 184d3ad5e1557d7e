package caravel.watch;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * The owner of watchers and watch_leases: which process holds which shard of relays' live subscriptions, and which
 * processes take part (see {@link WatchLeases}). Times are epoch milliseconds.
 */
final class WatchLeaseStore {
    private WatchLeaseStore() {}

    /** Says the process takes part until the given time; forgets processes silent since before {@code forgetBefore}. */
    static void present(Handle h, String owner, long untilMs, long forgetBefore) {
        h.execute(
                "INSERT INTO watchers (owner, until_ms) VALUES (?, ?) ON CONFLICT (owner) DO UPDATE SET until_ms = excluded.until_ms",
                owner,
                untilMs);
        h.execute("DELETE FROM watchers WHERE until_ms < ?", forgetBefore);
    }

    /** Processes whose presence has not run out (this one included once it said so). */
    static int live(Handle h, long nowMs) {
        return h.select("SELECT count(*) FROM watchers WHERE until_ms >= ?", nowMs)
                .mapTo(Integer.class)
                .one();
    }

    /** Renews every lease the process holds that has not run out; returns the shards it holds now. */
    static List<Integer> renew(Handle h, String owner, long nowMs, long untilMs) {
        h.execute("UPDATE watch_leases SET until_ms = ? WHERE owner = ? AND until_ms >= ?", untilMs, owner, nowMs);
        return h.select("SELECT shard FROM watch_leases WHERE owner = ? AND until_ms >= ? ORDER BY shard", owner, nowMs)
                .mapTo(Integer.class)
                .list();
    }

    /** Shards nobody holds: never leased, released, or whose holder's lease ran out. */
    static List<Integer> free(Handle h, int shards, long nowMs) {
        Set<Integer> held = Set.copyOf(h.select("SELECT shard FROM watch_leases WHERE until_ms >= ?", nowMs)
                .mapTo(Integer.class)
                .list());
        List<Integer> free = new java.util.ArrayList<>();
        for (int s = 0; s < shards; s++) if (!held.contains(s)) free.add(s);
        return free;
    }

    /**
     * Takes the shard when nobody holds it (no row, or a lease that ran out); true when the process holds it now. The
     * conditional upsert decides: of two processes taking one shard at once, one inserts or updates and the other
     * finds a lease that has not run out.
     */
    static boolean take(Handle h, int shard, String owner, long nowMs, long untilMs) {
        return h.execute("""
                        INSERT INTO watch_leases (shard, owner, until_ms, since_ms) VALUES (?, ?, ?, ?)
                        ON CONFLICT (shard) DO UPDATE
                        SET owner = excluded.owner, until_ms = excluded.until_ms, since_ms = excluded.since_ms
                        WHERE watch_leases.until_ms < excluded.since_ms""", (long) shard, owner, untilMs, nowMs) == 1;
    }

    /** Gives shards up (their subscriptions are closed already), so another process may take them at once. */
    static void release(Handle h, String owner, List<Integer> shards) {
        if (shards.isEmpty()) return;
        h.createUpdate("DELETE FROM watch_leases WHERE owner = :owner AND shard IN (<shards>)")
                .bindList("shards", shards.stream().map(Integer::longValue).toList())
                .bindMap(Map.of("owner", owner))
                .execute();
    }

    /** A clean shutdown: every shard given up and the process no longer counted. */
    static void leave(Handle h, String owner) {
        h.execute("DELETE FROM watch_leases WHERE owner = ?", owner);
        h.execute("DELETE FROM watchers WHERE owner = ?", owner);
    }
}
