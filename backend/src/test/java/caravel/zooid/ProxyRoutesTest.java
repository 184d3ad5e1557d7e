package caravel.zooid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import caravel.config.ZooidNode;
import caravel.config.ZooidNodes;
import caravel.domain.RelayHold;
import caravel.domain.RelaySettings;
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
        return new Relay(
                sub,
                "a".repeat(64),
                sub,
                sub,
                sub,
                "",
                "",
                "free",
                RelayStatus.ACTIVE,
                "x",
                "synced",
                null,
                0,
                null,
                null,
                true,
                1,
                1,
                null,
                null,
                RelayHold.NONE,
                null,
                null,
                RelaySettings.defaults(),
                false,
                node,
                DOMAIN);
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
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try (SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port)) {
                SSLParameters p = s.getSSLParameters();
                p.setServerNames(List.of(new SNIHostName(host)));
                s.setSSLParameters(p);
                s.setSoTimeout(10_000);
                s.getOutputStream()
                        .write(("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                String response = readAll(s.getInputStream());
                if (response.startsWith("HTTP/1.1 200")) return response.substring(response.indexOf("\r\n\r\n") + 4);
                if (System.nanoTime() > end) throw new AssertionError("no 200 from " + host + ": " + response);
            } catch (java.io.IOException e) {
                if (System.nanoTime() > end) throw e;
            }
            Thread.sleep(200); // Caddy is starting, or making the host's certificate
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
