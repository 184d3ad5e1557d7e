package caravel.testing;

import caravel.Inside;
import caravel.nostr.Event;
import caravel.nostr.Keys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Calls the Flotilla listener the way Flotilla's client does (written from the contract, not from its code): one
 * sign-in event per key (kind 27235, u = the base URL, method GET, no payload) reused on every request until it is
 * ten minutes old, JSON bodies, the answer's {@code data} or {@code error}.
 */
public final class FlotillaClient {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String base;
    private final String signedUrl;
    private final LongSupplier now;
    private final Map<String, String[]> tokens = new java.util.concurrent.ConcurrentHashMap<>();

    /** @param signedUrl what the sign-in's u tag carries (Flotilla's configured base URL, as written) */
    public FlotillaClient(String base, String signedUrl, LongSupplier now) {
        this.base = base;
        this.signedUrl = signedUrl;
        this.now = now;
    }

    public String base() {
        return base;
    }

    /** A Flotilla-style sign-in event for {@code keys}, signed now; the tags may be replaced to try cheating. */
    public static String token(Keys keys, long createdAt, int kind, List<List<String>> tags) {
        Event e = keys.sign(createdAt, kind, tags, "");
        return "Nostr " + Base64.getEncoder().encodeToString(e.toJsonString().getBytes(StandardCharsets.UTF_8));
    }

    public static String token(Keys keys, String u, long createdAt) {
        return token(keys, createdAt, 27235, List.of(List.of("u", u), List.of("method", "GET")));
    }

    /** The key's cached token, re-signed once it is ten minutes old, as Flotilla does. */
    public String tokenFor(Keys keys) {
        long t = now.getAsLong();
        String[] cached = tokens.get(keys.pubkey());
        if (cached != null && t - Long.parseLong(cached[0]) < 600) return cached[1];
        String fresh = token(keys, signedUrl, t);
        tokens.put(keys.pubkey(), new String[] {Long.toString(t), fresh});
        return fresh;
    }

    public Api.Response as(Keys keys, String method, String path, String jsonBody) {
        return send(method, path, jsonBody, "application/json", keys == null ? null : tokenFor(keys));
    }

    public Api.Response send(String method, String path, String body, String contentType, String authorization) {
        try {
            var b = HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "application/json");
            byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            b.method(
                    method,
                    bytes.length == 0
                            ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(bytes));
            if (bytes.length > 0) b.header("Content-Type", contentType);
            if (authorization != null) b.header("Authorization", authorization);
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Api.Response(r.statusCode(), r.body());
        } catch (Exception e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        }
    }

    /** A backend with the Flotilla listener on a free port, its public URL as Flotilla would be configured. */
    public static java.util.function.Consumer<Map<String, String>> listener(String... allowOrigins) {
        return env -> {
            int port = TestEnv.freePort();
            env.put("FLOTILLA_PORT", Integer.toString(port));
            env.put("FLOTILLA_PUBLIC_URL", "http://127.0.0.1:" + port + "/");
            if (allowOrigins.length > 0) env.put("FLOTILLA_ALLOW_ORIGINS", String.join(",", allowOrigins));
        };
    }

    /** A client for {@code b}'s Flotilla listener, on the backend's clock. */
    public static FlotillaClient of(TestBackend b) {
        String base =
                "http://127.0.0.1:" + Inside.of(b.app).flotilla().orElseThrow().port();
        return new FlotillaClient(base, b.env.get("FLOTILLA_PUBLIC_URL"), b.clock::seconds);
    }
}
