package caravel.api;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.nostr.Keys;
import caravel.testing.BothDatabases;
import caravel.testing.TestBackend;
import caravel.testing.ZooidEmulator;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /healthz and /readyz: never rate limited; readiness names what is not ready and nothing secret. */
@Tag("peer")
@BothDatabases
class HealthTest {
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    static HttpResponse<String> get(TestBackend b, String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(b.api.base() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthChecksAreNeverRateLimitedWhileOtherRoutesAre() throws Exception {
        Keys zooidKey = Keys.generate();
        try (ZooidEmulator zooid = new ZooidEmulator(dir.resolve("zooid"), zooidKey.pubkey(), 0);
                TestBackend b = new TestBackend(dir, env -> {
                    zooid.pointAt(env, zooidKey);
                    env.put("RATE_REQUESTS_PER_MINUTE_IP", "5");
                })) {
            for (int i = 0; i < 60; i++) {
                assertThat(get(b, "/healthz").statusCode()).as("healthz #" + i).isEqualTo(200);
                assertThat(get(b, "/readyz").statusCode()).as("readyz #" + i).isEqualTo(200);
            }
            // the same address is limited everywhere else: the exemption is by path, not a broken limiter
            int limited = 0;
            for (int i = 0; i < 8; i++) if (get(b, "/config").statusCode() == 429) limited++;
            assertThat(limited).isEqualTo(3);
            assertThat(get(b, "/healthz").statusCode()).isEqualTo(200);
            // a path that only starts like a health check is not exempt
            assertThat(get(b, "/healthz/x").statusCode()).isEqualTo(429);
        }
    }

    @Test
    void readyWhenDatabaseZooidAndJobsAre() throws Exception {
        Keys zooidKey = Keys.generate();
        try (ZooidEmulator zooid = new ZooidEmulator(dir.resolve("zooid"), zooidKey.pubkey(), 0);
                TestBackend b = new TestBackend(dir, env -> zooid.pointAt(env, zooidKey))) {
            HttpResponse<String> r = get(b, "/readyz");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode body = caravel.testing.Api.JSON.readTree(r.body());
            assertThat(body.get("status").asText()).isEqualTo("ready");
            assertThat(body.at("/checks/database").asText()).isEqualTo("ok");
            assertThat(body.at("/checks/zooid").asText()).isEqualTo("ok");
            assertThat(body.at("/checks/jobs").asText()).isEqualTo("ok");
            assertThat(get(b, "/healthz").body()).contains("ok");
        }
    }

    @Test
    void zooidUnreachableIsNamedWithoutItsAddressOrAnySecret() throws Exception {
        // TestEnv points zooid at a closed port
        try (TestBackend b = new TestBackend(dir)) {
            HttpResponse<String> r = get(b, "/readyz");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
            JsonNode body = caravel.testing.Api.JSON.readTree(r.body());
            assertThat(body.get("status").asText()).isEqualTo("not_ready");
            assertThat(body.at("/checks/zooid").asText()).isEqualTo("unreachable");
            assertThat(body.at("/checks/database").asText()).isEqualTo("ok");
            assertThat(body.get("error").asText()).isEqualTo("not ready: zooid unreachable");
            assertThat(r.body())
                    .doesNotContain("127.0.0.1")
                    .doesNotContain(b.env.get("ZOOID_API_SECRET"))
                    .doesNotContain(b.env.get("ENCRYPTION_SECRET"));
            // liveness does not depend on zooid
            assertThat(get(b, "/healthz").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void eachFailingCheckIsNamedAndAHangingZooidDoesNotHangTheCheck() {
        AtomicBoolean db = new AtomicBoolean(true), jobs = new AtomicBoolean(true);
        Readiness r = new Readiness(
                db::get,
                () -> {
                    try {
                        new java.util.concurrent.CountDownLatch(1).await(); // zooid hangs: never answers
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return true;
                },
                jobs::get);
        long start = System.nanoTime();
        var checks = r.check();
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(Readiness.ZOOID_WAIT.toMillis() + 1_000);
        assertThat(checks).containsEntry("zooid", "unreachable").containsEntry("database", "ok");
        db.set(false);
        jobs.set(false);
        assertThat(r.check())
                .containsEntry("database", "not open or not migrated")
                .containsEntry("jobs", "not running");
        // a zooid probe that throws reads as unreachable, not as an error of the check
        Readiness throwing = new Readiness(
                () -> true,
                () -> {
                    throw new IllegalStateException("zooid at http://10.0.0.5 refused key abc");
                },
                () -> true);
        assertThat(throwing.check()).containsEntry("zooid", "unreachable");
    }
}
