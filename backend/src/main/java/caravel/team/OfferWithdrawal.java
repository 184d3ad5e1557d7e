package caravel.team;

import caravel.domain.Actor;
import caravel.domain.Epoch;
import caravel.nostr.Nip19;
import caravel.robot.Robot;
import caravel.store.ActivityLog;
import caravel.store.Relay;
import java.time.Clock;
import org.jdbi.v3.core.Handle;

/**
 * Withdraws a relay's open transfer offer because of what happened to the relay (it was deleted, its account was
 * suspended), inside that change's transaction: the offer's id accepts nothing from then on, the relay's activity says
 * why, and the person it was offered to is told by DM.
 */
public record OfferWithdrawal(TransferStore store, ActivityLog activity, Robot robot, Clock clock) {

    /** Withdraws {@code r}'s open offer, if it has one, {@code because} (a phrase: "the relay was deleted"). */
    public void withdraw(Handle h, Relay r, String because) {
        store.forRelay(h, r.id()).ifPresent(o -> {
            if (!store.close(h, o.id())) return; // answered or withdrawn meanwhile
            activity.add(
                    h,
                    r.tenant(),
                    r.id(),
                    "transfer_withdrawn",
                    "Offer to " + Nip19.shortNpub(o.toPubkey()) + " withdrawn: " + because,
                    Actor.SYSTEM,
                    Epoch.seconds(clock));
            robot.sendDm(
                    h,
                    o.toPubkey(),
                    "The offer of the relay " + r.name() + " (" + r.subdomain() + ") to you is withdrawn: " + because
                            + ".",
                    r.tenant(),
                    r.id());
        });
    }
}
