package caravel.admission;

import caravel.auth.Principal;
import caravel.bans.BanRule;
import caravel.domain.Actor;
import caravel.domain.Failure;
import caravel.domain.Validation;
import caravel.members.Members;
import caravel.names.RelayMemberStore;
import caravel.nostr.Nip19;
import caravel.relayaccess.Profiles;
import caravel.relays.RelayStateMachine;
import caravel.relays.RelayTransitions;
import caravel.robot.Robot;
import caravel.store.Ids;
import caravel.store.Relay;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * "Ask to join" relays: their settings (whether strangers ask, and the terms they read first), a person's request
 * (from the join page, or a NIP-43 join from a Nostr app), and the team's decision. Approving admits through
 * {@link Members#add} (the plan's allowance and the ban rule decide there), except on a priced relay, where approval
 * only lets the person buy membership on the join page ({@link Joins#join} refuses newcomers without it). A decision
 * is a compare-and-set from pending, so two approvals at once admit once.
 */
public final class JoinRequests {
    public static final int MAX_TERMS = 4000;
    public static final int MAX_MESSAGE = 500;
    /** The most open requests a listing shows (oldest first: the ones waiting longest). */
    static final int LIST_LIMIT = 500;

    /** The relay's join settings as its owner sees them, with the number of requests waiting. */
    public record Settings(boolean askToJoin, String terms, int pending, String termsUrl) {}

    /** One request in the team's list, with the requester's profile where one is known. */
    public record Item(
            String id,
            String pubkey,
            String npub,
            String name,
            String picture,
            String message,
            String source,
            String status,
            long createdAt) {}

    public record Listing(List<Item> items, int pending) {}

    /**
     * The requester's own view: none, pending, approved (a member), to_pay (approved, membership is bought on the join
     * page), denied, or member (a member already, without a request).
     */
    public record Mine(String status, String requestId, Long createdAt, Long decidedAt, String message) {}

    private final AdmissionData d;
    private final JoinRequestStore store;
    private final Members members;
    private final BanRule bans;
    private final RelayMemberStore relayMembers;
    private final Function<Collection<String>, Map<String, Profiles.Profile>> profiles;
    private final Robot robot;
    private final JoinPages pages;
    private final RelayTransitions transitions;

    /**
     * @param pages the relays' join pages (where a requester sees their request and, on a priced relay, pays)
     * @param transitions what a suspended account may not change (its relays' join settings included)
     */
    public JoinRequests(
            AdmissionData d,
            Members members,
            BanRule bans,
            RelayMemberStore relayMembers,
            Function<Collection<String>, Map<String, Profiles.Profile>> profiles,
            Robot robot,
            JoinPages pages,
            RelayTransitions transitions) {
        this.transitions = transitions;
        this.d = d;
        this.store = d.requests();
        this.members = members;
        this.bans = bans;
        this.relayMembers = relayMembers;
        this.profiles = profiles;
        this.robot = robot;
        this.pages = pages;
    }

    public JoinRequestStore.Settings raw(Relay r) {
        return store.settings(r.id());
    }

    public Settings settings(Relay r) {
        JoinRequestStore.Settings s = store.settings(r.id());
        return new Settings(s.askToJoin(), s.terms(), store.pendingCount(r.id()), pages.termsUrl(r));
    }

    /**
     * Sets whether strangers ask to join and the terms; a null value keeps what is set. Requests already waiting stay
     * when asking is turned off (the team still decides them).
     */
    public Settings update(Relay r, Boolean askToJoin, String terms, Principal p) {
        Actor actor = p.actor();
        RelayStateMachine.Role who = p.admin() ? RelayStateMachine.Role.ADMIN : RelayStateMachine.Role.TENANT;
        JoinRequestStore.Settings current = store.settings(r.id());
        String t = terms == null ? current.terms() : terms(terms);
        boolean ask = askToJoin == null ? current.askToJoin() : askToJoin;
        JoinRequestStore.Settings next = new JoinRequestStore.Settings(r.id(), ask, t, d.now());
        d.jdbi().useTransaction(h -> {
            transitions.checkEditable(h, r, who);
            store.putSettings(h, next);
            String what = (ask ? "Joining set to ask to join" : "Joining set to invite links only")
                    + (t.equals(current.terms()) ? "" : t.isEmpty() ? "; terms removed" : "; terms updated");
            d.activity().add(h, r.tenant(), r.id(), "join_settings", what, actor, d.now());
        });
        return settings(r);
    }

    static String terms(String given) {
        return Validation.text("terms", given, MAX_TERMS, true);
    }

    static String message(String given) {
        return Validation.text("message", given, MAX_MESSAGE, true);
    }

    private boolean member(Relay r, String pubkey) {
        return pubkey.equals(r.tenant()) || relayMembers.isMember(r.id(), pubkey);
    }

    /** The requester's own standing on the relay. */
    public Mine mine(Relay r, String pubkey) {
        var latest = store.latest(r.id(), pubkey);
        if (member(r, pubkey))
            return new Mine("member", latest.map(JoinRequest::id).orElse(null), null, null, null);
        return latest.map(q -> new Mine(
                        q.status() == JoinRequest.Status.DECIDING
                                ? "pending"
                                : q.status().wire(),
                        q.id(),
                        q.createdAt(),
                        q.decidedAt(),
                        q.message()))
                .orElse(new Mine("none", null, null, null, null));
    }

    /**
     * Files a request for {@code pubkey} (the signed-in person: a request is never made for another key). Refused on a
     * relay that does not ask, for a member, for a banned key, and while the key has one waiting.
     */
    public Mine request(Relay r, String pubkey, String message, JoinRequest.Source source) {
        String text = message(message);
        if (!store.settings(r.id()).askToJoin())
            throw new Failure(
                    Failure.Kind.CONFLICT,
                    "not_asking",
                    null,
                    r.name() + " does not take join requests: ask its owner for an invite.");
        if (member(r, pubkey))
            throw new Failure(
                    Failure.Kind.CONFLICT,
                    Members.ALREADY_MEMBER,
                    null,
                    "You are a member of " + r.name() + " already.");
        bans.refuse(r, pubkey);
        long now = d.now();
        JoinRequest q =
                new JoinRequest(Ids.newId(), r.id(), pubkey, text, source, JoinRequest.Status.PENDING, now, null, null);
        boolean filed;
        try {
            filed = d.jdbi().inTransaction(h -> {
                if (!store.insert(h, q)) return false;
                d.activity()
                        .add(
                                h,
                                r.tenant(),
                                r.id(),
                                "join_requested",
                                Nip19.shortNpub(pubkey) + " asked to join"
                                        + (source == JoinRequest.Source.NIP43 ? " from a Nostr app" : ""),
                                Actor.person(pubkey),
                                now);
                return true;
            });
        } catch (UnableToExecuteStatementException e) {
            filed = false; // a second request of the same key raced this one: the unique index kept one
        }
        if (!filed)
            throw new Failure(
                    Failure.Kind.CONFLICT,
                    "request_pending",
                    null,
                    "You have asked to join " + r.name() + " already; your request is waiting for its team.");
        return mine(r, pubkey);
    }

    public Listing list(Relay r) {
        List<JoinRequest> open = store.pending(r.id(), LIST_LIMIT);
        Map<String, Profiles.Profile> known =
                profiles.apply(open.stream().map(JoinRequest::pubkey).toList());
        List<Item> items = new ArrayList<>();
        for (JoinRequest q : open) {
            Profiles.Profile p = known.getOrDefault(q.pubkey(), Profiles.Profile.NONE);
            items.add(new Item(
                    q.id(),
                    q.pubkey(),
                    Nip19.npub(q.pubkey()),
                    p.name(),
                    p.picture(),
                    q.message(),
                    q.source().wire(),
                    q.status() == JoinRequest.Status.DECIDING
                            ? "pending"
                            : q.status().wire(),
                    q.createdAt()));
        }
        return new Listing(items, store.pendingCount(r.id()));
    }

    /** The outcome of a decision: the request's new status. */
    public record Decision(String id, String pubkey, String status) {}

    /**
     * Approves a waiting request. A free relay admits through {@link Members#add} (a full relay, a banned key: the
     * refusal is the answer and the request keeps waiting); a priced relay records the approval and tells the person
     * to pay on the join page, which sells only to approved people while the relay asks to join.
     */
    public Decision approve(Relay r, String id, Actor actor) {
        JoinRequest q = claim(r, id, actor);
        try {
            // a priced relay admits once the approved person pays on the join page; a free one admits now
            boolean toPay = d.admissions().find(r.id()).priced();
            if (toPay) bans.refuse(r, q.pubkey());
            else
                try {
                    members.add(r, q.pubkey(), actor);
                } catch (Failure f) {
                    if (!Members.ALREADY_MEMBER.equals(f.code())) throw f;
                }
            JoinRequest.Status status = toPay ? JoinRequest.Status.TO_PAY : JoinRequest.Status.APPROVED;
            String approved = "Join request of " + Nip19.shortNpub(q.pubkey()) + " approved";
            String told = "Your request to join " + r.name() + " was approved";
            finish(
                    r,
                    q,
                    status,
                    actor,
                    toPay ? "join_approved_to_pay" : "join_approved",
                    toPay ? approved + ": they are asked to pay" : approved,
                    toPay
                            ? told + ". Membership is paid: finish joining on " + pages.joinUrl(r)
                            : told + ": you are a member now. Its address: " + pages.joinUrl(r));
            return new Decision(q.id(), q.pubkey(), status.wire());
        } catch (RuntimeException e) {
            // nothing was decided: the request waits again (a full relay may have room later)
            d.jdbi()
                    .useHandle(h -> store.transition(
                            h, r.id(), q.id(), JoinRequest.Status.DECIDING, JoinRequest.Status.PENDING, d.now(), null));
            throw e;
        }
    }

    /** Denies a waiting request; the person is told by DM. */
    public Decision deny(Relay r, String id, Actor actor) {
        JoinRequest q = claim(r, id, actor);
        finish(
                r,
                q,
                JoinRequest.Status.DENIED,
                actor,
                "join_denied",
                "Join request of " + Nip19.shortNpub(q.pubkey()) + " denied",
                "Your request to join " + r.name() + " was declined by its team.");
        return new Decision(q.id(), q.pubkey(), JoinRequest.Status.DENIED.wire());
    }

    /** Takes a waiting request for a decision (pending to deciding), or says why it cannot be decided. */
    private JoinRequest claim(Relay r, String id, Actor actor) {
        JoinRequest q = store.find(r.id(), id).orElseThrow(() -> Failure.notFound("join request not found"));
        boolean taken = d.jdbi()
                .inTransaction(h -> store.transition(
                        h, r.id(), id, JoinRequest.Status.PENDING, JoinRequest.Status.DECIDING, d.now(), actor));
        if (!taken)
            throw new Failure(
                    Failure.Kind.CONFLICT,
                    "request_decided",
                    null,
                    "This join request was decided already"
                            + store.find(r.id(), id)
                                    .map(x -> " (" + shown(x.status()) + ")")
                                    .orElse("")
                            + ".");
        return q;
    }

    private static String shown(JoinRequest.Status s) {
        return switch (s) {
            case PENDING, DECIDING -> "another decision is being made";
            case APPROVED -> "approved";
            case TO_PAY -> "approved, waiting for payment";
            case DENIED -> "denied";
        };
    }

    private void finish(
            Relay r, JoinRequest q, JoinRequest.Status to, Actor actor, String kind, String entry, String dm) {
        long now = d.now();
        d.jdbi().useTransaction(h -> {
            store.transition(h, r.id(), q.id(), JoinRequest.Status.DECIDING, to, now, actor);
            d.activity().add(h, r.tenant(), r.id(), kind, entry, actor, now);
            robot.sendDm(h, q.pubkey(), dm, r.tenant(), r.id(), "join-request:" + q.id());
        });
    }
}
