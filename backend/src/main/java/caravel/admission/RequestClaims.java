package caravel.admission;

import caravel.domain.Actor;
import caravel.domain.Epoch;
import caravel.domain.Failure;
import caravel.robot.Robot;
import caravel.store.ActivityLog;
import caravel.store.Relay;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/**
 * A join request's decision as a compare-and-set, for {@link JoinDecisions}: taken from pending to deciding (so two
 * decisions at once act once), then finished (recorded, and the person told by DM) or released to wait again.
 *
 * @param store the relays' join settings and requests
 */
record RequestClaims(Jdbi jdbi, Clock clock, JoinRequestStore store, ActivityLog activity, Robot robot) {

    /** Takes a waiting request for a decision (pending to deciding), or says why it cannot be decided. */
    JoinRequest claim(Relay r, String id, Actor actor) {
        JoinRequest q = store.find(r.id(), id).orElseThrow(() -> Failure.notFound("join request not found"));
        boolean taken = jdbi.inTransaction(h -> store.transition(
                h, r.id(), id, JoinRequest.Status.PENDING, JoinRequest.Status.DECIDING, Epoch.seconds(clock), actor));
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

    /** Nothing was decided: the request waits again. */
    void release(Relay r, JoinRequest q) {
        jdbi.useHandle(h -> store.transition(
                h,
                r.id(),
                q.id(),
                JoinRequest.Status.DECIDING,
                JoinRequest.Status.PENDING,
                Epoch.seconds(clock),
                null));
    }

    private static String shown(JoinRequest.Status s) {
        return switch (s) {
            case PENDING, DECIDING -> "another decision is being made";
            case APPROVED -> "approved";
            case TO_PAY -> "approved, waiting for payment";
            case DENIED -> "denied";
        };
    }

    void finish(Relay r, JoinRequest q, JoinRequest.Status to, Actor actor, String kind, String entry, String dm) {
        long now = Epoch.seconds(clock);
        jdbi.useTransaction(h -> {
            store.transition(h, r.id(), q.id(), JoinRequest.Status.DECIDING, to, now, actor);
            activity.add(h, r.tenant(), r.id(), kind, entry, actor, now);
            robot.sendDm(h, q.pubkey(), dm, r.tenant(), r.id(), "join-request:" + q.id());
        });
    }
}
