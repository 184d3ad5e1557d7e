package caravel.invoice;

import caravel.domain.InvoiceStatus;
import org.jdbi.v3.core.Handle;

/**
 * One table of invoices as the shared lifecycle sees it (billing's invoices, paid admission's admission_invoices):
 * the compare-and-set that moves a pending invoice on. Only pending moves, and only once: each method changes the row
 * only while it is pending, in the caller's transaction, and says whether it did. The table's owner store implements
 * it; only {@link Lifecycle} calls it (PackageRulesTest), so every domain settles, expires and cancels the same way.
 *
 * @param <P> what the domain records with a payment (billing: the payment hash; admission: the period it covers)
 */
public interface InvoiceLedger<P> {
    /** pending → paid as of {@code at}, recording {@code payment}; false when it was not pending any more. */
    boolean markPaid(Handle h, String id, long at, P payment);

    /** pending → {@code to} (expired or void) as of {@code now}; false when it was not pending any more. */
    boolean close(Handle h, String id, InvoiceStatus to, long now);
}
