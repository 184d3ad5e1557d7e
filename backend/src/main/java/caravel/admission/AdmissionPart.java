package caravel.admission;

import static caravel.relayparts.Declaration.part;
import static caravel.relayparts.Declared.does;
import static caravel.relayparts.Declared.nothing;

import caravel.relayparts.Declaration;
import caravel.relayparts.DeclaredPart;
import caravel.relayparts.Move;
import caravel.robot.Robot;
import caravel.store.ActivityLog;
import java.time.Clock;

/**
 * A relay's paid admission (terms, the owner's wallet, paying members, their invoices) and join requests, as a relay
 * part. The wallet that receives members' payments is its owner's: a transfer does not carry it.
 */
public final class AdmissionPart extends DeclaredPart {
    public AdmissionPart(
            AdmissionStore store,
            JoinRequestStore requests,
            Admitting admitting,
            ActivityLog activity,
            Robot robot,
            Clock clock) {
        super(declaration(requests, admitting, new WalletHandover(store, activity, robot, clock)));
    }

    private static Declaration declaration(JoinRequestStore requests, Admitting admitting, WalletHandover wallet) {
        return part(
                        "admission",
                        "relay_admissions",
                        "admission_members",
                        "admission_invoices",
                        "relay_join_settings",
                        "join_requests")
                .backup(nothing("paid admission holds money (the owner's wallet, members' payments): it is not in a"
                        + " backup, and a restore leaves the target relay's admission as it is"))
                .move(Move.ROWS_STAY)
                .transferred(does(
                        "the previous owner's wallet is disconnected: the join page stops selling (no_wallet) until the"
                                + " new owner connects their own; the terms and the members who paid stay; both owners"
                                + " are told by DM",
                        wallet::walletStaysWithItsOwner))
                .suspended(nothing("a stopped relay's join page does not sell (Admissions.selling)"))
                .deleted(nothing("a deleted relay is stopped: its join page does not sell"))
                .undeleted(nothing("the admission stayed through the deletion"))
                .purged(does(
                        "the join requests and their settings are removed for good (the relay's community), and the"
                                + " owner's wallet connection (a secret nothing uses any more) is forgotten; the terms,"
                                + " members' payments and invoices stay: they are money records",
                        (h, e) -> {
                            requests.removeRelay(h, e.relay().id());
                            wallet.forgetWallet(h, e.relay());
                        }))
                .erased(does(
                        "their paid standing ends as an owner's removal ends it (no renewal, the open invoice"
                                + " canceled, what they paid said in the activity log); the payments stay as money"
                                + " records",
                        req -> admitting.standingEnded(
                                req.relay(), req.pubkey(), req.caller().actor())));
    }
}
