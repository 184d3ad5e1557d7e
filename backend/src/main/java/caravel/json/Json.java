package caravel.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The app's shared Jackson mapper with its default settings: Nostr wire messages, job payloads, stored JSON columns
 * and peers' answers all read and write through it, so it sits in a foundation package of its own rather than in
 * any one of its users. Parts that need other settings (the HTTP layer's strict body reader, snake_case views,
 * duplicate-key detection for signed events) keep their own mapper next to the rule that needs it.
 */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    /** Parses JSON text; throws IllegalArgumentException when it is not JSON. */
    public static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
    }
}
