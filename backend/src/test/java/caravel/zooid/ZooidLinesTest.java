package caravel.zooid;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.config.ZooidNode;
import caravel.config.ZooidNodes;
import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.FreeRelays;
import caravel.testing.TestBackend;
import caravel.testing.TestEnv;
import caravel.testing.Wait;
import caravel.testing.ZooidEmulator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * zooid's two lines told apart by what each node answers, and what follows: public reading and writing pass through
 * to a node of the newer line and stay refused, clearly, on the archived one; and Caravel's config writes keep what
 * the node holds beyond the keys Caravel sets, on both lines. Against the emulator in each mode (the archived-line
 * tests also against a real binary with ZOOID_BIN).
 */
@Tag("peer")
class ZooidLinesTest {
    @TempDir
    Path dir;

    final Keys zooidKey = Keys.generate(), user = Keys.generate();
    ZooidEmulator zooid;
    TestBackend backend;
    Api api;

    void start(String line) throws Exception {
        zooid = new ZooidEmulator(dir.resolve("zooid"), zooidKey.pubkey(), 0, line);
        backend = new TestBackend(dir, env -> zooid.pointAt(env, zooidKey));
        api = backend.api;
    }

    @AfterEach
    void stop() throws Exception {
        if (backend != null) backend.close();
        if (zooid != null) zooid.close();
    }

    /** One node at {@code apiUrl}, as production builds it. */
    NodeLines linesOf(String apiUrl) {
        ZooidNodes nodes = new ZooidNodes(List.of(new ZooidNode(
                ZooidNode.DEFAULT, apiUrl, zooidKey, Optional.empty(), "relays.test", OptionalLong.empty())));
        return NodeClients.http(nodes, Clock.systemUTC(), c -> c).lines();
    }

    String createActive(String sub) {
        return FreeRelays.create(api, user, "Relay " + sub, sub);
    }

    JsonNode relay(String id) {
        return api.as(user, "GET", "/relays/" + id, null).json();
    }

    Api.Response put(String id, String body) {
        return api.as(user, "PUT", "/relays/" + id, body);
    }

    /** zooid's config for the relay once it satisfies {@code done} (each change reaches zooid by the sync job). */
    JsonNode zooidConfig(String schema, Predicate<JsonNode> done) {
        return Wait.until(
                "zooid config of " + schema,
                Duration.ofSeconds(20),
                () -> zooid.relay(schema),
                c -> c != null && done.test(c));
    }

    @Test
    void theArchivedLineIsToldByItsOwnAnswer() throws Exception {
        zooid = new ZooidEmulator(dir.resolve("zooid"), zooidKey.pubkey(), 0, "archived");
        NodeLines lines = linesOf(zooid.url);
        assertThat(lines.line(null)).as("never asked yet").isEqualTo(ZooidLine.UNKNOWN);
        long untold = lines.changes();
        assertThat(lines.lineNow(null)).isEqualTo(ZooidLine.ARCHIVED);
        assertThat(lines.line(ZooidNode.DEFAULT)).isEqualTo(ZooidLine.ARCHIVED);
        assertThat(lines.line(null).publicPolicies()).isFalse();
        // a kept relay view is checked against the count of changes: told moves it, told the same again does not
        long told = lines.changes();
        assertThat(told).isGreaterThan(untold);
        lines.check(ZooidNode.DEFAULT);
        assertThat(lines.changes()).isEqualTo(told);
        // gone: unknown again, not the last line it had
        zooid.close();
        zooid = null;
        assertThat(lines.check(ZooidNode.DEFAULT)).isEqualTo(ZooidLine.UNKNOWN);
        assertThat(lines.line(null).publicPolicies()).isFalse();
        assertThat(lines.changes()).isGreaterThan(told);
    }

    @Test
    void theNewerLineIsToldByItsOwnAnswer() throws Exception {
        zooid = new ZooidEmulator(dir.resolve("zooid"), zooidKey.pubkey(), 0, "newer");
        NodeLines lines = linesOf(zooid.url);
        assertThat(lines.lineNow(null)).isEqualTo(ZooidLine.NEWER);
        assertThat(lines.line(null).publicPolicies()).isTrue();
        // nothing answers where no zooid runs: no claim either way
        assertThat(linesOf("http://127.0.0.1:" + TestEnv.freePort()).lineNow(null))
                .isEqualTo(ZooidLine.UNKNOWN);
    }

    @Test
    void publicReadingAndWritingPassThroughToTheNewerLine() throws Exception {
        start("newer");
        String id = createActive("open-door");
        Api.Response on = put(id, "{\"settings\":{\"policy_public_read\":true,\"policy_public_write\":true}}");
        assertThat(on.status()).as(on.body()).isEqualTo(200);
        assertThat(on.json().at("/settings/policy_public_read").asBoolean()).isTrue();
        assertThat(on.json().at("/settings/policy_public_write").asBoolean()).isTrue();
        assertThat(on.json().at("/settings_locked").has("policy_public_read")).isFalse();
        zooidConfig(
                "open_door",
                c -> c.at("/policy/public_read").asBoolean(false)
                        && c.at("/policy/public_write").asBoolean(false));
        // and off again
        Api.Response off = put(id, "{\"settings\":{\"policy_public_read\":false}}");
        assertThat(off.status()).as(off.body()).isEqualTo(200);
        JsonNode c = zooidConfig("open_door", z -> !z.at("/policy/public_read").asBoolean(true));
        assertThat(c.at("/policy/public_write").asBoolean()).isTrue();
    }

