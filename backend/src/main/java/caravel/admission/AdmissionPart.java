package caravel.admission;

import caravel.nostr.Nip19;
import caravel.relayparts.BackupSection;
import caravel.relayparts.Declared;
import caravel.relayparts.Lifecycle;
import caravel.relayparts.Move;
import caravel.relayparts.RelayPart;
import caravel.robot.Robot;
import caravel.store.ActivityLog;
import caravel.store.Relay;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * A relay's paid admission (terms, the owner's wallet, paying members, their invoices) and join requests, as a relay
 * part. The wallet that receives members' payments is its owner's: a transfer does not carry it.
 */
public final class AdmissionPart implements RelayPart {
    private final AdmissionStore store;
    private final JoinRequestStore requests;
    private final ActivityLog activity;
    private final Robot robot;
    private final Clock clock;

    public AdmissionPart(
            AdmissionStore store, JoinRequestStore requests, ActivityLog activity, Robot robot, Clock clock) {
        this.store = store;
        this.requests = requests;
        this.activity = activity;
        this.robot = robot;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "admission";
    }

    @Override
    public Set<String> tables() {
        return Set.of(
                "relay_admissions", "admission_members", "admission_invoices", "relay_join_settings", "join_requests");
    }

    @Override
    public Declared<BackupSection> backup() {
        return Declared.nothing(
                "paid admission holds money (the owner's wallet, members' payments): it is not in a backup, and a"
                        + " restore leaves the target relay's admission as it is");
    }

    @Override
    public Declared<Move> move() {
        return Declared.nothing("its rows are in Caravel's database, which a move between zooid nodes does not change");
    }

    @Override
    public Declared<Lifecycle.Reaction> on(Lifecycle event) {
        return switch (event) {
            case TRANSFERRED ->
                Declared.does(
                        "the previous owner's wallet is disconnected: the join page stops selling (no_wallet) until the"
                                + " new owner connects their own; the terms and the members who paid stay; both owners"
                                + " are told by DM",
                        this::walletStaysWithItsOwner);
            case SUSPENDED -> Declared.nothing("a stopped relay's join page does not sell (Admissions.selling)");
            case DELETED -> Declared.nothing("a deleted relay is stopped: its join page does not sell");
            case UNDELETED -> Declared.nothing("the admission stayed through the deletion");
            case PURGED ->
                Declared.does(
                        "the join requests and their settings are removed for good (the relay's community), and the"
                                + " owner's wallet connection (a secret nothing uses any more) is forgotten; the terms,"
                                + " members' payments and invoices stay: they are money records",
                        (h, e) -> {
                            requests.removeRelay(h, e.relay().id());
                            forgetWallet(h, e.relay());
                        });
        };
    }

    /** Forgets the owner's wallet connection: the admission as it was, empty when no wallet was connected. */
    private java.util.Optional<RelayAdmission> forgetWallet(Handle h, Relay r) {
        RelayAdmission a = store.find(h, r.id());
        if (!a.walletConnected()) return java.util.Optional.empty();
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
                        clock.millis() / 1000,
                        a.trialsPerDay()));
        return java.util.Optional.of(a);
    }

    /** A transfer: the giver's wallet is theirs, so it leaves the relay; the terms stay for the new owner. */
    private void walletStaysWithItsOwner(Handle h, Lifecycle.Event e) {
        Relay r = e.relay();
        RelayAdmission a = forgetWallet(h, r).orElse(null);
        if (a == null) return;
        long now = clock.millis() / 1000;
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
