package caravel.domain;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/**
 * Where an invoice is: pending (owed), paid, expired (a Lightning invoice whose period lapsed unpaid) or void
 * (cancelled: nothing is owed). Only pending moves, and only once. Stored in invoices.status and sent on the wire as
 * its lowercase name; {@link #toString} is that name too, so sentences and metrics that mention one read as before.
 */
public enum InvoiceStatus {
    PENDING("pending"),
    PAID("paid"),
    EXPIRED("expired"),
    VOID("void");

    private final String wire;

    InvoiceStatus(String wire) {
        this.wire = wire;
    }

    /** The name in the database and the API (Jackson writes and reads a status as this). */
    @JsonValue
    public String wire() {
        return wire;
    }

    /** The status a stored string names; null for null. */
    public static InvoiceStatus of(String wire) {
        if (wire == null) return null;
        return parse(wire).orElseThrow(() -> new IllegalArgumentException("unknown invoice status " + wire));
    }

    /** The status an input names, if any. */
    public static Optional<InvoiceStatus> parse(String wire) {
        return Arrays.stream(values()).filter(s -> s.wire.equals(wire)).findFirst();
    }

    @Override
    public String toString() {
        return wire;
    }
}
