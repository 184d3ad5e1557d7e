package caravel.relays;

import static caravel.testing.ZooidConfigs.livekitOn;
import static org.assertj.core.api.Assertions.assertThat;

import caravel.Inside;
import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.BothDatabases;
import caravel.testing.TestBackend;
import caravel.testing.TestEnv;
import caravel.testing.Wait;
import caravel.testing.ZooidEmulator;
import caravel.zooid.HttpZooidClient;
import caravel.zooid.SyncErrors;
import caravel.zooid.ZooidClient;
import caravel.zooid.ZooidLine;
import caravel.zooid.ZooidResult;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end against the zooid emulator over real HTTP: provisioning, sync, lifecycle, members, faults. */
@Tag("peer")
@BothDatabases
class ProvisioningTest {
    @TempDir
    Path dir;

    final Keys zooidKey = Keys.generate(), user = Keys.generate();
    ZooidEmulator zooid;
    TestBackend backend;
    Api api;

    void start(int zooidPort) throws Exception {
        zooid = new ZooidEmulator(dir.resolve("zooid"), zooidKey.pubkey(), zooidPort);
        startBackend(zooid.port);
    }

    final caravel.testing.MutableClock clock = new caravel.testing.MutableClock();
    final caravel.testing.MemoryWallet wallet = new caravel.testing.MemoryWallet(clock);

    void startBackend(int zooidPort) {
        backend = new TestBackend(
                dir,
                env -> {
                    env.put("ZOOID_API_URL", "http://127.0.0.1:" + zooidPort);
                    env.put("ZOOID_RELAY_ORIGIN", "http://127.0.0.1:" + zooidPort);
                    env.put("ZOOID_API_SECRET", zooidKey.secretHex());
                    env.put("LIVEKIT_URL", "wss://livekit.example");
                    env.put("LIVEKIT_API_KEY", "lk-key");
                    env.put("LIVEKIT_API_SECRET", "lk-secret");
                },
                new caravel.Wallets(java.util.Optional.of(wallet), url -> wallet),
                clock);
        api = backend.api;
    }

    @AfterEach
    void stop() throws Exception {
        if (backend != null) backend.close();
        if (zooid != null) zooid.close();
    }

    String create(String sub, String plan) {
        Api.Response r = api.as(
                user,
                "POST",
                "/relays",
                "{\"name\":\"Relay " + sub + "\",\"subdomain\":\"" + sub + "\",\"plan\":\"" + plan
                        + "\",\"icon\":\"https://img.example/i.png\",\"description\":\"About " + sub + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().at("/relay/status").asText()).isEqualTo("pending");
        return r.json().at("/relay/id").asText();
    }

    JsonNode relay(String id) {
        return api.as(user, "GET", "/relays/" + id, null).json();
    }

    JsonNode waitFor(String id, String status, String syncState) {
        return Wait.until(
                "relay " + id + " " + status + "/" + syncState,
                Duration.ofSeconds(20),
                () -> relay(id),
                r -> r.get("status").asText().equals(status)
                        && r.at("/sync/state").asText().equals(syncState));
    }

