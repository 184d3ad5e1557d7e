package caravel.infra;

import caravel.api.ApiException;
import caravel.config.Config;
import caravel.crypto.SecretBox;
import caravel.nostr.Keys;
import caravel.relays.Relays;
import caravel.store.Relay;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * NIP-86 relay management calls on a relay's own host, signed with the relay's own key (zooid treats that key as
 * a manager). With ZOOID_RELAY_ORIGIN set, requests go to that origin with the relay's Host header; otherwise to
 * https://<host>. The NIP-98 u is scheme://host, the form khatru-based relays check.
 */
public final class RelayManagement {
    public record Member(String pubkey, String reason) {}

    /** Whether the relay answers its NIP-11 document, how fast, and under which name. */
    public record Health(boolean reachable, Integer status, Long latencyMs, String name, String error, long checkedAt) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Config config;
    private final SecretBox box;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();

    public RelayManagement(Config config, SecretBox box, Clock clock) {
        this.config = config;
        this.box = box;
        this.clock = clock;
    }

    public List<Member> listMembers(Relay r) {
        JsonNode result = call(r, "listallowedpubkeys");
        if (!result.isArray()) throw new ApiException(502, "the relay answered listallowedpubkeys with something that is not a list");
        List<Member> out = new ArrayList<>();
        for (JsonNode m : result) out.add(new Member(m.path("pubkey").asText(), m.path("reason").asText("")));
        return out;
    }

    /** Fetches the relay's NIP-11 document (GET / with Accept: application/nostr+json) from its host. */
    public Health health(Relay r) {
        long now = clock.millis() / 1000;
        String host = r.subdomain() + "." + config.relayDomain();
        String origin = config.zooidRelayOrigin().orElse("https://" + host);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(origin + "/")).timeout(Duration.ofSeconds(5))
                .header("Accept", "application/nostr+json").GET();
        if (config.zooidRelayOrigin().isPresent()) b.header("Host", host);
        long t0 = System.nanoTime();
        try {
            HttpResponse<String> resp = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (resp.statusCode() != 200) {
                String err = resp.statusCode() == 503 ? "the relay is not serving (inactive)" : "the relay answered " + resp.statusCode();
                return new Health(false, resp.statusCode(), ms, null, err, now);
            }
            JsonNode doc = JSON.readTree(resp.body());
            return new Health(true, 200, ms, doc.path("name").asText(null), null, now);
        } catch (IOException e) {
            return new Health(false, null, null, null, "cannot be reached: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), now);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Health(false, null, null, null, "interrupted", now);
        }
    }

    private JsonNode call(Relay r, String method) {
        String host = r.subdomain() + "." + config.relayDomain();
        String origin = config.zooidRelayOrigin().orElse("https://" + host);
        String scheme = URI.create(origin).getScheme();
        byte[] body = ("{\"method\":\"" + method + "\",\"params\":[]}").getBytes(StandardCharsets.UTF_8);
        Keys relayKeys = new Keys(box.open(r.secretEnc(), Relays.secretContext(r.id())));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(origin + "/"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/nostr+json+rpc")
                .header("Authorization", Nip98Signer.header(relayKeys, scheme + "://" + host, "POST", body, clock))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (config.zooidRelayOrigin().isPresent()) b.header("Host", host);
        HttpResponse<String> resp;
        try {
            resp = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw ApiException.unavailable("the relay cannot be reached right now: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("interrupted");
        }
        JsonNode json;
        try {
            json = JSON.readTree(resp.body());
        } catch (IOException e) {
            json = null;
        }
        String error = json != null && json.hasNonNull("error") ? json.get("error").asText() : null;
        if (resp.statusCode() == 503) throw ApiException.unavailable("the relay is not serving right now" + (error == null ? "" : ": " + error));
        if (resp.statusCode() >= 300 || json == null || error != null)
            throw new ApiException(502, "the relay refused " + method + " (" + resp.statusCode() + ")" + (error == null ? "" : ": " + error));
        return json.path("result");
    }
}
