package caravel.admission;

import caravel.domain.Epoch;
import caravel.nostr.Nip19;
import caravel.relayparts.Lifecycle;
import caravel.robot.Robot;
import caravel.store.ActivityLog;
import caravel.store.Relay;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The owner's wallet when a relay stops being theirs: the wallet that receives members' payments is its owner's, so a
 * transfer disconnects it (both owners told by DM) and a purge forgets it.
 */
record WalletHandover(AdmissionStore store, ActivityLog activity, Robot robot, Clock clock) {

    /** Forgets the owner's wallet connection: the admission as it was, empty when no wallet was connected. */
    Optional<RelayAdmission> forgetWallet(Handle h, Relay r) {
        RelayAdmission a = store.find(h, r.id());
        if (!a.walletConnected()) return Optional.empty();
        store.put(
                h,
                new RelayAdmission(
                        a.relayId(),
                        a.mode(),
                        a.priceSats(),
                        a.trialDays(),
                        a.rules(),
                        null,
                        null,
                        List.of(),
                        null,
                        Epoch.seconds(clock),
                        a.trialsPerDay()));
        return Optional.of(a);
    }

    /** A transfer: the giver's wallet is theirs, so it leaves the relay; the terms stay for the new owner. */
    void walletStaysWithItsOwner(Handle h, Lifecycle.Event e) {
        Relay r = e.relay();
        RelayAdmission a = forgetWallet(h, r).orElse(null);
        if (a == null) return;
        long now = Epoch.seconds(clock);
        activity.add(
                h,
                r.tenant(),
                r.id(),
                "admission_wallet_disconnected",
                "Paid admission's wallet disconnected by the transfer: the join page sells again once the new owner"
                        + " connects their own",
                e.actor(),
                now);
        String name = r.name() + " (" + r.subdomain() + ")";
        if (a.priced())
            robot.sendDm(
                    h,
                    r.tenant(),
                    "The relay " + name + " sells membership, but the wallet that received its payments was its"
                            + " previous owner's and did not come with it: its join page sells nothing until you"
                            + " connect your own wallet in its Paid admission settings. Members who paid keep their"
                            + " membership.",
                    r.tenant(),
                    r.id());
        if (e.previousOwner() != null)
            robot.sendDm(
                    h,
                    e.previousOwner(),
                    "Your wallet is disconnected from the relay " + name + ", which now belongs to "
                            + Nip19.npub(r.tenant()) + ": its members' payments no longer go to you.",
                    e.previousOwner(),
                    r.id());
    }
}
