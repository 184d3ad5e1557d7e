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
 *
 * <p>Custom domains go through a second map, the custom-domain site's (found by {@link #CUSTOM_PLACEHOLDER}): one
 * mapping per domain Caravel serves, from the domain to the relay's own host (sent to zooid as Host, since zooid knows
 * a relay by that host alone) and its node's upstream. A domain not in it gets a 404 from that site, so the map is the
 * list of served domains: one that stops being served is taken out at the next write.
 */
public final class ProxyRoutes {
    /** The map destination deploy/Caddyfile names; the map holding it is the one Caravel writes. */
    public static final String PLACEHOLDER = "{caravel_relay_upstream}";
    /** The custom-domain site's map destination for the node; its other one is {@code {caravel_custom_host}}. */
    public static final String CUSTOM_PLACEHOLDER = "{caravel_custom_upstream}";

    private static final Logger log = LoggerFactory.getLogger(ProxyRoutes.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** A relay's host and the node serving it. */
    public record Route(String host, String upstream) {}

    /** A custom domain Caravel serves now and the relay it names (what the domains service knows). */
    public record CustomRoute(String domain, Relay relay) {}

    /** A custom domain, the relay's own host zooid knows it by, and the node serving it. */
    public record CustomMapping(String domain, String host, String upstream) {}

    private final URI admin;
    private final NodeClients nodes;
    private final Supplier<List<Relay>> placed;
    private final Supplier<List<CustomRoute>> custom;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    /**
     * The custom-domain mappings Caddy was last seen to hold (written or found equal by {@link #reconcile()}): what
     * {@link #customGap} answers from. Empty until the first reconcile that reaches the custom-domain map; kept as it
     * was when a later one fails (Caddy keeps what it held), replaced by the next one that succeeds.
     */
    private volatile java.util.Set<CustomMapping> held = java.util.Set.of();
    /** Why the last reconcile failed, null after one that succeeded. */
    private volatile String lastProblem;
    /** Raised after each change of {@link #held} or {@link #lastProblem}: what a kept relay view is checked against. */
    private final java.util.concurrent.atomic.AtomicLong changes = new java.util.concurrent.atomic.AtomicLong();

    /**
     * @param admin  Caddy's admin API base, e.g. {@code http://caddy:2019}
     * @param placed every relay whose row names a node (a row naming none is on the default node, which its domain's
     *               site routes to)
     */
    public ProxyRoutes(URI admin, NodeClients nodes, Supplier<List<Relay>> placed) {
        this(admin, nodes, placed, List::of);
    }

    /**
     * @param custom every custom domain served now, with its relay (any node)
     */
    public ProxyRoutes(URI admin, NodeClients nodes, Supplier<List<Relay>> placed, Supplier<List<CustomRoute>> custom) {
        this.admin = URI.create(admin.toString().replaceAll("/+$", "") + "/");
        this.nodes = nodes;
        this.placed = placed;
        this.custom = custom;
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
     * The custom-domain map's entries: every served domain (once, lower-cased as Caddy's map compares it exactly with
     * the Host) to its relay's host and node, wherever that relay lives.
     */
    public List<CustomMapping> customWanted() {
        java.util.TreeMap<String, CustomMapping> out = new java.util.TreeMap<>();
        for (CustomRoute c : custom.get()) {
            String domain = c.domain().toLowerCase(java.util.Locale.ROOT).replaceAll("\\.$", "");
            out.putIfAbsent(
                    domain,
                    new CustomMapping(
                            // the host exactly as zooid was given it (a local stack's has a port): it is sent as Host
                            domain, nodes.address(c.relay()).host(), customUpstream(nodes.node(c.relay()))));
        }
        return List.copyOf(out.values());
    }

    /**
     * Makes Caddy's maps hold exactly {@link #wanted()} and {@link #customWanted()}; writes only what differs. The
     * relay map is written first, so an old Caddyfile without the custom-domain site still gets its moved relays.
     *
     * @return whether Caddy had to be changed
     * @throws IllegalStateException when Caddy cannot be reached or holds no relay map, or holds no custom-domain map
     *     while a domain is served (the reason, never a secret)
     */
    // one at a time: a write from an older reading of the served domains must not land after a newer one
    public synchronized boolean reconcile() {
        try {
            boolean changed = write();
            problem(null);
            return changed;
        } catch (RuntimeException e) {
            problem(e.getMessage());
            throw e;
        }
    }

    /**
     * How many times what {@link #customGap} answers from has changed: equal counts mean equal answers (the count is
     * raised after the change, so a reader that saw the old count may have seen the new answer, never the reverse).
     */
    public long changes() {
        return changes.get();
    }

    private void hold(java.util.Set<CustomMapping> now) {
        if (now.equals(held)) return;
        held = now;
        changes.incrementAndGet();
    }

    private void problem(String now) {
        if (java.util.Objects.equals(now, lastProblem)) return;
        lastProblem = now;
        changes.incrementAndGet();
    }

    /**
     * Empty while Caddy holds the route of {@code domain} to the relay zooid knows as {@code relayHost}; else why not
     * (for the owner: the route is not written yet, or the last write failed and why).
     */
    public Optional<String> customGap(String domain, String relayHost) {
        String name = domain.toLowerCase(java.util.Locale.ROOT).replaceAll("\\.$", "");
        for (CustomMapping m : held) if (m.domain().equals(name) && m.host().equals(relayHost)) return Optional.empty();
        String problem = lastProblem;
        return Optional.of(
                problem == null
                        ? "the proxy has not been given its route yet (Caravel writes it at once and checks every minute)"
                        : "the proxy could not be given its route: " + problem);
    }

    private boolean write() {
        JsonNode servers = get("config/apps/http/servers");
        String path = mapPath(servers, PLACEHOLDER)
                .orElseThrow(() -> new IllegalStateException(
                        "Caddy's config has no map to " + PLACEHOLDER + " (see deploy/Caddyfile's relay site)"));
        ArrayNode want = Json.MAPPER.createArrayNode();
        for (Route r : wanted())
            want.addObject().put("input", r.host()).putArray("outputs").add(r.upstream());
        boolean changed = write(path, want);
        if (changed) log.info("proxy routes written: {} relay hosts routed off their domain's first node", want.size());

        List<CustomMapping> domains = customWanted();
        Optional<String> customPath = mapPath(servers, CUSTOM_PLACEHOLDER);
        if (customPath.isEmpty()) {
            // an old Caddyfile without the custom-domain site: Caddy routes no custom domain
            hold(java.util.Set.of());
            if (domains.isEmpty()) return changed;
            throw new IllegalStateException("Caddy's config has no map to " + CUSTOM_PLACEHOLDER + " (see deploy/"
                    + "Caddyfile's custom-domain site): " + domains.size() + " custom domains are not routed");
        }
        ArrayNode wantCustom = Json.MAPPER.createArrayNode();
        for (CustomMapping m : domains)
            wantCustom
                    .addObject()
                    .put("input", m.domain())
                    .putArray("outputs")
                    .add(m.host())
                    .add(m.upstream());
        if (write(customPath.get(), wantCustom)) {
            log.info("proxy routes written: {} custom domains", wantCustom.size());
            changed = true;
        }
        hold(java.util.Set.copyOf(domains));
        return changed;
    }

    /** Sets the map at {@code path} to {@code want} unless it holds that already; whether it wrote. */
    private boolean write(String path, ArrayNode want) {
        JsonNode have = get(path + "/mappings");
        if (have != null && !have.isNull() && have.equals(want)) return false;
        // a map Caravel never wrote has no mappings key, and an empty list is what an empty one should hold
        if ((have == null || have.isNull()) && want.isEmpty()) return false;
        // the admin API sets a key that exists with PATCH and one that does not with PUT
        send(have == null || have.isNull() ? "PUT" : "PATCH", path + "/mappings", want.toString());
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

    /**
     * host:port Caddy dials for a custom domain's relay: its node's relay origin, else its API's (zooid serves its API
     * and its relay hosts on one listener, told apart by Host). The relay site has a default upstream of its own
     * (ZOOID_UPSTREAM) for a node without an origin; the custom-domain site has none, so Caravel always names one.
     */
    static String customUpstream(ZooidNode node) {
        URI origin = URI.create(node.relayOrigin().orElse(node.apiUrl()));
        int port = origin.getPort() != -1 ? origin.getPort() : "https".equals(origin.getScheme()) ? 443 : 80;
        return origin.getHost() + ":" + port;
    }

    /** Caddy's {host} has no port; a relay domain may carry one (local stacks). */
    private static String hostOnly(String host) {
        int colon = host.lastIndexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }

    /** The config path of the map one of whose destinations is {@code placeholder}, in Caddy's servers. */
    private static Optional<String> mapPath(JsonNode servers, String placeholder) {
        if (servers != null && servers.isObject()) {
            for (Map.Entry<String, JsonNode> s : servers.properties()) {
                Optional<String> found = find(s.getValue(), "config/apps/http/servers/" + s.getKey(), placeholder);
                if (found.isPresent()) return found;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> find(JsonNode n, String path, String placeholder) {
        if (n.isObject()) {
            if ("map".equals(n.path("handler").asText())) {
                for (JsonNode d : n.path("destinations")) if (placeholder.equals(d.asText())) return Optional.of(path);
            }
            for (Map.Entry<String, JsonNode> f : n.properties()) {
                Optional<String> found = find(f.getValue(), path + "/" + f.getKey(), placeholder);
                if (found.isPresent()) return found;
            }
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                Optional<String> found = find(n.get(i), path + "/" + i, placeholder);
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
