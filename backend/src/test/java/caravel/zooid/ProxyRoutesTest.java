package caravel.zooid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import caravel.config.ZooidNode;
import caravel.config.ZooidNodes;
import caravel.domain.RelayProfile;
import caravel.domain.RelayStatus;
import caravel.nostr.Keys;
import caravel.store.Relay;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's caddy running deploy/Caddyfile as it is (placeholders set to loopback ports and Caddy's local CA), two zooid
 * nodes serving one relay domain (each a stub answering with its name): a relay that lives on node b, not on its
 * domain's first node a, is reached at its unchanged host through the proxy once Caravel has written the routes, and
 * Caddy keeps serving them with nothing else asked of Caravel.
 */
class ProxyRoutesTest {
    static final Path DEPLOY = Path.of("..", "deploy");
    static final String DOMAIN = "relays.localhost";

    @TempDir
    Path dir;

    final List<HttpServer> stubs = new CopyOnWriteArrayList<>();
    Process caddy;

    @AfterEach
    void stop() throws Exception {
        if (caddy != null) {
            caddy.destroy();
            caddy.waitFor();
        }
        for (HttpServer s : stubs) s.stop(0);
    }

    /** An HTTP server answering every request 200 with {@code name}: a zooid node, or Caravel's certificate ask. */
    int stub(String name) throws Exception {
        HttpServer s = HttpServer.create(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        s.createContext("/", ex -> {
            byte[] body = (name + " " + ex.getRequestHeaders().getFirst("Host")).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        });
        s.start();
        stubs.add(s);
        return s.getAddress().getPort();
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static Relay relay(String sub, String node) {
        return Relay.build(b -> {
            b.id = sub;
            b.tenant = "a".repeat(64);
            b.profile = RelayProfile.EMPTY.withName(sub);
            b.subdomain = sub;
            b.schema = sub;
            b.plan = "free";
            b.status = RelayStatus.ACTIVE;
            b.secretEnc = "x";
            b.syncState = "synced";
            b.zooidCreated = true;
            b.createdAt = 1;
            b.updatedAt = 1;
            b.zooidNode = node;
            b.relayDomain = DOMAIN;
        });
    }

    @Test
    void aRelayOnAnotherNodeIsReachedAtItsUnchangedHostOnceTheRoutesAreWritten() throws Exception {
        String bin = onPath("caddy");
        assumeTrue(bin != null, "caddy is not installed (./caravel test installs Debian's package)");
        int nodeA = stub("node-a"), nodeB = stub("node-b"), ask = stub("ask");
        int https = freePort(), admin = freePort();
        ProcessBuilder pb = new ProcessBuilder(
                        bin,
                        "run",
                        "--adapter",
                        "caddyfile",
                        "--config",
                        DEPLOY.resolve("Caddyfile").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("caddy.log").toFile());
        var env = pb.environment();
        env.put("HOME", dir.toString());
        env.put("XDG_DATA_HOME", dir.resolve("data").toString());
        env.put("XDG_CONFIG_HOME", dir.resolve("config").toString());
        env.put("APP_DOMAIN", "app.localhost");
        env.put("RELAY_DOMAIN", DOMAIN);
        env.put("CADDY_ISSUER", "local");
        env.put("CARAVEL_UPSTREAM", "127.0.0.1:" + ask);
        env.put("ZOOID_UPSTREAM", "127.0.0.1:" + nodeA);
        env.put("CADDY_HTTP_PORT", Integer.toString(freePort()));
        env.put("CADDY_HTTPS_PORT", Integer.toString(https));
        env.put("CADDY_ADMIN_LISTEN", "127.0.0.1:" + admin);
        caddy = pb.start();

        ZooidNodes nodes = new ZooidNodes(List.of(
                new ZooidNode(
                        "a",
                        "http://127.0.0.1:" + nodeA,
                        Keys.generate(),
                        Optional.of("http://127.0.0.1:" + nodeA),
                        DOMAIN,
                        OptionalLong.empty()),
                new ZooidNode(
                        "b",
                        "http://127.0.0.1:" + nodeB,
                        Keys.generate(),
                        Optional.of("http://127.0.0.1:" + nodeB),
                        DOMAIN,
                        OptionalLong.empty())));
        List<Relay> placed = new CopyOnWriteArrayList<>(List.of(relay("stays", "a"), relay("moved", "b")));
        ProxyRoutes routes = new ProxyRoutes(
                java.net.URI.create("http://127.0.0.1:" + admin), new NodeClients(nodes, n -> null), () -> placed);
        assertThat(routes.wanted()).containsExactly(new ProxyRoutes.Route("moved." + DOMAIN, "127.0.0.1:" + nodeB));

        // before Caravel writes anything every host goes to the domain's first node: the moved relay would be lost
        assertThat(get(https, "moved." + DOMAIN)).isEqualTo("node-a moved." + DOMAIN);
        assertThat(eventually(routes::reconcile))
                .as("the first write changes Caddy")
                .isTrue();
        assertThat(get(https, "moved." + DOMAIN)).isEqualTo("node-b moved." + DOMAIN);
        assertThat(get(https, "stays." + DOMAIN)).isEqualTo("node-a stays." + DOMAIN);
        // a check that finds the routes right writes nothing
        assertThat(routes.reconcile()).isFalse();
        // a relay moved back: its route goes, the host is its domain's node's again
        placed.set(1, relay("moved", "a"));
        assertThat(routes.reconcile()).isTrue();
        assertThat(get(https, "moved." + DOMAIN)).isEqualTo("node-a moved." + DOMAIN);
    }

    /** Debian's caddy running deploy/Caddyfile with loopback stubs; returns its https port, sets {@link #adminPort}. */
    int startCaddy(int zooid, int caravel) throws Exception {
        String bin = onPath("caddy");
        assumeTrue(bin != null, "caddy is not installed (./caravel test installs Debian's package)");
        int https = freePort();
        adminPort = freePort();
        ProcessBuilder pb = new ProcessBuilder(
                        bin,
                        "run",
                        "--adapter",
                        "caddyfile",
                        "--config",
                        DEPLOY.resolve("Caddyfile").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("caddy.log").toFile());
        var env = pb.environment();
        env.put("HOME", dir.toString());
        env.put("XDG_DATA_HOME", dir.resolve("data").toString());
        env.put("XDG_CONFIG_HOME", dir.resolve("config").toString());
        env.put("APP_DOMAIN", "app.localhost");
        env.put("RELAY_DOMAIN", DOMAIN);
        env.put("CADDY_ISSUER", "local");
        env.put("CARAVEL_UPSTREAM", "127.0.0.1:" + caravel);
        env.put("ZOOID_UPSTREAM", "127.0.0.1:" + zooid);
        env.put("CADDY_HTTP_PORT", Integer.toString(freePort()));
        env.put("CADDY_HTTPS_PORT", Integer.toString(https));
        env.put("CADDY_ADMIN_LISTEN", "127.0.0.1:" + adminPort);
        caddy = pb.start();
        return https;
    }

    int adminPort;

    /** Like {@link #stub} but also says the forwarded headers zooid builds a relay's URL from. */
    int forwardedStub(String name) throws Exception {
        HttpServer s = HttpServer.create(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        s.createContext("/", ex -> {
            var h = ex.getRequestHeaders();
            byte[] body = (name + " " + h.getFirst("Host") + " " + h.getFirst("X-Forwarded-Host") + " "
                            + h.getFirst("X-Forwarded-Proto"))
                    .getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        });
        s.start();
        stubs.add(s);
        return s.getAddress().getPort();
    }

    static ZooidNodes twoNodes(int nodeA, int nodeB) {
        return new ZooidNodes(List.of(
                new ZooidNode(
                        "a",
                        "http://127.0.0.1:" + nodeA,
                        Keys.generate(),
                        // no relay origin: the node's API address serves its relay hosts too
                        Optional.empty(),
                        DOMAIN,
                        OptionalLong.empty()),
                new ZooidNode(
                        "b",
                        "http://127.0.0.1:" + nodeB,
                        Keys.generate(),
                        Optional.of("http://127.0.0.1:" + nodeB),
                        DOMAIN,
                        OptionalLong.empty())));
    }

    /**
     * A served custom domain reaches its relay's node with the relay's own host as Host (zooid routes by it) and the
     * custom name as X-Forwarded-Host (zooid's URL for the relay), whatever the client forged; an unmapped name, or one
     * that stops being served, is refused; NIP-05 lookups there go to Caravel with the custom name kept.
     */
    @Test
    void aServedCustomDomainReachesItsRelayUnderItsOwnHostAndAnUnservedOneIsRefused() throws Exception {
        int nodeA = forwardedStub("node-a"), nodeB = forwardedStub("node-b"), caravel = forwardedStub("caravel");
        int https = startCaddy(nodeA, caravel);
        List<ProxyRoutes.CustomRoute> served = new CopyOnWriteArrayList<>(List.of(
                new ProxyRoutes.CustomRoute("relay.hikers.test", relay("hikers", "a")),
                new ProxyRoutes.CustomRoute("Chat.Climbers.Test.", relay("climbers", "b"))));
        ProxyRoutes routes = new ProxyRoutes(
                java.net.URI.create("http://127.0.0.1:" + adminPort),
                new NodeClients(twoNodes(nodeA, nodeB), n -> null),
                () -> List.of(relay("hikers", "a"), relay("climbers", "b")),
                () -> served);
        assertThat(routes.customWanted())
                .containsExactly(
                        new ProxyRoutes.CustomMapping("chat.climbers.test", "climbers." + DOMAIN, "127.0.0.1:" + nodeB),
                        new ProxyRoutes.CustomMapping("relay.hikers.test", "hikers." + DOMAIN, "127.0.0.1:" + nodeA));

        // before Caravel writes the map no custom name reaches anything
        assertThat(status(https, "relay.hikers.test", "/")).isEqualTo(404);
        assertThat(eventually(routes::reconcile)).isTrue();
        assertThat(get(https, "relay.hikers.test")).isEqualTo("node-a hikers." + DOMAIN + " relay.hikers.test https");
        assertThat(get(https, "chat.climbers.test"))
                .isEqualTo("node-b climbers." + DOMAIN + " chat.climbers.test https");
        // a client's own X-Forwarded-Host is replaced: it cannot make zooid take another relay's URL
        assertThat(body(request(
                        https,
                        "relay.hikers.test",
                        raw("/", "relay.hikers.test", "X-Forwarded-Host: climbers." + DOMAIN))))
                .isEqualTo("node-a hikers." + DOMAIN + " relay.hikers.test https");
        // nor can a Host other than the TLS name pick another mapping than the one it names
        assertThat(status(https, "relay.hikers.test", "/", "other.test")).isEqualTo(404);
        // NIP-05 names at the custom domain: Caravel's, Host kept as the custom name
        assertThat(body(request(
                        https, "relay.hikers.test", raw("/.well-known/nostr.json?name=alice", "relay.hikers.test"))))
                .isEqualTo("caravel relay.hikers.test relay.hikers.test https");
        // and at the relay's own host too
        assertThat(body(request(
                        https, "hikers." + DOMAIN, raw("/.well-known/nostr.json?name=alice", "hikers." + DOMAIN))))
                .isEqualTo("caravel hikers." + DOMAIN + " hikers." + DOMAIN + " https");
        // an unmapped name
        assertThat(status(https, "nobody.test", "/")).isEqualTo(404);
        assertThat(routes.reconcile()).as("nothing to change").isFalse();

        // a domain that stops being served is taken out of the map: refused, while its relay's host still works
        served.removeIf(c -> c.domain().equals("relay.hikers.test"));
        assertThat(routes.reconcile()).isTrue();
        assertThat(status(https, "relay.hikers.test", "/")).isEqualTo(404);
        assertThat(get(https, "chat.climbers.test")).startsWith("node-b climbers.");
        assertThat(get(https, "hikers." + DOMAIN)).startsWith("node-a hikers." + DOMAIN);
        served.clear();
        assertThat(routes.reconcile()).isTrue();
        assertThat(status(https, "chat.climbers.test", "/")).isEqualTo(404);
    }

    /**
     * Against a fake admin API: an older Caddyfile with no custom-domain map still gets its relay routes written, and
     * says what is missing only once a domain is to be served.
     */
    @Test
    void aCaddyfileWithoutTheCustomMapKeepsItsRelayRoutesAndSaysWhatIsMissing() throws Exception {
        java.util.Map<String, String> config = new java.util.concurrent.ConcurrentHashMap<>();
        String servers =
                "{\"srv0\":{\"routes\":[{\"handle\":[{\"handler\":\"map\",\"destinations\":[\"{caravel_relay_upstream}\"]}]}]}}";
        List<String> writes = new CopyOnWriteArrayList<>();
        HttpServer fake = HttpServer.create(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        fake.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            byte[] body;
            int status;
            if (ex.getRequestMethod().equals("GET") && path.equals("/config/apps/http/servers")) {
                status = 200;
                body = servers.getBytes(StandardCharsets.UTF_8);
            } else if (ex.getRequestMethod().equals("GET")) {
                String have = config.get(path);
                status = have == null ? 404 : 200;
                body = (have == null ? "{\"error\":\"unknown\"}" : have).getBytes(StandardCharsets.UTF_8);
            } else {
                String sent = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                config.put(path, sent);
                writes.add(ex.getRequestMethod() + " " + path + " " + sent);
                status = 200;
                body = new byte[0];
            }
            ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        });
        fake.start();
        stubs.add(fake);
        List<ProxyRoutes.CustomRoute> served = new CopyOnWriteArrayList<>();
        ProxyRoutes routes = new ProxyRoutes(
                java.net.URI.create("http://127.0.0.1:" + fake.getAddress().getPort()),
                new NodeClients(twoNodes(1001, 1002), n -> null),
                () -> List.of(relay("moved", "b")),
                () -> served);
        assertThat(routes.reconcile()).isTrue();
        assertThat(writes)
                .containsExactly("PUT /config/apps/http/servers/srv0/routes/0/handle/0/mappings "
                        + "[{\"input\":\"moved.relays.localhost\",\"outputs\":[\"127.0.0.1:1002\"]}]");
        assertThat(routes.reconcile()).isFalse();
        served.add(new ProxyRoutes.CustomRoute("relay.hikers.test", relay("moved", "b")));
        org.assertj.core.api.Assertions.assertThatThrownBy(routes::reconcile)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(ProxyRoutes.CUSTOM_PLACEHOLDER)
                .hasMessageContaining("1 custom domains are not routed");
        assertThat(writes).hasSize(1);
    }

    /** The status line's code of a GET of {@code path} for TLS name {@code sni}, with Host {@code host}. */
    int status(int port, String sni, String path) throws Exception {
        return status(port, sni, path, sni);
    }

    int status(int port, String sni, String path, String host) throws Exception {
        String r = request(port, sni, "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
        return Integer.parseInt(r.substring(9, 12));
    }

    /** A GET of {@code path} with Host {@code host} and any other header lines. */
    static String raw(String path, String host, String... headers) {
        StringBuilder b = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n");
        for (String h : headers) b.append(h).append("\r\n");
        return b.append("Connection: close\r\n\r\n").toString();
    }

    static String body(String response) {
        assertThat(response).startsWith("HTTP/1.1 200");
        return response.substring(response.indexOf("\r\n\r\n") + 4);
    }

    /** Waits for Caddy's admin API to answer, then returns what {@code call} returned. */
    static <T> T eventually(java.util.function.Supplier<T> call) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                return call.get();
            } catch (IllegalStateException e) {
                if (System.nanoTime() > end) throw e;
                Thread.sleep(100); // Caddy is starting
            }
        }
    }

