package caravel.testing;

import caravel.nostr.Event;
import caravel.nostr.Hex;
import caravel.nostr.Keys;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** An HTTP client for tests that signs strict NIP-98 events or sends a bearer token, over real sockets. */
public final class Api {
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String base;
    private final java.util.function.LongSupplier nowSeconds;
    private final HttpClient http;

    public record Response(int status, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + body);
            }
        }

        public String error() {
            return json().path("error").asText();
        }
    }

    public Api(String base) {
        this(base, () -> System.currentTimeMillis() / 1000);
    }

    /** @param nowSeconds the server's clock, for signing created_at (tests that move time) */
    public Api(String base, java.util.function.LongSupplier nowSeconds) {
        this(base, nowSeconds, HTTP);
    }

    private Api(String base, java.util.function.LongSupplier nowSeconds, HttpClient http) {
        this.base = base;
        this.nowSeconds = nowSeconds;
        this.http = http;
    }

    /**
     * An Api with connections of its own, for one run of a server process that is then killed and started again on
     * the same port: a kept-alive connection to the killed process, not yet seen closed, would take the next request
     * and fail it with no response (the client retries only idempotent requests, not a POST).
     */
    public static Api ownConnections(String base) {
        return new Api(
                base,
                () -> System.currentTimeMillis() / 1000,
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
    }

    public String base() {
        return base;
    }

    /** A NIP-98 header value for this exact request. */
    public static String nip98(Keys keys, String url, String method, byte[] body, long createdAt) {
        var tags = new java.util.ArrayList<List<String>>();
        tags.add(List.of("u", url));
        tags.add(List.of("method", method));
        if (body != null && body.length > 0) tags.add(List.of("payload", Hex.encode(Event.sha256(body))));
        // identical requests within one second would otherwise be the same event, which replay protection refuses
        tags.add(List.of(
                "nonce",
                Long.toHexString(
                        java.util.concurrent.ThreadLocalRandom.current().nextLong())));
        Event e = keys.sign(createdAt, 27235, tags, "");
        return "Nostr " + Base64.getEncoder().encodeToString(e.toJsonString().getBytes(StandardCharsets.UTF_8));
    }

    public Response send(String method, String pathAndQuery, String body, String authorization) {
        try {
            var b = HttpRequest.newBuilder(URI.create(base + pathAndQuery));
            byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            b.method(
                    method,
                    bytes.length == 0
                            ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(bytes));
            if (bytes.length > 0) b.header("Content-Type", "application/json");
            if (authorization != null) b.header("Authorization", authorization);
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body());
        } catch (Exception e) {
            throw new AssertionError(method + " " + pathAndQuery + " failed: " + e, e);
        }
    }

    /** Signed with a fresh strict NIP-98 event. keys null → anonymous. */
    public Response as(Keys keys, String method, String pathAndQuery, String body) {
        String auth = keys == null
                ? null
                : nip98(
                        keys,
                        base + pathAndQuery,
                        method,
                        body == null ? null : body.getBytes(StandardCharsets.UTF_8),
                        nowSeconds.getAsLong());
        return send(method, pathAndQuery, body, auth);
    }

    /**
     * A body of another type than JSON, to a route that streams it: signed without a payload tag, as such routes
     * check their NIP-98 (the body is read only after the signature).
     */
    public Response sendBytes(Keys keys, String method, String pathAndQuery, String contentType, byte[] body) {
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(body))
                    .header("Content-Type", contentType)
                    .header("Authorization", nip98(keys, base + pathAndQuery, method, null, nowSeconds.getAsLong()))
                    .build();
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body());
        } catch (Exception e) {
            throw new AssertionError(method + " " + pathAndQuery + " failed: " + e, e);
        }
    }

    public Response bearer(String token, String method, String pathAndQuery, String body) {
        return send(method, pathAndQuery, body, "Bearer " + token);
    }

    public static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
