package caravel.relays;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.Inside;
import caravel.nostr.Keys;
import caravel.store.Relay;
import caravel.testing.Api;
import caravel.testing.BothDatabases;
import caravel.testing.FlotillaClient;
import caravel.testing.TestBackend;
import caravel.testing.Wait;
import caravel.testing.ZooidEmulator;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two zooid nodes, each an emulator of its own with its own API key and relay domain: where new relays are placed (by
 * the domain asked for, else by room), a full platform's refusal, and every call about a relay reaching its node.
 */
@Tag("peer")
@BothDatabases
class ZooidNodesTest {
    static final String FLOTILLA = "https://app.flotilla.social";

    @TempDir
    Path dir;

    final Keys keyA = Keys.generate(), keyB = Keys.generate(), owner = Keys.generate();
    ZooidEmulator a, b;
    TestBackend backend;

    /** Node a holds at most {@code capA} relays under a.relays.test, node b {@code capB} under b.relays.test. */
    void start(int capA, int capB) throws Exception {
        a = new ZooidEmulator(dir.resolve("zooid-a"), keyA.pubkey(), 0);
        b = new ZooidEmulator(dir.resolve("zooid-b"), keyB.pubkey(), 0);
        backend = new TestBackend(dir, env -> {
            env.remove("ZOOID_API_URL");
            env.remove("ZOOID_API_SECRET");
            env.remove("RELAY_DOMAIN");
            env.put(
                    "ZOOID_NODES",
                    "a api=" + a.url + " origin=" + a.url + " domain=a.relays.test capacity=" + capA + "\n" + "b api="
                            + b.url + " origin=" + b.url + " domain=b.relays.test capacity=" + capB);
            // each node trusts only its own key: a call signed for the wrong node is refused
            env.put("ZOOID_API_SECRET_A", keyA.secretHex());
            env.put("ZOOID_API_SECRET_B", keyB.secretHex());
            FlotillaClient.listener(FLOTILLA).accept(env);
        });
    }

    @AfterEach
    void stop() {
        if (backend != null) backend.close();
        if (a != null) a.close();
        if (b != null) b.close();
    }

    Api.Response create(String sub) {
        return backend.api.as(
                owner,
                "POST",
                "/relays",
                "{\"name\":\"Relay " + sub + "\",\"subdomain\":\"" + sub + "\",\"plan\":\"free\"}");
    }

    String created(String sub) {
        Api.Response r = create(sub);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().at("/relay/id").asText();
    }

    /** What Flotilla's create screen sends, with the domain it asks for. */
    Api.Response createInFlotilla(String sub, String domain) {
        FlotillaClient f = FlotillaClient.of(backend);
        f.as(owner, "POST", "/tenants", "{\"return_url\":\"" + FLOTILLA + "/settings/hosting\"}");
        return f.as(
                owner,
                "POST",
                "/relays",
                "{\"tenant_pubkey\":\"" + owner.pubkey() + "\",\"subdomain\":\"" + sub + "\",\"zooid_domain\":\""
                        + domain + "\",\"plan_id\":\"free\",\"info_name\":\"" + sub + "\"}");
    }

    String nodeOf(String id) {
        return Inside.of(backend.app)
                .relayStore()
                .find(id)
                .map(Relay::zooidNode)
                .orElseThrow();
    }

    JsonNode active(String id) {
        return Wait.until(
                "relay " + id + " active and synced",
                Duration.ofSeconds(30),
                () -> backend.api.as(owner, "GET", "/relays/" + id, null).json(),
                r -> r.path("status").asText().equals("active")
                        && r.at("/sync/state").asText().equals("synced"));
    }

