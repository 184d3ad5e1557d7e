package caravel.relayaccess;

import caravel.domain.Actor;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/** The community tables (V20): reports and their dismissal, deleted-event reasons, cap refusals, members Caravel added (platform bans: PlatformBanStore). */
public final class CommunityStore {
    private final Jdbi jdbi;

    public CommunityStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    // ---- reports

    /** Records a report once; true when it was new to Caravel. */
    public boolean reportSeen(Handle h, String relay, String eventId, String reporter, long createdAt, long now) {
        return h.execute("""
                INSERT INTO community_reports (relay, event_id, reporter, created_at, seen_at)
                VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""", relay, eventId, reporter, createdAt, now) == 1;
    }

    public record ReportState(String eventId, Long dismissedAt, String dismissedBy, String resolvedHow) {}

    private static final RowMapper<ReportState> REPORT_STATE = ConstructorMapper.of(ReportState.class);

    public Map<String, ReportState> reportStates(String relay) {
        return jdbi.withHandle(h -> h
                .select(
                        "SELECT event_id, dismissed_at, dismissed_by, resolved_how FROM community_reports WHERE relay = ?",
                        relay)
                .map(REPORT_STATE)
                .list()
                .stream()
                .collect(Collectors.toMap(ReportState::eventId, s -> s)));
    }

    /** Marks reports closed; only open ones change (a second dismissal keeps the first one's actor). */
    public int resolveReports(Handle h, String relay, List<String> eventIds, Actor actor, String how, long now) {
        if (eventIds.isEmpty()) return 0;
        return h.createUpdate("""
                UPDATE community_reports SET dismissed_at = :now, dismissed_by = :actor, resolved_how = :how
                WHERE relay = :relay AND event_id IN (<ids>) AND dismissed_at IS NULL""")
                .bindList("ids", eventIds)
                .bindMap(Map.of("now", now, "actor", actor.key(), "how", how, "relay", relay))
                .execute();
    }

