package caravel.billing;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.App;
import caravel.config.Config;
import caravel.jobs.JobRunner;
import caravel.nostr.Keys;
import caravel.relays.Relays;
import caravel.store.Relay;
import caravel.testing.MemoryWallet;
import caravel.testing.MutableClock;
import caravel.testing.TestEnv;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random sequences of create / upgrade / downgrade / deactivate / reactivate / pay / time passing, over many
 * months, against the real billing engine and database. After every step: items sum to their invoice, no
 * relay-period is billed twice, and every paid relay in service is covered by an invoice for that moment.
 */
class BillingPropertyTest {
    @TempDir Path dir;

    record ItemRow(String relay, String invoice, String kind, String status, long start, long end, long rate, long amount) {}

    @ParameterizedTest @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void invariantsHoldOverRandomHistories(long seed) throws Exception {
        Random rnd = new Random(seed);
        MutableClock clock = new MutableClock();
        clock.set(Instant.parse("2027-01-31T08:00:00Z")); // a 31st anchor exercises short months
        MemoryWallet wallet = new MemoryWallet(clock);
        Map<String, String> env = TestEnv.env(dir, TestEnv.freePort());
        // not started: no HTTP server, no job runner — the engine is driven directly, time is ours
        try (App app = new App(Config.fromEnv(env), clock, JobRunner.Settings.defaults(), new App.Wallets(Optional.of(wallet), u -> wallet))) {
            Billing billing = app.billing;
            List<String> tenants = List.of(Keys.generate().pubkey(), Keys.generate().pubkey(), Keys.generate().pubkey());
            List<String> relayIds = new ArrayList<>();
            String[] plans = {"free", "basic", "growth"};
            int n = 0;
            for (int step = 0; step < 400; step++) {
                int op = rnd.nextInt(100);
                List<Relay> all = relayIds.stream().map(id -> app.relayStore.find(id).orElseThrow()).toList();
                if (op < 15 || all.isEmpty()) {
                    String tenant = tenants.get(rnd.nextInt(tenants.size()));
                    var plan = Plan.byId(plans[rnd.nextInt(3)]).orElseThrow();
                    relayIds.add(app.relays.create(new Relays.NewRelay(tenant, "R" + n, "prop-" + seed + "-" + (n++), "", "", plan), tenant).relay().id());
                } else if (op < 35) {
                    Relay r = all.get(rnd.nextInt(all.size()));
                    var plan = Plan.byId(plans[rnd.nextInt(3)]).orElseThrow();
                    app.relays.update(r.id(), new Relays.Changes(null, null, null, null, plan), r.tenant());
                } else if (op < 45) {
                    Relay r = all.get(rnd.nextInt(all.size()));
                    app.relays.deactivate(r.id(), r.tenant(), "test");
                } else if (op < 55) {
                    Relay r = all.get(rnd.nextInt(all.size()));
                    app.relays.reactivate(r.id(), r.tenant());
                } else if (op < 80) {
                    List<String> pending = app.db.jdbi().withHandle(h -> h.createQuery("SELECT id FROM invoices WHERE status = 'pending' ORDER BY id")
                            .mapTo(String.class).list());
                    if (!pending.isEmpty()) caravel.testing.Pay.invoice(app, wallet, pending.get(rnd.nextInt(pending.size())));
                } else {
                    clock.advance(Duration.ofHours(1 + rnd.nextInt(24 * 9)));
                    billing.runCycle();
                    assertCovered(app, clock.seconds(), "seed " + seed + " step " + step);
                }
                assertInvariants(app, clock.seconds(), "seed " + seed + " step " + step);
            }
            // the history really went through months, renewals, payments, suspensions
            var stats = app.db.jdbi().withHandle(h -> h.createQuery("""
                    SELECT (SELECT count(*) FROM invoices WHERE kind = 'renewal') AS renewals,
                           (SELECT count(*) FROM invoices WHERE status = 'paid') AS paid,
                           (SELECT count(*) FROM activity WHERE kind = 'suspended') AS suspensions,
                           (SELECT count(*) FROM invoices WHERE kind = 'upgrade') AS upgrades""").mapToMap().one());
            assertThat(((Number) stats.get("renewals")).intValue()).isGreaterThan(3);
            assertThat(((Number) stats.get("paid")).intValue()).isGreaterThan(3);
            assertThat(clock.seconds() - Instant.parse("2027-01-31T08:00:00Z").getEpochSecond()).isGreaterThan(60L * 86_400);
        }
    }

    static List<ItemRow> items(App app) {
        return app.db.jdbi().withHandle(h -> h.createQuery("""
                        SELECT i.relay, i.invoice, v.kind, v.status, i.period_start, i.period_end, i.rate, i.amount
                        FROM invoice_items i JOIN invoices v ON v.id = i.invoice""")
                .map((rs, c) -> new ItemRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                        rs.getLong(6), rs.getLong(7), rs.getLong(8))).list());
    }

    static void assertInvariants(App app, long now, String where) {
        // items always sum to their invoice
        List<Map<String, Object>> mismatched = app.db.jdbi().withHandle(h -> h.createQuery("""
                SELECT v.id, v.amount, (SELECT coalesce(sum(amount), 0) FROM invoice_items WHERE invoice = v.id) AS items
                FROM invoices v WHERE v.amount <> (SELECT coalesce(sum(amount), 0) FROM invoice_items WHERE invoice = v.id)""").mapToMap().list());
        assertThat(mismatched).as(where).isEmpty();
        List<ItemRow> live = items(app).stream().filter(i -> !i.status().equals("void")).toList();
        // no relay-period billed twice: base charges never overlap for one relay ...
        for (ItemRow a : live) {
            for (ItemRow b : live) {
                if (a == b || !a.relay().equals(b.relay()) || a.kind().equals("upgrade") || b.kind().equals("upgrade")) continue;
                assertThat(a.start() < b.end() && b.start() < a.end()).as(where + ": overlapping charges " + a + " / " + b).isFalse();
            }
        }
        // ... and what covers any moment never adds up to more than the relay's plan at that moment
        for (Relay r : app.relayStore.list(null, null, null, null, new caravel.store.Page.Request(1, 200)).items()) {
            long rate = live.stream().filter(i -> i.relay().equals(r.id()) && i.start() <= now && now < i.end()).mapToLong(ItemRow::rate).sum();
            assertThat(rate).as(where + ": rate billed now for " + r.id() + " on " + r.plan()).isLessThanOrEqualTo(Plan.byId(r.plan()).orElseThrow().priceSats);
        }
    }

    /** Every paid relay in service (not deactivated, not suspended, not awaiting its first payment) is billed for now. */
    static void assertCovered(App app, long now, String where) {
        List<ItemRow> live = items(app).stream().filter(i -> !i.status().equals("void")).toList();
        for (Relay r : app.relayStore.list(null, null, null, null, new caravel.store.Page.Request(1, 200)).items()) {
            boolean inService = r.status().equals("active") || r.status().equals("pending") || r.status().equals("provisioning_failed");
            if (!inService || !Plan.byId(r.plan()).orElseThrow().paid() || r.firstInvoice() != null || r.status().equals("awaiting_payment")) continue;
            boolean covered = live.stream().anyMatch(i -> i.relay().equals(r.id()) && i.start() <= now && now < i.end());
            assertThat(covered).as(where + ": relay " + r.id() + " (" + r.plan() + ", " + r.status() + ") is not billed for now").isTrue();
        }
    }
}
