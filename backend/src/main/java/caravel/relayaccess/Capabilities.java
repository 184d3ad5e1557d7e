package caravel.relayaccess;

import caravel.domain.Failure;
import caravel.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which NIP-86 methods a relay offers. zooid's lines differ (the newer one adds claim and role methods, the archived
 * one cannot list banned events), so Caravel asks {@code supportedmethods} once per relay and software version
 * (NIP-11 {@code version}, re-read at most every few minutes) and shows only what the relay can do.
 */
public final class Capabilities {
    private static final Duration VERSION_RECHECK = Duration.ofMinutes(5);
    private final HttpClient http;
    private final RelayRpc rpc;
    private final Clock clock;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();

    private record Entry(String version, Set<String> methods, long versionCheckedMs) {}

    /** What the dashboard needs to know about a relay's tools. */
    public record View(String version, List<String> methods, boolean claims, boolean listBannedEvents, boolean roles) {}

    public Capabilities(HttpClient http, RelayRpc rpc, Clock clock) {
        this.http = http;
        this.rpc = rpc;
        this.clock = clock;
    }

    public Set<String> methods(RelayAccess.Target t) {
        long now = clock.millis();
        Entry e = cache.get(t.relayId());
        if (e != null && now - e.versionCheckedMs() < VERSION_RECHECK.toMillis()) return e.methods();
        String version = version(t);
        if (e != null && e.version().equals(version)) {
            cache.put(t.relayId(), new Entry(version, e.methods(), now));
            return e.methods();
        }
        JsonNode result = rpc.call(t, "supportedmethods", List.of(), "list what it supports");
        Set<String> methods = new LinkedHashSet<>();
        for (JsonNode m : result) if (m.isTextual()) methods.add(m.textValue());
        cache.put(t.relayId(), new Entry(version, Set.copyOf(methods), now));
        return methods;
    }

    public View view(RelayAccess.Target t) {
        Set<String> m = methods(t);
        Entry e = cache.get(t.relayId());
        return new View(
                e == null ? "" : e.version(),
                m.stream().sorted().toList(),
                m.containsAll(List.of("listclaims", "createclaim", "deleteclaim")),
                m.contains("listbannedevents") && hasWorkingBannedEvents(e),
                m.contains("assignrole"));
    }

    /** zooid's archived line names listbannedevents but always fails it; the newer line (with claims) answers it. */
    private static boolean hasWorkingBannedEvents(Entry e) {
        return e != null && e.methods().contains("listclaims");
    }

    public boolean supports(RelayAccess.Target t, String method) {
        return methods(t).contains(method);
    }

    /** The NIP-86 method, or a conflict that says the relay does not offer {@code what} (in a sentence's words). */
    public void require(RelayAccess.Target t, String method, String what) {
        if (!supports(t, method))
            throw Failure.conflict("The relay software behind this relay does not offer " + what + " yet.");
    }

    public void forget(String relayId) {
        cache.remove(relayId);
    }

    /** The relay's NIP-11 version string ("" when it has none or cannot be read: the methods are then asked again later). */
    private String version(RelayAccess.Target t) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(t.httpOrigin())
                    .timeout(Duration.ofSeconds(5))
                    .header("Accept", "application/nostr+json")
                    .GET();
            t.hostHeader().ifPresent(h -> b.header("Host", h));
            HttpResponse<String> resp = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (resp.statusCode() != 200) return "";
            JsonNode doc = Json.parse(resp.body());
            return doc.path("software").asText("") + "@" + doc.path("version").asText("");
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            return "";
        }
    }
}
