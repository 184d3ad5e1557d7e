package caravel.flotilla;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.FlotillaClient;
import caravel.testing.TestBackend;
import caravel.testing.Wait;
import caravel.testing.ZooidEmulator;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flotilla's "public reading" and "public writing" toggles on each zooid line: through to zooid on a node of the
 * newer line, which has the policies; refused with a sentence Flotilla shows on the archived line, which has not.
 */
@Tag("peer")
class FlotillaZooidLinesTest {
    static final String FLOTILLA = "https://app.flotilla.social";

    @TempDir
    Path dir;

    final Keys zooidKey = Keys.generate(), alice = Keys.generate();
    ZooidEmulator zooid;
    TestBackend backend;
    FlotillaClient f;

    void start(String line) throws Exception {
        zooid = new ZooidEmulator(dir.resolve("zooid"), zooidKey.pubkey(), 0, line);
        backend = new TestBackend(dir, env -> {
            zooid.pointAt(env, zooidKey);
            FlotillaClient.listener(FLOTILLA).accept(env);
        });
        f = FlotillaClient.of(backend);
    }

    @AfterEach
    void stop() throws Exception {
        if (backend != null) backend.close();
        if (zooid != null) zooid.close();
    }

    JsonNode ok(Api.Response r) {
        assertThat(r.status()).as(r.body()).isBetween(200, 201);
        return r.json().path("data");
    }

    /** A free space as Flotilla's create screen makes it, once zooid serves it. */
    String space(String sub) {
        ok(f.as(alice, "POST", "/tenants", "{\"return_url\":\"" + FLOTILLA + "/settings/hosting\"}"));
        String id = ok(f.as(
                        alice,
                        "POST",
                        "/relays",
                        "{\"tenant_pubkey\":\"" + alice.pubkey() + "\",\"subdomain\":\"" + sub
                                + "\",\"zooid_domain\":\"relays.test\",\"plan_id\":\"free\",\"info_name\":\"" + sub
                                + "\",\"policy_public_read\":0,\"policy_public_write\":0}"))
                .path("id")
                .asText();
        Wait.until(
                "space " + id + " served",
                Duration.ofSeconds(20),
                () -> ok(f.as(alice, "GET", "/relays/" + id, null)),
                r -> r.path("status").asText().equals("active")
                        && r.path("synced").asInt() == 1);
        return id;
    }

    @Test
    void theTogglesPassThroughOnTheNewerLine() throws Exception {
        start("newer");
        String id = space("townsquare");
        assertThat(ok(f.as(alice, "PUT", "/relays/" + id, "{\"policy_public_read\":1}"))
                        .path("policy_public_read")
                        .asInt())
                .isEqualTo(1);
        assertThat(ok(f.as(alice, "PUT", "/relays/" + id, "{\"policy_public_write\":1}"))
                        .path("policy_public_write")
                        .asInt())
                .isEqualTo(1);
        Wait.until(
                "zooid holds both policies",
                Duration.ofSeconds(20),
                () -> zooid.relay("townsquare"),
                c -> c.at("/policy/public_read").asBoolean(false)
                        && c.at("/policy/public_write").asBoolean(false));
        assertThat(ok(f.as(alice, "GET", "/relays/" + id, null))
                        .path("policy_public_read")
                        .asInt())
                .isEqualTo(1);
    }

    @Test
    void theArchivedLineRefusesThemClearly() throws Exception {
        start("archived");
        String id = space("backroom");
        for (String flag : new String[] {"policy_public_read", "policy_public_write"}) {
            Api.Response r = f.as(alice, "PUT", "/relays/" + id, "{\"" + flag + "\":1}");
            assertThat(r.status()).as(r.body()).isEqualTo(400);
            assertThat(r.json().path("field").asText()).isEqualTo(flag);
            assertThat(r.json().path("error").asText())
                    .contains("only members read and write")
                    .endsWith(".");
        }
        assertThat(ok(f.as(alice, "GET", "/relays/" + id, null))
                        .path("policy_public_read")
                        .asInt())
                .isZero();
        assertThat(zooid.relay("backroom").path("policy").has("public_read")).isFalse();
    }
}
