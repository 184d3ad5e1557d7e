package caravel.robot;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.App;
import caravel.Inside;
import caravel.config.Config;
import caravel.jobs.JobRunner;
import caravel.nostr.Keys;
import caravel.nostr.RelayClient;
import caravel.testing.Api;
import caravel.testing.AppOptions;
import caravel.testing.LocalRelay;
import caravel.testing.NostrTools;
import caravel.testing.TestEnv;
import caravel.testing.Wait;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * DMs to relays that are down, never answer OK, reject, or come up late: every DM job retries with backoff and
 * ends in dm_sent or dm_failed (naming the relays and why), while the HTTP API keeps answering at once.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@Tag("peer")
class DmFaultsTest {
    @TempDir
    Path dir;

    LocalRelay indexer, good, neverOk, reject, late;
    App app;
    Api api;
    final NostrTools tools = NostrTools.get();
    static final int ATTEMPTS = 8; // spans ~6 s of backoff: time enough for the late relay to start

    @BeforeEach
    void start() {
        indexer = LocalRelay.start();
        good = LocalRelay.start();
        neverOk = LocalRelay.start(LocalRelay.Mode.NEVER_OK);
        reject = LocalRelay.start(LocalRelay.Mode.REJECT);
        int port = TestEnv.freePort();
        Map<String, String> env = TestEnv.env(dir, port, Keys.generate().pubkey());
        env.put("ROBOT_OUTBOX_RELAYS", good.url());
        env.put("ROBOT_INDEXER_RELAYS", indexer.url());
        env.put("ROBOT_MESSAGING_RELAYS", good.url());
        Robot.Settings settings = Robot.Settings.defaults()
                .withDmMaxAttempts(ATTEMPTS)
                .withRelay(RelayClient.Options.defaults().with(o -> {
                    o.okTimeout = Duration.ofSeconds(1);
                    o.connectTimeout = Duration.ofSeconds(1);
                    o.reconnectBase = Duration.ofMillis(200);
                    o.reconnectMax = Duration.ofMillis(500);
                }));
        app = new App(
                        Config.fromEnv(env),
                        Clock.systemUTC(),
                        AppOptions.builder()
                                .jobs(new JobRunner.Settings(100, 30_000, 300, 1_000, 8))
                                .robot(settings)
                                .build())
                .start();
        api = new Api("http://127.0.0.1:" + app.port());
    }

    @AfterEach
    void stop() {
        if (app != null) app.close();
        for (LocalRelay r : new LocalRelay[] {indexer, good, neverOk, reject, late}) if (r != null) r.close();
    }

    void dmRelays(Keys who, String... relays) {
        List<List<String>> tags = new ArrayList<>();
        for (String r : relays) tags.add(List.of("relay", r));
        ObjectNode template = Api.JSON
                .createObjectNode()
                .put("kind", 10050)
                .put("created_at", System.currentTimeMillis() / 1000)
                .put("content", "");
        template.set("tags", Api.JSON.valueToTree(tags));
        JsonNode event = tools.call(
                "finalizeEvent",
                NostrTools.args().put("secret", who.secretHex()).set("template", template));
        assertThat(tools.call(
                                "relayPublish",
                                NostrTools.args().put("url", indexer.url()).set("event", event))
                        .get("ok")
                        .asBoolean())
                .isTrue();
    }