    /**
     * An https GET of {@code host} through the proxy's loopback port, as a client on the internet sends it (the name in
     * SNI and Host). The certificate is Caddy's local CA's, made on demand; this test is about routing, so it is not
     * checked here (web/e2e/deploy.test.mjs checks it).
     */
    String get(int port, String host) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                String response =
                        request(port, host, "GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
                if (response.startsWith("HTTP/1.1 200")) return response.substring(response.indexOf("\r\n\r\n") + 4);
                if (System.nanoTime() > end) throw new AssertionError("no 200 from " + host + ": " + response);
            } catch (java.io.IOException e) {
                if (System.nanoTime() > end) throw e;
            }
            Thread.sleep(200); // Caddy is starting, or making the host's certificate
        }
    }

    /**
     * One raw HTTP/1.1 exchange over TLS with server name {@code sni} on the proxy's loopback port, tried again while
     * Caddy is starting or making the certificate (a handshake that fails).
     */
    String request(int port, String sni, String raw) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                return exchange(port, sni, raw);
            } catch (java.io.IOException e) {
                if (System.nanoTime() > end) throw e;
            }
            Thread.sleep(200);
        }
    }

    String exchange(int port, String sni, String raw) throws Exception {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(
                null,
                new TrustManager[] {
                    new X509TrustManager() {
                        @Override
                        public void checkClientTrusted(X509Certificate[] c, String a) {}

                        @Override
                        public void checkServerTrusted(X509Certificate[] c, String a) {}

                        @Override
                        public X509Certificate[] getAcceptedIssuers() {
                            return new X509Certificate[0];
                        }
                    }
                },
                null);
        try (SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port)) {
            SSLParameters p = s.getSSLParameters();
            p.setServerNames(List.of(new SNIHostName(sni)));
            s.setSSLParameters(p);
            s.setSoTimeout(10_000);
            s.getOutputStream().write(raw.getBytes(StandardCharsets.US_ASCII));
            String response = readAll(s.getInputStream());
            if (response.isEmpty()) throw new java.io.IOException("no answer");
            return response;
        }
    }

    static String readAll(InputStream in) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    static String onPath(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator, -1)) {
            Path p = Path.of(d, name);
            if (Files.isExecutable(p)) return p.toString();
        }
        return null;
    }
}
