package caravel.admission;

import caravel.config.Config;
import caravel.domain.Epoch;
import caravel.domain.Failure;
import caravel.jobs.PermanentFailure;
import caravel.robot.Robot;
import caravel.store.Relay;
import java.time.Clock;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * A member's renewal invoice, for {@link Renewing}: the one open already or a new one from the owner's wallet (payable
 * until the grace ends), stored with the member marked reminded for the period, and sent to them by DM.
 *
 * @param making the owner's wallet's invoices
 * @param timing how long grace lasts
 */
record RenewalInvoices(
        Jdbi jdbi,
        Clock clock,
        AdmissionInvoiceStore invoices,
        PaidMemberStore members,
        WalletInvoices making,
        Robot robot,
        JoinLinks links,
        Config.PaidAdmission timing) {

    /** The renewal invoice of {@code n}'s period (the open invoice, or a new one from the owner's wallet), sent by DM. */
    void send(Relay r, RelayAdmission a, AdmissionClock.Renewal n) {
        long now = Epoch.seconds(clock);
        Optional<AdmissionInvoice> open = jdbi.withHandle(h -> invoices.open(h, r.id(), n.pubkey()));
        AdmissionInvoice inv;
        if (open.isPresent()) inv = open.get();
        else {
            long expiry = Math.max(600, AdmissionClock.schedule(timing).graceEnds(n.periodEnd()) - now);
            try {
                inv = making.make(r, a, n.pubkey(), AdmissionInvoice.Purpose.RENEWAL, expiry);
            } catch (Failure f) {
                if (f.kind() == Failure.Kind.UNAVAILABLE) throw f; // the wallet did not answer: retried
                throw new PermanentFailure(f.getMessage());
            }
        }
        AdmissionInvoice sent = inv;
        jdbi.useTransaction(h -> {
            if (open.isEmpty()) {
                try {
                    invoices.insert(h, sent);
                } catch (UnableToExecuteStatementException e) {
                    return; // another invoice was opened meanwhile (the person joined again): that one stands
                }
            }
            members.reminded(h, r.id(), n.pubkey(), n.periodEnd());
            robot.sendDm(
                    h,
                    n.pubkey(),
                    "Your membership of " + r.name() + " ends on " + Admitting.date(n.periodEnd()) + ". Renew it for "
                            + a.priceSats() + " sats by paying this invoice:\n\n" + sent.bolt11()
                            + "\n\nor at " + links.joinPage(r),
                    r.tenant(),
                    r.id(),
                    "admission-renew:" + r.id() + ":" + n.pubkey() + ":" + n.periodEnd());
        });
    }
}
