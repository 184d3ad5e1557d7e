package caravel.admission;

import caravel.bans.BanRule;
import caravel.domain.Actor;
import caravel.domain.Failure;
import caravel.members.Members;
import caravel.nostr.Nip19;
import caravel.store.Relay;

/**
 * The team's decisions on join requests, for {@link JoinRequests}: approving admits through {@link Members#add} on a
 * free relay, or lets the person buy membership on the join page of a priced one; denying tells the person.
 *
 * @param claims     the decision's compare-and-set
 * @param admissions whether the relay is priced
 * @param members    community's members of each relay
 * @param pages      the join page an approved person is sent to
 */
record JoinDecisions(RequestClaims claims, AdmissionStore admissions, BanRule bans, Members members, JoinPages pages) {

    /**
     * Approves a waiting request. A free relay admits through {@link Members#add} (a full relay, a banned key: the
     * refusal is the answer and the request keeps waiting); a priced relay records the approval and tells the person
     * to pay on the join page, which sells only to approved people while the relay asks to join.
     */
    JoinRequests.Decision approve(Relay r, String id, Actor actor) {
        JoinRequest q = claims.claim(r, id, actor);
        try {
            // a priced relay admits once the approved person pays on the join page; a free one admits now
            boolean toPay = admissions.find(r.id()).priced();
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
            claims.finish(
                    r,
                    q,
                    status,
                    actor,
                    toPay ? "join_approved_to_pay" : "join_approved",
                    toPay ? approved + ": they are asked to pay" : approved,
                    toPay
                            ? told + ". Membership is paid: finish joining on " + pages.joinUrl(r)
                            : told + ": you are a member now. Its address: " + pages.joinUrl(r));
            return new JoinRequests.Decision(q.id(), q.pubkey(), status.wire());
        } catch (RuntimeException e) {
            // nothing was decided: the request waits again (a full relay may have room later)
            claims.release(r, q);
            throw e;
        }
    }

    /** Denies a waiting request; the person is told by DM. */
    JoinRequests.Decision deny(Relay r, String id, Actor actor) {
        JoinRequest q = claims.claim(r, id, actor);
        claims.finish(
                r,
                q,
                JoinRequest.Status.DENIED,
                actor,
                "join_denied",
                "Join request of " + Nip19.shortNpub(q.pubkey()) + " denied",
                "Your request to join " + r.name() + " was declined by its team.");
        return new JoinRequests.Decision(q.id(), q.pubkey(), JoinRequest.Status.DENIED.wire());
    }
}