    @Test
    void aNewRelayGoesWhereThereIsMostRoomUntilThePlatformIsFull() throws Exception {
        start(2, 3);
        // b has room for 3, a for 2; on a tie the node holding fewer relays, then the first listed
        String[] expected = {"b", "a", "b", "a", "b"};
        String[] ids = new String[expected.length];
        for (int i = 0; i < expected.length; i++) {
            ids[i] = created("room-" + i);
            assertThat(nodeOf(ids[i])).as("relay " + i).isEqualTo(expected[i]);
        }
        Api.Response full = create("room-full");
        assertThat(full.status()).as(full.body()).isEqualTo(409);
        assertThat(full.json().path("code").asText()).isEqualTo("platform_full");
        assertThat(full.error()).contains("the platform is full");
        // nothing was half-made: the refused relay has no row
        assertThat(create("room-full").status()).isEqualTo(409);
        assertThat(Inside.of(backend.app)
                        .db()
                        .jdbi()
                        .withHandle(Inside.of(backend.app).relayStore()::countByNode))
                .isEqualTo(Map.of("a", 2L, "b", 3L));
        // the admins see each node's use and whether it answers, and each relay's node; its owner sees no node
        JsonNode nodes = backend.api
                .as(backend.admin, "GET", "/admin/nodes", null)
                .json()
                .path("items");
        assertThat(nodes.toString())
                .isEqualTo("[{\"name\":\"a\",\"default\":true,\"relay_domain\":\"a.relays.test\",\"capacity\":2,"
                        + "\"relays\":2,\"room\":0,\"reachable\":true,\"problem\":null},"
                        + "{\"name\":\"b\",\"default\":false,\"relay_domain\":\"b.relays.test\",\"capacity\":3,"
                        + "\"relays\":3,\"room\":0,\"reachable\":true,\"problem\":null}]");
        String first = ids[0];
        assertThat(backend.api
                        .as(backend.admin, "GET", "/relays/" + first, null)
                        .json()
                        .path("node")
                        .asText())
                .isEqualTo("b");
        assertThat(backend.api
                        .as(owner, "GET", "/relays/" + first, null)
                        .json()
                        .path("node")
                        .isNull())
                .isTrue();
        assertThat(backend.api.as(owner, "GET", "/admin/nodes", null).status()).isEqualTo(403);
        b.close();
        JsonNode down = backend.api
                .as(backend.admin, "GET", "/admin/nodes", null)
                .json()
                .path("items");
        assertThat(down.at("/0/reachable").asBoolean()).isTrue();
        assertThat(down.at("/1/reachable").asBoolean()).isFalse();
        assertThat(down.at("/1/problem").asText()).startsWith("zooid is unreachable");
    }

    @Test
    void theDomainAskedForChoosesTheNodeWhateverTheRoomElsewhere() throws Exception {
        start(1, 10);
        Api.Response onA = createInFlotilla("on-a", "A.relays.test");
        assertThat(onA.status()).as(onA.body()).isEqualTo(201);
        String id = onA.json().at("/data/id").asText();
        assertThat(nodeOf(id)).isEqualTo("a");
        // Flotilla derives the relay's address from zooid_domain
        assertThat(onA.json().at("/data/zooid_domain").asText()).isEqualTo("a.relays.test");
        // a is full now: asking for its domain is refused, though b has room
        Api.Response full = createInFlotilla("more-a", "a.relays.test");
        assertThat(full.status()).as(full.body()).isEqualTo(409);
        assertThat(full.body()).containsIgnoringCase("no room for another relay under a.relays.test");
        Api.Response elsewhere = createInFlotilla("nowhere", "relays.example.com");
        assertThat(elsewhere.status()).as(elsewhere.body()).isEqualTo(400);
        assertThat(elsewhere.body()).contains("a.relays.test, b.relays.test");
        Api.Response onB = createInFlotilla("on-b", "b.relays.test");
        assertThat(onB.status()).as(onB.body()).isEqualTo(201);
        assertThat(nodeOf(onB.json().at("/data/id").asText())).isEqualTo("b");
        // an update cannot move a relay to another domain
        Api.Response move =
                FlotillaClient.of(backend).as(owner, "PUT", "/relays/" + id, "{\"zooid_domain\":\"b.relays.test\"}");
        assertThat(move.status()).as(move.body()).isEqualTo(400);
    }

