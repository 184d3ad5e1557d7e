package caravel.jobs;

import caravel.json.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;

/**
 * Every job kind's payload is a record, written and read here with the one shared mapper ({@link Json#MAPPER}); each
 * package keeps its records next to the handlers that read them. A record's component names are the JSON field names
 * (or its {@code @JsonProperty}), so jobs queued before a deploy stay readable after it.
 */
public final class JobPayloads {
    /** The payload of a job that needs no arguments (e.g. a periodic tick). */
    public static final String NONE = "{}";

    private JobPayloads() {}

    public static String write(Record payload) {
        try {
            return Json.MAPPER.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "job payload " + payload.getClass().getSimpleName() + " cannot be written", e);
        }
    }

    /**
     * Reads a payload; fields the record does not name are ignored (a payload written by a newer version).
     *
     * @throws IllegalArgumentException when the text is not JSON of that shape
     */
    public static <T extends Record> T read(String json, Class<T> type) {
        try {
            return Json.MAPPER
                    .readerFor(type)
                    .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a " + type.getSimpleName() + " payload: " + e.getOriginalMessage());
        }
    }
}
