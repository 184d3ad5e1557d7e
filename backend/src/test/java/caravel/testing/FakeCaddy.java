package caravel.testing;

import caravel.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The part of Caddy's admin API Caravel uses (CADDY_ADMIN_URL), on 127.0.0.1, for tests that need the proxy's routes
 * without Debian's caddy: a running config holding deploy/Caddyfile's two maps (the relay site's, to
 * {@code {caravel_relay_upstream}}, and the custom-domain site's, to {@code {caravel_custom_upstream}}), read with GET
 * and written with PUT (a key that does not exist) or PATCH (one that does) at any path, as Caddy answers them. A
 * test can take the custom-domain map away (an old Caddyfile) or make every request fail (Caddy down).
 */
public final class FakeCaddy implements AutoCloseable {
    static final String CUSTOM_MAP = "config/apps/http/servers/srv0/routes/1/handle/0";

    private final HttpServer server;
    private ObjectNode config = fresh(true);
    private volatile int failWith;
    /** Writes (PUT and PATCH) answered so far. */
    public final AtomicInteger writes = new AtomicInteger();

    public FakeCaddy() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** CADDY_ADMIN_URL for it. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every request answered with {@code status} from now on (0: as usual). */
    public FakeCaddy failWith(int status) {
        failWith = status;
        return this;
    }

    /** Caddy restarted from a Caddyfile with or without the custom-domain site: every written mapping forgotten. */
    public synchronized FakeCaddy restart(boolean withCustomSite) {
        config = fresh(withCustomSite);
        return this;
    }

    /** The custom-domain map's mappings as Caddy holds them now: [{"input": domain, "outputs": [host, upstream]}]. */
    public synchronized JsonNode customMappings() {
        JsonNode m = at(CUSTOM_MAP + "/mappings");
        return m == null ? Json.MAPPER.createArrayNode() : m.deepCopy();
    }

    private static ObjectNode fresh(boolean withCustomSite) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ArrayNode routes = root.putObject("apps")
                .putObject("http")
                .putObject("servers")
                .putObject("srv0")
                .putArray("routes");
        ObjectNode relayMap = routes.addObject().putArray("handle").addObject();
        relayMap.put("handler", "map").putArray("destinations").add("{caravel_relay_upstream}");
        if (withCustomSite) {
            ObjectNode customMap = routes.addObject().putArray("handle").addObject();
            customMap
                    .put("handler", "map")
                    .putArray("destinations")
                    .add("{caravel_custom_host}")
                    .add("{caravel_custom_upstream}");
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.set("config", root);
        return out;
    }

    private JsonNode at(String path) {
        JsonNode n = config;
        for (String part : path.split("/", -1)) {
            if (part.isEmpty()) continue;
            if (n == null) return null;
            n = n.isArray() ? n.get(Integer.parseInt(part)) : n.get(part);
        }
        return n;
    }

    private synchronized void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (failWith != 0) {
                send(ex, failWith, "{\"error\":\"failing on purpose\"}");
                return;
            }
            String path = ex.getRequestURI().getPath().replaceAll("^/+|/+$", "");
            String method = ex.getRequestMethod();
            if (method.equals("GET")) {
                JsonNode n = at(path);
                if (n == null) send(ex, 400, "{\"error\":\"invalid traversal path\"}");
                else send(ex, 200, n.toString());
                return;
            }
            int slash = path.lastIndexOf('/');
            JsonNode parent = at(path.substring(0, slash));
            String key = path.substring(slash + 1);
            if (!(parent instanceof ObjectNode o) || !(method.equals("PUT") || method.equals("PATCH"))) {
                send(ex, 400, "{\"error\":\"not a path this fake writes\"}");
                return;
            }
            // Caddy's rule: PUT creates a key and refuses one that exists; PATCH replaces one and refuses a missing one
            if (method.equals("PUT") == o.has(key)) {
                send(ex, 409, "{\"error\":\"key " + (o.has(key) ? "exists" : "does not exist") + "\"}");
                return;
            }
            o.set(key, Json.parse(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            writes.incrementAndGet();
            send(ex, 200, "");
        }
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        if (b.length > 0)
            try (OutputStream o = ex.getResponseBody()) {
                o.write(b);
            }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
