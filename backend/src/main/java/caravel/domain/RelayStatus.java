package caravel.domain;

/**
 * A relay's lifecycle status. Which moves between them are allowed, by whom, and what each means for zooid is
 * {@code relays.RelayStateMachine}'s table; this is only the set of states. Stored in relays.status and sent on the
 * wire as its lowercase name; {@link #toString} is that name too, so sentences and logs read as before.
 */
public enum RelayStatus implements WireName {
    /** Stored, being provisioned; served as soon as zooid has it (free, or paid for). */
    PENDING,
    ACTIVE,
    /** zooid refused or could not be reached; retried with backoff, an admin may retry at once. */
    PROVISIONING_FAILED,
    /** A paid relay whose first invoice is unpaid: provisioned but inactive in zooid. */
    AWAITING_PAYMENT,
    /** Billing: an invoice is unpaid 7 days after its due date. Lifted only by payment or by an administrator. */
    SUSPENDED,
    /** Deactivated by its owner or an administrator (data kept). */
    INACTIVE;

    /** The status a stored string names; a string that names none (null too) is a corrupt row, refused loudly. */
    public static RelayStatus of(String wire) {
        return WireNames.require(RelayStatus.class, wire, "relay status");
    }

    @Override
    public String toString() {
        return wire();
    }
}
