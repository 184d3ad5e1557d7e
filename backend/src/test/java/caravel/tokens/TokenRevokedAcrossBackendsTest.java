package caravel.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.BothDatabases;
import caravel.testing.TwoBackends;
import java.nio.file.Path;
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
        Keys owner = Keys.generate();
        try (TwoBackends two = new TwoBackends(dir)) {
            Api apiA = two.a, apiB = two.b;
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
