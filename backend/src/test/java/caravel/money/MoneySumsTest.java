package caravel.money;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.store.Database;
import caravel.testing.BothDatabases;
import caravel.testing.ListRows;
import caravel.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The money view's sums (V80: money_revenue, money_relays, money_owners, money_moves), kept by triggers, equal what
 * the invoices and relays say after every kind of write the platform makes — invoices made paid, settled later,
 * voided; relays inserted, moved between statuses and plans, deleted; a rolled-back write — on SQLite or PostgreSQL as
 * the suite runs. The expected figures are worked out here in Java from the rows, not by the triggers' own SQL.
 */
@BothDatabases
class MoneySumsTest {
    @TempDir
    Path dir;

    static final long NOV = Instant.parse("2026-11-10T12:00:00Z").getEpochSecond();
    static final long DEC = Instant.parse("2026-12-01T00:00:00Z").getEpochSecond();

    @Test
    void revenueFollowsEveryPaymentOnceInTheMonthItWasPaidByTheWayItWasPaid() {
        try (Database db = TestDatabases.open(dir.resolve("money.db"))) {
            ListRows rows = ListRows.insert(db.jdbi(), 6, 12, 3);
            String a = rows.tenants.get(0).pubkey(), b = rows.tenants.get(1).pubkey();
            db.jdbi().useTransaction(h -> {
                // by hand over Lightning, with the fiat price it was made at; partly covered by credit
                invoice(h, "i1", a, 10_000, "paid", NOV, "h1", null, null, "lightning", "sat", 2_000, "USD", 1_000L);
                // autopay from the tenant's wallet
                invoice(h, "i2", a, 10_000, "paid", NOV, "h2", NOV - 60, null, "lightning", "sat", 0, "USD", 1_000L);
                // autopay tried and failed, then paid by hand: Lightning
                invoice(
                        h,
                        "i3",
                        b,
                        5_000,
                        "paid",
                        NOV,
                        "h3",
                        NOV - 60,
                        "wallet unreachable",
                        "lightning",
                        "sat",
                        0,
                        null,
                        null);
                // a card-rail invoice in euros
                invoice(h, "i4", b, 900, "paid", NOV, null, null, null, "card", "eur", 0, null, null);
                // a Lightning invoice paid by card checkout, and one covered by credit alone
                invoice(h, "i5", b, 8_000, "paid", DEC, null, null, null, "lightning", "sat", 0, "USD", 800L);
                invoice(h, "i6", b, 3_000, "paid", DEC, null, null, null, "lightning", "sat", 3_000, "USD", 300L);
                // unpaid, void: nothing received
                invoice(h, "i7", a, 10_000, "pending", NOV, null, null, null, "lightning", "sat", 0, null, null);
                invoice(h, "i8", a, 10_000, "void", NOV, null, null, null, "lightning", "sat", 0, null, null);
                invoice(h, "i9", a, 10_000, "pending", NOV, null, null, null, "card", "usd", 0, null, null);
            });
            assertRevenue(db.jdbi());

            // settled later: once, in the month of its payment (a second UPDATE to paid adds nothing)
            db.jdbi().useTransaction(h -> {
                h.execute(
                        "UPDATE invoices SET status = 'paid', paid_at = ?, paid_hash = 'h7' WHERE id = 'i7'", DEC + 5);
                h.execute("UPDATE invoices SET status = 'paid', paid_at = ? WHERE id = 'i9'", NOV + 5);
                h.execute("UPDATE invoices SET status = 'paid' WHERE id = 'i7'");
                h.execute("UPDATE invoices SET reminded_at = 1 WHERE id = 'i1'");
            });
            assertRevenue(db.jdbi());
            Map<String, List<Long>> sums = revenue(db.jdbi());
            assertThat(sums.get("24322 lightning USD")).isEqualTo(List.of(1L, 8_000L, 800L)); // i1, less its credit
            assertThat(sums.get("24322 autopay USD")).isEqualTo(List.of(1L, 10_000L, 1_000L));
            assertThat(sums.get("24322 lightning ")).isEqualTo(List.of(1L, 5_000L, 0L));
            assertThat(sums.get("24322 card EUR")).isEqualTo(List.of(1L, 0L, 900L));
            assertThat(sums.get("24322 card USD")).isEqualTo(List.of(1L, 0L, 10_000L));
            assertThat(sums.get("24323 card_checkout USD")).isEqualTo(List.of(1L, 8_000L, 800L));
            assertThat(sums.get("24323 credit USD")).isEqualTo(List.of(1L, 0L, 0L));
            assertThat(sums.get("24323 lightning ")).isEqualTo(List.of(1L, 10_000L, 0L));

            try {
                db.jdbi().useTransaction(h -> {
                    h.execute("UPDATE invoices SET status = 'paid', paid_at = ?, paid_hash = 'x' WHERE id = 'i8'", NOV);
                    throw new IllegalStateException("rolled back");
                });
            } catch (IllegalStateException expected) {
                // the sums must not move
            }
            assertThat(revenue(db.jdbi())).isEqualTo(sums);
        }
    }

