package caravel.moderation;

import caravel.domain.Actor;
import caravel.domain.Epoch;
import caravel.domain.Failure;
import caravel.domain.Validation;
import caravel.json.Json;
import caravel.nostr.Event;
import caravel.nostr.Filter;
import caravel.nostr.Nip19;
import caravel.nostr.RelayMessage;
import caravel.relayaccess.CommunityStore;
import caravel.relayaccess.OutcomeLog;
import caravel.relayaccess.Profiles;
import caravel.relayaccess.RelayKeySockets;
import caravel.relayaccess.RelaySocket;
import caravel.store.Relay;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A relay's moderation queue: reports and automatic removals grouped per event (or per person, for reports that name
 * no event), and the team's decisions on them: delete, ban the author, dismiss, restore; one or many at once. Every
 * decision starts with a compare-and-set on the item's state, so two people deciding the same item at once do it
 * once: the second is told who decided it. The relay's side of a decision is done through {@link Moderation}, so the
 * activity log, the deleted events' list and the ban's effects are the same as done by hand.
 */
public record ModerationQueue(
        CommunityStore communityStore,
        Profiles profiles,
        RelayKeySockets sockets,
        OutcomeLog outcomes,
        java.time.Clock clock,
        Moderation moderation,
        RelayContent content,
        QueueStore store) {
    public static final int MAX_BULK = 200;
    static final Pattern ITEM = Pattern.compile("(p:)?[0-9a-f]{64}");
    static final Set<String> ACTIONS = Set.of("delete", "ban", "dismiss", "restore");
    static final Set<String> CAUSES = Set.of("reports", "blocked_words", "first_post_held", "hidden_after_reports");

    // ------------------------------------------------------------------------------------------------ reading

    public record ReportView(String reporter, String npub, String name, boolean member, String type, String reason) {}

    public record EventView(String id, int kind, String content, long createdAt, List<List<String>> tags) {}

    public record ItemView(
            String id,
            String eventId,
            String author,
            String authorNpub,
            String authorName,
            EventView event,
            String status,
            String cause,
            String causeDetail,
            int reports,
            int memberReporters,
            int reporters,
            List<String> reasons,
            List<ReportView> reportList,
            String state,
            String decision,
            String decidedBy,
            String decidedByNpub,
            Long decidedAt,
            String note,
            long createdAt,
            long updatedAt) {}

    /** The waiting (or decided) items, newest activity first, with what was reported and by whom. */
    public List<ItemView> list(Relay r, boolean decided, String cause, int limit) {
        if (cause != null && !CAUSES.contains(cause))
            throw Failure.invalidField("cause", "cause must be one of " + String.join(", ", sorted(CAUSES)));
        List<QueueStore.Item> items = store.items(r.id(), decided, cause, limit);
        Map<String, List<QueueStore.Report>> reports =
                store.reports(r.id(), items.stream().map(QueueStore.Item::item).toList());
        Map<String, Event> events = events(r, items);
        Set<String> people = new LinkedHashSet<>();
        for (QueueStore.Item i : items) {
            if (i.author() != null) people.add(i.author());
            for (QueueStore.Report rep : reports.getOrDefault(i.item(), List.of())) people.add(rep.reporter());
        }
        Map<String, Profiles.Profile> profiles = profiles(people);
        List<ItemView> out = new ArrayList<>();
        for (QueueStore.Item i : items) {
            List<QueueStore.Report> reps = reports.getOrDefault(i.item(), List.of());
            Set<String> reporters = new LinkedHashSet<>(), memberReporters = new LinkedHashSet<>();
            Set<String> reasons = new LinkedHashSet<>();
            List<ReportView> views = new ArrayList<>();
            for (QueueStore.Report rep : reps) {
                reporters.add(rep.reporter());
                if (rep.member() == 1) memberReporters.add(rep.reporter());
                reasons.add(rep.reason().isBlank() ? rep.reportType() : rep.reportType() + ": " + rep.reason());
                views.add(new ReportView(
                        rep.reporter(),
                        Nip19.npub(rep.reporter()),
                        name(profiles, rep.reporter()),
                        rep.member() == 1,
                        rep.reportType(),
                        rep.reason()));
            }
            Event e = events.get(i.item());
            String author = i.author() != null ? i.author() : e == null ? null : e.pubkey();
            out.add(new ItemView(
                    i.item(),
                    i.eventId(),
                    author,
                    author == null ? null : Nip19.npub(author),
                    name(profiles, author),
                    e == null ? null : new EventView(e.id(), e.kind(), e.content(), e.createdAt(), e.tags()),
                    status(i),
                    i.cause(),
                    i.causeDetail(),
                    reps.size(),
                    memberReporters.size(),
                    reporters.size(),
                    List.copyOf(reasons),
                    views,
                    i.state(),
                    i.decision(),
                    i.decidedBy(),
                    i.decidedBy() == null || !ITEM.matcher(i.decidedBy()).matches() ? null : Nip19.npub(i.decidedBy()),
                    i.decidedAt(),
                    i.note(),
                    i.createdAt(),
                    i.updatedAt()));
        }
        return out;
    }

    /** How the event stands, in one word: removed by a rule, held, hidden after reports, or only reported. */
    static String status(QueueStore.Item i) {
        if (!i.isRemoved()) return i.item().startsWith("p:") ? "person_reported" : "reported";
        if (i.cause() == null) return "removed";
        return switch (i.cause()) {
            case "hidden_after_reports" -> "hidden";
            case "first_post_held" -> "held";
            default -> "removed";
        };
    }

    public int waiting(Relay r) {
        return store.waiting(r.id());
    }

    /** The items' events: kept ones as kept, the others read from the relay in one query (none if it cannot be read). */
    private Map<String, Event> events(Relay r, List<QueueStore.Item> items) {
        Map<String, Event> out = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (QueueStore.Item i : items) {
            if (i.eventJson() != null) out.put(i.item(), Event.fromJson(Json.parse(i.eventJson())));
            else if (i.eventId() != null && !i.isRemoved()) missing.add(i.eventId());
        }
        if (missing.isEmpty()) return out;
        try (RelaySocket s = sockets.open(r)) {
            Filter f = new Filter(missing, null, null, Map.of(), null, null, missing.size());
            for (Event e : s.query(List.of(f), RelayKeySockets.TIMEOUT)) out.put(e.id(), e);
        } catch (RelaySocket.RelayRefused | Failure e) {
            // the list still shows who reported what; the content comes back with the relay
        }
        return out;
    }

    private Map<String, Profiles.Profile> profiles(Set<String> people) {
        try {
            return profiles.lookup(people);
        } catch (RuntimeException e) {
            return Map.of();
        }
    }

    // ------------------------------------------------------------------------------------------------ deciding

    /**
     * One item's outcome: {@code done}, {@code already_decided} (by {@code decidedBy}, as {@code decision}),
     * {@code not_found}, {@code invalid} or {@code failed}, with a sentence.
     */
    public record Outcome(String item, String outcome, String decision, String decidedBy, String message) {}

    /** Each item decided in turn; a refusal or failure of one is its outcome and does not stop the others. */
    public List<Outcome> decide(Relay r, List<String> items, String action, String reason, Actor actor) {
        Validation.reason(reason); // one refusal for the request, not one per item
        if (!ACTIONS.contains(action))
            throw Failure.invalidField("action", "action must be one of ban, delete, dismiss, restore");
        if (items.isEmpty()) throw Failure.invalidField("items", "items must name at least one item");
        if (items.size() > MAX_BULK)
            throw Failure.invalidField("items", "at most " + MAX_BULK + " items can be decided at once");
        List<Outcome> out = new ArrayList<>();
        for (String item : new LinkedHashSet<>(items)) {
            try {
                out.add(decideOne(r, item, action, reason, actor));
            } catch (Failure f) {
                String kind = f.kind() == Failure.Kind.NOT_FOUND
                        ? "not_found"
                        : f.kind() == Failure.Kind.INVALID || f.kind() == Failure.Kind.CONFLICT ? "invalid" : "failed";
                out.add(new Outcome(item, kind, null, null, f.getMessage()));
            }
        }
        return out;
    }

    /** One item: throws a Failure for a refusal; "already decided" is an outcome (nothing done twice). */
    public Outcome decideOne(Relay r, String item, String action, String reason, Actor actor) {
        Validation.reason(reason); // refused before the item is claimed
        if (item == null || !ITEM.matcher(item).matches())
            throw Failure.invalidField("items", "an item id is an event id (64 hex) or p: and a pubkey");
        if (!ACTIONS.contains(action))
            throw Failure.invalidField("action", "action must be one of ban, delete, dismiss, restore");
        QueueStore.Item it =
                store.item(r.id(), item).orElseThrow(() -> Failure.notFound("no such item in this relay's queue"));
        String decision = decision(action);
        boolean person = item.startsWith("p:");
        if (person && (action.equals("delete") || action.equals("restore")))
            throw Failure.invalid("this item is a report about a person, not an event: ban or dismiss it");
        if (!it.state().equals("waiting")) return already(it);
        if (action.equals("restore") && !it.isRemoved())
            throw new Failure(
                    Failure.Kind.CONFLICT,
                    "not_removed",
                    null,
                    "this event was never removed from the relay: there is nothing to restore (dismiss keeps it)");
        long now = Epoch.seconds(clock);
        if (!store.jdbi().inTransaction(h -> store.claim(h, r.id(), item, decision, actor, now)))
            return already(store.item(r.id(), item).orElseThrow());
        String given = Validation.reason(reason);
        String why = given.isEmpty() ? null : given;
        boolean removedAfter;
        String note = null;
        try {
            switch (action) {
                case "delete" -> {
                    // an event a rule or the hide already took off stays off: nothing to ask the relay again
                    if (!it.isRemoved())
                        content.deleteEvent(r, it.eventId(), why == null ? "moderation queue" : why, actor);
                    removedAfter = true;
                }
                case "ban" -> {
                    String author = author(r, it);
                    if (author == null)
                        throw Failure.conflict("the event is gone and its reports name no author: delete it instead");
                    moderation.ban(r, author, why == null ? "moderation queue" : why, actor);
                    removedAfter = true;
                }
                case "restore" -> {
                    note = restore(r, it, actor);
                    removedAfter = false;
                }
                default -> removedAfter = it.isRemoved();
            }
        } catch (RuntimeException e) {
            store.jdbi().useTransaction(h -> store.release(h, r.id(), item, actor, Epoch.seconds(clock)));
            throw e;
        }
        String finalNote = note;
        store.jdbi().useTransaction(h -> {
            long at = Epoch.seconds(clock);
            store.decided(h, r.id(), item, actor, removedAfter, finalNote, at);
            communityStore.resolveReports(
                    h, r.id(), store.reportIds(h, r.id(), item), actor, resolvedHow(decision), at);
            outcomes.record(
                    h,
                    r,
                    "queue_decided",
                    "Moderation queue: " + describe(it) + " " + decision
                            + (why == null ? "" : " (" + why + ")")
                            + (finalNote == null ? "" : "; " + finalNote),
                    actor,
                    at);
        });
        return new Outcome(item, "done", decision, actor.key(), finalNote == null ? decision : finalNote);
    }

    /**
     * A report was acted on in the Reports tab ({@link Reports#act}): the relay's side is done, so its queue item,
     * if still waiting, is closed with the same decision (dismissed once every report on it is). Nothing happens
     * twice: the item's compare-and-set decides who closes it.
     */
    public void reportActed(Relay r, String reportId, String action, Actor actor) {
        String decision = switch (action) {
            case "delete_event" -> "deleted";
            case "ban_author" -> "banned";
            default -> "dismissed";
        };
        String item = store.itemOfReport(r.id(), reportId).orElse(null);
        if (item == null) return;
        long now = Epoch.seconds(clock);
        var states = decision.equals("dismissed")
                ? communityStore.reportStates(r.id())
                : Map.<String, CommunityStore.ReportState>of();
        store.jdbi().useTransaction(h -> {
            if (decision.equals("dismissed")) {
                for (String id : store.reportIds(h, r.id(), item)) {
                    var st = states.get(id);
                    if (st == null || st.dismissedAt() == null) return; // other reports on it still wait
                }
            }
            if (!store.claim(h, r.id(), item, decision, actor, now)) return;
            boolean removed = !decision.equals("dismissed")
                    || store.item(h, r.id(), item)
                            .map(QueueStore.Item::isRemoved)
                            .orElse(false);
            store.decided(h, r.id(), item, actor, removed, "decided in the Reports tab", now);
            communityStore.resolveReports(
                    h, r.id(), store.reportIds(h, r.id(), item), actor, resolvedHow(decision), now);
        });
    }

    private Outcome already(QueueStore.Item it) {
        String who = it.decidedBy() == null
                ? "someone"
                : ITEM.matcher(it.decidedBy()).matches() ? Nip19.shortNpub(it.decidedBy()) : it.decidedBy();
        String verb = it.state().equals("deciding") ? "is being decided by " : "already decided by ";
        return new Outcome(
                it.item(),
                "already_decided",
                it.decision(),
                it.decidedBy(),
                "This item " + verb + who + (it.decision() == null ? "" : " (" + it.decision() + ")")
                        + "; nothing was done again.");
    }

    /**
     * allowevent, then the kept signed event published again. zooid takes an event only from its author signed in
     * (both lines, and the emulator), so from the relay key it is refused unless the relay lets anyone write: the
     * event is then allowed and comes back when its author's app sends it again, which the note says.
     */
    private String restore(Relay r, QueueStore.Item it, Actor actor) {
        content.undoDelete(r, it.eventId(), actor);
        if (it.eventJson() == null)
            return "allowed again; Caravel had no copy of the event, so it comes back when its author sends it again";
        Event e = Event.fromJson(Json.parse(it.eventJson()));
        RelayMessage.Ok ok;
        try (RelaySocket s = sockets.open(r)) {
            ok = s.publish(e, RelayKeySockets.TIMEOUT);
        } catch (RelaySocket.RelayRefused ex) {
            ok = new RelayMessage.Ok(e.id(), false, ex.getMessage());
        }
        if (ok != null && (ok.accepted() || ok.message().startsWith("duplicate:"))) return null;
        return "allowed again; the relay takes the event only from its author, so it comes back when their app sends it"
                + " again (it answered: " + (ok == null ? "nothing" : ok.message()) + ")";
    }

    private String author(Relay r, QueueStore.Item it) {
        if (it.author() != null) return it.author();
        if (it.eventJson() != null)
            return Event.fromJson(Json.parse(it.eventJson())).pubkey();
        Map<String, Event> got = events(r, List.of(it));
        Event e = got.get(it.item());
        return e == null ? null : e.pubkey();
    }

    static String decision(String action) {
        return switch (action) {
            case "delete" -> "deleted";
            case "ban" -> "banned";
            case "restore" -> "restored";
            default -> "dismissed";
        };
    }

    private static String resolvedHow(String decision) {
        return switch (decision) {
            case "deleted" -> "event_deleted";
            case "banned" -> "author_banned";
            default -> "dismissed";
        };
    }

    private static String describe(QueueStore.Item it) {
        if (it.item().startsWith("p:"))
            return "reports about " + Nip19.shortNpub(it.item().substring(2));
        return "event " + it.item().substring(0, 8)
                + (it.author() == null ? "" : " by " + Nip19.shortNpub(it.author()))
                + (it.cause() == null ? "" : " (" + it.cause().replace('_', ' ') + ")");
    }

    // ------------------------------------------------------------------------------------------------ settings

    public record SettingsView(Integer hideAfter, boolean digest) {}

    public SettingsView settings(Relay r) {
        QueueStore.Settings s = store.settings(r.id());
        return new SettingsView(s.hideAfter(), s.digest());
    }

    /** Changes what is given (null: unchanged); hide_after 0 turns hiding off. */
    public SettingsView saveSettings(Relay r, Integer hideAfter, Boolean digest, Actor actor) {
        if (hideAfter != null && hideAfter != 0 && (hideAfter < 2 || hideAfter > 1000))
            throw Failure.invalidField(
                    "hide_after",
                    "hide after must be between 2 and 1000 reports (one member's report alone never hides a post), or 0 for off");
        return store.jdbi().inTransaction(h -> {
            QueueStore.Settings was = store.settings(h, r.id());
            QueueStore.Settings now = new QueueStore.Settings(
                    hideAfter == null ? was.hideAfter() : hideAfter == 0 ? null : hideAfter,
                    digest == null ? was.digest() : digest);
            store.saveSettings(h, r.id(), now, actor, Epoch.seconds(clock));
            Map<String, Object> changes = new LinkedHashMap<>();
            if (!java.util.Objects.equals(was.hideAfter(), now.hideAfter()))
                changes.put(
                        "hide after reports", now.hideAfter() == null ? "off" : now.hideAfter() + " members' reports");
            if (was.digest() != now.digest()) changes.put("hourly digest", now.digest() ? "on" : "off");
            if (!changes.isEmpty())
                outcomes.record(
                        h,
                        r,
                        "queue_settings",
                        "Moderation queue settings: "
                                + String.join(
                                        ", ",
                                        changes.entrySet().stream()
                                                .map(e -> e.getKey() + " " + e.getValue())
                                                .toList()),
                        actor,
                        Epoch.seconds(clock));
            return new SettingsView(now.hideAfter(), now.digest());
        });
    }

    private static String name(Map<String, Profiles.Profile> profiles, String pk) {
        Profiles.Profile p = pk == null ? null : profiles.get(pk);
        return p == null ? null : p.name();
    }

    private static List<String> sorted(Set<String> s) {
        return s.stream().sorted().toList();
    }
}
