package caravel.testing;

import caravel.nostr.Event;
import caravel.nostr.Hex;
import caravel.nostr.Keys;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a test may look at on a real zooid, the way its operator could, in place of the emulator's control routes:
 * the relay configs zooid keeps as {@code <id>.toml} files in its config directory, and NIP-86 on a relay signed
 * with that relay's own key (its secret is in its config file), which zooid lets manage the relay.
 */
final class RealZooidView {
    private static final TomlMapper TOML = new TomlMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private RealZooidView() {}

    /** Every config in {@code configDir} as JSON, keyed by relay id (zooid's JSON and TOML names are the same). */
    static ObjectNode relays(Path configDir) {
        ObjectNode all = Api.JSON.createObjectNode();
        try (Stream<Path> files = Files.list(configDir)) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                if (!name.endsWith(".toml") || !Files.isRegularFile(f)) continue;
                JsonNode config = read(f);
                if (config != null) all.set(name.substring(0, name.length() - ".toml".length()), config);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list zooid's config directory " + configDir, e);
        }
        return all;
    }

    /**
     * One config file, or null when it cannot be read right now. zooid writes its files in place (truncate, then
     * write), so a read can meet an empty or half-written file: one that does not parse or has no host yet is read
     * again briefly, then given up for this call (zooid's own reload fails on it the same way, "host is required").
     */
    private static JsonNode read(Path f) {
        for (int attempt = 0; ; attempt++) {
            try {
                JsonNode config = TOML.readTree(Files.readString(f, StandardCharsets.UTF_8));
                if (config != null && config.hasNonNull("host")) return config;
            } catch (IOException e) {
                // half a file: try again below
            }
            if (attempt >= 10) return null;
            try {
                Thread.sleep(20);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    /**
     * Calls NIP-86 {@code method} on the relay {@code config} describes, as the relay's own key, through zooid at
     * {@code origin} (sent with the relay's Host). Returns the {@code result}; an {@code error} or a non-200 answer
     * throws with zooid's words.
     */
    static JsonNode nip86(String origin, JsonNode config, String method, List<String> params) {
        String host = config.path("host").asText();
        Keys relayKey = Keys.parse(config.path("secret").asText());
        ObjectNode rpc = Api.JSON.createObjectNode().put("method", method);
        ArrayNode p = rpc.putArray("params");
        params.forEach(p::add);
        byte[] body = rpc.toString().getBytes(StandardCharsets.UTF_8);
        // zooid's relay library compares the u tag with the relay's base URL normalised to ws(s)://: plain ws for a
        // host with a port (how the tests' relays are addressed), wss for any other
        String u = (host.contains(":") ? "ws://" : "wss://") + host;
        List<List<String>> tags = new ArrayList<>();
        tags.add(List.of("u", u));
        tags.add(List.of("method", "POST"));
        tags.add(List.of("payload", Hex.encode(Event.sha256(body))));
        Event auth = relayKey.sign(System.currentTimeMillis() / 1000, 27235, tags, "");
        HttpRequest req = HttpRequest.newBuilder(URI.create(origin + "/"))
                .timeout(Duration.ofSeconds(15))
                .header("Host", host)
                .header("Content-Type", "application/nostr+json+rpc")
                .header(
                        "Authorization",
                        "Nostr "
                                + Base64.getEncoder()
                                        .encodeToString(auth.toJsonString().getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<String> resp;
        try {
            resp = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("NIP-86 " + method + " on " + host + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        JsonNode json;
        try {
            json = Api.JSON.readTree(resp.body());
        } catch (IOException e) {
            json = null;
        }
        if (resp.statusCode() != 200 || json == null || json.hasNonNull("error"))
            throw new IllegalStateException(
                    "NIP-86 " + method + " on " + host + " → " + resp.statusCode() + " " + resp.body());
        return json.path("result");
    }
}