    @Test
    void relayCountsOwnersAndMovesFollowInsertsChangesAndDeletes() {
        try (Database db = TestDatabases.open(dir.resolve("relays.db"))) {
            ListRows rows = ListRows.insert(db.jdbi(), 10, 40, 4);
            assertRelays(db.jdbi());
            String lone = rows.tenants.get(9).pubkey(); // ListRows gives every tenant at least one relay
            db.jdbi().useTransaction(h -> {
                h.execute(
                        "UPDATE relays SET status = 'suspended', updated_at = ? WHERE status = 'active' AND plan = 'free'",
                        NOV);
                h.execute("UPDATE relays SET status = status, name = name || ' x' WHERE plan = 'basic'"); // no change
                h.execute(
                        "UPDATE relays SET plan = 'growth', updated_at = ? WHERE plan = 'basic' AND status = 'pending'",
                        NOV);
                h.createUpdate("DELETE FROM relays WHERE tenant = :t")
                        .bind("t", lone)
                        .execute();
            });
            assertRelays(db.jdbi());
            long owners = db.jdbi().withHandle(h -> new MoneyStore().owners(h));
            assertThat(owners).isEqualTo(9);

            // moves: into service on a paid plan, up a plan, out of service; a move within service on one plan is none
            String paid = relayWhere(db.jdbi(), "plan = 'basic' AND status = 'inactive'");
            String free = relayWhere(db.jdbi(), "plan = 'free' AND status = 'pending'");
            db.jdbi().useTransaction(h -> {
                h.execute("DELETE FROM money_moves");
                h.execute("UPDATE relays SET status = 'active', updated_at = ? WHERE id = ?", NOV, paid);
                h.execute("UPDATE relays SET plan = 'growth', updated_at = ? WHERE id = ?", NOV, paid);
                h.execute("UPDATE relays SET status = 'suspended', updated_at = ? WHERE id = ?", DEC, paid);
                h.execute("UPDATE relays SET status = 'active', updated_at = ? WHERE id = ?", NOV, free);
            });
            List<MoneyStore.MoveRow> moves = db.jdbi().withHandle(h -> new MoneyStore().movesSince(h, 0));
            assertThat(moves)
                    .containsExactlyInAnyOrder(
                            new MoneyStore.MoveRow(24322, "", "basic", 1),
                            new MoneyStore.MoveRow(24322, "basic", "growth", 1),
                            new MoneyStore.MoveRow(24323, "growth", "", 1));
            assertRelays(db.jdbi());

            try {
                db.jdbi().useTransaction(h -> {
                    h.execute("UPDATE relays SET status = 'inactive', updated_at = ?", NOV);
                    throw new IllegalStateException("rolled back");
                });
            } catch (IllegalStateException expected) {
                // nothing moves
            }
            assertRelays(db.jdbi());
            List<MoneyStore.MoveRow> after = db.jdbi().withHandle(h -> new MoneyStore().movesSince(h, 0));
            assertThat(after).isEqualTo(moves);
        }
    }

