package caravel.moderation;

import caravel.domain.Failure;
import caravel.domain.Validation;
import caravel.members.Members;
import caravel.nostr.Event;
import caravel.nostr.Filter;
import caravel.nostr.Nip19;
import caravel.relayaccess.Deps;
import caravel.relayaccess.Profiles;
import caravel.relayaccess.RelayAccess;
import caravel.relayaccess.RelayRpc;
import caravel.relayaccess.RelaySocket;
import caravel.relayaccess.SystemEvents;
import caravel.store.Relay;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Bans and the content browser of one relay (its reports are {@link Reports}'). zooid does the work (NIP-86 ban/allow
 * of pubkeys and events; reading as the relay key after NIP-42 AUTH); Caravel keeps only what zooid cannot: the terms
 * of bans and the reasons for deleted events. Every action and its outcome is an activity row with its actor.
 */
public final class Moderation {
    public static final int MAX_REASON = Validation.MAX_REASON;
    private final Deps d;
    private final BanEffects effects;
    private final BanTermStore terms;
    private final TemporaryBans temporary;
    private final TeamMembers team;

    /** The code of the refusal to ban someone on the relay's team. */
    public static final String TEAM_MEMBER = "team_member";

    public Moderation(Deps d, BanEffects effects, BanTermStore terms, TemporaryBans temporary, TeamMembers team) {
        this.d = d;
        this.team = team;
        this.effects = effects;
        this.terms = terms;
        this.temporary = temporary;
    }

    // ------------------------------------------------------------------------------------------------ bans

    /**
     * A ban on the relay: zooid's list, with what Caravel kept of it (null for a ban given outside Caravel, say from a
     * Nostr app): when and by whom, and when it lifts itself ({@code until}, null for a ban without end).
     */
    public record Ban(
            String pubkey,
            String npub,
            String reason,
            String name,
            String picture,
            Long bannedAt,
            String bannedBy,
            Long until) {}

    public List<Ban> bans(Relay r) {
        JsonNode result = d.rpc().call(d.access().target(r), "listbannedpubkeys", List.of(), "list its banned people");
        List<String> pks = new ArrayList<>();
        for (JsonNode b : result) pks.add(b.path("pubkey").asText());
        Map<String, Profiles.Profile> profiles = d.profiles().lookup(pks);
        Map<String, BanTermStore.Term> kept = terms.standing(r.id());
        List<Ban> out = new ArrayList<>();
        for (JsonNode b : result) {
            String pk = b.path("pubkey").asText();
            Profiles.Profile p = profiles.getOrDefault(pk, Profiles.Profile.NONE);
            BanTermStore.Term t = kept.get(pk);
            // Caravel's reason for a ban given through it (zooid keeps the first reason when a ban is given again);
            // zooid's for a ban given elsewhere (a Nostr app)
            String reason = t != null && !t.reason().isEmpty()
                    ? t.reason()
                    : b.path("reason").asText("");
            out.add(new Ban(
                    pk,
                    npubOrNull(pk),
                    reason,
                    p.name(),
                    p.picture(),
                    t == null ? null : t.bannedAt(),
                    t == null ? null : t.bannedBy(),
                    t == null ? null : t.untilAt()));
        }
        return out;
    }

    /** banpubkey: zooid removes the membership and deletes every event the pubkey wrote on the relay. */
    public void ban(Relay r, String pubkey, String reason, String actor) {
        ban(r, pubkey, reason, null, actor);
    }

    /**
     * A ban, lifting itself at {@code until} (epoch seconds; null: no end). Banning someone banned already gives the ban
     * these terms instead (a new end, or none).
     */
    public void ban(Relay r, String pubkey, String reason, Long until, String actor) {
        // here, where every ban of a relay passes (the bans route, reports, the queue, a restore)
        String why = Validation.reason(reason);
        TemporaryBans.check(until, d.now());
        if (pubkey.equals(r.tenant()))
            throw Failure.conflict("the relay's owner cannot be banned from their own relay");
        // zooid lets the keys its config's roles name back in (added, unbanned) on every reload of that config: a ban
        // on a team member would not hold, so it is refused here, where every ban of a relay passes (the bans route,
        // the moderation queue)
        if (team.onTeam(r.id(), pubkey))
            throw new Failure(
                    Failure.Kind.CONFLICT,
                    TEAM_MEMBER,
                    "pubkey",
                    "this person is on the relay's team: remove them from the team first, then ban them");
        RelayAccess.Target t = d.access().target(r);
        if (pubkey.equals(t.pubkey())) throw Failure.invalid("that is the relay's own key");
        // zooid's ban ends the membership and its unban does not give it back: what the ban ends is kept, so that
        // lifting it through Caravel makes the key a member again
        Boolean wasMember = memberNow(r, pubkey);
        ask(
                r,
                "banpubkey",
                List.of(pubkey, why),
                "ban this person",
                "ban_failed",
                "Banning " + Nip19.shortNpub(pubkey),
                actor);
        // this relay's own ban: lifting a platform ban of the same pubkey leaves it in place
        effects.platformBans().ownerActed(r.id(), pubkey, "banned");
        long now = d.now();
        d.jdbi().useTransaction(h -> {
            terms.banned(h, new BanTermStore.NewTerms(r.id(), pubkey, why, now, actor, until, wasMember));
            temporary.schedule(h, r.id(), pubkey, until);
        });
        d.log(
                r,
                "pubkey_banned",
                "Banned " + Nip19.shortNpub(pubkey) + (until == null ? "" : " until " + TemporaryBans.at(until))
                        + (why.isEmpty() ? "" : " (" + why + ")")
                        + "; the relay deleted everything they wrote there",
                actor);
        // zooid's ban ends the membership: the name goes with it at once
        effects.names().membershipEnded(r, pubkey, actor);
        // and whatever they paid for here ends too (paid admission)
        effects.rule().announce(r, pubkey);
    }

