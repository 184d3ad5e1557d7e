package caravel.store;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.domain.RelayStatus;
import caravel.testing.BothDatabases;
import caravel.testing.ListRows;
import caravel.testing.TestDatabases;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin lists' maintained totals (list_totals, V68) equal a count of the rows after every kind of write the
 * platform makes — inserts, status changes (to another status and to the same one), other updates, deletes — on SQLite
 * or on PostgreSQL as the suite runs; and the lists report them as their totals.
 */
@BothDatabases
class ListTotalsTest {
    @TempDir
    Path dir;

    @Test
    void totalsFollowInsertsStatusChangesAndDeletes() {
        try (Database db = TestDatabases.open(dir.resolve("totals.db"))) {
            RelayStore relays = new RelayStore(db.jdbi(), db.dataSource());
            TenantStore tenants = new TenantStore(db.jdbi());
            ListRows rows = ListRows.insert(db.jdbi(), 30, 200, 9);
            assertCounted(db, relays, tenants);

            db.jdbi().useTransaction(h -> {
                h.execute("UPDATE relays SET status = 'suspended' WHERE status = 'active' AND plan = 'free'");
                h.execute("UPDATE relays SET status = status, name = name || ' x' WHERE plan = 'basic'"); // no change
                h.execute("UPDATE relays SET name = 'renamed' WHERE plan = 'growth'");
                h.execute("DELETE FROM relays WHERE status = 'pending' AND plan = 'basic'");
            });
            assertCounted(db, relays, tenants);

            String gone = rows.tenants.get(7).pubkey();
            db.jdbi().useTransaction(h -> {
                h.createUpdate("DELETE FROM relays WHERE tenant = :t")
                        .bind("t", gone)
                        .execute();
                h.createUpdate("DELETE FROM tenants WHERE pubkey = :t")
                        .bind("t", gone)
                        .execute();
                h.execute("UPDATE tenants SET status = 'active' WHERE status = 'suspended'");
            });
            db.jdbi().useTransaction(h -> {
                for (int i = 0; i < 3; i++)
                    tenants.setStatus(h, rows.tenants.get(i).pubkey(), "suspended", 1);
            });
            assertCounted(db, relays, tenants);

            // a rolled-back write leaves the totals as they were
            try {
                db.jdbi().useTransaction(h -> {
                    h.execute("UPDATE relays SET status = 'inactive'");
                    throw new IllegalStateException("rolled back");
                });
            } catch (IllegalStateException expected) {
                // the totals must not move
            }
            assertCounted(db, relays, tenants);
        }
    }

    /** Every status's list (and the whole list) of relays and of tenants reports a count of its rows. */
    private static void assertCounted(Database db, RelayStore relays, TenantStore tenants) {
        List<String> relayStatuses = new ArrayList<>();
        relayStatuses.add(null);
        Arrays.stream(RelayStatus.values()).forEach(s -> relayStatuses.add(s.wire()));
        for (String status : relayStatuses) {
            long rows = count(db, "relays", status);
            Page<Relay> page = relays.list(
                    null, null, status == null ? null : RelayStatus.of(status), null, new Page.Request(1, 5));
            assertThat(page.total()).as("relays " + status).isEqualTo(rows);
            assertThat(page.totalExact()).isTrue();
        }
        for (String status : Arrays.asList(null, "active", "suspended")) {
            long rows = count(db, "tenants", status);
            assertThat(tenants.list(null, status, new Page.Request(1, 5)).total())
                    .as("tenants " + status)
                    .isEqualTo(rows);
        }
        assertThat(count(db, "relays", null)).as("the test wrote relays").isPositive();
    }

    private static long count(Database db, String table, String status) {
        return db.jdbi()
                .withHandle(h -> status == null
                        ? h.createQuery("SELECT count(*) FROM " + table)
                                .mapTo(Long.class)
                                .one()
                        : h.createQuery("SELECT count(*) FROM " + table + " WHERE status = :s")
                                .bind("s", status)
                                .mapTo(Long.class)
                                .one());
    }
}
