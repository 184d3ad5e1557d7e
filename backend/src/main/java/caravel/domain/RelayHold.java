package caravel.domain;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What an inactive relay still owes underneath: reactivating it returns to that, never past it (so deactivating a
 * suspended relay cannot launder the suspension). Stored in relays.hold, where NONE is NULL, and sent on the wire
 * the same way ("awaiting_payment", "suspended" or null).
 */
public enum RelayHold {
    NONE,
    AWAITING_PAYMENT,
    SUSPENDED;

    /** The name in the database and the API; null for NONE (Jackson writes NONE as null). */
    @JsonValue
    public String wire() {
        return this == NONE ? null : WireNames.of(this);
    }

    /** The hold a stored value names: NULL is NONE; a string that names none is a corrupt row, refused loudly. */
    public static RelayHold of(String wire) {
        if (wire == null) return NONE;
        RelayHold h = WireNames.parse(RelayHold.class, wire).orElse(NONE);
        // NONE is stored as NULL, never by a name: "none" names no hold either
        if (h == NONE) throw new IllegalArgumentException("unknown hold " + wire);
        return h;
    }

    @Override
    public String toString() {
        return String.valueOf(wire());
    }
}
