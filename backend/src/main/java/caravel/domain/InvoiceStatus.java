package caravel.domain;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Optional;

/**
 * Where an invoice is: pending (owed), paid, expired (a Lightning invoice whose period lapsed unpaid) or void
 * (cancelled: nothing is owed). Only pending moves, and only once. Stored in invoices.status and sent on the wire as
 * its lowercase name; {@link #toString} is that name too, so sentences and metrics that mention one read as before.
 */
public enum InvoiceStatus {
    PENDING,
    PAID,
    EXPIRED,
    VOID;

    /** The name in the database and the API (Jackson writes and reads a status as this). */
    @JsonValue
    public String wire() {
        return WireNames.of(this);
    }

    /** The status a stored string names; null for null. */
    public static InvoiceStatus of(String wire) {
        return wire == null ? null : WireNames.require(InvoiceStatus.class, wire, "invoice status");
    }

    /** The status an input names, if any. */
    public static Optional<InvoiceStatus> parse(String wire) {
        return WireNames.parse(InvoiceStatus.class, wire);
    }

    @Override
    public String toString() {
        return wire();
    }
}
