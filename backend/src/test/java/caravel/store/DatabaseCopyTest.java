package caravel.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import caravel.config.DatabaseUrl;
import caravel.domain.Actor;
import caravel.jobs.JobPayloads;
import caravel.jobs.JobQueue;
import caravel.testing.BothDatabases;
import caravel.testing.ListRows;
import caravel.testing.MainProcess;
import caravel.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A platform moved from its SQLite file onto a new PostgreSQL database (`caravel.jar copy-database`): every row of
 * every table both have, the relays exactly as they were, the lists' totals rebuilt by the triggers, identity columns
 * continuing after the copied values; and a database that already holds a platform refused without a write.
 */
@BothDatabases
class DatabaseCopyTest {
    @TempDir
    Path dir;

    @Test
    void aPlatformMovesFromItsSqliteFileOntoANewPostgresDatabase() throws Exception {
        assumeTrue(TestDatabases.onPostgres(), "a PostgreSQL server to copy into");
        try (Database sqlite = Database.open(new DatabaseUrl.SqliteFile(dir.resolve("platform.db")));
                Database postgres = TestDatabases.open(dir.resolve("target.db"))) {
            ListRows rows = ListRows.insert(sqlite.jdbi(), 30, 120, 7);
            ActivityLog activity = new ActivityLog(sqlite.jdbi());
            String owner = rows.tenants.getFirst().pubkey();
            for (int i = 0; i < 40; i++)
                activity.add(owner, null, "test", "entry " + i, Actor.person(owner), 1_700_000_000L + i);
            JobQueue jobs = new JobQueue(Clock.systemUTC(), () -> {});
            sqlite.jdbi().useHandle(h -> jobs.enqueueNow(h, "test.kind", JobPayloads.NONE, "once", 3));
            // a paid invoice and a relay's move out of service, for the money view's sums
            sqlite.jdbi().useHandle(h -> {
                h.execute(
                        "INSERT INTO invoices (id, tenant, amount, status, created_at, due_at, paid_at, paid_hash)"
                                + " VALUES ('copied-invoice', ?, 10000, 'paid', 1700000000, 1700000000, 1700000100, 'h')",
                        owner);
                h.execute("UPDATE relays SET status = 'inactive', updated_at = 1700000200 WHERE status = 'active'");
            });

            DatabaseCopy.Copied copied = DatabaseCopy.copy(sqlite, postgres);

            assertThat(copied.rows()).containsKeys("tenants", "relays", "activity", "jobs");
            assertThat(copied.rows())
                    .doesNotContainKeys(
                            "tenant_changes",
                            "list_totals",
                            "relay_view_versions",
                            "relays_search",
                            "money_revenue",
                            "money_relays",
                            "money_owners");
            // the money view's sums: rebuilt by the triggers as the rows went in, its relays' moves copied over them
            for (String sums : List.of(
                    "SELECT month, way, fiat_currency, invoices, sats, fiat FROM money_revenue ORDER BY 1, 2, 3",
                    "SELECT plan, status, n FROM money_relays WHERE n > 0 ORDER BY 1, 2",
                    "SELECT n FROM money_owners",
                    "SELECT month, from_plan, to_plan, n FROM money_moves ORDER BY 1, 2, 3"))
                assertThat(rowsOf(postgres, sums))
                        .as(sums)
                        .isEqualTo(rowsOf(sqlite, sums))
                        .isNotEmpty();
            assertThat(copied.rows().get("relays")).isEqualTo(120);
            for (String table : copied.rows().keySet())
                assertThat(count(postgres, table)).as(table).isEqualTo(count(sqlite, table));
            // the tenants before the relays that reference them: the write order follows the foreign keys
            List<String> order = List.copyOf(copied.rows().keySet());
            assertThat(order.indexOf("tenants")).isLessThan(order.indexOf("relays"));

            RelayStore before = new RelayStore(sqlite.jdbi(), sqlite.dataSource()),
                    after = new RelayStore(postgres.jdbi(), postgres.dataSource());
            Page<Relay> all = before.list(null, null, null, null, new Page.Request(1, 200));
            for (Relay r : all.items())
                assertThat(after.find(r.id())).as(r.id()).contains(r);
            assertThat(after.list(null, null, null, null, new Page.Request(1, 5))
                            .total())
                    .as("the relay list's total, rebuilt by the triggers")
                    .isEqualTo(120);
            assertThat(after.list(null, null, null, null, new Page.Request(1, 200))
                            .items())
                    .as("the list in the same order")
                    .isEqualTo(all.items());
            assertThat(new TenantStore(postgres.jdbi())
                            .list(null, "suspended", new Page.Request(1, 5))
                            .total())
                    .isEqualTo(new TenantStore(sqlite.jdbi())
                            .list(null, "suspended", new Page.Request(1, 5))
                            .total());

            long lastCopied = max(postgres, "activity");
            new ActivityLog(postgres.jdbi())
                    .add(owner, null, "test", "after the move", Actor.person(owner), 1_800_000_000L);
            assertThat(max(postgres, "activity")).as("the next activity id").isEqualTo(lastCopied + 1);

            Map<String, Long> counts = counts(postgres, copied.rows().keySet());
            assertThatThrownBy(() -> DatabaseCopy.copy(sqlite, postgres))
                    .isInstanceOf(DatabaseCopy.CopyException.class)
                    .hasMessageContaining("already holds a platform");
            assertThat(counts(postgres, copied.rows().keySet()))
                    .as("nothing written by the refused copy")
                    .isEqualTo(counts);
        }
    }

