package caravel.zooid;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.nostr.Keys;
import caravel.testing.TestEnv;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How an answer to the line probe is read, one status at a time, from a server that answers whatever a zooid build
 * might: only a 405 is the archived line, only the route's own 200 or 404 the newer one, everything else unknown.
 */
class ZooidLineProbeTest {
    record Answer(int status, String contentType, String body) {}

    final AtomicReference<Answer> answer = new AtomicReference<>();
    final AtomicReference<String> asked = new AtomicReference<>();
    HttpServer server;

    ZooidLine.Probe probe(int status, String contentType, String body) throws Exception {
        answer.set(new Answer(status, contentType, body));
        if (server == null) {
            server = HttpServer.create(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", ex -> {
                asked.set(ex.getRequestMethod() + " " + ex.getRequestURI() + " "
                        + (ex.getRequestHeaders().getFirst("Authorization") != null));
                Answer a = answer.get();
                byte[] b = a.body().getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", a.contentType());
                ex.sendResponseHeaders(a.status(), b.length == 0 ? -1 : b.length);
                if (b.length > 0) ex.getResponseBody().write(b);
                ex.close();
            });
            server.start();
        }
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        return new HttpZooidClient(url, Keys.generate(), Clock.systemUTC()).probeLine();
    }

    @AfterEach
    void stop() {
        if (server != null) server.stop(0);
    }

    static final String JSON = "application/json";

    @Test
    void archivedLineRefusesEveryGet() throws Exception {
        assertThat(probe(405, JSON, "{\"error\":\"method not allowed\"}").line())
                .isEqualTo(ZooidLine.ARCHIVED);
        // a signed GET of the members route, nothing else
        assertThat(asked.get()).isEqualTo("GET /relay/" + HttpZooidClient.PROBE_ID + "/members true");
    }

    @Test
    void newerLineAnswersTheRoute() throws Exception {
        assertThat(probe(404, JSON, "{\"error\":\"relay not found\"}").line()).isEqualTo(ZooidLine.NEWER);
        assertThat(probe(200, JSON, "{\"members\":[]}").line()).isEqualTo(ZooidLine.NEWER);
    }

    @Test
    void anythingElseIsUnknownWithTheReason() throws Exception {
        // Go's router: no such route, so not the newer line, and no GET refused either
        ZooidLine.Probe noRoute = probe(404, "text/plain; charset=utf-8", "404 page not found\n");
        assertThat(noRoute.line()).isEqualTo(ZooidLine.UNKNOWN);
        assertThat(noRoute.problem()).hasValueSatisfying(p -> assertThat(p).contains("no members route"));
        ZooidLine.Probe refused = probe(403, JSON, "{\"error\":\"pubkey not in whitelist\"}");
        assertThat(refused.line()).isEqualTo(ZooidLine.UNKNOWN);
        assertThat(refused.problem())
                .hasValueSatisfying(
                        p -> assertThat(p).contains("pubkey not in whitelist").contains("API_WHITELIST"));
        assertThat(probe(502, "text/html", "<html>bad gateway</html>").line()).isEqualTo(ZooidLine.UNKNOWN);
    }

    @Test
    void unreachableIsUnknown() {
        ZooidLine.Probe p = new HttpZooidClient(
                        "http://127.0.0.1:" + TestEnv.freePort(), Keys.generate(), Clock.systemUTC())
                .probeLine();
        assertThat(p.line()).isEqualTo(ZooidLine.UNKNOWN);
        assertThat(p.problem()).hasValueSatisfying(x -> assertThat(x).startsWith("zooid is unreachable"));
    }
}