    /**
     * Whether the key is a member of the relay right now, as zooid lists its members; null when the list cannot be read
     * (the ban goes ahead; its lifting then restores the membership only when asked to).
     */
    private Boolean memberNow(Relay r, String pubkey) {
        try {
            return d.management().listMembers(r).stream()
                    .anyMatch(m -> m.pubkey().equals(pubkey));
        } catch (Failure e) {
            return null;
        }
    }

    /** The code of the refusal to lift a platform ban by anyone but the relay's owner (forbidden). */
    public static final String PLATFORM_BAN = "platform_ban";

    /**
     * As {@link #unban(Relay, String, boolean, boolean, String)} by someone who is not the relay's owner (a platform ban
     * standing on the relay is not theirs to lift).
     */
    public boolean unban(Relay r, String pubkey, boolean restoreMembership, String actor) {
        return unban(r, pubkey, restoreMembership, false, actor);
    }

    /**
     * unbanpubkey, and the membership the ban ended given back (allowpubkey, within the plan's allowance): always when
     * the key was a member when Caravel banned it, is the relay's owner or is on its team (zooid's unban lifts the ban
     * only), and with {@code restoreMembership} for any key. This is also how an owner takes back someone they banned:
     * adding a banned key as a member is refused ({@link Members#add}).
     *
     * <p>A platform ban standing on the relay is lifted there by its owner alone ({@code byOwner}: the owner or a
     * platform administrator): the team is refused as forbidden ({@value #PLATFORM_BAN}), and nothing changes on the relay.
     *
     * @return whether the key is a member again
     */
    public boolean unban(Relay r, String pubkey, boolean restoreMembership, boolean byOwner, String actor) {
        if (!byOwner && effects.platformBans().standsOn(r.id(), pubkey))
            throw new Failure(
                    Failure.Kind.FORBIDDEN,
                    PLATFORM_BAN,
                    "pubkey",
                    "this key is banned on every relay Caravel hosts (a platform ban): only the relay's owner can"
                            + " lift it on this relay");
        boolean owner = pubkey.equals(r.tenant());
        boolean onTeam = team.onTeam(r.id(), pubkey);
        boolean wasMember = terms.find(r.id(), pubkey)
                .filter(BanTermStore.Term::standing)
                .map(BanTermStore.Term::memberWhenBanned)
                .orElse(false);
        ask(
                r,
                "unbanpubkey",
                List.of(pubkey),
                "lift this ban",
                "unban_failed",
                "Lifting the ban on " + Nip19.shortNpub(pubkey),
                actor);
        // this relay's own decision about a platform ban in place here: lifting that ban later leaves it as it is
        effects.platformBans().ownerActed(r.id(), pubkey, "unbanned");
        // lifted early: its own lift, if it had one, is withdrawn
        long now = d.now();
        d.jdbi().useTransaction(h -> {
            terms.lifted(h, r.id(), pubkey, now, actor, "by_hand", null);
            temporary.cancel(h, r.id(), pubkey);
        });
        boolean restore = restoreMembership || wasMember || owner || onTeam;
        String why = owner
                ? "the relay's owner"
                : onTeam ? "on the relay's team" : wasMember ? "a member when banned" : "as asked";
        Failure notRestored = null;
        if (restore)
            try {
                if (owner || onTeam)
                    // zooid keeps them members whatever the plan allows (it re-adds them at every load): no allowance
                    d.rpc().call(d.access().target(r), "allowpubkey", List.of(pubkey), "make them a member again");
                else effects.members().add(r, pubkey, actor);
            } catch (Members.CapReached e) {
                // the ban is lifted either way; say so, or the owner would think nothing happened
                notRestored = Failure.conflict("The ban is lifted, but membership was not restored: " + e.getMessage());
            } catch (Failure e) {
                if (!Members.ALREADY_MEMBER.equals(e.code())) notRestored = e;
            }
        boolean restored = restore && notRestored == null;
        d.log(
                r,
                "pubkey_unbanned",
                "Ban on " + Nip19.shortNpub(pubkey) + " lifted (their deleted events are not restored)"
                        + (restored ? "; a member again (" + why + ")" : "")
                        + (notRestored != null ? "; membership not restored: " + notRestored.getMessage() : ""),
                actor);
        if (notRestored != null) throw notRestored;
        return restored;
    }