    @Test
    void theArchivedLineKeepsTheClearRefusal() throws Exception {
        start("archived");
        String id = createActive("shut-door");
        Api.Response refused = put(id, "{\"settings\":{\"policy_public_read\":true}}");
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().get("code").asText()).isEqualTo("setting_not_supported");
        assertThat(refused.json().get("field").asText()).isEqualTo("policy_public_read");
        assertThat(refused.error()).contains("only members read and write");
        assertThat(relay(id).at("/settings_locked/policy_public_write/code").asText())
                .isEqualTo("setting_not_supported");
        assertThat(zooid.relay("shut_door").path("policy").has("public_read")).isFalse();
    }

    @Test
    void aWriteKeepsWhatTheNewerNodeHoldsAndCaravelDoesNotSet() throws Exception {
        start("newer");
        String id = createActive("keeps-methods");
        // someone else (the owner, with zooid's own tools) opens a method to members: a key Caravel does not know
        ObjectNode extra = Api.JSON.createObjectNode();
        extra.putObject("management").putArray("member_methods").add("allowpubkey");
        ZooidClient client = new HttpZooidClient(zooid.url, zooidKey, Clock.systemUTC());
        assertThat(client.patch("keeps_methods", extra)).isInstanceOf(ZooidResult.Ok.class);
        // Caravel writes the relay's config again
        assertThat(put(id, "{\"description\":\"Written again\"}").status()).isEqualTo(200);
        JsonNode c = zooidConfig(
                "keeps_methods", z -> z.at("/info/description").asText().equals("Written again"));
        assertThat(c.at("/management/member_methods").toString()).isEqualTo("[\"allowpubkey\"]");
        assertThat(c.at("/management/enabled").asBoolean()).isTrue();
    }

    @Test
    void aWriteKeepsWhatTheArchivedNodeHoldsAndRemovesOnlyWhatCaravelOwns() throws Exception {
        start("archived");
        String id = createActive("keeps-roles");
        Keys moderator = Keys.generate();
        ObjectNode extra = Api.JSON.createObjectNode();
        ObjectNode mods = extra.putObject("roles").putObject("moderators");
        mods.putArray("pubkeys").add(moderator.pubkey());
        mods.put("can_manage", true);
        ZooidClient client = new HttpZooidClient(zooid.url, zooidKey, Clock.systemUTC());
        assertThat(client.patch("keeps_roles", extra)).isInstanceOf(ZooidResult.Ok.class);
        // invites by members on: Caravel's role named "member" comes; off: it goes, and the other role stays
        assertThat(put(id, "{\"settings\":{\"members_can_invite\":true}}").status())
                .isEqualTo(200);
        zooidConfig("keeps_roles", z -> z.at("/roles/member/can_invite").asBoolean(false));
        assertThat(put(id, "{\"settings\":{\"members_can_invite\":false}}").status())
                .isEqualTo(200);
        JsonNode c = zooidConfig("keeps_roles", z -> !z.path("roles").has("member"));
        assertThat(c.at("/roles/moderators/pubkeys/0").asText()).isEqualTo(moderator.pubkey());
        assertThat(c.at("/roles/moderators/can_manage").asBoolean()).isTrue();
        assertThat(c.at("/roles/admin/pubkeys/0").asText()).isEqualTo(user.pubkey());
    }

    @Test
    void thePatchDeletesOnlyTheKeysCaravelOwnsAndLeavesOut() {
        ObjectNode desired = Api.JSON.createObjectNode();
        desired.put("host", "h");
        desired.putObject("blossom").put("enabled", false);
        desired.putObject("roles").putObject("admin").put("can_manage", true);
        ObjectNode patch = ZooidConfig.patchOf(desired);
        assertThat(patch.get("livekit").isNull()).isTrue();
        assertThat(patch.at("/blossom/adapter").isNull()).isTrue();
        assertThat(patch.at("/blossom/s3").isNull()).isTrue();
        assertThat(patch.at("/roles/member").isNull()).isTrue();
        assertThat(patch.at("/roles/admin/can_manage").asBoolean()).isTrue();
        assertThat(patch.has("management"))
                .as("what Caravel does not own is not named")
                .isFalse();
        assertThat(desired.has("livekit"))
                .as("the desired config is not changed")
                .isFalse();
        // what Caravel sends is never deleted
        desired.putObject("livekit").put("server_url", "wss://lk");
        assertThat(ZooidConfig.patchOf(desired).at("/livekit/server_url").asText())
                .isEqualTo("wss://lk");
    }
}