    Map<String, Object> job(String key) {
        return Inside.of(app)
                .db()
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT status, attempts, last_error FROM jobs WHERE dedupe_key = :k")
                        .bind("k", "dm:" + key)
                        .mapToMap()
                        .one());
    }

    String activity(String relayId, String kind, String mentioning) {
        List<String> rows = Inside.of(app)
                .db()
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT message FROM activity WHERE relay = :r AND kind = :k")
                        .bind("r", relayId)
                        .bind("k", kind)
                        .mapTo(String.class)
                        .list());
        return rows.stream().filter(m -> m.contains(mentioning)).findFirst().orElse(null);
    }

    @Test
    void failingRelaysRetryAndRecordOutcomesWhileTheApiStaysResponsive() throws Exception {
        // a tenant with a relay, through the API
        Keys tenant = Keys.generate();
        String token = api.as(tenant, "POST", "/auth/session", null)
                .json()
                .get("token")
                .asText();
        Api.Response created = api.bearer(
                token, "POST", "/relays", Api.json(Map.of("name", "Faults", "subdomain", "faults", "plan", "free")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String relayId = created.json().at("/relay/id").asText();

        String down = "ws://127.0.0.1:" + TestEnv.freePort();
        int latePort = TestEnv.freePort();
        String lateUrl = "ws://127.0.0.1:" + latePort;
        Map<String, Keys> to = Map.of(
                "down",
                Keys.generate(),
                "silent",
                Keys.generate(),
                "reject",
                Keys.generate(),
                "mixed",
                Keys.generate(),
                "late",
                Keys.generate());
        dmRelays(to.get("down"), down);
        dmRelays(to.get("silent"), neverOk.url());
        dmRelays(to.get("reject"), reject.url());
        dmRelays(to.get("mixed"), down, good.url());
        dmRelays(to.get("late"), lateUrl);

        // the API under load the whole time
        AtomicBoolean loading = new AtomicBoolean(true);
        AtomicLong worstMs = new AtomicLong(), requests = new AtomicLong();
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        List<Thread> load = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            boolean authed = i % 2 == 1;
            load.add(Thread.ofVirtual().start(() -> {
                while (loading.get()) {
                    long t0 = System.nanoTime();
                    Api.Response r = authed
                            ? api.bearer(token, "GET", "/relays/" + relayId + "/activity", null)
                            : api.send("GET", "/healthz", null, null);
                    long ms = (System.nanoTime() - t0) / 1_000_000;
                    worstMs.accumulateAndGet(ms, Math::max);
                    requests.incrementAndGet();
                    if (r.status() != 200) problems.add(r.status() + " " + r.body());
                }
            }));
        }

        long t0 = System.nanoTime();
        Inside.of(app)
                .db()
                .jdbi()
                .useTransaction(h -> to.forEach((name, keys) -> Inside.of(app)
                        .robot()
                        .sendDm(h, keys.pubkey(), "Notice for " + name, tenant.pubkey(), relayId, name)));
        assertThat(Duration.ofNanos(System.nanoTime() - t0))
                .isLessThan(Duration.ofSeconds(1)); // enqueue only, no network

        // the late relay comes up after the first attempt failed
        Wait.until(
                "condition",
                Duration.ofSeconds(30),
                () -> ((Number) job("late").get("attempts")).intValue() >= 1
                        && job("late").get("last_error") != null);
        assertThat(job("silent").get("status")).isIn("queued", "running"); // still stuck while we load the API
        late = LocalRelay.start(latePort);

        List<String> names = List.of("down", "silent", "reject", "mixed", "late");
        Wait.until(
                "condition",
                Duration.ofSeconds(60),
                () -> names.stream().allMatch(n -> List.of("done", "failed").contains((String) job(n).get("status"))));
        loading.set(false);
        for (Thread t : load) t.join(5_000);

        assertThat(problems).isEmpty();
        assertThat(requests.get()).isGreaterThan(50);
        assertThat(worstMs.get()).as("slowest API answer while DMs were stuck").isLessThan(2_000);

        for (String n : List.of("down", "silent", "reject")) {
            assertThat(job(n).get("status")).as(n).isEqualTo("failed");
            assertThat(((Number) job(n).get("attempts")).intValue()).as(n).isEqualTo(ATTEMPTS);
        }
        // the job keeps the operator's reason (relays, protocol); the tenant's activity says it in plain words
        assertThat((String) job("down").get("last_error")).contains(down).contains("connection");
        assertThat((String) job("silent").get("last_error"))
                .contains(neverOk.url())
                .contains("timeout");
        assertThat((String) job("reject").get("last_error")).contains("rejected (blocked: test)");
        assertThat(activity(relayId, "dm_failed", "Notice for down"))
                .contains("could not be delivered after " + ATTEMPTS + " attempts")
                .contains("could not be reached");
        assertThat(activity(relayId, "dm_failed", "Notice for silent")).contains("did not answer");
        assertThat(activity(relayId, "dm_failed", "Notice for reject")).contains("refused it");

        assertThat(job("mixed").get("status")).isEqualTo("done");
        assertThat(activity(relayId, "dm_sent", "Notice for mixed")).startsWith("Sent npub1");

        assertThat(job("late").get("status")).isEqualTo("done");
        assertThat(((Number) job("late").get("attempts")).intValue()).isGreaterThan(1);
        assertThat(activity(relayId, "dm_sent", "Notice for late")).isNotNull();
        // no relay addresses, job words or protocol words in what the tenant reads
        Inside.of(app)
                .db()
                .jdbi()
                .useHandle(h -> assertThat(h.createQuery(
                                        "SELECT message FROM activity WHERE relay = :r AND kind IN ('dm_sent', 'dm_failed')")
                                .bind("r", relayId)
                                .mapTo(String.class)
                                .list())
                        .hasSize(5)
                        .allSatisfy(m -> assertThat(m).doesNotContain("ws://").doesNotContain("wss://")));
        ObjectNode f = Api.JSON.createObjectNode();
        f.putArray("kinds").add(1059);
        f.putArray("#p").add(to.get("late").pubkey());
        ObjectNode q = NostrTools.args().put("url", lateUrl);
        q.putArray("filters").add(f);
        JsonNode wraps = tools.call("relayQuery", q);
        assertThat(wraps).hasSize(1);
        assertThat(tools.call(
                                "nip17Unwrap",
                                NostrTools.args()
                                        .put("secret", to.get("late").secretHex())
                                        .set("event", wraps.get(0)))
                        .get("content")
                        .asText())
                .isEqualTo("Notice for late");

        // and the tenant sees every outcome on the relay's activity page
        JsonNode items = api.bearer(token, "GET", "/relays/" + relayId + "/activity", null)
                .json()
                .get("items");
        List<String> kinds = new ArrayList<>();
        items.forEach(i -> kinds.add(i.get("kind").asText()));
        assertThat(kinds)
                .containsOnlyOnce("created")
                .filteredOn(k -> k.equals("dm_failed"))
                .hasSize(3);
        assertThat(kinds).filteredOn(k -> k.equals("dm_sent")).hasSize(2);
    }
}
