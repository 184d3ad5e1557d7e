package caravel.infra;

import caravel.nostr.Keys;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/**
 * zooid's management API exactly as zooid-api.md states it: POST/PUT/PATCH/DELETE /relay/<id>, NIP-98 signed with
 * ZOOID_API_SECRET, u = scheme://host/path of ZOOID_API_URL (zooid rebuilds u from the request's Host and path,
 * without a query). Every outcome is a ZooidResult; nothing throws for HTTP-level problems.
 */
public final class ZooidClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String baseUrl;
    private final Keys keys;
    private final Clock clock;
    private final HttpClient http;
    private final java.util.concurrent.atomic.LongAdder calls = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder nanos = new java.util.concurrent.atomic.LongAdder();

    /** Calls made and time spent waiting on zooid, for the provisioning benchmark and metrics. */
    public record Stats(long calls, long nanos) {}

    public Stats stats() { return new Stats(calls.sum(), nanos.sum()); }

    public ZooidClient(String baseUrl, Keys keys, Clock clock) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.keys = keys;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
    }

    public ZooidResult create(String id, JsonNode config) { return call("POST", id, config); }

    public ZooidResult replace(String id, JsonNode config) { return call("PUT", id, config); }

    public ZooidResult patch(String id, JsonNode partial) { return call("PATCH", id, partial); }

    public ZooidResult delete(String id) { return call("DELETE", id, null); }

    private ZooidResult call(String method, String id, JsonNode body) {
        String url = baseUrl + "/relay/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
        byte[] bytes = body == null ? new byte[0] : body.toString().getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(15))
                .header("Authorization", Nip98Signer.header(keys, url, method, bytes, clock))
                .method(method, bytes.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (bytes.length > 0) b.header("Content-Type", "application/json");
        HttpResponse<String> r;
        long t0 = System.nanoTime();
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return new ZooidResult.Unreachable(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ZooidResult.Unreachable("interrupted");
        } finally {
            calls.increment();
            nanos.add(System.nanoTime() - t0);
        }
        String text = field(r.body(), r.statusCode() < 300 ? "message" : "error");
        return switch (r.statusCode()) {
            case 200, 201 -> new ZooidResult.Ok(r.statusCode(), text);
            case 400 -> new ZooidResult.Invalid(text);
            case 401, 403 -> new ZooidResult.Unauthorized(r.statusCode(), text);
            case 404 -> new ZooidResult.NotFound(text);
            case 409 -> new ZooidResult.Conflict(text);
            default -> new ZooidResult.Failed(r.statusCode(), text);
        };
    }

    private static String field(String body, String name) {
        try {
            JsonNode n = JSON.readTree(body);
            if (n != null && n.hasNonNull(name)) return n.get(name).asText();
        } catch (IOException ignored) {
        }
        return body == null || body.isBlank() ? "(no message)" : body.length() > 200 ? body.substring(0, 200) : body;
    }
}
