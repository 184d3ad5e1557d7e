package caravel.community;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

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
        return h.createUpdate("""
                INSERT INTO community_reports (relay, event_id, reporter, created_at, seen_at)
                VALUES (:relay, :id, :reporter, :created, :now) ON CONFLICT DO NOTHING""")
                        .bind("relay", relay)
                        .bind("id", eventId)
                        .bind("reporter", reporter)
                        .bind("created", createdAt)
                        .bind("now", now)
                        .execute()
                == 1;
    }

    public record ReportState(String eventId, Long dismissedAt, String dismissedBy, String resolvedHow) {}

    public Map<String, ReportState> reportStates(String relay) {
        return jdbi.withHandle(h -> h
                .createQuery(
                        "SELECT event_id, dismissed_at, dismissed_by, resolved_how FROM community_reports WHERE relay = :r")
                .bind("r", relay)
                .map((rs, ctx) -> {
                    long d = rs.getLong("dismissed_at");
                    Long dismissed = rs.wasNull() ? null : d; // wasNull() refers to the last column read
                    return new ReportState(
                            rs.getString("event_id"),
                            dismissed,
                            rs.getString("dismissed_by"),
                            rs.getString("resolved_how"));
                })
                .list()
                .stream()
                .collect(Collectors.toMap(ReportState::eventId, s -> s)));
    }

    /** Marks reports closed; only open ones change (a second dismissal keeps the first one's actor). */
    public int resolveReports(Handle h, String relay, List<String> eventIds, String actor, String how, long now) {
        if (eventIds.isEmpty()) return 0;
        return h.createUpdate("""
                UPDATE community_reports SET dismissed_at = :now, dismissed_by = :actor, resolved_how = :how
                WHERE relay = :relay AND event_id IN (<ids>) AND dismissed_at IS NULL""")
                .bind("now", now)
                .bind("actor", actor)
                .bind("how", how)
                .bind("relay", relay)
                .bindList("ids", eventIds)
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
            Handle h,
            String relay,
            String eventId,
            String author,
            Integer kind,
            String reason,
            String actor,
            long now) {
        h.createUpdate("""
                INSERT INTO community_event_bans (relay, event_id, author, kind, reason, actor, created_at)
                VALUES (:relay, :id, :author, :kind, :reason, :actor, :now)
                ON CONFLICT (relay, event_id) DO UPDATE SET reason = :reason, actor = :actor, created_at = :now,
                    lifted_at = NULL, lifted_by = NULL, author = coalesce(:author, community_event_bans.author), kind = coalesce(:kind, community_event_bans.kind)""")
                .bind("relay", relay)
                .bind("id", eventId)
                .bind("author", author)
                .bind("kind", kind)
                .bind("reason", reason)
                .bind("actor", actor)
                .bind("now", now)
                .execute();
    }

    public void eventAllowed(Handle h, String relay, String eventId, String actor, long now) {
        h.createUpdate(
                        "UPDATE community_event_bans SET lifted_at = :now, lifted_by = :actor WHERE relay = :relay AND event_id = :id")
                .bind("now", now)
                .bind("actor", actor)
                .bind("relay", relay)
                .bind("id", eventId)
                .execute();
    }

    public record EventBan(
            String eventId, String author, Integer kind, String reason, String actor, long createdAt, Long liftedAt) {}

    public List<EventBan> eventBans(String relay) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT * FROM community_event_bans WHERE relay = :r ORDER BY created_at DESC LIMIT 500")
                .bind("r", relay)
                .map((rs, ctx) -> {
                    int k = rs.getInt("kind");
                    Integer kind = rs.wasNull() ? null : k;
                    long l = rs.getLong("lifted_at");
                    Long lifted = rs.wasNull() ? null : l;
                    return new EventBan(
                            rs.getString("event_id"),
                            rs.getString("author"),
                            kind,
                            rs.getString("reason"),
                            rs.getString("actor"),
                            rs.getLong("created_at"),
                            lifted);
                })
                .list());
    }

    public Optional<EventBan> eventBan(String relay, String eventId) {
        return eventBans(relay).stream()
                .filter(b -> b.eventId().equals(eventId))
                .findFirst();
    }

    // ---- cap refusals

    public record Refusal(String pubkey, String plan, int cap, long createdAt) {}

    public void refusal(Handle h, String relay, String pubkey, String plan, int cap, long now) {
        h.createUpdate(
                        "INSERT INTO community_cap_refusals (relay, pubkey, plan, cap, created_at) VALUES (:r, :p, :plan, :cap, :now)")
                .bind("r", relay)
                .bind("p", pubkey)
                .bind("plan", plan)
                .bind("cap", cap)
                .bind("now", now)
                .execute();
    }

    public List<Refusal> recentRefusals(String relay, long since) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT pubkey, plan, cap, created_at FROM community_cap_refusals
                        WHERE relay = :r AND created_at >= :since ORDER BY id DESC LIMIT 50""")
                .bind("r", relay)
                .bind("since", since)
                .map((rs, ctx) -> new Refusal(
                        rs.getString("pubkey"), rs.getString("plan"), rs.getInt("cap"), rs.getLong("created_at")))
                .list());
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

    // ---- members Caravel added

    public void memberAdded(String relay, String pubkey, long now) {
        jdbi.useHandle(h -> h.createUpdate("""
                INSERT INTO community_member_adds (relay, pubkey, created_at) VALUES (:r, :p, :now)
                ON CONFLICT (relay, pubkey) DO UPDATE SET created_at = :now""")
                .bind("r", relay)
                .bind("p", pubkey)
                .bind("now", now)
                .execute());
    }

    public Set<String> addedByCaravel(String relay) {
        return Set.copyOf(
                jdbi.withHandle(h -> h.createQuery("SELECT pubkey FROM community_member_adds WHERE relay = :r")
                        .bind("r", relay)
                        .mapTo(String.class)
                        .list()));
    }
}
