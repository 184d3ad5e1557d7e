package caravel.relays;

import static caravel.testing.ZooidConfigs.livekitOn;
import static org.assertj.core.api.Assertions.assertThat;

import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.BothDatabases;
import caravel.testing.MemoryWallet;
import caravel.testing.MutableClock;
import caravel.testing.TestBackend;
import caravel.testing.Wait;
import caravel.testing.ZooidEmulator;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Relay settings through the native API, end to end against the zooid emulator: what the API reports, every refusal
 * with its status, code and field, what zooid receives, a plan without media switching it off, and callers trying to
 * cheat (another tenant's relay, unknown names, values that are not booleans, a refused setting riding along with an
 * edit).
 */
@Tag("peer")
@BothDatabases
class RelaySettingsApiTest {
    @TempDir
    Path dir;

    final Keys zooidKey = Keys.generate(), user = Keys.generate(), stranger = Keys.generate();
    final MutableClock clock = new MutableClock();
    final MemoryWallet wallet = new MemoryWallet(clock);
    ZooidEmulator zooid;
    TestBackend backend;
    Api api;

    void start(boolean livekit) throws Exception {
        zooid = new ZooidEmulator(dir.resolve("zooid"), zooidKey.pubkey(), 0);
        backend = new TestBackend(
                dir,
                env -> {
                    zooid.pointAt(env, zooidKey);
                    if (livekit) {
                        env.put("LIVEKIT_URL", "wss://livekit.example");
                        env.put("LIVEKIT_API_KEY", "lk-key");
                        env.put("LIVEKIT_API_SECRET", "lk-secret");
                    }
                },
                new caravel.Wallets(Optional.of(wallet), url -> wallet),
                clock);
        api = backend.api;
    }

    @AfterEach
    void stop() throws Exception {
        if (backend != null) backend.close();
        if (zooid != null) zooid.close();
    }

