package caravel.store;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.testing.OldSchema;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/**
 * V50 and V51 on data written before them: the relays an account suspension took down are found from the activity
 * log (and only those), and each platform ban keeps what it did per relay, its undone relays recorded as undone.
 */
@org.junit.jupiter.api.Tag("sqlite") // the SQLite file itself: left out of the PostgreSQL run
class SuspensionAndBanUndoMigrationTest {
    @TempDir
    Path dir;

    static final String SUSPENDED = "Deactivated because the account was suspended";

    @Test
    void existingSuspensionsAndBansKeepTheirMeaning() {
        SQLiteDataSource ds = OldSchema.at(dir.resolve("old.db"), "49");
        // rows as the schema before this migration held them: the owner classes write only today's schema, so SQL
        Jdbi jdbi = Jdbi.create(ds);
        String held = "a".repeat(64), back = "b".repeat(64);
        jdbi.useHandle(h -> {
            h.execute(
                    "INSERT INTO tenants (pubkey, status, created_at, updated_at) VALUES (?, 'suspended', 1, 1)", held);
            h.execute("INSERT INTO tenants (pubkey, status, created_at, updated_at) VALUES (?, 'active', 1, 1)", back);
            String relay =
                    "INSERT INTO relays (id, tenant, name, subdomain, schema, plan, status, secret_enc, created_at, updated_at) "
                            + "VALUES (?, ?, ?, ?, ?, 'free', ?, 'x', 1, 1)";
            h.execute(relay, "taken", held, "T", "taken", "taken", "inactive");
            h.execute(relay, "owners", held, "O", "owners", "owners", "inactive");
            h.execute(relay, "again", held, "A", "again", "again", "inactive");
            h.execute(relay, "lifted", back, "L", "lifted", "lifted", "inactive");
            String act =
                    "INSERT INTO activity (tenant, relay, kind, message, actor, created_at) VALUES (?, ?, ?, ?, 'x', 1)";
            // taken down by the suspension, nothing since
            h.execute(act, held, "taken", "reactivate", "Relay reactivated");
            h.execute(act, held, "taken", "deactivate", SUSPENDED);
            h.execute(act, held, "taken", "plan_changed", "Plan changed from basic to free");
            // deactivated by its owner before the suspension (which wrote nothing for it)
            h.execute(act, held, "owners", "deactivate", "Relay deactivated");
            // taken down by an earlier suspension, reactivated, then deactivated by its owner: the owner's is the
            // latest
            h.execute(act, held, "again", "deactivate", SUSPENDED);
            h.execute(act, held, "again", "reactivate", "Relay reactivated");
            h.execute(act, held, "again", "deactivate", "Relay deactivated");
            // an account no longer suspended: left to its owner as before
            h.execute(act, back, "lifted", "deactivate", SUSPENDED);

            h.execute(
                    "INSERT INTO platform_bans (id, pubkey, status, created_by, created_at, updated_at) VALUES ('pb', ?, 'undone', 'x', 1, 1)",
                    "c".repeat(64));
            String row = "INSERT INTO platform_ban_relays (ban, relay, state, error) VALUES ('pb', ?, ?, ?)";
            h.execute(row, "taken", "unbanned", null);
            h.execute(row, "owners", "banned", null);
            h.execute(row, "again", "failed", "zooid is not serving this relay right now");
            h.execute(row, "lifted", "skipped", null);
        });
        OldSchema.migrate(ds, null);

        Map<String, Integer> holds = jdbi.withHandle(h -> h.createQuery("SELECT id, account_hold FROM relays")
                .setMapKeyColumn("id")
                .setMapValueColumn("account_hold")
                .collectInto(new org.jdbi.v3.core.generic.GenericType<Map<String, Integer>>() {}));
        assertThat(holds).containsExactlyInAnyOrderEntriesOf(Map.of("taken", 1, "owners", 0, "again", 0, "lifted", 0));

        List<String> rows = jdbi.withHandle(h -> h.createQuery(
                        "SELECT relay || ':' || state || ':' || coalesce(undo_state, '-') || ':' || coalesce(was_member, '-') "
                                + "FROM platform_ban_relays ORDER BY relay")
                .mapTo(String.class)
                .list());
        assertThat(rows)
                .containsExactly(
                        "again:failed:-:-", "lifted:skipped:-:-", "owners:banned:-:-", "taken:banned:unbanned:-");
        // and the store reads them
        assertThat(new RelayStore(jdbi, ds).find("taken").orElseThrow().accountHold())
                .isTrue();
    }
}
