package caravel.invoice;

import caravel.domain.InvoiceStatus;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;

/**
 * The life of an invoice, the same for every domain that charges: made pending, then settled exactly once, or
 * expired, or cancelled (void). Two checks racing (a person's page and the background's, on two processes) both ask
 * the ledger's compare-and-set; the one that moved the invoice runs what the payment buys, in the same transaction,
 * and the other learns it was settled already. Each domain keeps its own rules: what a payment buys, who is told.
 *
 * @param <P> what the domain records with a payment (see {@link InvoiceLedger})
 */
public final class Lifecycle<P> {
    private final InvoiceLedger<P> ledger;

    public Lifecycle(InvoiceLedger<P> ledger) {
        this.ledger = ledger;
    }

    /**
     * Settles the pending invoice once: {@code buys} runs only in the call that settled it, on the same handle.
     *
     * @return false when it was settled, expired or cancelled before (nothing was run)
     */
    public boolean settle(Handle h, String id, long at, P payment, Consumer<Handle> buys) {
        if (!ledger.markPaid(h, id, at, payment)) return false;
        buys.accept(h);
        return true;
    }

    /** Gives up an unpaid invoice whose time ran out (see {@link Expiry}); false when it was not pending. */
    public boolean expire(Handle h, String id, long now) {
        return ledger.close(h, id, InvoiceStatus.EXPIRED, now);
    }

    /** Cancels a pending invoice: nothing is owed on it any more; false when it was not pending. */
    public boolean cancel(Handle h, String id, long now) {
        return ledger.close(h, id, InvoiceStatus.VOID, now);
    }
}