    JsonNode create(Keys who, String sub, String plan, String settings) {
        Api.Response r = api.as(
                who,
                "POST",
                "/relays",
                "{\"name\":\"Relay " + sub + "\",\"subdomain\":\"" + sub + "\",\"plan\":\"" + plan + "\""
                        + (settings == null ? "" : ",\"settings\":" + settings) + "}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("relay");
    }

    Api.Response put(Keys who, String id, String body) {
        return api.as(who, "PUT", "/relays/" + id, body);
    }

    JsonNode relay(String id) {
        return api.as(user, "GET", "/relays/" + id, null).json();
    }

    /** zooid's config for the relay once it satisfies {@code done} (each change reaches zooid by the sync job). */
    JsonNode zooidConfig(String schema, Predicate<JsonNode> done) {
        return Wait.until(
                "zooid config of " + schema,
                Duration.ofSeconds(20),
                () -> zooid.relay(schema),
                c -> c != null && done.test(c));
    }

    static void assertRefused(Api.Response r, int status, String code, String field) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json().get("code").asText()).as(r.body()).isEqualTo(code);
        assertThat(r.json().get("field").asText()).as(r.body()).isEqualTo(field);
        assertThat(r.error()).as("a sentence a person can read").hasSizeGreaterThan(20);
    }

    @Test
    void settingsReachZooidAndEveryRefusalNamesItsField() throws Exception {
        start(true);
        JsonNode created = create(user, "set-free", "free", null);
        String id = created.get("id").asText();
        // a relay nobody configured behaves exactly as before settings existed
        JsonNode s = created.get("settings");
        assertThat(s.size()).isEqualTo(10);
        assertThat(s.get("policy_public_join").asBoolean()).isFalse();
        assertThat(s.get("groups_enabled").asBoolean()).isTrue();
        assertThat(s.get("management_enabled").asBoolean()).isTrue();
        assertThat(s.get("members_can_invite").asBoolean()).isFalse();
        assertThat(s.get("blossom_enabled").asBoolean()).isFalse();
        assertThat(s.get("livekit_enabled").asBoolean()).isFalse();
        assertThat(s.get("push_enabled").asBoolean()).isFalse();
        JsonNode locked = created.get("settings_locked");
        assertThat(locked.at("/blossom_enabled/code").asText()).isEqualTo("not_in_plan");
        assertThat(locked.at("/blossom_enabled/message").asText()).contains("Free plan");
        assertThat(locked.at("/policy_public_read/code").asText()).isEqualTo("setting_not_supported");
        assertThat(locked.at("/management_enabled/code").asText()).isEqualTo("setting_required");
        assertThat(locked.has("push_enabled")).isFalse();
        JsonNode before = zooidConfig("set_free", c -> true);
        assertThat(before.at("/policy/public_join").asBoolean(true)).isFalse();
        assertThat(before.at("/policy/strip_signatures").asBoolean(true)).isFalse();
        assertThat(before.at("/groups/enabled").asBoolean()).isTrue();
        assertThat(before.at("/management/enabled").asBoolean()).isTrue();
        assertThat(before.at("/push/enabled").asBoolean(true)).isFalse();
        assertThat(before.at("/blossom/enabled").asBoolean(true)).isFalse();
        assertThat(livekitOn(before)).isFalse();
        assertThat(before.at("/roles").has("member")).isFalse();

        Api.Response ok = put(
                user,
                id,
                "{\"settings\":{\"policy_public_join\":true,\"policy_strip_signatures\":true,\"groups_enabled\":false,"
                        + "\"members_can_invite\":true,\"push_enabled\":true,\"blossom_enabled\":false}}");
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.json().at("/settings/policy_public_join").asBoolean()).isTrue();
        assertThat(ok.json().at("/settings/groups_enabled").asBoolean()).isFalse();
        JsonNode after = zooidConfig("set_free", c -> c.at("/push/enabled").asBoolean());
        assertThat(after.at("/policy/public_join").asBoolean()).isTrue();
        assertThat(after.at("/policy/strip_signatures").asBoolean()).isTrue();
        assertThat(after.at("/groups/enabled").asBoolean(true)).isFalse();
        assertThat(after.at("/management/enabled").asBoolean()).isTrue();
        assertThat(after.at("/roles/member/can_invite").asBoolean()).isTrue();
        assertThat(after.at("/roles/member/can_manage").asBoolean(true)).isFalse();
        assertThat(after.at("/roles/admin/pubkeys/0").asText()).isEqualTo(user.pubkey());
        JsonNode activity =
                api.as(user, "GET", "/relays/" + id + "/activity", null).json();
        assertThat(activity.toString()).contains("settings_changed").contains("invites by members on");

        // every refusal: status, code, field, and nothing changes
        assertRefused(
                put(user, id, "{\"settings\":{\"blossom_enabled\":true}}"), 403, "not_in_plan", "blossom_enabled");
        assertRefused(
                put(user, id, "{\"settings\":{\"livekit_enabled\":true}}"), 403, "not_in_plan", "livekit_enabled");
        assertRefused(
                put(user, id, "{\"settings\":{\"policy_public_read\":true}}"),
                400,
                "setting_not_supported",
                "policy_public_read");
        assertRefused(
                put(user, id, "{\"settings\":{\"policy_public_write\":true}}"),
                400,
                "setting_not_supported",
                "policy_public_write");
        assertRefused(
                put(user, id, "{\"settings\":{\"management_enabled\":false}}"),
                400,
                "setting_required",
                "management_enabled");
        // switching a refused one off (what it is) is fine, as Flotilla sends on create
        assertThat(put(user, id, "{\"settings\":{\"policy_public_read\":false,\"management_enabled\":true}}")
                        .status())
                .isEqualTo(200);

        // a refused setting riding along with an edit: the whole request is refused, the name is kept
        assertRefused(
                put(user, id, "{\"name\":\"Renamed\",\"settings\":{\"push_enabled\":false,\"blossom_enabled\":true}}"),
                403,
                "not_in_plan",
                "blossom_enabled");
        assertThat(relay(id).get("name").asText()).isEqualTo("Relay set-free");
        assertThat(relay(id).at("/settings/push_enabled").asBoolean()).isTrue();

        // input a stranger could send
        Api.Response unknown = put(user, id, "{\"settings\":{\"public_chat\":true}}");
        assertRefused(unknown, 400, "unknown_setting", "public_chat");
        assertThat(unknown.error()).contains("public_chat");
        assertRefused(put(user, id, "{\"settings\":{\"push_enabled\":1}}"), 400, "invalid_input", "push_enabled");
        assertRefused(
                put(user, id, "{\"settings\":{\"push_enabled\":\"false\"}}"), 400, "invalid_input", "push_enabled");
        assertRefused(put(user, id, "{\"settings\":{\"push_enabled\":null}}"), 400, "invalid_input", "push_enabled");
        assertRefused(put(user, id, "{\"settings\":[\"push_enabled\"]}"), 400, "invalid_input", "settings");
        assertThat(put(user, id, "{\"settings\":{\"push_enabled\":false,\"push_enabled\":true}}")
                        .status())
                .isEqualTo(400);
        assertThat(relay(id).at("/settings/push_enabled").asBoolean()).isTrue();

        // another tenant's relay: not found, and nothing changes
        Api.Response other = put(stranger, id, "{\"settings\":{\"push_enabled\":false}}");
        assertThat(other.status()).as(other.body()).isEqualTo(404);
        assertThat(api.as(null, "PUT", "/relays/" + id, "{\"settings\":{\"push_enabled\":false}}")
                        .status())
                .isEqualTo(401);
        assertThat(relay(id).at("/settings/push_enabled").asBoolean()).isTrue();
    }

    @Test
    void aPlanWithoutMediaSwitchesMediaAndCallsOffAndTheChoiceComesBack() throws Exception {
        start(true);
        JsonNode created = create(user, "set-paid", "basic", "{\"push_enabled\":true}");
        String id = created.get("id").asText();
        assertThat(created.get("status").asText()).isEqualTo("awaiting_payment");
        assertThat(created.at("/settings/blossom_enabled").asBoolean()).isTrue();
        assertThat(created.at("/settings/livekit_enabled").asBoolean()).isTrue();
        assertThat(created.at("/settings/push_enabled").asBoolean()).isTrue();
        assertThat(created.get("settings_locked").has("blossom_enabled")).isFalse();
        JsonNode paid = zooidConfig("set_paid", c -> livekitOn(c));
        assertThat(paid.at("/blossom/enabled").asBoolean()).isTrue();
        assertThat(paid.at("/livekit/server_url").asText()).isEqualTo("wss://livekit.example");
        assertThat(paid.at("/push/enabled").asBoolean()).isTrue();

        // never paid: the relay moves to free at once, and its media and calls go with the plan
        Api.Response toFree = put(user, id, "{\"plan\":\"free\"}");
        assertThat(toFree.status()).as(toFree.body()).isEqualTo(200);
        assertThat(toFree.json().get("plan").asText()).isEqualTo("free");
        assertThat(toFree.json().at("/settings/blossom_enabled").asBoolean()).isFalse();
        assertThat(toFree.json().at("/settings/livekit_enabled").asBoolean()).isFalse();
        assertThat(toFree.json().at("/settings_locked/blossom_enabled/code").asText())
                .isEqualTo("not_in_plan");
        JsonNode free = zooidConfig("set_paid", c -> !livekitOn(c));
        assertThat(free.at("/blossom/enabled").asBoolean(true)).isFalse();
        assertThat(free.at("/push/enabled").asBoolean()).isTrue();

        // back on a plan with media once the upgrade is paid: the owner never switched media off, so it is on again
        Api.Response back = put(user, id, "{\"plan\":\"basic\"}");
        assertThat(back.status()).as(back.body()).isEqualTo(200);
        assertThat(back.json().at("/settings/blossom_enabled").asBoolean())
                .as("not before the upgrade is paid")
                .isFalse();
        caravel.testing.Pay.invoice(
                backend.app, wallet, back.json().get("upgrade_invoice").asText());
        Wait.until(
                "upgrade applied",
                Duration.ofSeconds(20),
                () -> relay(id).at("/settings/blossom_enabled").asBoolean());
        zooidConfig("set_paid", c -> c.at("/blossom/enabled").asBoolean() && livekitOn(c));

        // switched off by its owner: stays off on every plan
        assertThat(put(user, id, "{\"settings\":{\"livekit_enabled\":false}}").status())
                .isEqualTo(200);
        JsonNode off = zooidConfig("set_paid", c -> !livekitOn(c));
        assertThat(off.at("/blossom/enabled").asBoolean()).isTrue();
    }

    @Test
    void creationIsCheckedByTheSameRulesAndCallsNeedLivekitOnThePlatform() throws Exception {
        start(false);
        Api.Response refused = api.as(
                user,
                "POST",
                "/relays",
                "{\"name\":\"Open\",\"subdomain\":\"set-open\",\"plan\":\"free\",\"settings\":{\"policy_public_write\":true}}");
        assertRefused(refused, 400, "setting_not_supported", "policy_public_write");
        assertRefused(
                api.as(
                        user,
                        "POST",
                        "/relays",
                        "{\"name\":\"Open\",\"subdomain\":\"set-open\",\"plan\":\"free\",\"settings\":{\"nope\":true}}"),
                400,
                "unknown_setting",
                "nope");
        assertThat(api.as(user, "GET", "/subdomains/set-open", null)
                        .json()
                        .get("available")
                        .asBoolean())
                .as("nothing was created")
                .isTrue();

        // Flotilla's create for a paid plan: every flag, calls on, on a platform without LiveKit
        JsonNode r = create(
                user,
                "set-calls",
                "basic",
                "{\"policy_public_read\":false,\"policy_public_write\":false,\"policy_public_join\":false,"
                        + "\"policy_strip_signatures\":false,\"groups_enabled\":true,\"management_enabled\":true,"
                        + "\"members_can_invite\":true,\"blossom_enabled\":true,\"livekit_enabled\":true,\"push_enabled\":true}");
        assertThat(r.at("/settings/livekit_enabled").asBoolean()).isFalse();
        assertThat(r.at("/settings_locked/livekit_enabled/code").asText()).isEqualTo("not_offered");
        assertThat(r.at("/settings/members_can_invite").asBoolean()).isTrue();
        String id = r.get("id").asText();
        assertRefused(
                put(user, id, "{\"settings\":{\"livekit_enabled\":true}}"), 400, "not_offered", "livekit_enabled");
        JsonNode cfg = zooidConfig("set_calls", c -> true);
        assertThat(livekitOn(cfg)).isFalse();
        assertThat(cfg.at("/blossom/enabled").asBoolean()).isTrue();
        assertThat(cfg.at("/roles/member/can_invite").asBoolean()).isTrue();
    }
}
