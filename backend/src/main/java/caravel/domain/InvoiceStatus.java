package caravel.domain;

/**
 * Where an invoice is: pending (owed), paid, expired (a Lightning invoice whose period lapsed unpaid) or void
 * (cancelled: nothing is owed). Only pending moves, and only once. Stored in invoices.status and sent on the wire as
 * its lowercase name; {@link #toString} is that name too, so sentences and metrics that mention one read as before.
 */
public enum InvoiceStatus implements WireName {
    PENDING,
    PAID,
    EXPIRED,
    VOID;

    /** The status a stored string names; null for null. */
    public static InvoiceStatus of(String wire) {
        return wire == null ? null : WireNames.require(InvoiceStatus.class, wire, "invoice status");
    }

    @Override
    public String toString() {
        return wire();
    }
}
