package caravel.relayaccess;

import caravel.domain.Epoch;
import caravel.domain.Failure;
import caravel.json.Json;
import caravel.logging.Hops;
import caravel.logging.Tracing;
import caravel.logging.Tracing.Attr;
import caravel.nostr.Event;
import caravel.nostr.Hex;
import caravel.nostr.Nip19;
import caravel.store.MembershipEchoes;
import caravel.zooid.ReloadWindow;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opentelemetry.api.trace.SpanKind;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NIP-86 calls with parameters on a hosted relay, signed with the relay's own key for the relay's base URL (the
 * {@code u} tag zooid's relay library normalises and compares), with a {@code payload} tag (required) and a fresh
 * {@code created_at} (zooid refuses anything older than 30 s). zooid answers every call with success and a
 * {@code result} or an {@code error}; errors come back as {@link Failure}s whose message is a sentence.
 */
public final class RelayRpc {
    private static final Logger log = LoggerFactory.getLogger(RelayRpc.class);
    static final String RPC_TYPE = "application/nostr+json+rpc";
    private final HttpClient http;
    private final Clock clock;

    public RelayRpc(HttpClient http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    /** The signed request Caravel sends (exposed for the signing tests). */
    public HttpRequest request(RelayAccess.Target t, String method, List<?> params) {
        ObjectNode rpc = Json.MAPPER.createObjectNode().put("method", method);
        ArrayNode p = rpc.putArray("params");
        for (Object o : params) p.add(o == null ? null : o.toString());
        byte[] body = rpc.toString().getBytes(StandardCharsets.UTF_8);
        List<List<String>> tags = new ArrayList<>();
        tags.add(List.of("u", t.url()));
        tags.add(List.of("method", "POST"));
        tags.add(List.of("payload", Hex.encode(Event.sha256(body))));
        Event auth = t.keys().sign(Epoch.seconds(clock), 27235, tags, "");
        HttpRequest.Builder b = HttpRequest.newBuilder(t.httpOrigin())
                .timeout(Duration.ofSeconds(15))
                .header("Content-Type", RPC_TYPE)
                .header(
                        "Authorization",
                        "Nostr "
                                + Base64.getEncoder()
                                        .encodeToString(auth.toJsonString().getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        t.hostHeader().ifPresent(h -> b.header("Host", h));
        return b.build();
    }

    /** Calls {@code method} and returns its {@code result}; a relay error becomes an upstream failure with {@code what} in words. */
    public JsonNode call(RelayAccess.Target t, String method, List<?> params, String what) {
        expectMembershipEcho(t, method, params);
        HttpResponse<String> resp;
        try (Tracing.Open span = Tracing.open(
                "nip86 " + method,
                SpanKind.CLIENT,
                Tracing.with(Attr.NIP86_METHOD, method).and(Attr.RELAY_ID, t.relayId()),
                false)) {
            Hops.mark("rpc.call", method);
            resp = ReloadWindow.send(http, request(t, method, params), t.expectServed());
            Hops.mark("rpc.answered", method + " " + resp.statusCode());
            span.set(Attr.HTTP_STATUS, resp.statusCode());
        } catch (IOException e) {
            log.info("relay {} NIP-86 {} failed: {}", t.relayId(), method, e.toString());
            throw Failure.unavailable(
                    "The relay cannot be reached right now, so Caravel could not " + what + ". Try again in a moment.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Failure.unavailable("interrupted");
        }
        if (ReloadWindow.notServed(resp))
            throw Failure.conflict(
                    "The relay is not online right now (it is inactive, or its settings are still being applied), so Caravel could not "
                            + what + ".");
        JsonNode json;
        try {
            json = Json.parse(resp.body());
        } catch (IllegalArgumentException e) {
            json = null;
        }
        if (resp.statusCode() != 200 || json == null || !json.isObject())
            throw Failure.upstream("The relay gave an answer Caravel does not understand (HTTP " + resp.statusCode()
                    + ") when asked to " + what + ".");
        if (json.hasNonNull("error"))
            throw Failure.upstream("The relay refused to " + what + ": "
                    + sentence(json.get("error").asText()));
        return json.path("result");
    }

    /** The NIP-86 methods after which zooid publishes a membership event (8000/8001) naming their first parameter. */
    private static final Set<String> MEMBERSHIP_METHODS =
            Set.of("allowpubkey", "disallowpubkey", "banpubkey", "unbanpubkey");

    /**
     * The relay's echo of a membership change asked here waits for Caravel's own line (which names who acted), and a
     * change nobody here asked for is told at once ({@link MembershipEchoes}); announced before the call, since the
     * echo can be heard before the answer comes.
     */
    private void expectMembershipEcho(RelayAccess.Target t, String method, List<?> params) {
        if (!MEMBERSHIP_METHODS.contains(method) || params.isEmpty() || params.get(0) == null) return;
        String pubkey = params.get(0).toString();
        if (pubkey.matches("[0-9a-f]{64}"))
            MembershipEchoes.expect(t.relayId(), Nip19.shortNpub(pubkey), System.currentTimeMillis());
    }

    /** zooid's terse errors ("blocked: only relay admins…") as the tail of a sentence. */
    public static String sentence(String error) {
        String e = error.strip();
        if (e.startsWith("method ") && e.endsWith(" not supported"))
            return "this relay does not offer that (" + e + ").";
        e = e.replaceFirst("^(blocked|invalid|error|restricted): ", "");
        return e.endsWith(".") ? e : e + ".";
    }
}
