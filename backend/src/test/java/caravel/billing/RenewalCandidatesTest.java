package caravel.billing;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.store.Database;
import caravel.store.TenantStore;
import caravel.testing.BothDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which tenants a renewal run reads: exactly those whose cycle turned since their last renewal. */
@BothDatabases
class RenewalCandidatesTest {
    @TempDir
    Path dir;

    static final long DAY = 86_400, NOW = 1_780_000_000L;

    @Test
    void onlyTenantsWhoseCycleTurned() {
        try (Database db = caravel.testing.TestDatabases.open(dir.resolve("c.db"))) {
            var jdbi = db.jdbi();
            long a40 = NOW - 40 * DAY, a10 = NOW - 10 * DAY, a100 = NOW - 100 * DAY;
            insert(jdbi, "a", a40, null); // first cycle over, never renewed: due
            insert(jdbi, "b", a10, null); // still in its first cycle
            insert(jdbi, "c", a40, Cycles.at(a40, NOW).start()); // renewed this cycle
            insert(
                    jdbi,
                    "d",
                    a100,
                    Cycles.boundary(a100, Cycles.at(a100, NOW).index() - 1)); // renewed the cycle before: due
            insert(jdbi, "e", null, null); // never billed
            long feb = java.time.ZonedDateTime.parse("2027-01-31T00:00:00Z").toEpochSecond();
            long march1 = java.time.ZonedDateTime.parse("2027-03-01T12:00:00Z").toEpochSecond();
            insert(jdbi, "f", feb, Cycles.boundary(feb, 0)); // a 28-day February cycle
            java.util.List<String> now = jdbi.withHandle(h -> RenewalCandidates.due(new TenantStore(jdbi), h, NOW));
            assertThat(now).containsExactlyInAnyOrder(key("a"), key("d"));
            // on March 1 the January-31 tenant's February cycle (Feb 28 → Mar 31) has turned
            java.util.List<String> march =
                    jdbi.withHandle(h -> RenewalCandidates.due(new TenantStore(jdbi), h, march1));
            assertThat(march).contains(key("f"));
        }
    }

    static String key(String c) {
        return c.repeat(64);
    }

    /** A tenant as billing leaves it: signed up, anchored by its first charge (if any), renewed up to a cycle. */
    static void insert(org.jdbi.v3.core.Jdbi jdbi, String c, Long anchor, Long renewed) {
        TenantStore tenants = new TenantStore(jdbi);
        jdbi.useTransaction(h -> {
            tenants.ensure(h, key(c), 0);
            if (anchor != null) tenants.setBillingAnchorIfAbsent(h, key(c), anchor, 0);
            if (renewed != null)
                assertThat(tenants.claimRenewal(h, key(c), renewed)).isTrue();
        });
    }
}
