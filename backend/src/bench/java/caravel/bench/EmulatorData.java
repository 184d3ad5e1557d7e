package caravel.bench;

import caravel.nostr.Event;
import caravel.testing.Api;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.IntFunction;

/**
 * Events written straight into a stopped zooid emulator's data file for a schema, as zooid would have stored them,
 * streamed: the file's own few events (the relay's member list) are read, the new ones written one at a time, so a
 * bench can seed a relay far larger than its heap.
 */
final class EmulatorData {
    private EmulatorData() {}

    /** Appends {@code n} events, the i-th made by {@code event}, to the data file. */
    static void append(Path data, int n, IntFunction<Event> event) throws Exception {
        JsonNode file = Api.JSON.readTree(Files.readString(data));
        Path tmp = data.resolveSibling(data.getFileName() + ".bench");
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16);
                JsonGenerator g = Api.JSON.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("schema", file.path("schema").asText());
            g.writeArrayFieldStart("events");
            for (JsonNode e : file.path("events")) g.writeTree(e);
            for (int i = 0; i < n; i++) g.writeTree(event.apply(i).toJson());
            g.writeEndArray();
            g.writeFieldName("deleted");
            g.writeTree(file.path("deleted").isArray() ? file.path("deleted") : Api.JSON.createArrayNode());
            g.writeEndObject();
        }
        Files.move(tmp, data, StandardCopyOption.REPLACE_EXISTING);
    }
}
