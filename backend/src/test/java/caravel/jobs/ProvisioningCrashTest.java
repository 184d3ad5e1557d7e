package caravel.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.nostr.Keys;
import caravel.store.Database;
import caravel.testing.Api;
import caravel.testing.BackendProcess;
import caravel.testing.TestEnv;
import caravel.testing.Wait;
import caravel.testing.ZooidEmulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backend process is killed while provisioning is in flight; after a restart the work completes. */
@Tag("slow")
@Tag("peer")
class ProvisioningCrashTest {
    @TempDir
    Path dir;

    @Test
    void provisioningCompletesAfterTheBackendIsKilledMidway() throws Exception {
        Keys zooidKey = Keys.generate(), user = Keys.generate();
        try (ZooidEmulator zooid = new ZooidEmulator(dir.resolve("zooid"), zooidKey.pubkey(), 0)) {
            int port = TestEnv.freePort();
            Map<String, String> env = TestEnv.env(dir, port);
            env.put("ZOOID_API_URL", zooid.url);
            env.put("ZOOID_API_SECRET", zooidKey.secretHex());
            Api api = new Api("http://127.0.0.1:" + port);
            String id;
            try (BackendProcess first = new BackendProcess(env, null)) {
                zooid.failNext(0, 1000); // zooid drops every connection: provisioning keeps failing and retrying
                Api.Response r = api.as(
                        user, "POST", "/relays", "{\"name\":\"Crash\",\"subdomain\":\"crash-test\",\"plan\":\"free\"}");
                assertThat(r.status()).isEqualTo(201);
                id = r.json().at("/relay/id").asText();
                Wait.until(
                        "a failed attempt",
                        Duration.ofSeconds(20),
                        () -> api.as(user, "GET", "/relays/" + id, null).json(),
                        j -> j.get("status").asText().equals("provisioning_failed"));
                first.kill();
            }
            // a second relay whose job a crashed worker had leased: the row says 'running' with a lapsed lease. Written
            // as SQL: a worker's lease lapses only minutes after it was killed, which this test does not wait out
            try (Database db = caravel.testing.TestDatabases.open(dir.resolve("caravel.db"))) {
                db.jdbi()
                        .useHandle(h -> h.execute(
                                "UPDATE jobs SET status = 'running', leased_by = 'dead-worker', lease_until_ms = 1"));
            }
            zooid.failNext(500, 0); // zooid is healthy again
            try (BackendProcess second = new BackendProcess(env, null)) {
                assertThat(second.alive()).as("backend started").isTrue();
                var relay = Wait.until(
                        "active after restart",
                        Duration.ofSeconds(60),
                        () -> api.as(user, "GET", "/relays/" + id, null).json(),
                        j -> j.get("status").asText().equals("active"));
                assertThat(relay.at("/sync/state").asText()).isEqualTo("synced");
                assertThat(zooid.relay("crash_test").get("host").asText()).isEqualTo("crash-test.relays.test");
            }
        }
    }
}
