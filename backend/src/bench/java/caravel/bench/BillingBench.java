package caravel.bench;

import caravel.App;
import caravel.Inside;
import caravel.Wallets;
import caravel.billing.Cycles;
import caravel.billing.LightningWallet;
import caravel.billing.Notices;
import caravel.billing.NwcWallet;
import caravel.config.Config;
import caravel.jobs.JobRunner;
import caravel.nostr.Keys;
import caravel.store.Ids;
import caravel.testing.AppOptions;
import caravel.testing.LocalStack;
import caravel.testing.MutableClock;
import caravel.testing.TestEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Billing benchmark: one billing run for N tenants (default 10,000) with 3 paid relays each, renewal invoices
 * made through the stack's NWC wallet service over its relay. Prints invoices/s and the backend's own time per
 * invoice (the run's wall time spent outside wallet round trips, per invoice).
 */
public final class BillingBench {
    /** Times every wallet call, to separate the backend's own time from waiting on the wallet. */
    static final class TimedWallet implements LightningWallet {
        final LightningWallet inner;
        final AtomicLong nanos = new AtomicLong(), calls = new AtomicLong();

        TimedWallet(LightningWallet inner) {
            this.inner = inner;
        }

        <T> T time(Callable<T> c) throws WalletException {
            long t0 = System.nanoTime();
            try {
                return c.call();
            } catch (WalletException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            } finally {
                nanos.addAndGet(System.nanoTime() - t0);
                calls.incrementAndGet();
            }
        }

        @Override
        public MadeInvoice makeInvoice(long a, String d, long e) throws WalletException {
            return time(() -> inner.makeInvoice(a, d, e));
        }

        @Override
        public Lookup lookupInvoice(String h) throws WalletException {
            return time(() -> inner.lookupInvoice(h));
        }

        @Override
        public String payInvoice(String b) throws WalletException {
            return time(() -> inner.payInvoice(b));
        }

        @Override
        public Info getInfo() throws WalletException {
            return time(inner::getInfo);
        }
    }

    public static void main(String[] args) throws Exception {
        int tenants =
                args.length > 0 ? Integer.parseInt(args[0]) : Integer.parseInt(System.getProperty("tenants", "10000"));
        int concurrency = 32;
        Path dir = Files.createTempDirectory("caravel-billing-bench");
        try (LocalStack stack = new LocalStack()) {
            MutableClock clock = new MutableClock();
            var env = TestEnv.env(dir, TestEnv.freePort());
            env.put("NWC_URL", stack.get("platform_nwc_url"));
            NwcWallet nwc = new NwcWallet(stack.get("platform_nwc_url"), Duration.ofSeconds(30), clock);
            TimedWallet wallet = new TimedWallet(nwc);
            try (App app = new App(
                    Config.fromEnv(env),
                    clock,
                    AppOptions.builder()
                            .jobs(new JobRunner.Settings(20, 120_000, 500, 5_000, concurrency))
                            .wallets(new Wallets(Optional.of(wallet), u -> wallet))
                            .notices(Notices.NONE)
                            .build())) { // DMs are measured by the messaging benchmark
                // the tenants' second cycle began an hour ago: one renewal each is due now
                long anchor = ZonedDateTime.ofInstant(Instant.ofEpochSecond(clock.seconds() - 3_600), ZoneOffset.UTC)
                        .minusMonths(1)
                        .toEpochSecond();
                seed(app, tenants, anchor);
                System.out.printf("seeded %,d tenants with %,d paid relays%n", tenants, tenants * 3);
                // the renewal run first, alone (the app's own periodic run starts with the job runner below)
                long t0 = System.nanoTime();
                var report = Inside.of(app).renewals().runCycle();
                double runSeconds = (System.nanoTime() - t0) / 1e9;
                app.start(); // the job runner now makes each invoice's bolt11 through the wallet
                int done;
                do {
                    Thread.sleep(200);
                    done = Inside.of(app)
                            .db()
                            .jdbi()
                            .withHandle(h -> h.createQuery(
                                            "SELECT count(*) FROM invoices WHERE kind = 'renewal' AND bolt11 IS NOT NULL")
                                    .mapTo(Integer.class)
                                    .one());
                } while (done < report.renewalInvoices() && (System.nanoTime() - t0) / 1e9 < 900);
                double total = (System.nanoTime() - t0) / 1e9;
                double walletSeconds = wallet.nanos.get() / 1e9;
                System.out.printf(
                        "renewal run: %,d invoices (%,d items) written in %.2f s → %,.0f invoices/s (database only)%n",
                        report.renewalInvoices(),
                        report.renewalInvoices() * 3,
                        runSeconds,
                        report.renewalInvoices() / runSeconds);
                System.out.printf(
                        "with bolt11 from the NWC wallet: %,d invoices in %.2f s → %,.0f invoices/s end to end%n",
                        done, total, done / total);
                System.out.printf(
                        "wallet round trips: %,d, %.1f s in total (%.1f ms each, %d at a time)%n",
                        wallet.calls.get(),
                        walletSeconds,
                        walletSeconds * 1000 / Math.max(1, wallet.calls.get()),
                        concurrency);
                System.out.printf(
                        "backend's own time per invoice: %.3f ms in the renewal run (items, invoice, activity, job), "
                                + "vs %.1f ms waiting on the wallet per invoice%n",
                        runSeconds * 1000 / Math.max(1, report.renewalInvoices()),
                        walletSeconds * 1000 / Math.max(1, wallet.calls.get()));
            } finally {
                nwc.close();
            }
        }
    }

    /** Tenants whose first cycle was paid and has just ended (batched SQL, as Seeder: thousands of rows at once). */
    static void seed(App app, int tenants, long anchor) {
        long firstEnd = Cycles.boundary(anchor, 1);
        Inside.of(app).db().jdbi().useTransaction(h -> {
            var t = h.prepareBatch(
                    "INSERT INTO tenants (pubkey, status, billing_anchor, created_at, updated_at) VALUES (:p, 'active', :a, :a, :a)");
            var r = h.prepareBatch("""
                    INSERT INTO relays (id, tenant, name, subdomain, schema, plan, status, secret_enc, zooid_created, created_at, updated_at)
                    VALUES (:id, :t, :n, :s, :s2, :plan, 'active', 'v1:x', 1, :a, :a)""");
            var inv = h.prepareBatch(
                    "INSERT INTO invoices (id, tenant, amount, status, created_at, due_at, paid_at, kind, period_start, period_end) VALUES (:id, :t, :amt, 'paid', :a, :a, :a, 'initial', :a, :e)");
            var item = h.prepareBatch(
                    "INSERT INTO invoice_items (id, invoice, relay, amount, period_start, period_end, plan, rate) VALUES (:id, :inv, :r, :amt, :a, :e, :plan, :amt)");
            for (int i = 0; i < tenants; i++) {
                String pk = Keys.generate().pubkey(), invId = Ids.newId();
                t.bind("p", pk).bind("a", anchor).add();
                long sum = 0;
                for (int j = 0; j < 3; j++) {
                    String id = Ids.newId(), plan = j == 2 ? "growth" : "basic";
                    long amt = plan.equals("growth") ? 50_000 : 10_000;
                    sum += amt;
                    r.bind("id", id)
                            .bind("t", pk)
                            .bind("n", "bench")
                            .bind("s", "b" + i + "x" + j)
                            .bind("s2", "b" + i + "_" + j)
                            .bind("plan", plan)
                            .bind("a", anchor)
                            .add();
                    item.bind("id", Ids.newId())
                            .bind("inv", invId)
                            .bind("r", id)
                            .bind("amt", amt)
                            .bind("a", anchor)
                            .bind("e", firstEnd)
                            .bind("plan", plan)
                            .add();
                }
                inv.bind("id", invId)
                        .bind("t", pk)
                        .bind("amt", sum)
                        .bind("a", anchor)
                        .bind("e", firstEnd)
                        .add();
            }
            t.execute();
            r.execute();
            inv.execute();
            item.execute();
        });
    }
}
