package caravel.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.BackendProcess;
import caravel.testing.BothDatabases;
import caravel.testing.TestEnv;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An API token revoked through one backend process is refused by another sharing the database on its very next
 * request, though that other process had just accepted it several times; another token of the same person keeps
 * working on both.
 */
@Tag("slow") // two backend processes: left out of the fast run
@BothDatabases
class TokenRevokedAcrossBackendsTest {
    @TempDir
    Path dir;

    @Test
    void aTokenRevokedOnOneBackendIsRefusedByTheOtherAtOnce() throws Exception {
        Map<String, String> base = TestEnv.env(dir, 0, Keys.generate().pubkey());
        int portA = TestEnv.freePort(), portB = TestEnv.freePort();
        Map<String, String> envA = new HashMap<>(base), envB = new HashMap<>(base);
        envA.put("PORT", Integer.toString(portA));
        envA.put("PUBLIC_URL", "http://127.0.0.1:" + portA);
        envB.put("PORT", Integer.toString(portB));
        envB.put("PUBLIC_URL", "http://127.0.0.1:" + portB);
        Keys owner = Keys.generate();
        try (BackendProcess a = new BackendProcess(envA, dir.resolve("a.log"), List.of());
                BackendProcess b = new BackendProcess(envB, dir.resolve("b.log"), List.of())) {
            assertThat(a.alive() && b.alive()).as("both backends started").isTrue();
            Api apiA = new Api("http://127.0.0.1:" + portA), apiB = new Api("http://127.0.0.1:" + portB);
            Api.Response relay =
                    apiA.as(owner, "POST", "/relays", "{\"name\":\"R\",\"subdomain\":\"tok-two\",\"plan\":\"free\"}");
            assertThat(relay.status()).as(relay.body()).isEqualTo(201);
            String path = "/relays/" + relay.json().at("/relay/id").asText();
            for (int round = 0; round < 3; round++) {
                Api.Response revoked = token(apiA, owner), kept = token(apiB, owner);
                String secret = revoked.json().path("token").asText();
                String other = kept.json().path("token").asText();
                for (int i = 0; i < 3; i++) {
                    assertThat(apiB.bearer(secret, "GET", path, null).status()).isEqualTo(200);
                    assertThat(apiA.bearer(other, "GET", path, null).status()).isEqualTo(200);
                }
                assertThat(apiA.as(
                                        owner,
                                        "DELETE",
                                        "/tokens/" + revoked.json().path("id").asText(),
                                        null)
                                .status())
                        .isEqualTo(204);
                Api.Response after = apiB.bearer(secret, "GET", path, null);
                assertThat(after.status())
                        .as("round %d: the revoked token on the other backend", round)
                        .isEqualTo(401);
                assertThat(apiA.bearer(secret, "GET", path, null).status()).isEqualTo(401);
                assertThat(apiB.bearer(other, "GET", path, null).status())
                        .as("another token of the same person")
                        .isEqualTo(200);
            }
        }
    }

    private static Api.Response token(Api api, Keys owner) {
        Api.Response r = api.as(owner, "POST", "/tokens", "{\"name\":\"cron\",\"scopes\":[\"read\"]}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r;
    }
}
