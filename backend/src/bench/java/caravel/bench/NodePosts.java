package caravel.bench;

import caravel.testing.Api;
import caravel.testing.ZooidEmulator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/**
 * The posts (kind 1) a zooid node holds for a schema, counted and the first 64 bits of their ids summed as they stream
 * in, so a bench checks a relay of any size without holding its events: on the emulator through its control route, on
 * a real zooid (ZOOID_BIN) read from its database as an operator could.
 */
record NodePosts(long count, long idSum) {
    static NodePosts on(ZooidEmulator node, String schema) throws Exception {
        return node.real() ? inDatabase(node, schema) : fromEmulator(node, schema);
    }

    /** The sum's term for one event id. */
    static long idBits(String id) {
        return Long.parseUnsignedLong(id, 0, 16, 16);
    }

    private static NodePosts fromEmulator(ZooidEmulator node, String schema) throws Exception {
        long count = 0, sum = 0;
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (InputStream in = http.send(
                                HttpRequest.newBuilder(URI.create(
                                                node.url + "/_emulator/relays/" + schema + "/events?kinds=1"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofInputStream())
                        .body();
                JsonParser p = Api.JSON.getFactory().createParser(in)) {
            if (p.nextToken() != JsonToken.START_ARRAY)
                throw new IllegalStateException("the node's events are not a list");
            while (p.nextToken() == JsonToken.START_OBJECT) {
                JsonNode e = p.readValueAsTree();
                count++;
                sum += idBits(e.path("id").asText());
            }
        }
        return new NodePosts(count, sum);
    }

    private static NodePosts inDatabase(ZooidEmulator node, String schema) throws Exception {
        // the schema becomes a table name: zooid's names are letters, digits and underscores
        if (!schema.matches("[a-z_][a-z0-9_]*")) throw new IllegalArgumentException("not a schema: " + schema);
        long count = 0, sum = 0;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + node.database() + "?mode=ro");
                PreparedStatement q = c.prepareStatement("SELECT id FROM " + schema + "__events WHERE kind = 1");
                ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                count++;
                sum += idBits(rs.getString(1));
            }
        }
        return new NodePosts(count, sum);
    }
}
