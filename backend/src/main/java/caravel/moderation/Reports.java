package caravel.moderation;

import caravel.domain.Actor;
import caravel.domain.Epoch;
import caravel.domain.Failure;
import caravel.domain.Validation;
import caravel.nostr.Event;
import caravel.nostr.Filter;
import caravel.nostr.Nip19;
import caravel.relayaccess.CommunityStore;
import caravel.relayaccess.OutcomeLog;
import caravel.relayaccess.Profiles;
import caravel.relayaccess.RelayKeySockets;
import caravel.relayaccess.RelayRpc;
import caravel.relayaccess.RelaySocket;
import caravel.store.Relay;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reports queue of one relay: the kind 1984 reports zooid holds, with what each points at, and what the team does
 * about one (dismiss it, delete the reported event, ban the reported person: through {@link Moderation}). Caravel keeps
 * only which reports were seen and how each was closed.
 */
public record Reports(
        CommunityStore communityStore,
        Profiles profiles,
        RelayKeySockets sockets,
        OutcomeLog outcomes,
        java.time.Clock clock,
        Moderation moderation,
        RelayContent content) {
    /** A kind 1984 report with what it points at. {@code target} is null when the reported event is gone. */
    public record Report(
            String id,
            String reporter,
            String reporterNpub,
            String reporterName,
            long createdAt,
            String type,
            String content,
            String reportedPubkey,
            String reportedNpub,
            String reportedName,
            String reportedEventId,
            RelayContent.EventView target,
            List<RelayContent.EventView> recentByReported,
            String status,
            String resolvedHow,
            Long resolvedAt) {}

    /** The relay's reports, open first then newest first; closed ones only with {@code includeClosed}. */
    public List<Report> list(Relay r, boolean includeClosed) {
        List<Event> raw;
        Map<String, Event> targets = new HashMap<>();
        Map<String, List<RelayContent.EventView>> recent = new HashMap<>();
        try (RelaySocket s = sockets.open(r)) {
            raw = s.query(List.of(Filter.any().kinds(1984).limit(500)), RelayKeySockets.TIMEOUT);
            Set<String> ids = new LinkedHashSet<>();
            for (Event e : raw) if (reportedEvent(e) != null) ids.add(reportedEvent(e));
            List<String> idList = List.copyOf(ids);
            for (int i = 0; i < idList.size(); i += 200) {
                List<String> batch = idList.subList(i, Math.min(idList.size(), i + 200));
                Filter f = new Filter(batch, null, null, Map.of(), null, null, batch.size());
                for (Event e : s.query(List.of(f), RelayKeySockets.TIMEOUT)) targets.put(e.id(), e);
            }
            // a report about a person (no event) shows what that person wrote lately, for context
            Set<String> people = new LinkedHashSet<>();
            for (Event e : raw)
                if (reportedEvent(e) == null && reportedPubkey(e, Map.of()) != null)
                    people.add(reportedPubkey(e, Map.of()));
            List<String> peopleList = List.copyOf(people);
            for (int i = 0; i < peopleList.size(); i += 50) {
                List<Filter> filters = new ArrayList<>();
                for (String pk : peopleList.subList(i, Math.min(peopleList.size(), i + 50)))
                    filters.add(Filter.any().authors(pk).limit(3));
                for (Event e : s.query(filters, RelayKeySockets.TIMEOUT))
                    if (e.kind() != 1984)
                        recent.computeIfAbsent(e.pubkey(), k -> new ArrayList<>())
                                .add(RelayContent.EventView.of(e));
            }
        } catch (RelaySocket.RelayRefused e) {
            throw Failure.upstream("The relay would not show its reports: " + RelayRpc.sentence(e.getMessage()));
        }
        long now = Epoch.seconds(clock);
        communityStore.jdbi().useTransaction(h -> {
            for (Event e : raw) communityStore.reportSeen(h, r.id(), e.id(), e.pubkey(), e.createdAt(), now);
        });
        Map<String, CommunityStore.ReportState> states = communityStore.reportStates(r.id());
        Set<String> people = new LinkedHashSet<>();
        for (Event e : raw) {
            people.add(e.pubkey());
            String p = reportedPubkey(e, targets);
            if (p != null) people.add(p);
        }
        Map<String, Profiles.Profile> profiles = this.profiles.lookup(people);
        List<Report> out = new ArrayList<>();
        for (Event e : raw) {
            CommunityStore.ReportState st = states.get(e.id());
            boolean closed = st != null && st.dismissedAt() != null;
            if (closed && !includeClosed) continue;
            String evId = reportedEvent(e);
            String pk = reportedPubkey(e, targets);
            out.add(new Report(
                    e.id(),
                    e.pubkey(),
                    RelayContent.npubOrNull(e.pubkey()),
                    name(profiles, e.pubkey()),
                    e.createdAt(),
                    reportType(e),
                    e.content(),
                    pk,
                    RelayContent.npubOrNull(pk),
                    name(profiles, pk),
                    evId,
                    evId != null && targets.containsKey(evId) ? RelayContent.EventView.of(targets.get(evId)) : null,
                    evId == null && pk != null
                            ? recent.getOrDefault(pk, List.of()).stream()
                                    .limit(3)
                                    .toList()
                            : List.of(),
                    closed ? "closed" : "open",
                    st == null ? null : st.resolvedHow(),
                    st == null ? null : st.dismissedAt()));
        }
        out.sort(Comparator.comparingInt((Report x) -> x.status().equals("open") ? 0 : 1)
                .thenComparing(Report::createdAt, Comparator.reverseOrder()));
        return out;
    }

    /** Dismiss, delete the reported event, or ban the reported person; the report is closed in every case. */
    public void act(Relay r, String reportId, String action, String given, Actor actor) {
        String reason = Validation.reason(given); // refused before anything is done
        Event report = content.fetchOne(r, reportId);
        if (report == null || report.kind() != 1984) throw Failure.notFound("report not found on this relay");
        switch (action) {
            case "dismiss" ->
                outcomes.record(
                        r,
                        "report_dismissed",
                        "Report " + reportId.substring(0, 8) + " by " + Nip19.shortNpub(report.pubkey()) + " dismissed",
                        actor);
            case "delete_event" -> {
                String evId = reportedEvent(report);
                if (evId == null)
                    throw Failure.invalid("this report names a person, not an event: ban the person instead");
                content.deleteEvent(
                        r,
                        evId,
                        reason == null || reason.isBlank() ? "reported: " + reportType(report) : reason,
                        actor);
            }
            case "ban_author" -> {
                String pk = reportedPubkey(report, Map.of());
                if (pk == null) {
                    Event target = reportedEvent(report) == null ? null : content.fetchOne(r, reportedEvent(report));
                    pk = target == null ? null : target.pubkey();
                }
                if (pk == null) throw Failure.conflict("the reported event is gone and the report names no author");
                moderation.ban(
                        r, pk, reason == null || reason.isBlank() ? "reported: " + reportType(report) : reason, actor);
            }
            default -> throw Failure.invalidField("action", "action must be one of dismiss, delete_event, ban_author");
        }
        String how = switch (action) {
            case "dismiss" -> "dismissed";
            case "delete_event" -> "event_deleted";
            default -> "author_banned";
        };
        long now = Epoch.seconds(clock);
        communityStore.jdbi().useTransaction(h -> {
            communityStore.reportSeen(h, r.id(), report.id(), report.pubkey(), report.createdAt(), now);
            communityStore.resolveReports(h, r.id(), List.of(report.id()), actor, how, now);
        });
    }

    static String reportedEvent(Event report) {
        for (List<String> t : report.tags())
            if (t.size() >= 2 && t.get(0).equals("e") && t.get(1).matches("[0-9a-f]{64}")) return t.get(1);
        return null;
    }

    static String reportedPubkey(Event report, Map<String, Event> targets) {
        for (List<String> t : report.tags())
            if (t.size() >= 2 && t.get(0).equals("p") && t.get(1).matches("[0-9a-f]{64}")) return t.get(1);
        String ev = reportedEvent(report);
        return ev != null && targets.containsKey(ev) ? targets.get(ev).pubkey() : null;
    }

    /** NIP-56: the report type is the third element of the e or p tag (nudity, spam, illegal, ...). */
    static String reportType(Event report) {
        for (List<String> t : report.tags())
            if (t.size() >= 3
                    && (t.get(0).equals("e") || t.get(0).equals("p"))
                    && !t.get(2).isBlank())
                // the reporter's own word: only NIP-56's types become a ban's reason, never a stranger's text
                return REPORT_TYPES.contains(t.get(2)) ? t.get(2) : "other";
        return "other";
    }

    /** NIP-56's report types. */
    private static final java.util.Set<String> REPORT_TYPES =
            java.util.Set.of("nudity", "malware", "profanity", "illegal", "spam", "impersonation", "other");

    private static String name(Map<String, Profiles.Profile> profiles, String pk) {
        Profiles.Profile p = pk == null ? null : profiles.get(pk);
        return p == null ? null : p.name();
    }
}
