package caravel.insight;

import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The insight tables (V86): written only by {@link InsightRecorder}'s flushes, one batch of upserts per table per
 * flush, and read by {@link Insight} with range queries on their primary keys. Every figure a view shows is a sum of at
 * most a year of daily rows for one relay, or for the admin overview 30 rows of the platform's days and index walks
 * (the rankings over days are {@link InsightWindowStore}'); no event is ever read back.
 */
final class InsightStore {
    /** One relay's day. */
    record Day(long day, long events, long posts, long bytes, long joins, long leaves, long authors) {}

    /** A relay's everything-seen totals and its member count as its last member list said. */
    record Totals(long events, long bytes, long members, long membersAt, long firstDay) {}

    /** A relay in one of the admin's rankings, with the figure it is ranked by. */
    record Ranked(String relayId, String name, String tenant, String plan, long value, long members, long bytes) {}

    /** Figures summed over the relays of one plan (the metrics). */
    record PlanSum(String plan, long relays, long events, long bytes, long members) {}

    record Count(String key, long n) {}

    // ---- writes (one flush: a transaction the caller holds) ----

    /** An erased person's rows as an author on the relay (the part's erasure). */
    void removeAuthor(Handle h, String relayId, String pubkey) {
        h.execute("DELETE FROM insight_authors WHERE relay_id = ? AND pubkey = ?", relayId, pubkey);
    }

    /** The relays where Caravel saw {@code pubkey} write in the authors' kept days (31), at most {@code limit}. */
    List<String> relaysWrittenOnBy(Handle h, String pubkey, int limit) {
        return h.select(
                        "SELECT DISTINCT relay_id FROM insight_authors WHERE pubkey = ? ORDER BY relay_id LIMIT ?",
                        pubkey,
                        limit)
                .mapTo(String.class)
                .list();
    }

    /** Marks events as seen; returns, per event in order, whether it was new (false: handed over before). */
    boolean[] markSeen(Handle h, List<InsightRecorder.Seen> guarded) {
        boolean[] fresh = new boolean[guarded.size()];
        if (guarded.isEmpty()) return fresh;
        PreparedBatch b = h.prepareBatch(
                "INSERT INTO insight_seen (relay_id, event_id, keep_until) VALUES (?, ?, ?) ON CONFLICT DO NOTHING");
        for (InsightRecorder.Seen s : guarded) b.add(s.relayId(), s.id(), s.keepUntil());
        int[] n = b.execute();
        for (int i = 0; i < n.length; i++) fresh[i] = n[i] > 0;
        return fresh;
    }

    /**
     * Adds authors' events of a day; returns how many authors were new on their relay's day, keyed "relay\u0000day".
     */
    Map<String, Long> addAuthors(Handle h, Map<InsightRecorder.AuthorDay, Long> authors) {
        Map<String, Long> fresh = new java.util.HashMap<>();
        if (authors.isEmpty()) return fresh;
        List<Map.Entry<InsightRecorder.AuthorDay, Long>> rows = List.copyOf(authors.entrySet());
        PreparedBatch insert = h.prepareBatch("INSERT INTO insight_authors (relay_id, day, pubkey, events)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING");
        for (var e : rows)
            insert.add(e.getKey().relayId(), e.getKey().day(), e.getKey().pubkey(), e.getValue());
        int[] inserted = insert.execute();
        PreparedBatch update = h.prepareBatch(
                "UPDATE insight_authors SET events = events + ? WHERE relay_id = ? AND day = ? AND pubkey = ?");
        boolean updates = false;
        for (int i = 0; i < rows.size(); i++) {
            var k = rows.get(i).getKey();
            if (inserted[i] > 0) fresh.merge(k.relayId() + "\u0000" + k.day(), 1L, Long::sum);
            else {
                update.add(rows.get(i).getValue(), k.relayId(), k.day(), k.pubkey());
                updates = true;
            }
        }
        if (updates) update.execute();
        return fresh;
    }

    void addDays(Handle h, Map<InsightRecorder.RelayDay, long[]> days) {
        if (days.isEmpty()) return;
        PreparedBatch b = h.prepareBatch("""
                INSERT INTO insight_days (relay_id, day, events, posts, bytes, joins, leaves, authors)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (relay_id, day) DO UPDATE SET events = insight_days.events + excluded.events,
                    posts = insight_days.posts + excluded.posts, bytes = insight_days.bytes + excluded.bytes,
                    joins = insight_days.joins + excluded.joins, leaves = insight_days.leaves + excluded.leaves,
                    authors = insight_days.authors + excluded.authors""");
        days.forEach((k, v) -> b.add(k.relayId(), k.day(), v[0], v[1], v[2], v[3], v[4], v[5]));
        b.execute();
    }

    void addKinds(Handle h, Map<InsightRecorder.KindDay, Long> kinds) {
        if (kinds.isEmpty()) return;
        PreparedBatch b = h.prepareBatch("""
                INSERT INTO insight_kinds (relay_id, day, kind, events) VALUES (?, ?, ?, ?)
                ON CONFLICT (relay_id, day, kind) DO UPDATE SET events = insight_kinds.events + excluded.events""");
        kinds.forEach((k, n) -> b.add(k.relayId(), k.day(), k.kind(), n));
        b.execute();
    }

    /** {@code totals}: events, bytes, first day; {@code members}: count and its list's created_at, or absent. */
    void addTotals(Handle h, Map<String, long[]> totals, Map<String, long[]> members) {
        if (!totals.isEmpty()) {
            PreparedBatch b = h.prepareBatch("""
                    INSERT INTO insight_totals (relay_id, events, bytes, members, members_at, first_day)
                    VALUES (?, ?, ?, 0, 0, ?)
                    ON CONFLICT (relay_id) DO UPDATE SET events = insight_totals.events + excluded.events,
                        bytes = insight_totals.bytes + excluded.bytes""");
            totals.forEach((relay, v) -> b.add(relay, v[0], v[1], v[2]));
            b.execute();
        }
        if (!members.isEmpty()) {
            // an older list handed over late never replaces a newer one
            PreparedBatch b = h.prepareBatch(
                    "UPDATE insight_totals SET members = ?, members_at = ? WHERE relay_id = ? AND members_at <= ?");
            members.forEach((relay, v) -> b.add(v[0], v[1], relay, v[1]));
            b.execute();
        }
    }

    void addPlatformDays(Handle h, Map<Long, long[]> days) {
        if (days.isEmpty()) return;
        PreparedBatch b = h.prepareBatch("""
                INSERT INTO insight_platform_days (day, events, posts, bytes, joins, leaves) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (day) DO UPDATE SET events = insight_platform_days.events + excluded.events,
                    posts = insight_platform_days.posts + excluded.posts,
                    bytes = insight_platform_days.bytes + excluded.bytes,
                    joins = insight_platform_days.joins + excluded.joins,
                    leaves = insight_platform_days.leaves + excluded.leaves""");
        days.forEach((day, v) -> b.add(day, v[0], v[1], v[2], v[3], v[4]));
        b.execute();
    }

    /** Drops what is kept for a bounded time: authors before {@code authorsFrom}, days and kinds before {@code daysFrom}. */
    void prune(Handle h, long authorsFrom, long kindsFrom, long daysFrom, long now) {
        h.execute("DELETE FROM insight_authors WHERE day < ?", authorsFrom);
        h.execute("DELETE FROM insight_seen WHERE keep_until < ?", now);
        h.execute("DELETE FROM insight_kinds WHERE day < ?", kindsFrom);
        h.execute("DELETE FROM insight_days WHERE day < ?", daysFrom);
        h.execute("DELETE FROM insight_platform_days WHERE day < ?", daysFrom);
    }

    // ---- one relay ----

    List<Day> days(Handle h, String relayId, long fromDay) {
        return h.select(
                        "SELECT day, events, posts, bytes, joins, leaves, authors FROM insight_days"
                                + " WHERE relay_id = ? AND day >= ? ORDER BY day",
                        relayId,
                        fromDay)
                .map((rs, c) -> new Day(
                        rs.getLong(1),
                        rs.getLong(2),
                        rs.getLong(3),
                        rs.getLong(4),
                        rs.getLong(5),
                        rs.getLong(6),
                        rs.getLong(7)))
                .list();
    }

    List<Count> kinds(Handle h, String relayId, long fromDay) {
        return h.select(
                        "SELECT kind, sum(events) AS n FROM insight_kinds WHERE relay_id = ? AND day >= ?"
                                + " GROUP BY kind ORDER BY n DESC, kind",
                        relayId,
                        fromDay)
                .map((rs, c) -> new Count(Integer.toString(rs.getInt(1)), rs.getLong(2)))
                .list();
    }

    long activeAuthors(Handle h, String relayId, long fromDay) {
        return h.select(
                        "SELECT count(DISTINCT pubkey) FROM insight_authors WHERE relay_id = ? AND day >= ?",
                        relayId,
                        fromDay)
                .mapTo(Long.class)
                .one();
    }

    List<Count> topAuthors(Handle h, String relayId, long fromDay, int limit) {
        return h.select(
                        "SELECT pubkey, sum(events) AS n FROM insight_authors WHERE relay_id = ? AND day >= ?"
                                + " GROUP BY pubkey ORDER BY n DESC, pubkey LIMIT ?",
                        relayId,
                        fromDay,
                        limit)
                .map((rs, c) -> new Count(rs.getString(1), rs.getLong(2)))
                .list();
    }

    /** A relay's media as a backup counted it. */
    record MediaCount(long bytes, long files, long countedAt) {}

    /** Keeps a count unless a later one is kept already (two backups finishing out of order). */
    void mediaCounted(Handle h, String relayId, MediaCount c) {
        h.createUpdate("""
                        INSERT INTO insight_media (relay_id, bytes, files, counted_at) VALUES (:relay, :bytes, :files, :at)
                        ON CONFLICT (relay_id) DO UPDATE SET bytes = excluded.bytes, files = excluded.files,
                          counted_at = excluded.counted_at
                        WHERE excluded.counted_at >= insight_media.counted_at""")
                .bindMap(Map.of("relay", relayId, "bytes", c.bytes(), "files", c.files(), "at", c.countedAt()))
                .execute();
    }

    java.util.Optional<MediaCount> media(Handle h, String relayId) {
        return h.select("SELECT bytes, files, counted_at FROM insight_media WHERE relay_id = ?", relayId)
                .map((rs, c) -> new MediaCount(rs.getLong(1), rs.getLong(2), rs.getLong(3)))
                .findOne();
    }

    java.util.Optional<Totals> totals(Handle h, String relayId) {
        return h.select(
                        "SELECT events, bytes, members, members_at, first_day FROM insight_totals WHERE relay_id = ?",
                        relayId)
                .map((rs, c) -> new Totals(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)))
                .findOne();
    }

    // ---- across relays (the platform admin) ----

    List<Day> platformDays(Handle h, long fromDay) {
        return h.select(
                        "SELECT day, events, posts, bytes, joins, leaves FROM insight_platform_days WHERE day >= ?"
                                + " ORDER BY day",
                        fromDay)
                .map((rs, c) -> new Day(
                        rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6), 0))
                .list();
    }

    static Ranked ranked(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Ranked(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getLong(5),
                rs.getLong(6),
                rs.getLong(7));
    }

    /** The relays with the most members (as their last member lists said); deleted relays left out. */
    List<Ranked> largest(Handle h, int limit) {
        return h.select("""
                        SELECT t.relay_id, r.name, r.tenant, r.plan, t.members, t.members, t.bytes
                        FROM insight_totals t JOIN relays r ON r.id = t.relay_id
                        WHERE r.deleted_at IS NULL
                        ORDER BY t.members DESC, t.relay_id LIMIT ?""", limit).map((rs, c) -> ranked(rs)).list();
    }

    /** Active relays on {@code plan} with at least {@code minMembers} members, the fullest first. */
    List<Ranked> nearCap(Handle h, String plan, long minMembers, int limit) {
        return h.select("""
                        SELECT t.relay_id, r.name, r.tenant, r.plan, t.members, t.members, t.bytes
                        FROM insight_totals t JOIN relays r ON r.id = t.relay_id
                        WHERE t.members >= ? AND r.plan = ? AND r.status = 'active'
                        ORDER BY t.members DESC, t.relay_id LIMIT ?""", minMembers, plan, limit).map((rs, c) -> ranked(rs)).list();
    }

    /** Per plan: relays seen, their events and bytes since watched, their members (the metrics' bounded labels). */
    List<PlanSum> byPlan(Handle h) {
        return h.select("""
                        SELECT r.plan, count(*), sum(t.events), sum(t.bytes), sum(t.members)
                        FROM insight_totals t JOIN relays r ON r.id = t.relay_id
                        GROUP BY r.plan ORDER BY r.plan""")
                .map((rs, c) ->
                        new PlanSum(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)))
                .list();
    }
}