    @Test
    void theCommandCopiesWithCaravelStoppedAndRefusesWhileItRuns() throws Exception {
        assumeTrue(TestDatabases.onPostgres(), "a PostgreSQL server to copy into");
        Path file = dir.resolve("platform.db");
        String target = TestDatabases.url(dir.resolve("target.db"));
        try (Database sqlite = Database.open(new DatabaseUrl.SqliteFile(file))) {
            ListRows.insert(sqlite.jdbi(), 5, 12, 3);
            // the service, as far as the file's lock tells: the copy must not read a platform that is still writing
            MainProcess.Result refused =
                    copyDatabase(Map.of("DATABASE_URL", "sqlite://" + file, "TO_DATABASE_URL", target));
            assertThat(refused.code()).as(refused.output()).isEqualTo(1);
            assertThat(refused.output()).contains("Caravel is running on " + file);
        }
        MainProcess.Result missing = copyDatabase(Map.of("DATABASE_URL", "sqlite://" + file));
        assertThat(missing.code()).as(missing.output()).isEqualTo(2);
        assertThat(missing.output()).contains("TO_DATABASE_URL must name the new PostgreSQL database");

        MainProcess.Result copied = copyDatabase(Map.of("DATABASE_URL", "sqlite://" + file, "TO_DATABASE_URL", target));
        assertThat(copied.code()).as(copied.output()).isZero();
        assertThat(copied.output()).containsPattern("relays +12").contains("copied ");
        MainProcess.Result again = copyDatabase(Map.of("DATABASE_URL", "sqlite://" + file, "TO_DATABASE_URL", target));
        assertThat(again.code()).as(again.output()).isEqualTo(1);
        assertThat(again.output()).contains("already holds a platform");
    }

    private static MainProcess.Result copyDatabase(Map<String, String> env) throws Exception {
        return MainProcess.run(env, "copy-database");
    }

    private static long count(Database db, String table) {
        return db.jdbi()
                .withHandle(h -> h.createQuery("SELECT count(*) FROM " + table)
                        .mapTo(Long.class)
                        .one());
    }

    private static long max(Database db, String table) {
        return db.jdbi()
                .withHandle(h -> h.createQuery("SELECT max(id) FROM " + table)
                        .mapTo(Long.class)
                        .one());
    }

    private static Map<String, Long> counts(Database db, java.util.Set<String> tables) {
        Map<String, Long> out = new TreeMap<>();
        for (String t : tables) out.put(t, count(db, t));
        return out;
    }

    /** A query's rows as text, to compare two databases. */
    private static List<String> rowsOf(Database db, String sql) {
        return db.jdbi()
                .withHandle(h -> h.createQuery(sql)
                        .map((rs, c) -> {
                            StringBuilder row = new StringBuilder();
                            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++)
                                row.append(rs.getString(i)).append('|');
                            return row.toString();
                        })
                        .list());
    }
}
