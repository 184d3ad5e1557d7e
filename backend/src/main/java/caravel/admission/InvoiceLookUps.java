package caravel.admission;

import caravel.billing.LightningWallet;
import caravel.domain.Epoch;
import caravel.store.Relay;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;

/**
 * One look-up of an open invoice in the relay owner's wallet, applied by {@link Settlements}; an invoice still unpaid
 * is asked about again later, backing off from seconds to minutes.
 *
 * @param rules   opens the relay's sealed wallet connection
 * @param wallets owners' wallets by NWC URL
 */
record InvoiceLookUps(
        Jdbi jdbi,
        Clock clock,
        AdmissionStore admissions,
        AdmissionInvoiceStore invoices,
        Admissions rules,
        Function<String, LightningWallet> wallets,
        Settlements settlements) {

    /**
     * One look-up of an invoice in the owner's wallet, applied. From a person's request a wallet that does not answer
     * is unavailable; from the background check the next check is scheduled instead.
     */
    Settlements.Outcome lookUp(Relay r, AdmissionInvoice inv, boolean fromRequest) {
        RelayAdmission a = admissions.find(r.id());
        Optional<String> url = rules.walletUrl(a);
        long now = Epoch.seconds(clock);
        if (url.isEmpty()) {
            jdbi.useHandle(h -> invoices.checked(h, inv.id(), now, nextCheck(inv, now)));
            return Settlements.Outcome.PENDING;
        }
        LightningWallet w = wallets.apply(url.get());
        LightningWallet.Lookup l;
        try {
            l = w.lookupInvoice(inv.paymentHash());
        } catch (LightningWallet.WalletException e) {
            jdbi.useHandle(h -> invoices.checked(h, inv.id(), now, nextCheck(inv, now)));
            if (fromRequest) throw WalletInvoices.walletFailure(r, e);
            return Settlements.Outcome.PENDING;
        } finally {
            if (w instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // the connection is gone either way
                }
            }
        }
        Settlements.Outcome o = settlements.apply(r, inv, l);
        if (o == Settlements.Outcome.PENDING || o == Settlements.Outcome.UNPROVEN)
            jdbi.useHandle(h -> invoices.checked(h, inv.id(), now, nextCheck(inv, now)));
        return o;
    }

    /** The background check backs off from seconds to minutes; a renewal invoice waits days, so at most 5 min. */
    private static Long nextCheck(AdmissionInvoice inv, long now) {
        long age = Math.max(1, now - inv.createdAt());
        long step = Math.min(300, Math.max(5, age / 4));
        return now + step;
    }
}
