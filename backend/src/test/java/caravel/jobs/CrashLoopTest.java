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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 at random points while relays are being created, renamed, deactivated and provisioned, CYCLES times
 * (10 here; -Dcrash.cycles=50 for the long run), restarting on the same database each time. In the end every accepted
 * relay exists once in zooid with its latest settings, no job is lost or left failed, and every relay is in a state the
 * lifecycle allows.
 */
@Tag("slow")
@Tag("peer")
class CrashLoopTest {
    @TempDir
    Path dir;

    static final Set<String> STATES = Set.of("pending", "active", "provisioning_failed", "suspended", "inactive");

    @Test
    void killedAtRandomPointsLosesNothing() throws Exception {
        int cycles = Integer.getInteger("crash.cycles", 10);
        Keys zooidKey = Keys.generate();
        List<Keys> users = List.of(Keys.generate(), Keys.generate(), Keys.generate());
        List<String[]> accepted = new ArrayList<>(); // {relay id, owner index, expected name}
        try (ZooidEmulator zooid = new ZooidEmulator(dir.resolve("zooid"), zooidKey.pubkey(), 0)) {
            int port = TestEnv.freePort();
            Map<String, String> env = TestEnv.env(dir, port);
            zooid.pointAt(env, zooidKey);
            String base = "http://127.0.0.1:" + port;
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            for (int cycle = 0; cycle < cycles; cycle++) {
                try (BackendProcess p = new BackendProcess(env, null)) {
                    Api api = Api.ownConnections(base); // none left over from the process killed before
                    // zooid sometimes failing, so kills also land between failed attempts and their retries
                    zooid.failNext(503, rnd.nextInt(0, 3));
                    long killAt = System.nanoTime() + rnd.nextLong(200, 1500) * 1_000_000;
                    int n = 0;
                    while (System.nanoTime() < killAt) {
                        int u = rnd.nextInt(users.size());
                        Keys user = users.get(u);
                        if (accepted.isEmpty() || rnd.nextInt(3) > 0) {
                            String sub = "crash-" + cycle + "-" + n++;
                            Api.Response r = api.as(
                                    user,
                                    "POST",
                                    "/relays",
                                    "{\"name\":\"" + sub + "\",\"subdomain\":\"" + sub + "\",\"plan\":\"free\"}");
                            if (r.status() == 201)
                                accepted.add(
                                        new String[] {r.json().at("/relay/id").asText(), Integer.toString(u), sub});
                        } else {
                            String[] pick = accepted.get(rnd.nextInt(accepted.size()));
                            String name = "renamed-" + cycle + "-" + n++;
                            Api.Response r = api.as(
                                    users.get(Integer.parseInt(pick[1])),
                                    "PUT",
                                    "/relays/" + pick[0],
                                    "{\"name\":\"" + name + "\"}");
                            if (r.status() == 200) pick[2] = name;
                        }
                    }
                    p.kill(); // SIGKILL: no shutdown hooks
                }
            }
            zooid.failNext(0, 0);
            try (BackendProcess last = new BackendProcess(env, null);
                    Database db = caravel.testing.TestDatabases.open(dir.resolve("caravel.db"))) {
                Api api = Api.ownConnections(base);
                assertThat(last.alive()).as("backend started").isTrue();
                for (String[] r : accepted) {
                    Keys owner = users.get(Integer.parseInt(r[1]));
                    // a killed process's running jobs wait for their lease (BackendProcess.LEASE) to lapse before
                    // another process
                    // takes them
                    var relay = Wait.until(
                            "relay " + r[0] + " synced",
                            Duration.ofMinutes(3),
                            () -> api.as(owner, "GET", "/relays/" + r[0], null).json(),
                            j -> j.at("/sync/state").asText().equals("synced"));
                    assertThat(STATES).contains(relay.get("status").asText());
                    assertThat(relay.get("name").asText()).isEqualTo(r[2]); // the last accepted edit
                }
                Wait.until(
                        "jobs drained",
                        Duration.ofSeconds(60),
                        () -> db.jdbi()
                                .withHandle(h -> h.createQuery(
                                                "SELECT count(*) FROM jobs WHERE kind LIKE 'relay.%' AND status <> 'done'")
                                        .mapTo(Integer.class)
                                        .one()),
                        c -> c == 0);
                int relays = db.jdbi()
                        .withHandle(h -> h.createQuery("SELECT count(*) FROM relays")
                                .mapTo(Integer.class)
                                .one());
                assertThat(relays).as("relays in the database").isEqualTo(accepted.size());
                assertThat(zooid.relays().size()).as("relays zooid holds").isEqualTo(relays);
                for (String[] r : accepted) {
                    String schema = db.jdbi()
                            .withHandle(h -> h.createQuery("SELECT schema FROM relays WHERE id = :id")
                                    .bind("id", r[0])
                                    .mapTo(String.class)
                                    .one());
                    assertThat(zooid.relay(schema)
                                    .path("info")
                                    .path("name")
                                    .asText(zooid.relay(schema).path("name").asText()))
                            .isEqualTo(r[2]);
                }
            }
        }
        assertThat(accepted).isNotEmpty();
    }
}
