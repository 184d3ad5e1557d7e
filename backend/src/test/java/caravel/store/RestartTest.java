package caravel.store;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.BackendProcess;
import caravel.testing.TestEnv;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Data survives a crash (SIGKILL) and a restart of the real process on the same SQLite file. */
@Tag("slow")
@Tag("sqlite") // the SQLite file itself (TwoProcessCrashTest kills processes on PostgreSQL)
class RestartTest {
    @TempDir
    Path dir;

    @Test
    void dataSurvivesCrashAndRestart() throws Exception {
        int port = TestEnv.freePort();
        Keys admin = Keys.generate(), user = Keys.generate();
        Map<String, String> env = TestEnv.env(dir, port, admin.pubkey());
        Api api = new Api("http://127.0.0.1:" + port);
        String relayId, token;
        String replayed;
        try (BackendProcess first = new BackendProcess(env, dir.resolve("first.log"))) {
            Api.Response created = api.as(
                    user,
                    "POST",
                    "/relays",
                    "{\"name\":\"Durable\",\"subdomain\":\"durable\",\"plan\":\"free\",\"description\":\"kept\"}");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            relayId = created.json().at("/relay/id").asText();
            assertThat(api.as(user, "PUT", "/relays/" + relayId, "{\"name\":\"Durable 2\"}")
                            .status())
                    .isEqualTo(200);
            token = api.as(user, "POST", "/auth/session", null)
                    .json()
                    .get("token")
                    .asText();
            first.kill(); // crash right after the writes were acknowledged
        }
        try (BackendProcess second = new BackendProcess(env, dir.resolve("second.log"))) {
            Api.Response got = api.bearer(token, "GET", "/relays/" + relayId, null);
            assertThat(got.status()).as(got.body()).isEqualTo(200);
            assertThat(got.json().get("name").asText()).isEqualTo("Durable 2");
            assertThat(got.json().get("description").asText()).isEqualTo("kept");
            assertThat(got.json().get("plan").asText()).isEqualTo("free");
            Api.Response activity = api.bearer(token, "GET", "/relays/" + relayId + "/activity", null);
            assertThat(activity.json().get("items").findValuesAsText("kind")).contains("created", "updated");
            // a NIP-98 event used before a graceful restart stays used after it
            // dated 50 s ahead (the verifier accepts up to 60 s): the replay below must come while the event is still
            // inside its window, else it is refused as too old, not as used; a slow stop and start must not use it up
            replayed = Api.nip98(user, api.base() + "/identity", "GET", null, System.currentTimeMillis() / 1000 + 50);
            assertThat(api.send("GET", "/identity", null, replayed).status()).isEqualTo(200);
            second.stop();
        }
        try (BackendProcess third = new BackendProcess(env, dir.resolve("third.log"))) {
            assertThat(third.alive()).as("backend started").isTrue();
            Api.Response again = api.send("GET", "/identity", null, replayed);
            assertThat(again.status()).isEqualTo(401);
            assertThat(again.error()).contains("already used");
            long jobs = caravel.testing.TestDatabases.open(dir.resolve("caravel.db"))
                    .jdbi()
                    .withHandle(h -> h.createQuery("SELECT count(*) FROM jobs WHERE kind = 'relay.provision'")
                            .mapTo(Long.class)
                            .one());
            assertThat(jobs).isEqualTo(1);
        }
    }

    @Test
    void missingRequiredSettingStopsStartupNamingIt() throws Exception {
        Map<String, String> env = new java.util.HashMap<>(TestEnv.env(dir, TestEnv.freePort()));
        env.remove("ENCRYPTION_SECRET");
        caravel.testing.MainProcess.Result run = caravel.testing.MainProcess.run(env);
        String out = run.output();
        assertThat(run.code()).as(out).isEqualTo(2);
        assertThat(out.strip()).isEqualTo("caravel: missing required setting ENCRYPTION_SECRET");
    }
}
