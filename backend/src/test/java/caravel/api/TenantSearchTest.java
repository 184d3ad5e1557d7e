package caravel.api;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.BothDatabases;
import caravel.testing.TestBackend;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@BothDatabases
class TenantSearchTest {
    @TempDir
    Path dir;

    @Test
    void adminFindsTenantsByHexPrefixAndByNpubOrItsStart() {
        try (TestBackend b = new TestBackend(dir)) {
            Keys t1 = Keys.generate(), t2 = Keys.generate();
            b.api.as(t1, "POST", "/tenants", null);
            b.api.as(t2, "POST", "/tenants", null);
            for (String q : new String[] {
                t1.pubkey().substring(0, 10), t1.pubkey(), t1.npub(), t1.npub().substring(0, 20)
            }) {
                Api.Response r = b.api.as(b.admin, "GET", "/tenants?q=" + q, null);
                assertThat(r.status()).as(q).isEqualTo(200);
                assertThat(r.json().get("items").findValuesAsText("pubkey"))
                        .as(q)
                        .contains(t1.pubkey())
                        .doesNotContain(t2.pubkey());
            }
            // a prefix, not a substring
            assertThat(b.api.as(b.admin, "GET", "/tenants?q=" + t1.pubkey().substring(5, 20), null)
                            .json()
                            .get("total")
                            .asInt())
                    .isZero();
            assertThat(b.api.as(b.admin, "GET", "/tenants?q=zz", null).status()).isEqualTo(400);
        }
    }
}
