package caravel;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.nostr.Keys;
import caravel.store.Database;
import caravel.testing.Api;
import caravel.testing.BackendProcess;
import caravel.testing.BothDatabases;
import caravel.testing.LiveStream;
import caravel.testing.TestDatabases;
import caravel.testing.TestEnv;
import caravel.testing.Wait;
import caravel.testing.ZooidEmulator;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Caravel processes on one database, as separate OS processes killed with SIGKILL: each relay watched by exactly
 * one of them and taken over when that one dies; a killed process's jobs taken up by the other within a lease; a
 * change made through one reaching a page streaming from the other.
 */
@Tag("slow")
@Tag("peer")
@SuppressWarnings("try") // a backend is held open for the test's length, not named in its body
@BothDatabases
class SeveralProcessesTest {
    @TempDir
    Path dir;

    static final String METRICS_TOKEN = "several-processes-metrics-token-0123456789";
    final Keys zooidKey = Keys.generate(), user = Keys.generate();

    /** One backend's settings: the shared base with its own port. */
    private static Map<String, String> on(Map<String, String> base, int port) {
        Map<String, String> env = new HashMap<>(base);
        env.put("PORT", Integer.toString(port));
        env.put("PUBLIC_URL", "http://127.0.0.1:" + port);
        return env;
    }

    private Map<String, String> base() {
        Map<String, String> env = TestEnv.env(dir, 0);
        env.put("METRICS_TOKEN", METRICS_TOKEN);
        return env;
    }

    /** Relay sockets the backend's watcher holds open now, from its metrics. */
    private static int connected(Api api) {
        Api.Response r = api.bearer(METRICS_TOKEN, "GET", "/metrics", null);
        if (r.status() != 200) return -1;
        for (String line : r.body().lines().toList())
            if (line.startsWith("caravel_relay_watches_connected"))
                return (int) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        return -1;
    }

    /** Provisioning jobs the backend ran to success, from its metrics. */
    private static int provisioned(Api api) {
        Api.Response r = api.bearer(METRICS_TOKEN, "GET", "/metrics", null);
        double n = 0;
        for (String line : r.body().lines().toList())
            if (line.startsWith("caravel_zooid_sync_seconds_count{")
                    && line.contains("kind=\"relay.provision\"")
                    && line.contains("outcome=\"ok\""))
                n += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        return (int) n;
    }

