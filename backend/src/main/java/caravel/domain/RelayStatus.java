package caravel.domain;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/**
 * A relay's lifecycle status. Which moves between them are allowed, by whom, and what each means for zooid is
 * {@code relays.RelayStateMachine}'s table; this is only the set of states. Stored in relays.status and sent on the
 * wire as its lowercase name; {@link #toString} is that name too, so sentences and logs read as before.
 */
public enum RelayStatus {
    /** Stored, being provisioned; served as soon as zooid has it (free, or paid for). */
    PENDING("pending"),
    ACTIVE("active"),
    /** zooid refused or could not be reached; retried with backoff, an admin may retry at once. */
    PROVISIONING_FAILED("provisioning_failed"),
    /** A paid relay whose first invoice is unpaid: provisioned but inactive in zooid. */
    AWAITING_PAYMENT("awaiting_payment"),
    /** Billing: an invoice is unpaid 7 days after its due date. Lifted only by payment or by an administrator. */
    SUSPENDED("suspended"),
    /** Deactivated by its owner or an administrator (data kept). */
    INACTIVE("inactive");

    private final String wire;

    RelayStatus(String wire) {
        this.wire = wire;
    }

    /** The name in the database and the API (Jackson writes and reads a status as this). */
    @JsonValue
    public String wire() {
        return wire;
    }

    /** The status a stored string names; a string that names none is a corrupt row, refused loudly. */
    public static RelayStatus of(String wire) {
        return Arrays.stream(values())
                .filter(s -> s.wire.equals(wire))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown relay status " + wire));
    }

    @Override
    public String toString() {
        return wire;
    }
}