    public Map<String, Integer> openReportCounts(Set<String> relays) {
        if (relays.isEmpty()) return Map.of();
        return jdbi.withHandle(h -> h
                .createQuery("""
                        SELECT relay, count(*) AS n FROM community_reports WHERE dismissed_at IS NULL AND relay IN (<ids>) GROUP BY relay""")
                .bindList("ids", List.copyOf(relays))
                .map((rs, ctx) -> Map.entry(rs.getString("relay"), rs.getInt("n")))
                .list()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    /** Every relay's open reports (administrators). */
    public Map<String, Integer> openReportCounts() {
        return jdbi.withHandle(h -> h
                .createQuery(
                        "SELECT relay, count(*) AS n FROM community_reports WHERE dismissed_at IS NULL GROUP BY relay")
                .map((rs, ctx) -> Map.entry(rs.getString("relay"), rs.getInt("n")))
                .list()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    // ---- deleted events

    public void eventBanned(
            Handle h, String relay, String eventId, String author, Integer kind, String reason, Actor actor, long now) {
        h.execute("""
                INSERT INTO community_event_bans (relay, event_id, author, kind, reason, actor, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (relay, event_id) DO UPDATE
                SET reason = excluded.reason, actor = excluded.actor, created_at = excluded.created_at,
                    lifted_at = NULL, lifted_by = NULL, author = coalesce(excluded.author, community_event_bans.author),
                    kind = coalesce(excluded.kind, community_event_bans.kind)""", relay, eventId, author, kind, reason, actor.key(), now);
    }

    public void eventAllowed(Handle h, String relay, String eventId, Actor actor, long now) {
        h.execute(
                "UPDATE community_event_bans SET lifted_at = ?, lifted_by = ? WHERE relay = ? AND event_id = ?",
                now,
                actor.key(),
                relay,
                eventId);
    }

    public record EventBan(
            String eventId, String author, Integer kind, String reason, String actor, long createdAt, Long liftedAt) {}

    private static final RowMapper<EventBan> EVENT_BAN = ConstructorMapper.of(EventBan.class);

    public List<EventBan> eventBans(String relay) {
        return jdbi.withHandle(h -> h.select(
                        "SELECT * FROM community_event_bans WHERE relay = ? ORDER BY created_at DESC LIMIT 500", relay)
                .map(EVENT_BAN)
                .list());
    }

    public Optional<EventBan> eventBan(String relay, String eventId) {
        return eventBans(relay).stream()
                .filter(b -> b.eventId().equals(eventId))
                .findFirst();
    }

    // ---- cap refusals

    public record Refusal(String pubkey, String plan, int cap, long createdAt) {}

    private static final RowMapper<Refusal> REFUSAL = ConstructorMapper.of(Refusal.class);

    public void refusal(Handle h, String relay, String pubkey, String plan, int cap, long now) {
        h.execute(
                "INSERT INTO community_cap_refusals (relay, pubkey, plan, cap, created_at) VALUES (?, ?, ?, ?, ?)",
                relay,
                pubkey,
                plan,
                cap,
                now);
    }

    public List<Refusal> recentRefusals(String relay, long since) {
        return jdbi.withHandle(h -> h.select("""
                        SELECT pubkey, plan, cap, created_at FROM community_cap_refusals
                        WHERE relay = ? AND created_at >= ? ORDER BY id DESC LIMIT 50""", relay, since).map(REFUSAL).list());
    }

    /**
     * Relay id → its newest refusal's id, for those of the relays that ever refused a join: the live stream's sign that
     * a refusal happened (the count it leaves is the same as before it). One index range per relay.
     */
    public Map<String, Long> newestRefusals(Handle h, java.util.Collection<String> relays) {
        Map<String, Long> out = new java.util.TreeMap<>();
        if (relays.isEmpty()) return out;
        h.createQuery("""
                        SELECT relay, MAX(id) AS newest FROM community_cap_refusals
                        WHERE relay IN (<relays>) GROUP BY relay""")
                .bindList("relays", List.copyOf(relays))
                .map((rs, ctx) -> Map.entry(rs.getString("relay"), rs.getLong("newest")))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    // ---- per day, for a relay's insight

    /**
     * Reports first seen on each UTC day since {@code fromDay} (days since the epoch → count), and cap refusals
     * recorded on each: the relay's insight charts them. Reports are few per relay (the primary key's relay prefix);
     * refusals are read along their (relay, id) index.
     */
    public Map<Long, Long> reportsPerDay(Handle h, String relay, long fromDay) {
        return perDay(
                h,
                "SELECT seen_at / 86400 AS day, count(*) FROM community_reports WHERE relay = ? AND seen_at >= ?"
                        + " GROUP BY seen_at / 86400",
                relay,
                fromDay);
    }

    public Map<Long, Long> refusalsPerDay(Handle h, String relay, long fromDay) {
        return perDay(
                h,
                "SELECT created_at / 86400 AS day, count(*) FROM community_cap_refusals WHERE relay = ?"
                        + " AND created_at >= ? GROUP BY created_at / 86400",
                relay,
                fromDay);
    }

    private static Map<Long, Long> perDay(Handle h, String sql, String relay, long fromDay) {
        Map<Long, Long> out = new java.util.TreeMap<>();
        h.select(sql, relay, fromDay * 86_400)
                .map((rs, c) -> Map.entry(rs.getLong(1), rs.getLong(2)))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    // ---- members Caravel added

    public void memberAdded(String relay, String pubkey, long now) {
        jdbi.useHandle(h -> h.execute("""
                INSERT INTO community_member_adds (relay, pubkey, created_at) VALUES (?, ?, ?)
                ON CONFLICT (relay, pubkey) DO UPDATE SET created_at = excluded.created_at""", relay, pubkey, now));
    }

    public Set<String> addedByCaravel(String relay) {
        return Set.copyOf(
                jdbi.withHandle(h -> h.select("SELECT pubkey FROM community_member_adds WHERE relay = ?", relay)
                        .mapTo(String.class)
                        .list()));
    }

    /**
     * Removes relay {@code relayId}'s reports, deleted events' reasons, members added through Caravel and cap refusals
     * for good, in the caller's transaction (the relay's purge).
     */
    public void removeRelay(Handle h, String relayId) {
        h.execute("DELETE FROM community_reports WHERE relay = ?", relayId);
        h.execute("DELETE FROM community_event_bans WHERE relay = ?", relayId);
        h.execute("DELETE FROM community_member_adds WHERE relay = ?", relayId);
        h.execute("DELETE FROM community_cap_refusals WHERE relay = ?", relayId);
    }
}
