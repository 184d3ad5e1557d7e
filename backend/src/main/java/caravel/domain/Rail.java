package caravel.domain;

import java.util.Optional;

/**
 * How a tenant's relays are paid: Lightning invoices, or a card through Stripe. Stored (tenants.billing_rail and
 * next_rail, invoices.rail) and sent on the wire as its lowercase name; {@link #toString} is that name too, so a
 * sentence or a log line that mentions a rail reads as it always did.
 */
public enum Rail implements WireName {
    LIGHTNING,
    CARD;

    /** The rail a stored string names; null for null (a column that may be empty, such as next_rail). */
    public static Rail of(String wire) {
        return wire == null ? null : WireNames.require(Rail.class, wire, "rail");
    }

    /** The rail an input names, if any (for refusing anything else with the caller's field). */
    public static Optional<Rail> parse(String wire) {
        return WireNames.parse(Rail.class, wire);
    }

    @Override
    public String toString() {
        return wire();
    }
}
