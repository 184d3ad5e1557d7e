package caravel.billing;

import caravel.domain.InvoiceStatus;

/**
 * How a paid invoice was paid, in the words hosting apps use: "nwc" (autopay from the account's own wallet),
 * "stripe" (by card: a card-rail invoice, or a card checkout of a Lightning invoice), "oob" (any other payment of its
 * Lightning request, or credit that covered it). Null while unpaid.
 */
public final class PaidBy {
    private PaidBy() {}

    public static String of(Invoice inv, boolean paidByCardCheckout) {
        if (inv.status() != InvoiceStatus.PAID) return null;
        if (inv.onCard() || paidByCardCheckout) return "stripe";
        // autopay that started and did not fail is what paid the request
        if (inv.autopayStartedAt() != null && inv.autopayError() == null && inv.paidHash() != null) return "nwc";
        return "oob";
    }
}