    /**
     * Asks the relay to {@code what} (NIP-86 {@code method}); when it refuses or cannot be asked, the attempt is
     * logged as {@code failedKind} ("{@code attempt} failed: why") and the failure passed on.
     */
    private void ask(
            Relay r, String method, List<?> params, String what, String failedKind, String attempt, String actor) {
        try {
            d.rpc().call(d.access().target(r), method, params, what);
        } catch (Failure e) {
            d.log(r, failedKind, attempt + " failed: " + e.getMessage(), actor);
            throw e;
        }
    }

    // ------------------------------------------------------------------------------------------------ events

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
        String relayKey = d.access().target(r).pubkey();
        List<Event> kept = new ArrayList<>();
        Long cursor = until;
        Long next = null;
        try (RelaySocket s = d.socket(r)) {
            for (int round = 0; round < MAX_ROUNDS; round++) {
                // each further read asks for twice as many, so a second crowded with bookkeeping (zooid writes an
                // 8000 and a 13534 with each join) is read whole instead of being skipped
                int want = (int) Math.min(500L, (long) limit << round);
                Filter f =
                        new Filter(null, author == null ? null : List.of(author), kinds, Map.of(), null, cursor, want);
                List<Event> page = new ArrayList<>(s.query(List.of(f), Deps.SOCKET_TIMEOUT));
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

    public void deleteEvent(Relay r, String eventId, String reason, String actor) {
        String why = Validation.reason(reason);
        Event e = fetchOne(r, eventId);
        if (e != null && e.pubkey().equals(d.access().target(r).pubkey()))
            throw Failure.conflict("This is the relay's own record (kind " + e.kind()
                    + "), not someone's post; it cannot be deleted. To change who is a member, use Members.");
        ask(
                r,
                "banevent",
                List.of(eventId, why),
                "delete this event",
                "event_delete_failed",
                "Deleting event " + eventId.substring(0, 8),
                actor);
        long now = d.now();
        d.jdbi().useTransaction(h -> {
            d.store()
                    .eventBanned(
                            h,
                            r.id(),
                            eventId,
                            e == null ? null : e.pubkey(),
                            e == null ? null : e.kind(),
                            why,
                            actor,
                            now);
            d.activity()
                    .add(
                            h,
                            r.tenant(),
                            r.id(),
                            "event_deleted",
                            "Event " + eventId.substring(0, 8)
                                    + (e == null
                                            ? ""
                                            : " (kind " + e.kind() + " by " + Nip19.shortNpub(e.pubkey()) + ")")
                                    + " deleted"
                                    + (why.isEmpty() ? "" : ": " + why),
                            actor,
                            now);
        });
    }

    /** allowevent: the id may be published again; the deleted copy is gone for good. */
    public void undoDelete(Relay r, String eventId, String actor) {
        ask(
                r,
                "allowevent",
                List.of(eventId),
                "allow this event again",
                "event_allow_failed",
                "Allowing event " + eventId.substring(0, 8) + " again",
                actor);
        long now = d.now();
        d.jdbi().useTransaction(h -> {
            d.store().eventAllowed(h, r.id(), eventId, actor, now);
            d.activity()
                    .add(
                            h,
                            r.tenant(),
                            r.id(),
                            "event_allowed",
                            "Event " + eventId.substring(0, 8)
                                    + " allowed again; the deleted copy is gone, so it reappears only if someone publishes it again",
                            actor,
                            now);
        });
    }

    /** The event {@code id} as the relay has it; null when it has none or would not say. */
    Event fetchOne(Relay r, String id) {
        try (RelaySocket s = d.socket(r)) {
            List<Event> got =
                    s.query(List.of(new Filter(List.of(id), null, null, Map.of(), null, null, 1)), Deps.SOCKET_TIMEOUT);
            return got.isEmpty() ? null : got.get(0);
        } catch (RelaySocket.RelayRefused e) {
            return null;
        }
    }

    static String npubOrNull(String pk) {
        return pk == null ? null : Nip19.npub(pk);
    }
}
