package caravel.api;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.TestBackend;
import caravel.testing.Wait;
import caravel.zooid.SyncErrors;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * zooid unreachable at an internal address: the tenant's relay view and activity say what happens next in plain words,
 * with no host, port or zooid error text; an administrator sees the stored detail.
 */
class TenantErrorLeakTest {
    @TempDir
    Path dir;

    @Test
    void tenantsSeeNoInternalErrorTextAdminsDo() {
        try (TestBackend b =
                new TestBackend(dir, env -> env.put("ZOOID_API_URL", "http://127.0.0.1:9/internal-zooid"))) {
            Keys user = Keys.generate();
            Api.Response created = b.api.as(
                    user, "POST", "/relays", "{\"name\":\"Leak\",\"subdomain\":\"leak-test\",\"plan\":\"free\"}");
            String id = created.json().at("/relay/id").asText();
            String adminError = Wait.until(
                    "a failed sync",
                    Duration.ofSeconds(20),
                    () -> b.api.as(b.admin, "GET", "/relays/" + id, null)
                            .json()
                            .at("/sync/last_error")
                            .asText(null),
                    e -> e != null);
            assertThat(adminError).contains("zooid is unreachable");
            String tenantError = b.api.as(user, "GET", "/relays/" + id, null)
                    .json()
                    .at("/sync/last_error")
                    .asText();
            assertThat(tenantError).isEqualTo(SyncErrors.UNAVAILABLE);
            String list = b.api.as(user, "GET", "/tenants/" + user.pubkey() + "/relays", null)
                    .body();
            String activity =
                    b.api.as(user, "GET", "/relays/" + id + "/activity", null).body();
            for (String seen : new String[] {tenantError, list, activity}) {
                assertThat(seen)
                        .doesNotContain("127.0.0.1")
                        .doesNotContain(":9")
                        .doesNotContain("zooid")
                        .doesNotContain("Exception");
            }
            assertThat(activity).contains(SyncErrors.UNAVAILABLE);
        }
    }
}
