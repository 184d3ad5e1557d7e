package caravel.billing;

import caravel.domain.Epoch;
import caravel.store.ActivityLog;
import java.time.Clock;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * A settled payment credited exactly once (one conditional UPDATE decides): it pays its invoice while that is pending
 * ({@link PaidInvoices}); otherwise (paid through another bolt11, voided, superseded) it becomes tenant credit. The
 * tenant's cycle is renewed around it, so a payment counts in the cycle it was made in.
 */
public record PaymentSettling(
        Jdbi jdbi,
        Clock clock,
        InvoiceStore invoices,
        CreditStore credits,
        ActivityLog activity,
        Notices notices,
        Invoicing invoicing,
        PaidInvoices paid) {
    private static final InvoicePaymentStore PAYMENTS = new InvoicePaymentStore();

    /**
     * A settled payment hash, credited exactly once (one conditional UPDATE decides): it pays its invoice while that
     * is pending; otherwise (paid through another bolt11, voided, superseded) it becomes tenant credit.
     * @param settledAt when the wallet says it was paid (null: now). A payment counts as of then: an upgrade paid
     *                  before its cycle ended applies even when noticed after; the cycle is renewed only after that.
     * @return true when this call credited it
     */
    public boolean settle(String paymentHash, Long settledAt) {
        long now = Epoch.seconds(clock);
        return jdbi.inTransaction(h -> {
            InvoicePaymentStore.Payment p = PAYMENTS.payment(h, paymentHash).orElse(null);
            if (p == null) return false;
            long paidAt = settledAt == null ? now : Math.max(p.createdAt(), Math.min(settledAt, now));
            // cycles that turned before the payment are renewed first (a lapsed upgrade is voided, its late payment
            // becomes credit); the rest after the payment is applied
            invoicing.renewIn(h, p.tenant(), paidAt);
            if (!PAYMENTS.markSettled(h, paymentHash, now)) return false;
            boolean paidInvoice = paid.markPaid(h, p.invoice(), paymentHash, now);
            invoicing.renewIn(h, p.tenant(), now);
            PAYMENTS.setCreditedAs(h, paymentHash, paidInvoice ? "invoice" : "credit");
            if (!paidInvoice) {
                credits.addPayment(
                        h,
                        p.tenant(),
                        p.amount(),
                        "payment for invoice " + p.invoice() + ", which was no longer payable",
                        paymentHash,
                        p.invoice(),
                        now);
                activity.add(
                        h,
                        p.tenant(),
                        null,
                        "credit_added",
                        Messages.sats(p.amount()) + " arrived for an invoice that was no longer payable: it is kept"
                                + " as credit against your next invoice",
                        caravel.domain.Actor.SYSTEM,
                        now);
                notices.send(
                        h, p.tenant(), null, Messages.credited(p.invoice(), p.amount()), "dm:credit:" + paymentHash);
            }
            return true;
        });
    }

    /**
     * A one-off card payment of a Lightning invoice (Stripe Checkout), credited exactly once per {@code reference}
     * (the Checkout session): it pays the invoice while that is pending, as a Lightning payment would; otherwise
     * (paid over Lightning meanwhile, voided) the invoice's amount is kept as tenant credit, never lost.
     * @param alreadyRecorded run in the same transaction first; false when another caller credited this reference
     * @return true when this call credited it
     */
    public boolean settleByCard(
            String invoiceId, String reference, java.util.function.Predicate<Handle> alreadyRecorded) {
        long now = Epoch.seconds(clock);
        return jdbi.inTransaction(h -> {
            if (!alreadyRecorded.test(h)) return false;
            Invoice inv = invoices.find(h, invoiceId).orElseThrow();
            invoicing.renewIn(h, inv.tenant(), now);
            boolean paidInvoice = paid.markPaid(h, invoiceId, null, now);
            if (!paidInvoice) {
                long amount = inv.amount() - inv.creditApplied();
                credits.addPayment(
                        h,
                        inv.tenant(),
                        amount,
                        "card payment for invoice " + invoiceId + ", which was no longer payable",
                        reference,
                        invoiceId,
                        now);
                activity.add(
                        h,
                        inv.tenant(),
                        null,
                        "credit_added",
                        "A card payment for an invoice that was no longer payable is kept as " + Messages.sats(amount)
                                + " of credit against your next invoice",
                        caravel.domain.Actor.SYSTEM,
                        now);
            }
            invoicing.renewIn(h, inv.tenant(), now);
            return true;
        });
    }
}
