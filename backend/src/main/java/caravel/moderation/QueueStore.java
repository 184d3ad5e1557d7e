package caravel.moderation;

import caravel.domain.Actor;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/** The moderation queue's tables (V83): items, the reports behind them, each relay's queue settings. */
public final class QueueStore {
    private final Jdbi jdbi;

    public QueueStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    // ---- items

    public record Item(
            String relayId,
            String item,
            String eventId,
            String author,
            String eventJson,
            String cause,
            String causeDetail,
            int removed,
            String state,
            String decision,
            String decidedBy,
            Long decidedAt,
            String note,
            long createdAt,
            long updatedAt) {
        public boolean isRemoved() {
            return removed == 1;
        }
    }

    private static final RowMapper<Item> ITEM = ConstructorMapper.of(Item.class);

    /**
     * Opens the item (or keeps it): a new item waits; a decided one waits again only when {@code reopen} (a new report
     * on a dismissed or restored event). Facts only fill what the row lacks.
     */
    public void openItem(Handle h, String relay, String item, String eventId, String author, boolean reopen, long now) {
        h.execute("""
                INSERT INTO moderation_items (relay_id, item, event_id, author, state, created_at, updated_at)
                VALUES (?, ?, ?, ?, 'waiting', ?, ?)
                ON CONFLICT (relay_id, item) DO UPDATE
                SET author = coalesce(moderation_items.author, excluded.author),
                    updated_at = excluded.updated_at""", relay, item, eventId, author, now, now);
        if (reopen) h.execute("""
                    UPDATE moderation_items SET state = 'waiting', updated_at = ?
                    WHERE relay_id = ? AND item = ? AND state = 'decided' AND decision IN ('dismissed', 'restored')""", now, relay, item);
    }

    /**
     * An automatic removal (or a hide): the item waits with the signed event and its cause, marked removed, whatever
     * it was before (the event was on the relay again, so an earlier decision is over).
     */
    public void removedItem(
            Handle h,
            String relay,
            String item,
            String eventId,
            String author,
            String eventJson,
            String cause,
            String detail,
            long now) {
        h.execute("""
                INSERT INTO moderation_items (relay_id, item, event_id, author, event_json, cause, cause_detail, removed,
                                              state, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, 1, 'waiting', ?, ?)
                ON CONFLICT (relay_id, item) DO UPDATE
                SET author = coalesce(excluded.author, moderation_items.author),
                    event_json = coalesce(excluded.event_json, moderation_items.event_json),
                    cause = excluded.cause, cause_detail = excluded.cause_detail, removed = 1,
                    state = CASE WHEN moderation_items.state = 'deciding' THEN 'deciding' ELSE 'waiting' END,
                    decision = CASE WHEN moderation_items.state = 'deciding' THEN moderation_items.decision END,
                    updated_at = excluded.updated_at""", relay, item, eventId, author, eventJson, cause, detail, now, now);
    }

    /** Keeps the signed event of an item that has none yet. */
    public void keepEvent(Handle h, String relay, String item, String eventJson) {
        h.execute(
                "UPDATE moderation_items SET event_json = ? WHERE relay_id = ? AND item = ? AND event_json IS NULL",
                eventJson,
                relay,
                item);
    }

    public Optional<Item> item(Handle h, String relay, String item) {
        return h.select("SELECT * FROM moderation_items WHERE relay_id = ? AND item = ?", relay, item)
                .map(ITEM)
                .findOne();
    }

    public Optional<Item> item(String relay, String item) {
        return jdbi.withHandle(h -> item(h, relay, item));
    }

    /**
     * The compare-and-set every decision starts with: a waiting item becomes "deciding" by this actor, once. Returns
     * false when another decision holds or made it.
     */
    public boolean claim(Handle h, String relay, String item, String decision, Actor actor, long now) {
        return h.execute("""
                UPDATE moderation_items SET state = 'deciding', decision = ?, decided_by = ?, decided_at = ?, updated_at = ?
                WHERE relay_id = ? AND item = ? AND state = 'waiting'""", decision, actor.key(), now, now, relay, item) == 1;
    }

    /** The claimed decision is done on the relay: the item is decided; {@code removed} says how the event stands. */
    public void decided(Handle h, String relay, String item, Actor actor, boolean removed, String note, long now) {
        h.execute("""
                UPDATE moderation_items SET state = 'decided', removed = ?, note = ?, updated_at = ?
                WHERE relay_id = ? AND item = ? AND state = 'deciding' AND decided_by = ?""", removed ? 1 : 0, note, now, relay, item, actor.key());
    }

    /** The claimed decision could not be done: the item waits again, as it was. */
    public void release(Handle h, String relay, String item, Actor actor, long now) {
        h.execute("""
                UPDATE moderation_items SET state = 'waiting', decision = NULL, decided_by = NULL, decided_at = NULL,
                                            updated_at = ?
                WHERE relay_id = ? AND item = ? AND state = 'deciding' AND decided_by = ?""", now, relay, item, actor.key());
    }

    /** A hide made by the threshold: only an item still waiting and not yet removed becomes hidden. */
    public boolean hidden(Handle h, String relay, String item, String eventJson, String detail, long now) {
        return h.execute("""
                UPDATE moderation_items SET removed = 1, cause = 'hidden_after_reports', cause_detail = ?,
                       event_json = coalesce(?, event_json), updated_at = ?
                WHERE relay_id = ? AND item = ? AND state = 'waiting' AND removed = 0""", detail, eventJson, now, relay, item) == 1;
    }

    /** How many items wait on the relay: one range of the (relay_id, state) index. */
    public int waiting(Handle h, String relay) {
        return h.select("SELECT count(*) FROM moderation_items WHERE relay_id = ? AND state = 'waiting'", relay)
                .mapTo(Integer.class)
                .one();
    }

