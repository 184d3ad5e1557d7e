package caravel.billing;

import caravel.domain.InvoiceStatus;
import caravel.domain.Rail;
import java.util.List;

/**
 * An invoice with its items. amount is always the sum of the items; creditApplied of it was paid from tenant
 * credit, so the bolt11 asks for amount − creditApplied. gated: it pays for service not given yet (a new paid relay,
 * an upgrade), which waits for it; it never suspends anything.
 */
public record Invoice(
        String id,
        String tenant,
        long amount,
        InvoiceStatus status,
        long createdAt,
        long dueAt,
        Long paidAt,
        String bolt11,
        String paymentHash,
        Long expiresAt,
        String kind,
        Long autopayStartedAt,
        String autopayError,
        List<Item> items,
        long creditApplied,
        boolean gated,
        String paidHash,
        String autopayHold,
        Long waivedAt,
        Rail rail,
        Long periodStart,
        Long periodEnd,
        Card card,
        Fiat fiat) {
    /** This invoice with these items (a row is read without them). */
    public Invoice withItems(List<Item> items) {
        return new Invoice(
                id,
                tenant,
                amount,
                status,
                createdAt,
                dueAt,
                paidAt,
                bolt11,
                paymentHash,
                expiresAt,
                kind,
                autopayStartedAt,
                autopayError,
                items,
                creditApplied,
                gated,
                paidHash,
                autopayHold,
                waivedAt,
                rail,
                periodStart,
                periodEnd,
                card,
                fiat);
    }

    public boolean autopayStartedAtUnset() {
        return autopayStartedAt == null;
    }

    /** What is still to pay in sats. */
    public long amountDue() {
        return status == InvoiceStatus.PENDING ? amount - creditApplied : 0;
    }

    /** Lightning invoices are in sats; card ones in the Stripe currency's minor unit. */
    public boolean onCard() {
        return rail == Rail.CARD;
    }

    /**
     * What a card invoice adds (null on Lightning): Stripe's currency (amount is in its minor unit, e.g. cents), its
     * invoice id, the hosted page where it can be seen and paid, and why the last attempt to charge the card failed.
     */
    public record Card(String currency, String stripeInvoiceId, String hostedInvoiceUrl, String paymentError) {}

    /**
     * What a Lightning invoice was priced at in a fiat currency when it was made (null without a bitcoin price):
     * amount in the currency's minor unit, btcPrice the price of one bitcoin used. Never recomputed.
     */
    public record Fiat(String currency, long amount, String btcPrice) {}

    /** fiat: the line's fiat figure in the invoice's fiat currency (null when the invoice has none). */
    public record Item(
            String id,
            String relay,
            String relayName,
            String plan,
            long amount,
            long periodStart,
            long periodEnd,
            Long fiat) {}
}
