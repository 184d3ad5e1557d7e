package caravel.moves;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.nostr.Event;
import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.BackendProcess;
import caravel.testing.MoveNodes;
import caravel.testing.TestEnv;
import caravel.testing.Wait;
import caravel.testing.ZooidEmulator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A move whose process is killed (SIGKILL) in the middle of copying a relay's events is finished by the process started
 * after it, from the step it had recorded: the relay ends on the new node with every event, its members, and nothing
 * left on the old node.
 */
@Tag("peer")
class RelayMoveCrashTest {
    @TempDir
    Path dir;

    @Test
    void aMoveKilledMidCopyIsFinishedByTheNextProcess() throws Exception {
        Keys keyA = Keys.generate(), keyB = Keys.generate(), owner = Keys.generate(), admin = Keys.generate();
        try (ZooidEmulator a = new ZooidEmulator(dir.resolve("zooid-a"), keyA.pubkey(), 0);
                ZooidEmulator b = new ZooidEmulator(dir.resolve("zooid-b"), keyB.pubkey(), 0)) {
            int port = TestEnv.freePort();
            Map<String, String> env = new HashMap<>(TestEnv.env(dir, port, admin.pubkey()));
            MoveNodes.configure(env, a, keyA, b, keyB);
            env.put("MOVE_DRAIN_SECONDS", "2");
            env.put("MOVE_COPY_COMMAND", MoveNodes.copier(a, b));
            Api api = new Api("http://127.0.0.1:" + port);
            String id, schema;
            Set<String> posts = new HashSet<>();
            Keys alice = Keys.generate();
            try (BackendProcess first = new BackendProcess(env, dir.resolve("first.log"))) {
                Api.Response created = api.as(
                        owner, "POST", "/relays", "{\"name\":\"Kept\",\"subdomain\":\"kept\",\"plan\":\"free\"}");
                assertThat(created.status()).as(created.body()).isEqualTo(201);
                id = created.json().at("/relay/id").asText();
                Wait.until(
                        "relay active",
                        Duration.ofSeconds(60),
                        () -> api.as(owner, "GET", "/relays/" + id, null).json(),
                        v -> v.path("status").asText().equals("active")
                                && v.at("/sync/state").asText().equals("synced"));
                schema = api.as(owner, "GET", "/relays/" + id, null)
                        .json()
                        .path("schema")
                        .asText();
                assertThat(api.as(
                                        owner,
                                        "POST",
                                        "/relays/" + id + "/members",
                                        "{\"pubkey\":\"" + alice.pubkey() + "\"}")
                                .status())
                        .isBetween(200, 201);
                // enough of alice's posts that copying and checking them takes a few seconds
                long now = System.currentTimeMillis() / 1000;
                for (int batch = 0; batch < 6; batch++) {
                    ArrayNode body = Api.JSON.createArrayNode();
                    for (int i = 0; i < 500; i++) {
                        Event e = alice.sign(now - 5000 + batch * 500L + i, 1, List.of(), "note " + batch + "/" + i);
                        posts.add(e.id());
                        body.add(e.toJson());
                    }
                    a.control("POST", "/_emulator/relays/" + schema + "/events", body.toString());
                }
                assertThat(api.as(admin, "POST", "/admin/relays/" + id + "/move", "{\"node\":\"b\"}")
                                .status())
                        .isEqualTo(202);
                String killedAt = Wait.until(
                        "the move copying",
                        Duration.ofSeconds(30),
                        () -> api.as(admin, "GET", "/admin/relays/" + id + "/move", null)
                                .json()
                                .path("step")
                                .asText(),
                        s -> !s.equals("queued"));
                first.kill(); // mid-copy: the job's lease is left behind
                assertThat(killedAt).as("killed before the move ended").isIn("created", "copied", "switched");
            }
            try (BackendProcess second = new BackendProcess(env, dir.resolve("second.log"))) {
                assertThat(second.alive()).isTrue();
                JsonNode done = Wait.until(
                        "the move finished by the next process",
                        Duration.ofMinutes(2),
                        () -> api.as(admin, "GET", "/admin/relays/" + id + "/move", null)
                                .json(),
                        m -> m.path("step").asText().equals("done")
                                || m.path("step").asText().equals("failed"));
                assertThat(done.path("step").asText()).as(done.toString()).isEqualTo("done");
                assertThat(a.relays().has(schema)).as("nothing left on node a").isFalse();
                Set<String> onB = new HashSet<>();
                for (JsonNode e : b.control("GET", "/_emulator/relays/" + schema + "/events?kinds=1", null))
                    onB.add(e.path("id").asText());
                assertThat(onB).containsAll(posts);
                assertThat(b.control("GET", "/_emulator/relays/" + schema + "/members", null)
                                .toString())
                        .contains(alice.pubkey());
                assertThat(api.as(owner, "GET", "/relays/" + id, null)
                                .json()
                                .path("url")
                                .asText())
                        .isEqualTo("wss://kept.a.relays.test");
            }
        }
    }
}