    private static void invoice(
            Handle h,
            String id,
            String tenant,
            long amount,
            String status,
            long paidAt,
            String paidHash,
            Long autopayStarted,
            String autopayError,
            String rail,
            String currency,
            long credit,
            String fiatCurrency,
            Long fiat) {
        h.createUpdate("""
                        INSERT INTO invoices (id, tenant, amount, status, created_at, due_at, paid_at, paid_hash,
                                              autopay_started_at, autopay_error, rail, currency, credit_applied,
                                              fiat_currency, fiat_amount, kind)
                        VALUES (:id, :tenant, :amount, :status, :created, :created, :paidAt, :paidHash, :started,
                                :error, :rail, :currency, :credit, :fiatCurrency, :fiat, 'renewal')""")
                .bind("id", id)
                .bind("tenant", tenant)
                .bind("amount", amount)
                .bind("status", status)
                .bind("created", paidAt - 3_600)
                .bind("paidAt", status.equals("paid") ? paidAt : null)
                .bind("paidHash", paidHash)
                .bind("started", autopayStarted)
                .bind("error", autopayError)
                .bind("rail", rail)
                .bind("currency", currency)
                .bind("credit", credit)
                .bind("fiatCurrency", fiatCurrency)
                .bind("fiat", fiat)
                .execute();
    }

    /** money_revenue as "month way fiat_currency" → {invoices, sats, fiat}. */
    private static Map<String, List<Long>> revenue(Jdbi jdbi) {
        Map<String, List<Long>> out = new TreeMap<>();
        for (MoneyStore.RevenueRow r : jdbi.withHandle(h -> new MoneyStore().revenueSince(h, 0)))
            out.put(r.month() + " " + r.way() + " " + r.fiatCurrency(), List.of(r.invoices(), r.sats(), r.fiat()));
        return out;
    }

    /** The same sums, worked out from the paid invoices. */
    private static void assertRevenue(Jdbi jdbi) {
        Map<String, long[]> expected = new TreeMap<>();
        jdbi.useHandle(h -> h.select("""
                        SELECT paid_at, created_at, rail, paid_hash, amount, credit_applied, autopay_started_at,
                               autopay_error, currency, fiat_currency, fiat_amount FROM invoices WHERE status = 'paid'""")
                .map((rs, c) -> {
                    long at = rs.getObject(1) == null ? rs.getLong(2) : rs.getLong(1);
                    boolean card = rs.getString(3).equals("card");
                    long amount = rs.getLong(5), credit = rs.getLong(6);
                    String way = card
                            ? "card"
                            : rs.getString(4) == null
                                    ? (amount > credit ? "card_checkout" : "credit")
                                    : rs.getObject(7) != null && rs.getString(8) == null ? "autopay" : "lightning";
                    String fiatCurrency = card
                            ? rs.getString(9).toUpperCase(java.util.Locale.ROOT)
                            : rs.getString(10) == null ? "" : rs.getString(10);
                    long fiat = card
                            ? amount
                            : rs.getObject(11) == null || amount == 0 ? 0 : rs.getLong(11) * (amount - credit) / amount;
                    String key = MoneyReports.Months.of(at) + " " + way + " " + fiatCurrency;
                    long[] s = expected.computeIfAbsent(key, k -> new long[3]);
                    s[0]++;
                    s[1] += card ? 0 : amount - credit;
                    s[2] += fiat;
                    return key;
                })
                .list());
        Map<String, List<Long>> wanted = new TreeMap<>();
        expected.forEach((k, v) -> wanted.put(k, List.of(v[0], v[1], v[2])));
        assertThat(revenue(jdbi)).as("money_revenue against the paid invoices").isEqualTo(wanted);
    }

    private static void assertRelays(Jdbi jdbi) {
        jdbi.useHandle(h -> {
            List<MoneyStore.PlanCount> counted = h.select(
                            "SELECT plan, status, count(*) FROM relays GROUP BY plan, status ORDER BY plan, status")
                    .map((rs, c) -> new MoneyStore.PlanCount(rs.getString(1), rs.getString(2), rs.getLong(3)))
                    .list();
            assertThat(new MoneyStore().relaysByPlan(h)).as("money_relays").isEqualTo(counted);
            long owners = h.select("SELECT count(DISTINCT tenant) FROM relays")
                    .mapTo(Long.class)
                    .one();
            assertThat(new MoneyStore().owners(h)).as("money_owners").isEqualTo(owners);
        });
    }

    private static String relayWhere(Jdbi jdbi, String condition) {
        return jdbi.withHandle(h -> h.select("SELECT id FROM relays WHERE " + condition + " ORDER BY id LIMIT 1")
                .mapTo(String.class)
                .one());
    }
}