    public record CauseCount(String cause, int count) {}

    /** The waiting items by cause (null: reported only), for the digest's sentence. */
    public List<CauseCount> waitingByCause(Handle h, String relay) {
        return h.select("""
                        SELECT cause, count(*) AS n FROM moderation_items WHERE relay_id = ? AND state = 'waiting'
                        GROUP BY cause ORDER BY count(*) DESC, cause""", relay)
                .map((rs, ctx) -> new CauseCount(rs.getString("cause"), rs.getInt("n")))
                .list();
    }

    public int waiting(String relay) {
        return jdbi.withHandle(h -> waiting(h, relay));
    }

    /** A page of the relay's items, newest activity first: waiting (and being decided) or decided, of one cause. */
    public List<Item> items(String relay, boolean decided, String cause, int limit) {
        return jdbi.withHandle(h -> {
            var q = h.createQuery("""
                            SELECT * FROM moderation_items
                            WHERE relay_id = :relay AND state <states> <cause>
                            ORDER BY updated_at DESC, item LIMIT :limit""")
                    .define("states", decided ? "= 'decided'" : "IN ('waiting', 'deciding')")
                    .define(
                            "cause",
                            cause == null ? "" : cause.equals("reports") ? "AND cause IS NULL" : "AND cause = :cause")
                    .bindMap(
                            cause != null && !cause.equals("reports")
                                    ? Map.of("relay", relay, "limit", limit, "cause", cause)
                                    : Map.of("relay", relay, "limit", limit));
            return q.map(ITEM).list();
        });
    }

    // ---- reports

    public record Report(
            String reportId,
            String item,
            String reporter,
            int member,
            String reportType,
            String reason,
            long createdAt,
            long seenAt) {}

    private static final RowMapper<Report> REPORT = ConstructorMapper.of(Report.class);

    /** Records a report once; true when it was new. */
    public boolean report(
            Handle h,
            String relay,
            String reportId,
            String item,
            String reporter,
            boolean member,
            String type,
            String reason,
            long createdAt,
            long now) {
        return h.execute("""
                INSERT INTO moderation_reports (relay_id, report_id, item, reporter, member, report_type, reason,
                                                created_at, seen_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""", relay, reportId, item, reporter, member ? 1 : 0, type, reason, createdAt, now) == 1;
    }

    /** Distinct members who reported the item since {@code since} (its last decision): what the hide counts. */
    public int memberReporters(Handle h, String relay, String item, long since) {
        return h.select("""
                        SELECT count(DISTINCT reporter) FROM moderation_reports
                        WHERE relay_id = ? AND item = ? AND member = 1 AND seen_at >= ?""", relay, item, since).mapTo(Integer.class).one();
    }

    /** The reports behind the given items, in one read. */
    public Map<String, List<Report>> reports(String relay, List<String> items) {
        if (items.isEmpty()) return Map.of();
        return jdbi.withHandle(
                h -> h.createQuery("""
                        SELECT report_id, item, reporter, member, report_type, reason, created_at, seen_at
                        FROM moderation_reports WHERE relay_id = :relay AND item IN (<items>) ORDER BY created_at""").bind("relay", relay).bindList("items", items).map(REPORT).list().stream()
                        .collect(java.util.stream.Collectors.groupingBy(
                                Report::item, java.util.LinkedHashMap::new, java.util.stream.Collectors.toList())));
    }

    /** The item a report was put on, if the queue has it. */
    public Optional<String> itemOfReport(String relay, String reportId) {
        return jdbi.withHandle(h -> h.select(
                        "SELECT item FROM moderation_reports WHERE relay_id = ? AND report_id = ?", relay, reportId)
                .mapTo(String.class)
                .findOne());
    }

    public List<String> reportIds(Handle h, String relay, String item) {
        return h.select("SELECT report_id FROM moderation_reports WHERE relay_id = ? AND item = ?", relay, item)
                .mapTo(String.class)
                .list();
    }

    // ---- settings

    public record Settings(Integer hideAfter, boolean digest) {
        public static final Settings DEFAULTS = new Settings(null, true);
    }

    public Settings settings(Handle h, String relay) {
        return h.select("SELECT hide_after, digest FROM moderation_settings WHERE relay_id = ?", relay)
                .map((rs, ctx) -> {
                    int n = rs.getInt("hide_after");
                    return new Settings(rs.wasNull() ? null : n, rs.getInt("digest") == 1);
                })
                .findOne()
                .orElse(Settings.DEFAULTS);
    }

    public Settings settings(String relay) {
        return jdbi.withHandle(h -> settings(h, relay));
    }

    public void saveSettings(Handle h, String relay, Settings s, Actor actor, long now) {
        h.execute("""
                INSERT INTO moderation_settings (relay_id, hide_after, digest, updated_by, updated_at)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (relay_id) DO UPDATE SET hide_after = excluded.hide_after, digest = excluded.digest,
                       updated_by = excluded.updated_by, updated_at = excluded.updated_at""", relay, s.hideAfter(), s.digest() ? 1 : 0, actor.key(), now);
    }

    /**
     * Removes relay {@code relayId}'s queue, its reports and its settings for good, in the caller's transaction (the
     * relay's purge).
     */
    public void removeRelay(Handle h, String relayId) {
        h.execute("DELETE FROM moderation_reports WHERE relay_id = ?", relayId);
        h.execute("DELETE FROM moderation_items WHERE relay_id = ?", relayId);
        h.execute("DELETE FROM moderation_settings WHERE relay_id = ?", relayId);
    }
}
