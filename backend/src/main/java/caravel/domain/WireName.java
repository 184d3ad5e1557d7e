package caravel.domain;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * An enum stored and sent as its lowercase name ({@link WireNames}): implementing this is all such an enum needs to
 * be written that way, in the database and (Jackson reads and writes it as {@link #wire}) in the API.
 */
public interface WireName {
    /** The name in the database and the API. */
    @JsonValue
    default String wire() {
        return WireNames.of((Enum<?>) this);
    }
}
