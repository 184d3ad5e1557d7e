package caravel.http;

import caravel.domain.Failure;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/** A request body: one JSON object with only known fields, read with typed getters that explain bad input. */
public final class Body {
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private final JsonNode node;

    private Body(JsonNode node) {
        this.node = node;
    }

    public static Body parse(byte[] bytes, Set<String> allowed) {
        if (bytes == null || bytes.length == 0) throw Failure.invalid("request body must be a JSON object");
        JsonNode node;
        try (JsonParser p = STRICT.createParser(bytes)) {
            node = STRICT.readTree(p);
            if (p.nextToken() != null) throw Failure.invalid("request body has trailing data after the JSON object");
        } catch (IOException e) {
            throw Failure.invalid("request body is not valid JSON");
        }
        if (node == null || !node.isObject()) throw Failure.invalid("request body must be a JSON object");
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) throw Failure.invalidField(f, "unknown field '" + f + "'");
        }
        return new Body(node);
    }

    /** The field's raw JSON value, or null when absent (for shapes other than strings, e.g. Flotilla's 0/1 flags). */
    public JsonNode raw(String field) {
        return node.get(field);
    }

    public boolean has(String field) {
        return node.has(field);
    }

    public boolean isNull(String field) {
        return node.has(field) && node.get(field).isNull();
    }

    /** The string value; empty when absent or null. */
    public Optional<String> string(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return Optional.empty();
        if (!v.isTextual()) throw Failure.invalidField(field, "field '" + field + "' must be a string");
        return Optional.of(v.textValue());
    }

    public String requiredString(String field) {
        return string(field).orElseThrow(() -> Failure.invalidField(field, "field '" + field + "' is required"));
    }

    /** A JSON object's fields; empty when absent or null, 400 when it is not an object. */
    public Optional<Iterable<java.util.Map.Entry<String, JsonNode>>> object(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return Optional.empty();
        if (!v.isObject()) throw Failure.invalidField(field, "field '" + field + "' must be an object");
        return Optional.of(v.properties());
    }

    /**
     * A whole number; 400 when absent, fractional or not a number. JSON has one kind of number, so 2730.0 is the whole
     * number 2730 (as JSON Schema's "integer", which the document states, counts it).
     */
    public long longValue(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) throw Failure.invalidField(field, "field '" + field + "' is required");
        if (!v.isNumber() || !v.canConvertToExactIntegral() || !v.canConvertToLong())
            throw Failure.invalidField(field, "field '" + field + "' must be a whole number");
        return v.longValue();
    }
}
