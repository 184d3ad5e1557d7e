package caravel.admission;

import caravel.bans.BanRule;
import caravel.domain.Actor;
import caravel.domain.Epoch;
import caravel.domain.Failure;
import caravel.members.Members;
import caravel.names.RelayMemberStore;
import caravel.nostr.Nip19;
import caravel.relayaccess.Profiles;
import caravel.store.ActivityLog;
import caravel.store.Ids;
import caravel.store.Relay;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * People asking to join, for {@link JoinRequests}: a person's request (from the join page, or a NIP-43 join from a
 * Nostr app) and their own view of it, and the team's list of the requests waiting.
 *
 * @param store        the relays' join settings and requests
 * @param relayMembers the relays' last heard member lists (a member asks for nothing)
 * @param profiles     the requesters' profiles, where known
 */
record JoinAsks(
        Jdbi jdbi,
        Clock clock,
        JoinRequestStore store,
        ActivityLog activity,
        RelayMemberStore relayMembers,
        BanRule bans,
        Function<Collection<String>, Map<String, Profiles.Profile>> profiles) {

    private boolean member(Relay r, String pubkey) {
        return pubkey.equals(r.tenant()) || relayMembers.isMember(r.id(), pubkey);
    }

    /** The requester's own standing on the relay. */
    JoinRequests.Mine mine(Relay r, String pubkey) {
        var latest = store.latest(r.id(), pubkey);
        if (member(r, pubkey))
            return new JoinRequests.Mine("member", latest.map(JoinRequest::id).orElse(null), null, null, null);
        return latest.map(q -> new JoinRequests.Mine(
                        q.status() == JoinRequest.Status.DECIDING
                                ? "pending"
                                : q.status().wire(),
                        q.id(),
                        q.createdAt(),
                        q.decidedAt(),
                        q.message()))
                .orElse(new JoinRequests.Mine("none", null, null, null, null));
    }

    /**
     * Files a request for {@code pubkey} (the signed-in person: a request is never made for another key). Refused on a
     * relay that does not ask, for a member, for a banned key, and while the key has one waiting.
     */
    JoinRequests.Mine request(Relay r, String pubkey, String message, JoinRequest.Source source) {
        String text = JoinRequests.message(message);
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
        long now = Epoch.seconds(clock);
        JoinRequest q =
                new JoinRequest(Ids.newId(), r.id(), pubkey, text, source, JoinRequest.Status.PENDING, now, null, null);
        boolean filed;
        try {
            filed = jdbi.inTransaction(h -> {
                if (!store.insert(h, q)) return false;
                activity.add(
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

    JoinRequests.Listing list(Relay r) {
        List<JoinRequest> open = store.pending(r.id(), JoinRequests.LIST_LIMIT);
        Map<String, Profiles.Profile> known =
                profiles.apply(open.stream().map(JoinRequest::pubkey).toList());
        List<JoinRequests.Item> items = new ArrayList<>();
        for (JoinRequest q : open) {
            Profiles.Profile p = known.getOrDefault(q.pubkey(), Profiles.Profile.NONE);
            items.add(new JoinRequests.Item(
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
        return new JoinRequests.Listing(items, store.pendingCount(r.id()));
    }
}
