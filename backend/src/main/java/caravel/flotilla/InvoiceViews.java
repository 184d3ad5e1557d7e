package caravel.flotilla;

import caravel.billing.DraftInvoices;
import caravel.billing.Invoice;
import caravel.billing.InvoicePaymentStore;
import caravel.billing.PaidBy;

/**
 * Flotilla's billing shapes: amounts in US cents (converted by the billing service's rate, never here), whole
 * seconds, string ids, an invoice's state as timestamps (paid_at, voided_at) plus how it was paid.
 */
final class InvoiceViews {
    private InvoiceViews() {}

    /** An expired Lightning request leaves the invoice open (voided_at stays null): a new request is issued. */
    record InvoiceView(
            String id,
            String tenantPubkey,
            long amount,
            Long periodStart,
            Long periodEnd,
            long createdAt,
            Long paidAt,
            Long voidedAt,
            String method) {}

    record ItemView(
            String id,
            String invoiceId,
            String activityId,
            String tenantPubkey,
            String relayId,
            String planId,
            long amount,
            String description,
            long createdAt,
            Long voidedAt) {}

    /** msats: what the request really asks (the amount due in sats, after any credit). settled_at: null while open. */
    record Bolt11View(
            String id, String invoiceId, String lnbc, long msats, long createdAt, long expiresAt, Long settledAt) {}

    static InvoiceView invoice(Invoice inv, long cents, Long voidedAt, boolean paidByCardCheckout) {
        return new InvoiceView(
                inv.id(),
                inv.tenant(),
                cents,
                inv.periodStart(),
                inv.periodEnd(),
                inv.createdAt(),
                inv.paidAt(),
                voidedAt,
                PaidBy.of(inv, paidByCardCheckout));
    }

    /** The next renewal before it is made: an id no real invoice has, never paid nor payable. */
    static InvoiceView draft(String tenant, long cents, DraftInvoices.Draft d) {
        return new InvoiceView("draft", tenant, cents, d.periodStart(), d.periodEnd(), d.asOf(), null, null, null);
    }

    static ItemView item(Invoice inv, Invoice.Item i, String plan, long cents, Long voidedAt) {
        String planId = i.plan() == null ? "" : i.plan();
        String relay = i.relayName() == null || i.relayName().isBlank() ? i.relay() : i.relayName();
        return new ItemView(
                i.id(),
                inv.id(),
                null,
                inv.tenant(),
                i.relay(),
                planId,
                cents,
                plan + " plan for " + relay,
                inv.createdAt(),
                voidedAt);
    }

    static Bolt11View bolt11(Invoice inv, InvoicePaymentStore.Payment request) {
        return new Bolt11View(
                inv.paymentHash(),
                inv.id(),
                inv.bolt11(),
                request.amount() * 1000,
                request.createdAt(),
                inv.expiresAt(),
                null);
    }
}
