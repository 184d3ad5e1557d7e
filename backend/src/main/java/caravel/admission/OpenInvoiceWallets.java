package caravel.admission;

import caravel.jobs.JobQueue;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/**
 * What the payment listeners ask the database: which owners' wallets have an invoice of paid admission open, and
 * whether a payment a wallet announced is one of its own open invoices (then that invoice's check is brought due).
 *
 * @param rules opens a relay's sealed wallet connection
 */
record OpenInvoiceWallets(
        Jdbi jdbi, AdmissionStore admissions, AdmissionInvoiceStore invoices, Admissions rules, JobQueue jobs) {

    /** The wallets (NWC URLs) of the relays with an open invoice, of the first {@code relays} such relays. */
    Set<String> wallets(int relays) {
        List<String> relayIds = jdbi.withHandle(h -> invoices.relaysWithPending(h, relays));
        Set<String> needed = new HashSet<>();
        for (String id : relayIds) rules.walletUrl(admissions.find(id)).ifPresent(needed::add);
        return needed;
    }

    /**
     * Brings the check of the open invoice with {@code paymentHash} due now, when the wallet at {@code url} made it: a
     * wallet speaks only of its own invoices (another relay's wallet is asked by that relay's checks).
     *
     * @return whether a check was brought due
     */
    boolean checkNow(String url, String paymentHash) {
        return jdbi.inTransaction(h -> {
            Optional<AdmissionInvoice> inv = invoices.pendingByHash(h, paymentHash);
            if (inv.isEmpty()) return false;
            Optional<String> payee =
                    rules.walletUrl(admissions.find(h, inv.get().relayId()));
            if (!payee.map(url::equals).orElse(false)) return false;
            AdmissionClock.checkNow(h, jobs, inv.get().id());
            return true;
        });
    }
}
