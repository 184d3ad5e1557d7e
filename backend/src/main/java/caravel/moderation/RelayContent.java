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
import caravel.relayaccess.RelayAccess;
import caravel.relayaccess.RelayCalls;
import caravel.relayaccess.RelayKeySockets;
import caravel.relayaccess.RelayRpc;
import caravel.relayaccess.RelaySocket;
import caravel.relayaccess.SystemEvents;
import caravel.store.Relay;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The content browser of one relay: its events read as the relay key (after NIP-42 AUTH), and an event deleted
 * (NIP-86 {@code banevent}) or allowed again; Caravel keeps the reasons for deleted events, which zooid cannot.
 */
public record RelayContent(
        RelayAccess access,
        RelayKeySockets sockets,
        RelayCalls calls,
        CommunityStore store,
        OutcomeLog outcomes,
        Clock clock) {

    /** {@code system}: the relay's own bookkeeping ({@link SystemEvents}), shown read-only. */
    public record EventView(
            String id,
            String pubkey,
            String npub,
            long createdAt,
            int kind,
            List<List<String>> tags,
            String content,
            boolean system) {
        static EventView of(Event e) {
            return of(e, false);
        }

        static EventView of(Event e, boolean system) {
            return new EventView(
                    e.id(), e.pubkey(), npubOrNull(e.pubkey()), e.createdAt(), e.kind(), e.tags(), e.content(), system);
        }
    }

    public record EventPage(List<EventView> items, Long nextUntil) {}

    /** Rounds of reading further back when a page came back all system events and they are hidden. */
    static final int MAX_ROUNDS = 5;

    /**
     * One page of the relay's events, newest first. Without {@code includeSystem} the relay's own bookkeeping
     * ({@link SystemEvents}) is left out: a Nostr filter cannot exclude kinds, so pages are read until {@code limit}
     * people's events are found, the relay has no more, or {@link #MAX_ROUNDS} reads (each asking for twice as
     * many); {@code nextUntil} then continues
     * after the last page read, so nothing is skipped, and a short page with a nextUntil means "there may be more".
     */
    public EventPage events(Relay r, List<Integer> kinds, String author, Long until, int limit, boolean includeSystem) {
        String relayKey = access.target(r).pubkey();
        List<Event> kept = new ArrayList<>();
        Long cursor = until;
        Long next = null;
        try (RelaySocket s = sockets.open(r)) {
            for (int round = 0; round < MAX_ROUNDS; round++) {
                // each further read asks for twice as many, so a second crowded with bookkeeping (zooid writes an
                // 8000 and a 13534 with each join) is read whole instead of being skipped
                int want = (int) Math.min(500L, (long) limit << round);
                Filter f =
                        new Filter(null, author == null ? null : List.of(author), kinds, Map.of(), null, cursor, want);
                List<Event> page = new ArrayList<>(s.query(List.of(f), RelayKeySockets.TIMEOUT));
                page.sort(Comparator.comparingLong(Event::createdAt).reversed().thenComparing(Event::id));
                for (Event e : page)
                    if (includeSystem || !SystemEvents.isSystem(e, relayKey))
                        if (kept.stream().noneMatch(k -> k.id().equals(e.id()))) kept.add(e);
                // the next page starts at the oldest second read: events of that second may repeat, never go missing
                next = page.size() < want ? null : page.get(page.size() - 1).createdAt();
                boolean oneSecond = next != null && cursor != null && next.longValue() == cursor.longValue();
                if (next == null || kept.size() >= limit || round == MAX_ROUNDS - 1) {
                    if (oneSecond) next = cursor - 1; // a full page in one second: no way to page within it
                    break;
                }
                cursor = next; // unchanged for a full page in one second: read it again, asking for more
            }
        } catch (RelaySocket.RelayRefused e) {
            throw Failure.upstream("The relay would not show its events: " + RelayRpc.sentence(e.getMessage()));
        }
        if (kept.size() > limit) {
            // several rounds: cut at a second boundary so the next page (until that second) repeats, never skips
            next = kept.get(limit - 1).createdAt();
            kept = new ArrayList<>(kept.subList(0, limit));
        }
        return new EventPage(
                kept.stream()
                        .map(e -> EventView.of(e, SystemEvents.isSystem(e, relayKey)))
                        .toList(),
                next);
    }

    public void deleteEvent(Relay r, String eventId, String reason, Actor actor) {
        String why = Validation.reason(reason);
        Event e = fetchOne(r, eventId);
        if (e != null && e.pubkey().equals(access.target(r).pubkey()))
            throw Failure.conflict("This is the relay's own record (kind " + e.kind()
                    + "), not someone's post; it cannot be deleted. To change who is a member, use Members.");
        calls.attempt(
                r,
                "banevent",
                List.of(eventId, why),
                "delete this event",
                "event_delete_failed",
                "Deleting event " + eventId.substring(0, 8),
                actor);
        long now = Epoch.seconds(clock);
        store.jdbi().useTransaction(h -> {
            store.eventBanned(
                    h, r.id(), eventId, e == null ? null : e.pubkey(), e == null ? null : e.kind(), why, actor, now);
            outcomes.record(
                    h,
                    r,
                    "event_deleted",
                    "Event " + eventId.substring(0, 8)
                            + (e == null ? "" : " (kind " + e.kind() + " by " + Nip19.shortNpub(e.pubkey()) + ")")
                            + " deleted"
                            + (why.isEmpty() ? "" : ": " + why),
                    actor,
                    now);
        });
    }

    /** allowevent: the id may be published again; the deleted copy is gone for good. */
    public void undoDelete(Relay r, String eventId, Actor actor) {
        calls.attempt(
                r,
                "allowevent",
                List.of(eventId),
                "allow this event again",
                "event_allow_failed",
                "Allowing event " + eventId.substring(0, 8) + " again",
                actor);
        long now = Epoch.seconds(clock);
        store.jdbi().useTransaction(h -> {
            store.eventAllowed(h, r.id(), eventId, actor, now);
            outcomes.record(
                    h,
                    r,
                    "event_allowed",
                    "Event " + eventId.substring(0, 8)
                            + " allowed again; the deleted copy is gone, so it reappears only if someone publishes it again",
                    actor,
                    now);
        });
    }

    /** The event {@code id} as the relay has it; null when it has none or would not say. */
    Event fetchOne(Relay r, String id) {
        try (RelaySocket s = sockets.open(r)) {
            List<Event> got = s.query(
                    List.of(new Filter(List.of(id), null, null, Map.of(), null, null, 1)), RelayKeySockets.TIMEOUT);
            return got.isEmpty() ? null : got.get(0);
        } catch (RelaySocket.RelayRefused e) {
            return null;
        }
    }

    static String npubOrNull(String pk) {
        return pk == null ? null : Nip19.npub(pk);
    }
}