    @Test
    void everyCallAboutARelayReachesItsOwnNode() throws Exception {
        start(1, 1);
        // a tie on room and on relays held goes to the first listed: bee to a, then ant to b (the one with room)
        String bee = created("bee");
        String ant = created("ant");
        assertThat(nodeOf(bee)).isEqualTo("a");
        assertThat(nodeOf(ant)).isEqualTo("b");
        // provisioning: each config on its own node only, under the relay's own domain
        JsonNode beeView = active(bee), antView = active(ant);
        assertThat(beeView.path("url").asText()).isEqualTo("wss://bee.a.relays.test");
        assertThat(antView.path("url").asText()).isEqualTo("wss://ant.b.relays.test");
        assertThat(a.relays().has("bee")).isTrue();
        assertThat(a.relays().has("ant")).isFalse();
        assertThat(b.relays().has("ant")).isTrue();
        assertThat(b.relays().has("bee")).isFalse();
        assertThat(a.relay("bee").path("host").asText()).isEqualTo("bee.a.relays.test");
        assertThat(b.relay("ant").path("host").asText()).isEqualTo("ant.b.relays.test");
        // a config write (a rename) goes to the relay's node
        Api.Response renamed = backend.api.as(owner, "PUT", "/relays/" + ant, "{\"name\":\"Ants\"}");
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        Wait.until(
                "the new name on node b",
                Duration.ofSeconds(20),
                () -> b.relay("ant").at("/info/name").asText(),
                n -> n.equals("Ants"));
        // NIP-86 as the relay: a member added, then listed, on the relay's node
        Keys alice = Keys.generate();
        Api.Response add =
                backend.api.as(owner, "POST", "/relays/" + ant + "/members", "{\"pubkey\":\"" + alice.pubkey() + "\"}");
        assertThat(add.status()).as(add.body()).isBetween(200, 201);
        assertThat(b.control("GET", "/_emulator/relays/ant/members", null).toString())
                .contains(alice.pubkey());
        assertThat(backend.api
                        .as(owner, "GET", "/relays/" + ant + "/members", null)
                        .body())
                .contains(alice.pubkey());
        // NIP-11 health from the relay's node
        for (String id : new String[] {ant, bee}) {
            JsonNode health = backend.api
                    .as(owner, "GET", "/relays/" + id + "/health", null)
                    .json();
            assertThat(health.path("reachable").asBoolean())
                    .as(health.toString())
                    .isTrue();
        }
        // the membership watcher holds a live subscription to each relay on its own node
        Inside.of(backend.app).community().watcher.reconcileNow();
        Wait.until(
                "both relays watched",
                Duration.ofSeconds(20),
                () -> Inside.of(backend.app).community().watcher.watching(ant)
                        && Inside.of(backend.app).community().watcher.watching(bee));
        // the export reads the relay's events from its node: alice's membership is there
        Api.Response export = backend.api.as(owner, "GET", "/relays/" + ant + "/export", null);
        assertThat(export.status()).as(export.body()).isEqualTo(200);
        assertThat(export.body()).contains(alice.pubkey());
    }

    /** The local stack's two zooid nodes (stack/start.mjs --second-zooid), as ./caravel's stack gives them. */
    @Test
    void theLocalStacksSecondNodeServesTheRelaysPlacedOnIt() throws Exception {
        try (caravel.testing.LocalStack stack = new caravel.testing.LocalStack(true)) {
            backend = new TestBackend(dir, env -> {
                stack.pointAtBothNodes(env);
                FlotillaClient.listener(FLOTILLA).accept(env);
            });
            String domain2 = stack.get("relay_domain_2");
            Api.Response r = createInFlotilla("second", domain2);
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            String id = r.json().at("/data/id").asText();
            assertThat(nodeOf(id)).isEqualTo("b");
            assertThat(active(id).path("url").asText()).isEqualTo("ws://second." + domain2);
            assertThat(Path.of(stack.get("zooid2_config_dir")).resolve("second.toml"))
                    .exists();
            assertThat(Path.of(stack.get("zooid_config_dir")).resolve("second.toml"))
                    .doesNotExist();
            JsonNode health = backend.api
                    .as(owner, "GET", "/relays/" + id + "/health", null)
                    .json();
            assertThat(health.path("reachable").asBoolean())
                    .as(health.toString())
                    .isTrue();
        } finally {
            if (backend != null) backend.close();
            backend = null;
        }
    }
}
