package caravel.domain;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/**
 * What an inactive relay still owes underneath: reactivating it returns to that, never past it (so deactivating a
 * suspended relay cannot launder the suspension). Stored in relays.hold, where NONE is NULL, and sent on the wire
 * the same way ("awaiting_payment", "suspended" or null).
 */
public enum RelayHold {
    NONE(null),
    AWAITING_PAYMENT("awaiting_payment"),
    SUSPENDED("suspended");

    private final String wire;

    RelayHold(String wire) {
        this.wire = wire;
    }

    /** The name in the database and the API; null for NONE (Jackson writes NONE as null). */
    @JsonValue
    public String wire() {
        return wire;
    }

    /** The hold a stored value names: NULL is NONE; a string that names none is a corrupt row, refused loudly. */
    public static RelayHold of(String wire) {
        return wire == null
                ? NONE
                : Arrays.stream(values())
                        .filter(h -> wire.equals(h.wire))
                        .findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("unknown hold " + wire));
    }

    @Override
    public String toString() {
        return String.valueOf(wire);
    }
}
