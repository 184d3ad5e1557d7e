package caravel.zooid;

import caravel.crypto.SecretBox;
import caravel.domain.Epoch;
import caravel.domain.Failure;
import caravel.logging.Hops;
import caravel.logging.Tracing;
import caravel.logging.Tracing.Attr;
import caravel.nostr.Keys;
import caravel.nostr.Nip98Signer;
import caravel.store.Relay;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opentelemetry.api.trace.SpanKind;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Caravel reads from a relay zooid serves: its members and its NIP-11 document.
 *
 * <p>Requests go to the relay's node: its relay origin with the relay's Host header when the node has one (straight to
 * zooid inside a deployment), otherwise to the relay's public address. NIP-86 calls are signed with the relay's own key (zooid
 * treats it as a manager) for the relay's base URL from {@link RelayAddress}: zooid's relay library compares the
 * {@code u} tag, normalised to ws/wss, with the URL it derives from the Host it was asked under — never with the
 * address the request really travelled to. zooid answers every NIP-86 call with HTTP 200 and a {@code result} or
 * {@code error}; a relay it does not serve (inactive, or a config that failed to load) answers a plain-text 404.
 */
public final class RelayManagement {
    private static final Logger log = LoggerFactory.getLogger(RelayManagement.class);

    /** A member as the dashboard shows it: {@code owner}, the name of a role it holds in zooid's config, or {@code member}. */
    public record Member(String pubkey, String role) {}

    /** Whether the relay answers its NIP-11 document, how fast, and under which name. */
    public record Health(
            boolean reachable, Integer status, Long latencyMs, String name, String error, long checkedAt) {}

    /** The parts of a relay's NIP-11 document that its owner can change over NIP-86 from any Nostr app. */
    public record Info(String name, String description, String icon) {}

    private static final ObjectMapper JSON = caravel.json.Json.MAPPER;
    private static final String RPC_TYPE = "application/nostr+json+rpc";
    private final SecretBox box;
    private final NodeClients nodes;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    public RelayManagement(SecretBox box, NodeClients nodes, Clock clock) {
        this.box = box;
        this.nodes = nodes;
        this.clock = clock;
    }

    /**
     * The relay's members, without the relay's own key (zooid's archived line lists it as a member of itself), the
     * owner first. The newer zooid line answers {@code GET /relay/<id>/members} on its API, also while the relay is
     * inactive; the archived line has no such route, so the relay is asked over NIP-86. A relay zooid has not created
     * yet has no members (nobody could have joined it), and zooid is not asked.
     */
    public List<Member> listMembers(Relay r) {
        if (!r.zooidCreated()) return List.of();
        Keys relayKeys = relayKeys(r);
        List<String> pubkeys = nodes.client(r).members(r.schema()).orElseGet(() -> nip86Members(r, relayKeys));
        Map<String, String> roles = roleHolders(r);
        List<Member> out = new ArrayList<>();
        for (String pk : pubkeys) {
            if (pk.equals(relayKeys.pubkey())) continue;
            String role = pk.equals(r.tenant()) ? "owner" : roles.getOrDefault(pk, "member");
            out.add(new Member(pk, role));
        }
        out.sort(Comparator.comparingInt(
                        (Member m) -> m.role().equals("owner") ? 0 : m.role().equals("member") ? 2 : 1)
                .thenComparing(Member::pubkey));
        return out;
    }

    private List<String> nip86Members(Relay r, Keys relayKeys) {
        JsonNode result = call(r, relayKeys, "listallowedpubkeys");
        if (!result.isArray())
            throw Failure.upstream("the relay answered listallowedpubkeys with something that is not a list");
        List<String> out = new ArrayList<>();
        for (JsonNode m : result) out.add(m.path("pubkey").asText());
        return out;
    }

    /** Role name per pubkey, from the config zooid last accepted (the roles Caravel itself gave the relay). */
    private static Map<String, String> roleHolders(Relay r) {
        Map<String, String> out = new HashMap<>();
        if (r.syncedConfig() == null) return out;
        try {
            JsonNode roles = JSON.readTree(r.syncedConfig()).path("roles");
            roles.properties().forEach(role -> {
                if (role.getKey().equals("member")) return; // zooid applies the "member" role to everyone
                // the newer line's names carry Caravel's prefix: the dashboard names the team role
                String name = ZooidConfig.teamRoleOf(role.getKey());
                for (JsonNode pk : role.getValue().path("pubkeys")) out.putIfAbsent(pk.asText(), name);
            });
        } catch (IOException e) {
            log.warn("relay {} has an unreadable synced config", r.id());
        }
        return out;
    }

