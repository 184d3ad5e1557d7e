package caravel.admission;

import caravel.billing.Bolt11Check;
import caravel.billing.LightningWallet;
import caravel.domain.Epoch;
import caravel.domain.Failure;
import caravel.domain.InvoiceStatus;
import caravel.domain.RetryLater;
import caravel.store.Ids;
import caravel.store.Relay;
import java.time.Clock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Invoices made by a relay owner's own wallet (a join's, a renewal's), so the money goes straight to the owner; an
 * invoice is shown only when it is the one asked for ({@link Bolt11Check}).
 *
 * @param rules        opens the relay's sealed wallet connection
 * @param wallets      owners' wallets by NWC URL
 * @param invoiceCheck what a bolt11 from an owner's wallet must be
 */
record WalletInvoices(
        Clock clock, Admissions rules, Function<String, LightningWallet> wallets, Bolt11Check invoiceCheck) {
    private static final Logger log = LoggerFactory.getLogger(WalletInvoices.class);

    /** An invoice from the owner's wallet for this person (not stored yet). */
    AdmissionInvoice make(
            Relay r, RelayAdmission a, String pubkey, AdmissionInvoice.Purpose purpose, long expirySeconds) {
        String url = rules.walletUrl(a)
                .orElseThrow(() -> new Failure(
                        Failure.Kind.CONFLICT,
                        "not_selling",
                        null,
                        r.name() + " cannot take payments right now: its owner has no wallet connected."));
        LightningWallet.MadeInvoice made;
        LightningWallet w = wallets.apply(url);
        try {
            made = w.makeInvoice(
                    a.priceSats(),
                    (purpose == AdmissionInvoice.Purpose.RENEWAL ? "Renewal of membership: " : "Membership: ")
                            + r.name(),
                    expirySeconds);
        } catch (LightningWallet.WalletException e) {
            throw walletFailure(r, e);
        } finally {
            if (w instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // the connection is gone either way
                }
            }
        }
        long now = Epoch.seconds(clock);
        Bolt11Check.Checked checked;
        try {
            checked = invoiceCheck.check(made, a.priceSats(), expirySeconds, now);
        } catch (Bolt11Check.Refused e) {
            log.warn("relay {}: the owner's wallet made an invoice that was not shown: {}", r.id(), e.getMessage());
            throw new Failure(
                    Failure.Kind.UPSTREAM,
                    "wallet_refused",
                    null,
                    "The wallet of " + r.name() + "'s owner made an invoice that is not the one asked for: "
                            + e.getMessage() + ". It was not shown and nothing was charged.");
        }
        return new AdmissionInvoice(
                Ids.newId(),
                r.id(),
                pubkey,
                purpose,
                a.priceSats(),
                made.bolt11().strip(),
                checked.paymentHash(),
                InvoiceStatus.PENDING,
                now,
                checked.expiresAt(),
                null,
                null,
                now + 5,
                null);
    }

    static Failure walletFailure(Relay r, LightningWallet.WalletException e) {
        return switch (e.code) {
            case "BUSY" ->
                new RetryLater(
                        Failure.Kind.UNAVAILABLE,
                        "wallet_busy",
                        "The wallet of " + r.name() + "'s owner is busy with other payments right now. Try again in a"
                                + " moment.",
                        2);
            case "TIMEOUT", "UNREACHABLE", "RATE_LIMITED", "INTERNAL" ->
                new Failure(
                        Failure.Kind.UNAVAILABLE,
                        "wallet_unavailable",
                        null,
                        "The wallet of " + r.name() + "'s owner did not answer, so no invoice could be made. Try again"
                                + " in a moment.");
            default ->
                new Failure(
                        Failure.Kind.UPSTREAM,
                        "wallet_refused",
                        null,
                        "The wallet of " + r.name() + "'s owner refused to make an invoice (" + e.code + "). Its owner"
                                + " has to allow it to make invoices.");
        };
    }
}
