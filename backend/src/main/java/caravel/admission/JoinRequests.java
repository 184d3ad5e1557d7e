package caravel.admission;

import caravel.auth.Principal;
import caravel.domain.Actor;
import caravel.domain.Validation;
import caravel.members.Members;
import caravel.store.Relay;
import java.util.List;

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

    private final JoinSettings joinSettings;
    private final JoinAsks asks;
    private final JoinDecisions decisions;

    /**
     * @param joinSettings whether strangers ask to join, and the terms
     * @param asks         people's requests, and the team's list of them
     * @param decisions    the team's approvals and denials
     */
    JoinRequests(JoinSettings joinSettings, JoinAsks asks, JoinDecisions decisions) {
        this.joinSettings = joinSettings;
        this.asks = asks;
        this.decisions = decisions;
    }

    public JoinRequestStore.Settings raw(Relay r) {
        return joinSettings.raw(r);
    }

    public Settings settings(Relay r) {
        return joinSettings.settings(r);
    }

    /**
     * Sets whether strangers ask to join and the terms; a null value keeps what is set. Requests already waiting stay
     * when asking is turned off (the team still decides them).
     */
    public Settings update(Relay r, Boolean askToJoin, String terms, Principal p) {
        return joinSettings.update(r, askToJoin, terms, p);
    }

    static String terms(String given) {
        return Validation.text("terms", given, MAX_TERMS, true);
    }

    static String message(String given) {
        return Validation.text("message", given, MAX_MESSAGE, true);
    }

    /** The requester's own standing on the relay. */
    public Mine mine(Relay r, String pubkey) {
        return asks.mine(r, pubkey);
    }

    /**
     * Files a request for {@code pubkey} (the signed-in person: a request is never made for another key). Refused on a
     * relay that does not ask, for a member, for a banned key, and while the key has one waiting.
     */
    public Mine request(Relay r, String pubkey, String message, JoinRequest.Source source) {
        return asks.request(r, pubkey, message, source);
    }

    public Listing list(Relay r) {
        return asks.list(r);
    }

    /** The outcome of a decision: the request's new status. */
    public record Decision(String id, String pubkey, String status) {}

    /**
     * Approves a waiting request. A free relay admits through {@link Members#add} (a full relay, a banned key: the
     * refusal is the answer and the request keeps waiting); a priced relay records the approval and tells the person
     * to pay on the join page, which sells only to approved people while the relay asks to join.
     */
    public Decision approve(Relay r, String id, Actor actor) {
        return decisions.approve(r, id, actor);
    }

    /** Denies a waiting request; the person is told by DM. */
    public Decision deny(Relay r, String id, Actor actor) {
        return decisions.deny(r, id, actor);
    }
}
