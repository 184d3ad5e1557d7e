package caravel.insight;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The running sums behind the admin's busiest relays (events over {@link #EVENT_DAYS} days) and fastest growing
 * (joins less leaves over {@link #GAINED_DAYS} days), V89: one row per relay, so each ranking is a walk down an index
 * instead of a sum of every relay's days on each view.
 *
 * <p>The rows hold the sums of insight_days over the windows ending on one UTC day ({@code insight_windows_day}). Each
 * flush first {@link #roll rolls} that day forward to its own, then {@link #add adds} what it adds to insight_days, in
 * the same transaction: so the rows always equal those sums, after a crash or a restart too. A roll subtracts the days
 * that fell out of the windows (a day's rows of every relay, once a day); after 30 days or more without one, or on the
 * first roll after the migration, it sums the windows anew from insight_days. The overview rolls as well when it is
 * the first to see a new day, so a view just after midnight does not show yesterday's windows.
 */
final class InsightWindowStore {
    static final int EVENT_DAYS = 7, GAINED_DAYS = 30;

    /** The day the windows end on; -1 before the first roll. */
    long day(Handle h) {
        return h.select("SELECT day FROM insight_windows_day").mapTo(Long.class).one();
    }

    /**
     * Moves the windows to end on {@code today} if they end earlier; returns the day they end on (later than {@code
     * today} if another process's clock rolled them further). The caller holds a transaction, which is the only writer
     * on either database (IMMEDIATE on SQLite, the write lock of store.PostgresWrites on PostgreSQL): a second roller
     * waits for it, then reads the day taken and subtracts nothing.
     */
    long roll(Handle h, long today) {
        long from = day(h);
        if (from >= today) return from;
        h.execute("UPDATE insight_windows_day SET day = ?", today);
        if (from < 0 || today - from >= GAINED_DAYS) sumAnew(h, today);
        else {
            // the days past the windows' ends: [from - 6, today - 7] and [from - 29, today - 30]
            dropDays(h, "events_7d", "sum(d.events)", "", from - EVENT_DAYS + 1, today - EVENT_DAYS);
            dropDays(
                    h,
                    "gained_30d",
                    "sum(d.joins) - sum(d.leaves)",
                    " AND (d.joins > 0 OR d.leaves > 0)",
                    from - GAINED_DAYS + 1,
                    today - GAINED_DAYS);
        }
        return today;
    }

    /** Subtracts the relays' days {@code first..last} from one window's sums; only the relays with such days. */
    private static void dropDays(Handle h, String column, String sum, String only, long first, long last) {
        h.execute(
                "UPDATE insight_windows SET " + column + " = " + column + " - coalesce((SELECT " + sum
                        + " FROM insight_days d WHERE d.relay_id = insight_windows.relay_id AND d.day >= ?"
                        + " AND d.day <= ?), 0) WHERE relay_id IN (SELECT d.relay_id FROM insight_days d"
                        + " WHERE d.day >= ? AND d.day <= ?" + only + ")",
                first,
                last,
                first,
                last);
    }

    private static void sumAnew(Handle h, long today) {
        h.execute("DELETE FROM insight_windows");
        h.execute("""
                INSERT INTO insight_windows (relay_id, events_7d, gained_30d)
                SELECT relay_id, sum(CASE WHEN day >= ? THEN events ELSE 0 END), sum(joins) - sum(leaves)
                FROM insight_days WHERE day >= ? AND day <= ? GROUP BY relay_id""", today - EVENT_DAYS + 1, today - GAINED_DAYS + 1, today);
    }

    /**
     * Adds a flush's daily sums (events, posts, bytes, joins, leaves, ... per relay and day, as insight_days gets them)
     * to the windows ending on {@code day}: a day inside a window counts in it, an older one (a flush held back by a
     * refusing database across midnight) only in insight_days.
     */
    void add(Handle h, long day, Map<InsightRecorder.RelayDay, long[]> days) {
        Map<String, long[]> sums = new HashMap<>();
        days.forEach((k, v) -> {
            if (k.day() > day) throw new IllegalStateException("the windows end before a day being added: roll first");
            long[] s = sums.computeIfAbsent(k.relayId(), x -> new long[2]);
            if (k.day() > day - EVENT_DAYS) s[0] += v[0];
            if (k.day() > day - GAINED_DAYS) s[1] += v[3] - v[4];
        });
        if (sums.isEmpty()) return;
        PreparedBatch b = h.prepareBatch("""
                INSERT INTO insight_windows (relay_id, events_7d, gained_30d) VALUES (?, ?, ?)
                ON CONFLICT (relay_id) DO UPDATE SET events_7d = insight_windows.events_7d + excluded.events_7d,
                    gained_30d = insight_windows.gained_30d + excluded.gained_30d""");
        sums.forEach((relay, s) -> b.add(relay, s[0], s[1]));
        b.execute();
    }

    /** The relays with the most events over the window, deleted relays left out; only those with events. */
    List<InsightStore.Ranked> busiest(Handle h, int limit) {
        return ranking(h, "events_7d", limit);
    }

    /** The relays that gained the most members over the window, deleted relays left out; only those that gained. */
    List<InsightStore.Ranked> growing(Handle h, int limit) {
        return ranking(h, "gained_30d", limit);
    }

    private static List<InsightStore.Ranked> ranking(Handle h, String column, int limit) {
        return h.select(
                        "SELECT w.relay_id, r.name, r.tenant, r.plan, w." + column
                                + ", coalesce(t.members, 0), coalesce(t.bytes, 0)"
                                + " FROM insight_windows w JOIN relays r ON r.id = w.relay_id"
                                + " LEFT JOIN insight_totals t ON t.relay_id = w.relay_id"
                                + " WHERE w." + column + " > 0 AND r.deleted_at IS NULL"
                                + " ORDER BY w." + column + " DESC, w.relay_id LIMIT ?",
                        limit)
                .map((rs, c) -> InsightStore.ranked(rs))
                .list();
    }
}