    private String createRelay(Api api, String subdomain) {
        Api.Response r = api.as(
                user,
                "POST",
                "/relays",
                "{\"name\":\"" + subdomain + "\",\"subdomain\":\"" + subdomain + "\",\"plan\":\"free\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().at("/relay/id").asText();
    }

    private void waitActive(Api api, String id, Duration within) {
        Wait.until(
                "relay " + id + " active",
                within,
                () -> api.as(user, "GET", "/relays/" + id, null).json(),
                j -> j.get("status").asText().equals("active"));
    }

    /** Shard → holder, from the lease table. */
    private Map<Integer, String> leases() {
        try (Database db = TestDatabases.open(dir.resolve("caravel.db"))) {
            Map<Integer, String> m = new HashMap<>();
            db.jdbi()
                    .useHandle(h -> h.createQuery("SELECT shard, owner FROM watch_leases")
                            .map((rs, c) -> Map.entry(rs.getInt(1), rs.getString(2)))
                            .forEach(e -> m.put(e.getKey(), e.getValue())));
            return m;
        }
    }

    /** Shard → the end of its lease, from the lease table. */
    private Map<Integer, Long> leaseEnds() {
        try (Database db = TestDatabases.open(dir.resolve("caravel.db"))) {
            Map<Integer, Long> m = new HashMap<>();
            db.jdbi()
                    .useHandle(h -> h.createQuery("SELECT shard, until_ms FROM watch_leases")
                            .map((rs, c) -> Map.entry(rs.getInt(1), rs.getLong(2)))
                            .forEach(e -> m.put(e.getKey(), e.getValue())));
            return m;
        }
    }

    /** The relay's provisioning job: its status, the worker leasing it, and its lease's end (empty when none). */
    private List<String> jobLease(String relayId) {
        try (Database db = TestDatabases.open(dir.resolve("caravel.db"))) {
            return db.jdbi()
                    .withHandle(h -> h.createQuery("SELECT status, leased_by, lease_until_ms FROM jobs"
                                    + " WHERE kind = :kind AND payload LIKE :relay")
                            .bind("kind", caravel.relays.Relays.JOB_PROVISION)
                            .bind("relay", "%" + relayId + "%")
                            .map((rs, c) -> List.of(
                                    rs.getString(1), String.valueOf(rs.getString(2)), String.valueOf(rs.getLong(3))))
                            .findFirst()
                            .orElse(List.of()));
        }
    }

    /** The state of the relay's provisioning job. */
    private String jobStatus(String relayId) {
        try (Database db = TestDatabases.open(dir.resolve("caravel.db"))) {
            return db.jdbi()
                    .withHandle(h -> h.createQuery("SELECT status FROM jobs WHERE kind = :kind AND payload LIKE :relay")
                            .bind("kind", caravel.relays.Relays.JOB_PROVISION)
                            .bind("relay", "%" + relayId + "%")
                            .mapTo(String.class)
                            .findFirst()
                            .orElse(""));
        }
    }

    @Test
    void eachRelayIsWatchedByOneProcessAndTheSurvivorTakesOverAKilledOnesRelays() throws Exception {
        int n = 12;
        try (ZooidEmulator zooid = new ZooidEmulator(dir.resolve("zooid"), zooidKey.pubkey(), 0)) {
            Map<String, String> base = base();
            zooid.pointAt(base, zooidKey);
            int portA = TestEnv.freePort(), portB = TestEnv.freePort();
            Api apiA = new Api("http://127.0.0.1:" + portA), apiB = new Api("http://127.0.0.1:" + portB);
            try (BackendProcess a = new BackendProcess(on(base, portA), null);
                    BackendProcess b = new BackendProcess(on(base, portB), null)) {
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < n; i++) ids.add(createRelay(i % 2 == 0 ? apiA : apiB, "watched-" + i));
                for (String id : ids) waitActive(apiA, id, Duration.ofSeconds(60));
                // jobs run once across the two: both ran provisioning jobs, n between them, one per relay
                int byA = provisioned(apiA), byB = provisioned(apiB);
                assertThat(byA + byB)
                        .as("provisioning runs by A (%d) and B (%d)", byA, byB)
                        .isEqualTo(n);
                assertThat(byA).as("A ran some").isPositive();
                assertThat(byB).as("B ran some").isPositive();

                // both processes watch, and together every relay once: n sockets, not 2n
                Wait.until(
                        "every relay watched once across the two",
                        Duration.ofSeconds(60),
                        () -> List.of(connected(apiA), connected(apiB)),
                        c -> c.get(0) > 0 && c.get(1) > 0 && c.get(0) + c.get(1) == n);
                Map<Integer, String> leases = leases();
                assertThat(leases).as("every shard leased").hasSize(64);
                assertThat(new java.util.HashSet<>(leases.values()))
                        .as("shared by the two")
                        .hasSize(2);
                // and it stays so: through two lease passes of both processes (every lease renewed twice), the
                // sockets stay n and the split stays with the same holders
                Map<Integer, Long> until = leaseEnds();
                for (int pass = 0; pass < 2; pass++) {
                    Map<Integer, Long> before = until;
                    Wait.until(
                            "both processes renewing every lease they hold",
                            Duration.ofSeconds(60),
                            this::leaseEnds,
                            now -> now.keySet().equals(before.keySet())
                                    && now.entrySet().stream().allMatch(e -> e.getValue() > before.get(e.getKey())));
                    until = leaseEnds();
                    assertThat(connected(apiA) + connected(apiB)).isEqualTo(n);
                    assertThat(leases()).as("the same holders").isEqualTo(leases);
                }

                long killed = System.nanoTime();
                a.kill();
                Wait.until(
                        "the survivor watches every relay", Duration.ofSeconds(60), () -> connected(apiB), c -> c == n);
                Duration takeover = Duration.ofNanos(System.nanoTime() - killed);
                // a lease (BackendProcess.LEASE, 8 s) and a lease pass (2 s), with room for a loaded machine
                assertThat(takeover).as("takeover after SIGKILL").isLessThan(Duration.ofSeconds(22));
                assertThat(new java.util.HashSet<>(leases().values()))
                        .as("the survivor holds every shard")
                        .hasSize(1);

                // a clean shutdown gives the leases up at once for whoever starts next
                b.stop();
                assertThat(leases()).as("leases after a clean shutdown").isEmpty();
            }
        }
    }

