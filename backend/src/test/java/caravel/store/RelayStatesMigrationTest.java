package caravel.store;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.testing.OldSchema;
import java.nio.file.Path;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/**
 * V4 rebuilds the relays and invoice_items tables (SQLite cannot change a CHECK): a database at V3 with relays
 * waiting for their first payment, invoices and items keeps every row, and what was "pending + first_invoice"
 * becomes awaiting_payment.
 */
@org.junit.jupiter.api.Tag("sqlite") // the SQLite file itself: left out of the PostgreSQL run
class RelayStatesMigrationTest {
    @TempDir
    Path dir;

    static <T> T one(Jdbi jdbi, String sql, Class<T> type) {
        return jdbi.withHandle(h -> h.createQuery(sql).mapTo(type).one());
    }

    @Test
    void v3DataSurvivesAndAwaitingRelaysGetTheirOwnStatus() {
        SQLiteDataSource ds = OldSchema.at(dir.resolve("old.db"), "3");
        // rows as the schema before this migration held them: the owner classes write only today's schema, so SQL
        Jdbi jdbi = Jdbi.create(ds);
        String t = "a".repeat(64);
        jdbi.useHandle(h -> {
            h.execute(
                    "INSERT INTO tenants (pubkey, status, created_at, updated_at, billing_anchor) VALUES (?, 'active', 1, 1, 1)",
                    t);
            String relay =
                    "INSERT INTO relays (id, tenant, name, subdomain, schema, plan, status, secret_enc, created_at, updated_at, first_invoice) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, 'x', 1, 1, ?)";
            h.execute(relay, "r1", t, "Waiting", "waiting", "waiting", "basic", "pending", "i1");
            h.execute(relay, "r2", t, "Off", "off", "off", "basic", "inactive", "i2");
            h.execute(relay, "r3", t, "Live", "live", "live", "growth", "active", null);
            String inv =
                    "INSERT INTO invoices (id, tenant, amount, status, created_at, due_at, paid_at, bolt11, payment_hash, expires_at, kind) "
                            + "VALUES (?, ?, ?, ?, 1, 1, ?, ?, ?, 100, ?)";
            h.execute(inv, "i1", t, 10_000, "pending", null, "lnbc1", "h1", "initial");
            h.execute(inv, "i2", t, 10_000, "pending", null, null, null, "proration");
            h.execute(inv, "i3", t, 50_000, "paid", 5, "lnbc3", "h3", "renewal");
            String item =
                    "INSERT INTO invoice_items (id, invoice, relay, amount, period_start, period_end, plan, rate) VALUES (?, ?, ?, ?, 1, 2, ?, ?)";
            h.execute(item, "it1", "i1", "r1", 10_000, "basic", 10_000);
            h.execute(item, "it2", "i2", "r2", 10_000, "basic", 10_000);
            h.execute(item, "it3", "i3", "r3", 50_000, "growth", 50_000);
        });
        OldSchema.migrate(ds, null);
        Map<String, Object> r1 = jdbi.withHandle(h -> h.createQuery("SELECT status, hold FROM relays WHERE id = 'r1'")
                .mapToMap()
                .one());
        Map<String, Object> r2 = jdbi.withHandle(h -> h.createQuery("SELECT status, hold FROM relays WHERE id = 'r2'")
                .mapToMap()
                .one());
        Map<String, Object> r3 = jdbi.withHandle(h -> h.createQuery("SELECT status, hold FROM relays WHERE id = 'r3'")
                .mapToMap()
                .one());
        assertThat(r1.get("status")).isEqualTo("awaiting_payment");
        assertThat(r2).containsEntry("status", "inactive").containsEntry("hold", "awaiting_payment");
        assertThat(r3.get("status")).isEqualTo("active");
        assertThat(r3.get("hold")).isNull();
        assertThat(one(jdbi, "SELECT count(*) FROM invoice_items", Integer.class))
                .isEqualTo(3);
        // the waited-for invoices are gated; known payment hashes are kept, the paid one as credited to its invoice
        assertThat(one(
                        jdbi,
                        "SELECT group_concat(id) FROM (SELECT id FROM invoices WHERE gated = 1 ORDER BY id)",
                        String.class))
                .isEqualTo("i1,i2");
        assertThat(one(jdbi, "SELECT credited_as FROM invoice_payments WHERE payment_hash = 'h3'", String.class))
                .isEqualTo("invoice");
        assertThat(one(jdbi, "SELECT paid_hash FROM invoices WHERE id = 'i3'", String.class))
                .isEqualTo("h3");
        assertThat(one(
                        jdbi,
                        "SELECT count(*) FROM invoice_payments WHERE payment_hash = 'h1' AND settled_at IS NULL",
                        Integer.class))
                .isEqualTo(1);
        // the rebuilt items still reference relays: a dangling relay id is refused
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> jdbi.useHandle(
                                h -> h.execute(
                                        "INSERT INTO invoice_items (id, invoice, relay, amount, period_start, period_end) VALUES ('x', 'i1', 'nope', 1, 1, 2)")))
                .hasMessageContaining("FOREIGN KEY");
    }
}