    @Test
    void createProvisionsWithTheSpecifiedConfigAndActivates() throws Exception {
        start(0);
        String id = create("first-relay", "free");
        JsonNode r = waitFor(id, "active", "synced");
        JsonNode cfg = zooid.relay("first_relay");
        assertThat(cfg.get("host").asText()).isEqualTo("first-relay.relays.test");
        assertThat(cfg.get("schema").asText()).isEqualTo("first_relay");
        assertThat(cfg.get("secret").asText()).matches("[0-9a-f]{64}");
        assertThat(cfg.get("inactive").asBoolean()).isFalse();
        assertThat(cfg.at("/info/name").asText()).isEqualTo("Relay first-relay");
        assertThat(cfg.at("/info/icon").asText()).isEqualTo("https://img.example/i.png");
        assertThat(cfg.at("/info/pubkey").asText()).isEqualTo(user.pubkey());
        assertThat(cfg.at("/info/description").asText()).isEqualTo("About first-relay");
        assertThat(cfg.at("/policy/public_join").asBoolean(true)).isFalse();
        assertThat(cfg.at("/groups/enabled").asBoolean()).isTrue();
        assertThat(cfg.at("/management/enabled").asBoolean()).isTrue();
        assertThat(cfg.at("/blossom/enabled").asBoolean(true)).isFalse();
        assertThat(livekitOn(cfg)).isFalse();
        assertThat(cfg.at("/roles/admin/pubkeys/0").asText()).isEqualTo(user.pubkey());
        // the owner manages as the owner; the role that names it (and the team's admins) grants no management
        assertThat(cfg.at("/roles/admin/can_manage").asBoolean(true)).isFalse();
        assertThat(cfg.at("/roles/admin/can_invite").asBoolean()).isTrue();
        Path toml = zooid.configDir.resolve("first_relay.toml");
        assertThat(toml).exists();
        assertThat(Files.readString(toml)).contains("first-relay.relays.test");
        // the relay's own key never leaves the backend through the API, and is encrypted at rest
        String secret = cfg.get("secret").asText();
        assertThat(r.toString()).doesNotContain(secret);
        String stored = Inside.of(backend.app)
                .db()
                .jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT secret_enc || coalesce(synced_config, '') FROM relays WHERE id = :id")
                        .bind("id", id)
                        .mapTo(String.class)
                        .one());
        assertThat(stored).doesNotContain(secret);
        Api.Response activity = api.as(user, "GET", "/relays/" + id + "/activity", null);
        assertThat(activity.body()).contains("provisioned");
    }

    @Test
    void editsSyncAndSubdomainChangesOnlyTheHost() throws Exception {
        start(0);
        String id = create("edit-me", "free");
        waitFor(id, "active", "synced");
        JsonNode before = zooid.relay("edit_me");
        assertThat(api.as(user, "PUT", "/relays/" + id, "{\"subdomain\":\"edited\"}")
                        .status())
                .isEqualTo(200);
        Wait.until(
                "host change",
                Duration.ofSeconds(20),
                () -> zooid.relay("edit_me"),
                c -> c.get("host").asText().equals("edited.relays.test"));
        JsonNode after = zooid.relay("edit_me");
        var expected =
                ((com.fasterxml.jackson.databind.node.ObjectNode) before.deepCopy()).put("host", "edited.relays.test");
        assertThat(after).isEqualTo(expected);
        assertThat(relay(id).get("schema").asText()).isEqualTo("edit_me");

        assertThat(api.as(user, "PUT", "/relays/" + id, "{\"name\":\"Renamed\",\"description\":\"New words\"}")
                        .status())
                .isEqualTo(200);
        Wait.until(
                "name change",
                Duration.ofSeconds(20),
                () -> zooid.relay("edit_me"),
                c -> c.at("/info/name").asText().equals("Renamed"));
        assertThat(zooid.relay("edit_me").at("/info/description").asText()).isEqualTo("New words");
    }

    @Test
    void planChangeTogglesBlossomAndLivekit() throws Exception {
        start(0);
        String id = create("plans", "free");
        waitFor(id, "active", "synced");
        Api.Response up = api.as(user, "PUT", "/relays/" + id, "{\"plan\":\"growth\"}");
        // paid before served: zooid keeps the free features until the upgrade invoice is paid
        assertThat(up.json().get("plan").asText()).isEqualTo("free");
        assertThat(up.json().get("upgrade_plan").asText()).isEqualTo("growth");
        backend.awaitJobsSettled(); // every sync the change started has run
        assertThat(zooid.relay("plans").at("/blossom/enabled").asBoolean()).isFalse();
        caravel.testing.Pay.invoice(
                backend.app, wallet, up.json().get("upgrade_invoice").asText());
        JsonNode paid = Wait.until(
                "blossom on",
                Duration.ofSeconds(20),
                () -> zooid.relay("plans"),
                c -> c.at("/blossom/enabled").asBoolean());
        assertThat(paid.at("/livekit/server_url").asText()).isEqualTo("wss://livekit.example");
        assertThat(paid.at("/livekit/api_key").asText()).isEqualTo("lk-key");
        // a downgrade waits for the next billing cycle, then reaches zooid
        Api.Response down = api.as(user, "PUT", "/relays/" + id, "{\"plan\":\"free\"}");
        assertThat(down.json().get("plan").asText()).isEqualTo("growth");
        assertThat(down.json().get("pending_plan").asText()).isEqualTo("free");
        clock.advance(Duration.ofDays(32));
        Inside.of(backend.app).renewals().runCycle();
        JsonNode free = Wait.until(
                "blossom off",
                Duration.ofSeconds(20),
                () -> zooid.relay("plans"),
                c -> !c.at("/blossom/enabled").asBoolean());
        assertThat(livekitOn(free)).isFalse();
        // secrets of LiveKit are not kept in the clear in the relay row
        String synced = Inside.of(backend.app)
                .db()
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT string_agg(coalesce(synced_config, ''), ',') FROM relays")
                        .mapTo(String.class)
                        .one());
        assertThat(synced).doesNotContain("lk-secret");
    }

    @Test
    void deactivateReactivateAndTenantSuspensionFlipInactive() throws Exception {
        start(0);
        String a = create("life-a", "free"), b = create("life-b", "free");
        waitFor(a, "active", "synced");
        waitFor(b, "active", "synced");
        api.as(user, "POST", "/relays/" + a + "/deactivate", null);
        Wait.until(
                "a inactive",
                Duration.ofSeconds(20),
                () -> zooid.relay("life_a"),
                c -> c.get("inactive").asBoolean());
        api.as(user, "POST", "/relays/" + a + "/reactivate", null);
        Wait.until(
                "a active",
                Duration.ofSeconds(20),
                () -> zooid.relay("life_a"),
                c -> !c.get("inactive").asBoolean());
        assertThat(waitFor(a, "active", "synced").get("status").asText()).isEqualTo("active");

        assertThat(api.as(backend.admin, "PUT", "/tenants/" + user.pubkey(), "{\"status\":\"suspended\"}")
                        .status())
                .isEqualTo(200);
        Wait.until(
                "both inactive",
                Duration.ofSeconds(20),
                () -> zooid.relays(),
                all -> all.get("life_a").get("inactive").asBoolean()
                        && all.get("life_b").get("inactive").asBoolean());
        assertThat(relay(a).get("status").asText()).isEqualTo("inactive");
        assertThat(relay(b).get("status").asText()).isEqualTo("inactive");
    }

    @Test
    void liftingTheAccountSuspensionBringsBackOnlyTheRelaysItTookDown() throws Exception {
        start(0);
        String kept = create("kept", "free"), before = create("before", "free"), during = create("during", "free");
        for (String id : new String[] {kept, before, during}) waitFor(id, "active", "synced");
        // the owner deactivates one before the suspension
        api.as(user, "POST", "/relays/" + before + "/deactivate", null);
        waitFor(before, "inactive", "synced");
        assertThat(api.as(backend.admin, "PUT", "/tenants/" + user.pubkey(), "{\"status\":\"suspended\"}")
                        .status())
                .isEqualTo(200);
        Wait.until(
                "all inactive",
                Duration.ofSeconds(20),
                () -> zooid.relays(),
                all -> all.get("kept").get("inactive").asBoolean()
                        && all.get("during").get("inactive").asBoolean());
        // the owner may not bring one back, nor may an administrator relay by relay; the owner may deactivate one
        assertThat(api.as(user, "POST", "/relays/" + kept + "/reactivate", null).status())
                .isEqualTo(403);
        assertThat(api.as(backend.admin, "POST", "/relays/" + kept + "/reactivate", null)
                        .status())
                .isEqualTo(403);
        // the relay says which of them the suspension holds (and so brings back)
        assertThat(relay(kept).get("account_hold").asBoolean()).isTrue();
        assertThat(relay(before).get("account_hold").asBoolean()).isFalse();
        assertThat(api.as(user, "POST", "/relays/" + during + "/deactivate", null)
                        .status())
                .isEqualTo(200);
        assertThat(relay(during).get("account_hold").asBoolean()).isFalse();

        assertThat(api.as(backend.admin, "PUT", "/tenants/" + user.pubkey(), "{\"status\":\"active\"}")
                        .status())
                .isEqualTo(200);
        waitFor(kept, "active", "synced");
        Wait.until(
                "kept served",
                Duration.ofSeconds(20),
                () -> zooid.relay("kept"),
                c -> !c.get("inactive").asBoolean());
        waitFor(before, "inactive", "synced");
        waitFor(during, "inactive", "synced");
        assertThat(zooid.relay("before").get("inactive").asBoolean()).isTrue();
        assertThat(zooid.relay("during").get("inactive").asBoolean()).isTrue();
        String reinstated = Inside.of(backend.app)
                .db()
                .jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT message FROM activity WHERE kind = 'tenant_reinstated' ORDER BY id DESC LIMIT 1")
                        .mapTo(String.class)
                        .one());
        assertThat(reinstated)
                .isEqualTo("Account reinstated; 1 relay back in service, 2 deactivated by their owner stay inactive");
        // suspending and lifting again changes nothing for the owner's own decisions
        api.as(backend.admin, "PUT", "/tenants/" + user.pubkey(), "{\"status\":\"suspended\"}");
        api.as(backend.admin, "PUT", "/tenants/" + user.pubkey(), "{\"status\":\"active\"}");
        waitFor(kept, "active", "synced");
        assertThat(relay(before).get("status").asText()).isEqualTo("inactive");
        assertThat(relay(during).get("status").asText()).isEqualTo("inactive");
    }

    @Test
    void membersComeFromTheRelayOverNip86() throws Exception {
        start(0);
        String id = create("members", "free");
        Api.Response early = api.as(user, "GET", "/relays/" + id + "/members", null);
        assertThat(early.status()).isIn(200, 409);
        waitFor(id, "active", "synced");
        Keys m1 = Keys.generate(), m2 = Keys.generate();
        zooid.addMember("members", m1.pubkey());
        zooid.addMember("members", m2.pubkey());
        Api.Response r = api.as(user, "GET", "/relays/" + id + "/members", null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        // zooid always lists the owner; Caravel marks it and leaves out the relay's own key
        assertThat(r.json().get("items").findValuesAsText("pubkey"))
                .containsExactlyInAnyOrder(user.pubkey(), m1.pubkey(), m2.pubkey());
        assertThat(api.as(Keys.generate(), "GET", "/relays/" + id + "/members", null)
                        .status())
                .isEqualTo(404);
        // relay health: the NIP-11 document from the relay's own host
        JsonNode health = api.as(user, "GET", "/relays/" + id + "/health", null).json();
        assertThat(health.get("reachable").asBoolean()).as(health.toString()).isTrue();
        assertThat(health.get("name").asText()).isEqualTo("Relay members");
        assertThat(health.get("latency_ms").isIntegralNumber())
                .as(health.toString())
                .isTrue();
        assertThat(health.get("latency_ms").asLong()).isBetween(0L, 15_000L); // measured, within the check's timeout
        // zooid does not serve an inactive relay at all: said as such, not as a failure
        api.as(user, "POST", "/relays/" + id + "/deactivate", null);
        waitFor(id, "inactive", "synced");
        Api.Response down = api.as(user, "GET", "/relays/" + id + "/members", null);
        assertThat(down.status()).isEqualTo(409);
        assertThat(down.error()).contains("inactive");
        JsonNode sick = api.as(user, "GET", "/relays/" + id + "/health", null).json();
        assertThat(sick.get("reachable").asBoolean()).isFalse();
        assertThat(sick.get("error").asText()).contains("inactive");
    }

    @Test
    void zooidDownAtCreationRetriesThenActivatesWhenBack() throws Exception {
        int port = TestEnv.freePort();
        startBackend(port); // nothing listens there yet
        String id = create("patient", "free");
        JsonNode failed = Wait.until(
                "visible failure",
                Duration.ofSeconds(20),
                () -> relay(id),
                r -> r.get("status").asText().equals("provisioning_failed"));
        assertThat(failed.at("/sync/last_error").asText())
                .isEqualTo(SyncErrors.UNAVAILABLE); // the tenant's words; admins see zooid's
        // not final: the view says Caravel tries again, which attempt comes next and of how many (the job's)
        assertThat(failed.at("/sync/retry/attempt").asInt())
                .as(failed.toString())
                .isGreaterThanOrEqualTo(1);
        assertThat(failed.at("/sync/retry/max_attempts").asInt()).isEqualTo(12);
        // the list says the same, read for the whole page at once
        JsonNode listed = api.as(user, "GET", "/tenants/" + user.pubkey() + "/relays", null)
                .json()
                .get("items")
                .get(0);
        assertThat(listed.at("/sync/retry").isObject()).as(listed.toString()).isTrue();
        zooid = new ZooidEmulator(dir.resolve("zooid"), zooidKey.pubkey(), port);
        waitFor(id, "active", "synced");
        assertThat(zooid.relay("patient")).isNotNull();
        assertThat(relay(id).at("/sync/last_error").isNull()).isTrue();
        assertThat(relay(id).at("/sync/retry").isNull()).isTrue();
    }

    @Test
    void zooidServerErrorsAreRetried() throws Exception {
        start(0);
        // the node's line probe runs at start: once it has answered, the two failures meet the provisioning calls
        Wait.until(
                "the node's line told",
                Duration.ofSeconds(20),
                () -> Inside.of(backend.app).nodes().lines().line(null) != ZooidLine.UNKNOWN);
        zooid.failNext(500, 2);
        String id = create("flaky", "free");
        waitFor(id, "active", "synced");
        long attempts = Inside.of(backend.app)
                .db()
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT max(attempts) FROM jobs")
                        .mapTo(Long.class)
                        .one());
        assertThat(attempts).isGreaterThanOrEqualTo(3);
    }

    @Test
    void lostConfigIsRecreated() throws Exception {
        start(0);
        String id = create("forgotten", "free");
        waitFor(id, "active", "synced");
        zooid.control("POST", "/_emulator/reset", "{}");
        assertThat(zooid.relays().has("forgotten")).isFalse();
        api.as(user, "PUT", "/relays/" + id, "{\"name\":\"Remembered\"}");
        JsonNode back =
                Wait.until("recreated", Duration.ofSeconds(20), () -> zooid.relays(), all -> all.has("forgotten"));
        assertThat(back.get("forgotten").at("/info/name").asText()).isEqualTo("Remembered");
    }

    @Test
    void conflictIsSurfacedNotRetriedForever() throws Exception {
        start(0);
        // someone else's config already holds the host our relay wants
        ZooidClient direct = new HttpZooidClient(zooid.url, zooidKey, Clock.systemUTC());
        var other = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                .objectNode()
                .put("host", "clash.relays.test")
                .put("schema", "someone_else")
                .put("secret", Keys.generate().secretHex());
        // zooid's archived line takes a config without info.pubkey and then crashes loading it: always send one
        other.putObject("info").put("pubkey", Keys.generate().pubkey());
        assertThat(direct.create("someone_else", other)).isInstanceOf(ZooidResult.Ok.class);
        String id = create("clash", "free");
        JsonNode r = Wait.until(
                "conflict surfaced",
                Duration.ofSeconds(20),
                () -> relay(id),
                x -> x.at("/sync/state").asText().equals("failed"));
        assertThat(r.get("status").asText()).isEqualTo("provisioning_failed");
        assertThat(r.at("/sync/last_error").asText()).isEqualTo(SyncErrors.REFUSED);
        backend.awaitJobsSettled(); // the job's outcome is recorded after the relay's: no retry is due or running
        String jobStatus = Inside.of(backend.app)
                .db()
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT status FROM jobs WHERE payload LIKE :p")
                        .bind("p", "%" + id + "%")
                        .mapTo(String.class)
                        .one());
        assertThat(jobStatus).isEqualTo("failed");
        // final: no retry follows, and the view says so (the web app reads "Could not be set up")
        assertThat(relay(id).at("/sync/retry").isNull())
                .as(relay(id).toString())
                .isTrue();
        assertThat(relay(id).at("/sync/state").asText()).isEqualTo("failed");
        // an admin can retry once the clash is resolved
        assertThat(direct.delete("someone_else")).isInstanceOf(ZooidResult.Ok.class);
        assertThat(api.as(user, "POST", "/relays/" + id + "/provision", null).status())
                .isEqualTo(403);
        assertThat(api.as(backend.admin, "POST", "/relays/" + id + "/provision", null)
                        .status())
                .isEqualTo(200);
        waitFor(id, "active", "synced");
    }

    @Test
    void clientMapsEveryStatus() throws Exception {
        start(0);
        ZooidClient good = new HttpZooidClient(zooid.url, zooidKey, Clock.systemUTC());
        ZooidClient stranger = new HttpZooidClient(zooid.url, Keys.generate(), Clock.systemUTC());
        var cfg = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                .objectNode()
                .put("host", "c.relays.test")
                .put("schema", "c_one")
                .put("secret", Keys.generate().secretHex());
        // zooid's archived line takes a config without info.pubkey and then crashes loading it: always send one
        cfg.putObject("info").put("pubkey", Keys.generate().pubkey());
        assertThat(stranger.create("c_one", cfg)).isInstanceOf(ZooidResult.Unauthorized.class);
        assertThat(good.create("c_one", cfg)).isInstanceOf(ZooidResult.Ok.class);
        assertThat(good.create("c_one", cfg)).isInstanceOf(ZooidResult.Conflict.class);
        assertThat(good.replace("missing", cfg)).isInstanceOf(ZooidResult.NotFound.class);
        assertThat(good.create(
                        "bad",
                        cfg.deepCopy()
                                .put("secret", "nothex")
                                .put("schema", "bad")
                                .put("host", "b.relays.test")))
                .isInstanceOf(ZooidResult.Invalid.class);
        assertThat(good.patch(
                        "c_one",
                        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                                .objectNode()
                                .put("inactive", true)))
                .isInstanceOf(ZooidResult.Ok.class);
        assertThat(zooid.relay("c_one").get("inactive").asBoolean()).isTrue();
        assertThat(good.delete("c_one")).isInstanceOf(ZooidResult.Ok.class);
        zooid.close();
        assertThat(good.delete("c_one")).isInstanceOf(ZooidResult.Unreachable.class);
        zooid = null;
    }
}