    @Test
    void aKilledProcesssJobIsTakenUpByTheOtherWithinALease() throws Exception {
        try (ZooidEmulator zooid = new ZooidEmulator(dir.resolve("zooid"), zooidKey.pubkey(), 0);
                BlackHole hole = new BlackHole()) {
            Map<String, String> base = base();
            zooid.pointAt(base, zooidKey);
            int portA = TestEnv.freePort(), portB = TestEnv.freePort();
            // A's zooid accepts connections and never answers: the job A leases hangs in its zooid call
            Map<String, String> envA = on(base, portA);
            envA.put("ZOOID_API_URL", hole.url());
            envA.put("ZOOID_RELAY_ORIGIN", hole.url());
            Api apiA = new Api("http://127.0.0.1:" + portA), apiB = new Api("http://127.0.0.1:" + portB);
            try (BackendProcess a = new BackendProcess(envA, null);
                    BackendProcess b = new BackendProcess(on(base, portB), null)) {
                // queued through A, whose runner is woken at once; B only polls (every 500 ms)
                String id = createRelay(apiA, "stuck-job");
                Wait.until("A's job calling zooid", Duration.ofSeconds(10), hole::accepted, c -> c > 0);
                Wait.until("the job leased", Duration.ofSeconds(10), () -> jobStatus(id), "running"::equals);
                // A's heartbeat renews the lease of its hung job (every quarter lease): by then B, whose zooid answers
                // at once, has polled many times, and the job must still be A's and running
                List<String> leased = jobLease(id);
                Wait.until(
                        "A's heartbeat renewing the hung job's lease",
                        Duration.ofSeconds(30),
                        () -> jobLease(id),
                        now -> !now.equals(leased));
                List<String> renewed = jobLease(id);
                assertThat(renewed.get(0)).as("A holds the job").isEqualTo("running");
                assertThat(renewed.get(1)).as("still leased by the same worker").isEqualTo(leased.get(1));
                assertThat(apiB.as(user, "GET", "/relays/" + id, null)
                                .json()
                                .get("status")
                                .asText())
                        .as("B has not provisioned it")
                        .isNotEqualTo("active");
                long killed = System.nanoTime();
                a.kill();
                waitActive(apiB, id, Duration.ofSeconds(60));
                Duration recovered = Duration.ofNanos(System.nanoTime() - killed);
                // the lease (BackendProcess.LEASE, 8 s from its last renewal) and B's poll, with room for a loaded
                // machine; it was 2 minutes
                assertThat(recovered).as("a killed process's job taken up").isLessThan(Duration.ofSeconds(20));
                assertThat(zooid.relay("stuck_job").get("host").asText()).isEqualTo("stuck-job.relays.test");
            }
        }
    }

    @Test
    void aChangeMadeThroughOneProcessReachesAPageStreamingFromTheOther() throws Exception {
        try (ZooidEmulator zooid = new ZooidEmulator(dir.resolve("zooid"), zooidKey.pubkey(), 0)) {
            Map<String, String> base = base();
            zooid.pointAt(base, zooidKey);
            int portA = TestEnv.freePort(), portB = TestEnv.freePort();
            Api apiA = new Api("http://127.0.0.1:" + portA), apiB = new Api("http://127.0.0.1:" + portB);
            try (BackendProcess a = new BackendProcess(on(base, portA), null);
                    BackendProcess b = new BackendProcess(on(base, portB), null)) {
                String id = createRelay(apiA, "streamed");
                waitActive(apiA, id, Duration.ofSeconds(60));
                String token = apiB.as(user, "POST", "/auth/session", null)
                        .json()
                        .get("token")
                        .asText();
                try (LiveStream live = new LiveStream(apiB.base(), "/live", "Bearer " + token)) {
                    live.until(
                            "the relay",
                            Duration.ofSeconds(10),
                            s -> name(s, id).equals("streamed"));
                    long t = System.nanoTime();
                    Api.Response renamed = apiA.as(user, "PUT", "/relays/" + id, "{\"name\":\"Renamed on A\"}");
                    assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
                    live.until(
                            "the name changed on A",
                            Duration.ofSeconds(10),
                            s -> name(s, id).equals("Renamed on A"));
                    assertThat(Duration.ofNanos(System.nanoTime() - t)).isLessThan(Duration.ofSeconds(5));
                }
            }
        }
    }

    private static String name(JsonNode state, String id) {
        for (JsonNode r : state.get("relays"))
            if (r.get("id").asText().equals(id)) return r.get("name").asText();
        return "";
    }

    /** A server that accepts connections and never answers (a zooid hung mid-call). */
    static final class BlackHole implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0);
        private final List<Socket> held = new CopyOnWriteArrayList<>();
        private final AtomicInteger accepted = new AtomicInteger();

        BlackHole() throws Exception {
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        held.add(server.accept());
                        accepted.incrementAndGet();
                    }
                } catch (Exception e) {
                    // closed
                }
            });
        }

        String url() {
            return "http://127.0.0.1:" + server.getLocalPort();
        }

        int accepted() {
            return accepted.get();
        }

        @Override
        public void close() throws java.io.IOException {
            server.close();
            for (Socket s : held) s.close();
        }
    }
}
