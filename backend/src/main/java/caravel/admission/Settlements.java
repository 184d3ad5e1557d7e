package caravel.admission;

import caravel.bans.BanRule;
import caravel.billing.LightningWallet;
import caravel.domain.Epoch;
import caravel.invoice.Expiry;
import caravel.logging.Hops;
import caravel.nostr.Event;
import caravel.nostr.Hex;
import caravel.store.ActivityLog;
import caravel.store.Relay;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what a relay owner's wallet says about an invoice into a payment, once. The wallet is the owner's, reached
 * over NWC, and is believed only with its proof: a settled answer counts when the preimage it gives hashes to the
 * payment hash Caravel asked about (only the payee learns it when the payment arrives), the answer is about that
 * hash, and the amount is at least the price. A wallet that says "settled" without that proof (a bug, a fake
 * wallet, a replayed answer) admits no one.
 *
 * @param booking what a proven payment writes (the invoice paid once, the person's row, their admission)
 * @param changes told once a payment or an expiry is written, so the person's waiting join page reads it at once
 */
public record Settlements(
        Clock clock, ActivityLog activity, BanRule bans, PaymentBooking booking, StandingChanges changes) {
    private static final Logger log = LoggerFactory.getLogger(Settlements.class);

    /** The job that adds a paying person to the relay (admission.Admitting). */
    public static final String JOB_ADMIT = "admission.admit";

    /** Why the wallet's answer is not a payment of this invoice, or empty when it is one. */
    static Optional<String> refusal(AdmissionInvoice inv, LightningWallet.Lookup l) {
        if (!l.settled()) return Optional.of("not settled");
        if (l.paymentHash() != null && !l.paymentHash().toLowerCase(Locale.ROOT).equals(inv.paymentHash()))
            return Optional.of("the wallet answered about another payment (" + l.paymentHash() + ")");
        if (l.preimage() == null || !l.preimage().matches("[0-9a-fA-F]{64}"))
            return Optional.of("the wallet gave no proof of payment (preimage)");
        String hashed = Hex.encode(Event.sha256(Hex.decode(l.preimage().toLowerCase(Locale.ROOT))));
        if (!hashed.equals(inv.paymentHash()))
            return Optional.of("the wallet's proof of payment (preimage) does not match the invoice");
        if (l.amountMsat() != null && l.amountMsat() > 0 && l.amountMsat() < inv.amountSats() * 1000)
            return Optional.of("the wallet says " + l.amountMsat() / 1000 + " sats arrived, less than the "
                    + inv.amountSats() + " asked");
        return Optional.empty();
    }

    /** What became of an invoice the wallet was asked about. */
    public enum Outcome {
        /** this answer settled it now */
        PAID,
        /** it was settled before (by another check): nothing more done */
        ALREADY,
        /** not paid (yet) */
        PENDING,
        /** the wallet said settled without a proof that holds: ignored, and logged for the owner */
        UNPROVEN,
        /** paid, by a key banned on the relay meanwhile: recorded, never admitted, the owner told to refund */
        BLOCKED,
        EXPIRED
    }

    /**
     * Applies the wallet's answer about {@code inv}. A paid invoice is marked paid by a conditional update, so two
     * checks racing (the page's and the background's, on two processes) settle it once; the person's row gains the
     * payment and, when they are not on the relay now, the admission job is queued in the same transaction.
     */
    public Outcome apply(Relay relay, AdmissionInvoice inv, LightningWallet.Lookup l) {
        long now = Epoch.seconds(clock);
        if (!l.settled()) {
            if (Expiry.givenUp(inv.expiresAt(), l.expired(), now)) {
                booking.expire(inv, now);
                changes.changed(relay.id());
                return Outcome.EXPIRED;
            }
            return Outcome.PENDING;
        }
        Optional<String> refused = refusal(inv, l);
        if (refused.isPresent()) {
            log.warn(
                    "admission invoice {} of relay {}: the owner's wallet said settled, not believed: {}",
                    inv.id(),
                    relay.id(),
                    refused.get());
            activity.add(
                    relay.tenant(),
                    relay.id(),
                    "admission_unproven",
                    "Your wallet said an admission invoice was paid, but " + refused.get()
                            + "; no one was admitted for it.",
                    null,
                    now);
            return Outcome.UNPROVEN;
        }
        // a ban is final: money that arrives from a key banned since the invoice was made buys nothing (asked before
        // the transaction: the relay's own ban list is the relay's; a relay that cannot be asked settles nothing now)
        Outcome o = bans.banned(relay, inv.pubkey()) ? booking.blocked(relay, inv, now) : booking.paid(relay, inv, now);
        changes.changed(relay.id());
        Hops.mark("adm.paid", inv.paymentHash().substring(0, 8) + " " + o);
        return o;
    }
}
