package caravel.store;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.testing.OldSchema;
import java.nio.file.Path;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/**
 * V49 lets relays hold any plan id of the operator's catalog: relays made before it keep every column, their
 * references, triggers and search index work as before, and a plan outside the three seed ids can now be stored.
 */
@org.junit.jupiter.api.Tag("sqlite") // the SQLite file itself: left out of the PostgreSQL run
class PlanIdsMigrationTest {
    @TempDir
    Path dir;

    @Test
    void relaysKeepEverythingAndTakeAnyPlanId() {
        SQLiteDataSource ds = OldSchema.at(dir.resolve("old.db"), "48");
        // rows as the schema before this migration held them: the owner classes write only today's schema, so SQL
        Jdbi jdbi = Jdbi.create(ds);
        String t = "b".repeat(64);
        String insert =
                "INSERT INTO relays (id, tenant, name, subdomain, schema, plan, status, secret_enc, created_at, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, 'active', 'x', 1, 1)";
        jdbi.useHandle(h -> {
            h.execute(
                    "INSERT INTO tenants (pubkey, status, created_at, updated_at, billing_anchor) VALUES (?, 'active', 1, 1, 1)",
                    t);
            h.execute(insert, "r1", t, "Old Growth", "old-growth", "old_growth", "growth");
        });
        OldSchema.migrate(ds, null);
        // what the migrated table itself accepts and refuses is under test: SQL straight at it, past the owners' checks
        jdbi.useHandle(h -> {
            h.execute(insert, "r2", t, "Team Space", "team-space", "team_space", "team");
            h.execute("UPDATE relays SET pending_plan = 'starter', upgrade_plan = 'pro-plus' WHERE id = 'r1'");
            assertThat(h.createQuery(
                                    "SELECT plan || '/' || pending_plan || '/' || upgrade_plan FROM relays WHERE id = 'r1'")
                            .mapTo(String.class)
                            .one())
                    .isEqualTo("growth/starter/pro-plus");
            assertThat(h.createQuery("SELECT plan FROM relays WHERE id = 'r2'")
                            .mapTo(String.class)
                            .one())
                    .isEqualTo("team");
            // the other CHECKs stay, and references still hold
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> h.execute("UPDATE relays SET status = 'dancing' WHERE id = 'r2'"))
                    .hasMessageContaining("CHECK");
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> h.execute(insert, "r3", "c".repeat(64), "Orphan", "orphan", "orphan", "free"))
                    .hasMessageContaining("FOREIGN KEY");
            // the search index follows new relays (its triggers survived)
            assertThat(h.createQuery("SELECT id FROM relays_search WHERE relays_search MATCH '\"team\"'")
                            .mapTo(String.class)
                            .list())
                    .containsExactly("r2");
            assertThat(h.createQuery("SELECT sql FROM sqlite_master WHERE name = 'relays'")
                            .mapTo(String.class)
                            .one())
                    .doesNotContain("'growth'");
            assertThat(h.createQuery("PRAGMA integrity_check")
                            .mapTo(String.class)
                            .one())
                    .isEqualTo("ok");
            assertThat(h.createQuery("PRAGMA foreign_key_check").mapToMap().list())
                    .isEmpty();
        });
    }
}
