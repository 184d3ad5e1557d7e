package caravel.zooid;

import caravel.json.Json;
import caravel.logging.Hops;
import caravel.logging.Tracing;
import caravel.logging.Tracing.Attr;
import caravel.nostr.Keys;
import caravel.nostr.Nip98Signer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.trace.SpanKind;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * zooid's management API over HTTP as docs/zooid.md describes it: POST/PUT/PATCH/DELETE /relay/<id>, NIP-98 signed
 * with ZOOID_API_SECRET, u = scheme://host/path of ZOOID_API_URL (zooid rebuilds u from the request's Host and path,
 * without a query).
 */
public final class HttpZooidClient implements ZooidClient {
    private static final ObjectMapper JSON = Json.MAPPER;
    private final String baseUrl;
    private final Keys keys;
    private final Clock clock;
    private final HttpClient http;

    public HttpZooidClient(String baseUrl, Keys keys, Clock clock) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.keys = keys;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    @Override
    public ZooidResult create(String id, JsonNode config) {
        return call("POST", id, config);
    }

    @Override
    public ZooidResult replace(String id, JsonNode config) {
        return call("PUT", id, config);
    }

    @Override
    public ZooidResult patch(String id, JsonNode partial) {
        return call("PATCH", id, partial);
    }

    @Override
    public ZooidResult delete(String id) {
        return call("DELETE", id, null);
    }

    /** Empty also when this zooid has no members route: the archived line answers 405, other builds a plain-text 404. */
    @Override
    public Optional<List<String>> members(String id) {
        Response r = send("GET", id, "/members", null);
        if (r.status() != 200 || r.body() == null) return Optional.empty();
        try {
            JsonNode members = JSON.readTree(r.body()).path("members");
            if (!members.isArray()) return Optional.empty();
            List<String> out = new ArrayList<>();
            for (JsonNode m : members) if (m.isTextual()) out.add(m.asText());
            return Optional.of(out);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The id the line probe asks about. Any id tells the lines apart, since a GET changes nothing: the archived line
     * refuses every GET with 405 before it looks at the id; the newer line answers 404 for an id it does not know, 200
     * should a relay have it. Letters and '_' only, so no id rule of either line can refuse it.
     */
    static final String PROBE_ID = "caravel_line_probe";

    /** Go's router answers an unknown route with this plain text: the route itself is missing, not the relay. */
    private static final String NO_ROUTE = "404 page not found";

    @Override
    public ZooidLine.Probe probeLine() {
        Response r = send("GET", PROBE_ID, "/members", null);
        if (r.unreachable() != null) return ZooidLine.Probe.unknown("zooid is unreachable: " + r.unreachable());
        String body = r.body() == null ? "" : r.body().strip();
        return switch (r.status()) {
            case 200 -> ZooidLine.Probe.of(ZooidLine.NEWER);
            case 404 ->
                body.equals(NO_ROUTE)
                        ? ZooidLine.Probe.unknown("zooid has no members route but answers GET: neither known line")
                        : ZooidLine.Probe.of(ZooidLine.NEWER);
            case 405 -> ZooidLine.Probe.of(ZooidLine.ARCHIVED);
            case 401, 403 ->
                ZooidLine.Probe.unknown("zooid refused our credentials (" + r.status() + "): "
                        + field(r.body(), "error")
                        + " — is the ZOOID_API_SECRET pubkey in zooid's API_WHITELIST?");
            default -> ZooidLine.Probe.unknown("zooid answered " + r.status() + ": " + field(r.body(), "error"));
        };
    }

    private ZooidResult call(String method, String id, JsonNode body) {
        Response r = send(method, id, "", body);
        if (r.unreachable() != null) return new ZooidResult.Unreachable(r.unreachable());
        String text = field(r.body(), r.status() < 300 ? "message" : "error");
        return switch (r.status()) {
            case 200, 201 -> new ZooidResult.Ok(r.status(), text);
            case 400 -> new ZooidResult.Invalid(text);
            case 401, 403 -> new ZooidResult.Unauthorized(r.status(), text);
            case 404 -> new ZooidResult.NotFound(text);
            case 409 -> new ZooidResult.Conflict(text);
            default -> new ZooidResult.Failed(r.status(), text);
        };
    }

    /** One HTTP exchange; unreachable is the transport error when zooid could not be reached at all. */
    private record Response(int status, String body, String unreachable) {}

    private Response send(String method, String id, String suffix, JsonNode body) {
        // zooid signs nothing back and rebuilds u from Host and path without a query, so the URL is signed as sent
        String url = baseUrl + "/relay/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + suffix;
        byte[] bytes = body == null ? new byte[0] : body.toString().getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(15))
                .header("Authorization", Nip98Signer.header(keys, url, method, bytes, clock))
                .method(
                        method,
                        bytes.length == 0
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (bytes.length > 0) b.header("Content-Type", "application/json");
        // the span names the call by its template and the relay's id; the signed Authorization header is never in it
        try (Tracing.Open span = Tracing.open(
                "zooid " + method + " /relay/{id}" + suffix,
                SpanKind.CLIENT,
                Tracing.with(Attr.ZOOID_CALL, method + " " + suffix)
                        .and(Attr.RELAY_ID, id)
                        .and(Attr.SERVER, URI.create(baseUrl).getHost()),
                false)) {
            Tracing.propagate(b::header);
            Hops.mark("zooid.call", method + " " + suffix);
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            Hops.mark("zooid.answered", method + " " + suffix + " " + r.statusCode());
            span.set(Attr.HTTP_STATUS, r.statusCode());
            if (r.statusCode() >= 500) span.failed("status " + r.statusCode());
            return new Response(r.statusCode(), r.body(), null);
        } catch (IOException e) {
            return new Response(0, null, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Response(0, null, "interrupted");
        }
    }

    private static String field(String body, String name) {
        try {
            JsonNode n = JSON.readTree(body);
            if (n != null && n.hasNonNull(name)) return n.get(name).asText();
        } catch (IOException ignored) {
            // not JSON: the caller falls back to the HTTP status
        }
        return body == null || body.isBlank() ? "(no message)" : body.length() > 200 ? body.substring(0, 200) : body;
    }
}
