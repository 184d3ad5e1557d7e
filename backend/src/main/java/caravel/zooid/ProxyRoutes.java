package caravel.zooid;

import caravel.config.ZooidNode;
import caravel.json.Json;
import caravel.store.Relay;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the proxy sends each relay host, kept by Caravel in Caddy's running config through Caddy's admin API
 * (CADDY_ADMIN_URL). The relay site of deploy/Caddyfile maps the request's host to an upstream with a {@code map}
 * whose default is its domain's first node ({@code ZOOID_UPSTREAM}); Caravel writes one mapping per relay that lives
 * elsewhere (a relay moved to another node keeps its URL, so its host must be sent to its new node).
 *
 * <p>Chosen over Caddy asking Caravel on every connection because the routes live in Caddy: relays keep being served
 * while every Caravel process is down or restarting. Caddy forgets pushed routes when it restarts from its Caddyfile,
 * so Caravel writes them at start, after every move, and checks them on a timer ({@link #reconcile()} changes nothing
 * when Caddy already holds the right ones). The map is found by its destination placeholder, {@link #PLACEHOLDER}, so
 * the operator's Caddyfile may put the relay site anywhere.
 */
public final class ProxyRoutes {
    /** The map destination deploy/Caddyfile names; the map holding it is the one Caravel writes. */
    public static final String PLACEHOLDER = "{caravel_relay_upstream}";

    private static final Logger log = LoggerFactory.getLogger(ProxyRoutes.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** A relay's host and the node serving it. */
    public record Route(String host, String upstream) {}

    private final URI admin;
    private final NodeClients nodes;
    private final Supplier<List<Relay>> placed;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    /**
     * @param admin  Caddy's admin API base, e.g. {@code http://caddy:2019}
     * @param placed every relay whose row names a node (a row naming none is on the default node, which its domain's
     *               site routes to)
     */
    public ProxyRoutes(URI admin, NodeClients nodes, Supplier<List<Relay>> placed) {
        this.admin = URI.create(admin.toString().replaceAll("/+$", "") + "/");
        this.nodes = nodes;
        this.placed = placed;
    }

    /** The routes the proxy needs: every relay not on its domain's first node, to its own node's upstream. */
    public List<Route> wanted() {
        java.util.ArrayList<Route> out = new java.util.ArrayList<>();
        for (Relay r : placed.get()) {
            ZooidNode node = nodes.node(r);
            String domain = nodes.domain(r);
            List<ZooidNode> serving = nodes.nodes().serving(domain);
            ZooidNode first = serving.isEmpty() ? nodes.nodes().defaultNode() : serving.get(0);
            if (first.name().equals(node.name())) continue;
            out.add(new Route(hostOnly(nodes.address(r).host()), upstream(node)));
        }
        out.sort(java.util.Comparator.comparing(Route::host));
        return out;
    }

    /**
     * Makes Caddy's map hold exactly {@link #wanted()}; writes only when it differs.
     *
     * @return whether Caddy had to be changed
     * @throws IllegalStateException when Caddy cannot be reached or holds no such map (the reason, never a secret)
     */
    public boolean reconcile() {
        String path = mapPath();
        ArrayNode want = Json.MAPPER.createArrayNode();
        for (Route r : wanted())
            want.addObject().put("input", r.host()).putArray("outputs").add(r.upstream());
        JsonNode have = get(path + "/mappings");
        if (have != null && !have.isNull() && have.equals(want)) return false;
        // the admin API sets a key that exists with PATCH and one that does not with PUT
        send(have == null || have.isNull() ? "PUT" : "PATCH", path + "/mappings", want.toString());
        log.info("proxy routes written: {} relay hosts routed off their domain's first node", want.size());
        return true;
    }

    /** {@link #reconcile()} for timers and hooks: a failure is logged, the next run tries again. */
    public void reconcileQuietly() {
        try {
            reconcile();
        } catch (RuntimeException e) {
            log.warn("proxy routes not written: {}", e.getMessage());
        }
    }

    /** host:port Caddy dials for the node: its relay origin's. */
    static String upstream(ZooidNode node) {
        URI origin = URI.create(node.relayOrigin()
                .orElseThrow(() -> new IllegalStateException(
                        "zooid node '" + node.name() + "' has no relay origin: the proxy cannot route a relay to it")));
        int port = origin.getPort() != -1 ? origin.getPort() : "https".equals(origin.getScheme()) ? 443 : 80;
        return origin.getHost() + ":" + port;
    }

    /** Caddy's {host} has no port; a relay domain may carry one (local stacks). */
    private static String hostOnly(String host) {
        int colon = host.lastIndexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }

    /** The config path of the map whose destination is {@link #PLACEHOLDER}. */
    private String mapPath() {
        JsonNode servers = get("config/apps/http/servers");
        if (servers != null && servers.isObject()) {
            for (Map.Entry<String, JsonNode> s : servers.properties()) {
                Optional<String> found = find(s.getValue(), "config/apps/http/servers/" + s.getKey());
                if (found.isPresent()) return found.get();
            }
        }
        throw new IllegalStateException(
                "Caddy's config has no map to " + PLACEHOLDER + " (see deploy/Caddyfile's relay site)");
    }

    private static Optional<String> find(JsonNode n, String path) {
        if (n.isObject()) {
            if ("map".equals(n.path("handler").asText())) {
                for (JsonNode d : n.path("destinations")) if (PLACEHOLDER.equals(d.asText())) return Optional.of(path);
            }
            for (Map.Entry<String, JsonNode> f : n.properties()) {
                Optional<String> found = find(f.getValue(), path + "/" + f.getKey());
                if (found.isPresent()) return found;
            }
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                Optional<String> found = find(n.get(i), path + "/" + i);
                if (found.isPresent()) return found;
            }
        }
        return Optional.empty();
    }

    private JsonNode get(String path) {
        HttpResponse<String> r =
                call(HttpRequest.newBuilder(admin.resolve(path)).GET());
        if (r.statusCode() == 200) return Json.parse(r.body());
        // a key that does not exist yet
        if (r.statusCode() == 400 || r.statusCode() == 404) return null;
        throw new IllegalStateException("Caddy's admin API answered " + r.statusCode() + " to GET " + path);
    }

    private void send(String method, String path, String body) {
        HttpResponse<String> r = call(HttpRequest.newBuilder(admin.resolve(path))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)));
        if (r.statusCode() / 100 != 2)
            throw new IllegalStateException(
                    "Caddy's admin API answered " + r.statusCode() + " to " + method + " " + path + ": " + r.body());
    }

    private HttpResponse<String> call(HttpRequest.Builder b) {
        try {
            return http.send(b.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Caddy's admin API at " + admin + " is unreachable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }
}