    /**
     * Fetches the relay's NIP-11 document (GET / with Accept: application/nostr+json) from its host; a relay zooid has
     * not created yet is not asked (it is not provisioned, nothing could answer).
     */
    public Health health(Relay r) {
        long now = Epoch.seconds(clock);
        if (!r.zooidCreated()) return new Health(false, null, null, null, "not provisioned yet", now);
        long t0 = System.nanoTime();
        try {
            HttpResponse<String> resp = http.send(
                    request(r, Duration.ofSeconds(5))
                            .header("Accept", "application/nostr+json")
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (ReloadWindow.notServed(resp)) return new Health(false, 404, ms, null, notServedReason(r), now);
            if (resp.statusCode() != 200)
                return new Health(false, resp.statusCode(), ms, null, "the relay answered " + resp.statusCode(), now);
            JsonNode doc = JSON.readTree(resp.body());
            return new Health(true, 200, ms, doc.path("name").asText(null), null, now);
        } catch (IOException e) {
            log.info("relay {} health check failed: {}", r.id(), e.toString());
            return new Health(false, null, null, null, "the relay cannot be reached right now", now);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Health(false, null, null, null, "interrupted", now);
        }
    }

    /** The relay's live name, description and icon, or empty when it is not served or cannot be read now. */
    public Optional<Info> info(Relay r) {
        try {
            HttpResponse<String> resp = ReloadWindow.send(
                    http,
                    request(r, Duration.ofSeconds(5))
                            .header("Accept", "application/nostr+json")
                            .GET()
                            .build(),
                    ReloadWindow.expectServed(r));
            if (resp.statusCode() != 200) return Optional.empty();
            JsonNode doc = JSON.readTree(resp.body());
            if (!doc.isObject()) return Optional.empty();
            return Optional.of(new Info(
                    doc.path("name").asText(""),
                    doc.path("description").asText(""),
                    doc.path("icon").asText("")));
        } catch (IOException e) {
            log.info("relay {} NIP-11 read failed: {}", r.id(), e.toString());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private JsonNode call(Relay r, Keys relayKeys, String method) {
        ObjectNode rpc = JsonNodeFactory.instance.objectNode().put("method", method);
        rpc.putArray("params");
        byte[] body = rpc.toString().getBytes(StandardCharsets.UTF_8);
        String u = nodes.address(r).url();
        HttpRequest req = request(r, Duration.ofSeconds(10))
                .header("Content-Type", RPC_TYPE)
                .header("Authorization", Nip98Signer.header(relayKeys, u, "POST", body, clock))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<String> resp;
        try (Tracing.Open span = Tracing.open(
                "nip86 " + method,
                SpanKind.CLIENT,
                Tracing.with(Attr.NIP86_METHOD, method).and(Attr.RELAY_ID, r.id()),
                false)) {
            Hops.mark("nip86.call", method + " " + r.id());
            resp = ReloadWindow.send(http, req, ReloadWindow.expectServed(r));
            Hops.mark("nip86.answered", method + " " + r.id() + " " + resp.statusCode());
            span.set(Attr.HTTP_STATUS, resp.statusCode());
        } catch (IOException e) {
            log.info("relay {} NIP-86 {} failed: {}", r.id(), method, e.toString());
            throw Failure.unavailable("the relay cannot be reached right now");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Failure.unavailable("interrupted");
        }
        if (ReloadWindow.notServed(resp)) throw Failure.conflict(notServedReason(r));
        JsonNode json;
        try {
            json = JSON.readTree(resp.body());
        } catch (IOException e) {
            json = null;
        }
        if (resp.statusCode() != 200 || json == null || !json.isObject())
            throw Failure.upstream(
                    "the relay answered " + method + " with HTTP " + resp.statusCode() + " instead of a NIP-86 reply");
        if (json.hasNonNull("error"))
            throw Failure.upstream(
                    "the relay refused " + method + ": " + json.get("error").asText());
        return json.path("result");
    }

    private HttpRequest.Builder request(Relay r, Duration timeout) {
        String host = nodes.address(r).host();
        Optional<String> relayOrigin = nodes.relayOrigin(r);
        String origin = relayOrigin.orElse("https://" + host);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(origin + "/")).timeout(timeout);
        if (relayOrigin.isPresent()) b.header("Host", host);
        return b;
    }

    private static String notServedReason(Relay r) {
        return ReloadWindow.sentInactive(r).orElse(false)
                ? "The relay is inactive: it is offline until it is active again."
                : "The relay is not online right now: its settings are being applied again.";
    }

    private Keys relayKeys(Relay r) {
        return new Keys(box.open(r.secretEnc(), RelaySecrets.context(r.id())));
    }
}
