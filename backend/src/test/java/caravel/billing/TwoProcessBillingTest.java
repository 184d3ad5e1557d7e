package caravel.billing;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.App;
import caravel.Inside;
import caravel.Wallets;
import caravel.config.Config;
import caravel.domain.InvoiceStatus;
import caravel.domain.Plans;
import caravel.domain.RelayProfile;
import caravel.nostr.Keys;
import caravel.relays.NewRelay;
import caravel.testing.AppOptions;
import caravel.testing.BothDatabases;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two backends on one database (two connection pools, as two processes would have) racing the same billing work. */
@BothDatabases
class TwoProcessBillingTest {
    @TempDir
    Path dir;

    /** Counts pay_invoice calls: a double charge would show up here. */
    static final class CountingWallet implements LightningWallet {
        final MemoryWallet inner;
        final AtomicInteger pays = new AtomicInteger();

        CountingWallet(MemoryWallet inner) {
            this.inner = inner;
        }

        @Override
        public MadeInvoice makeInvoice(long a, String d, long e) throws WalletException {
            return inner.makeInvoice(a, d, e);
        }

        @Override
        public Lookup lookupInvoice(String h) throws WalletException {
            return inner.lookupInvoice(h);
        }

        @Override
        public String payInvoice(String b) throws WalletException {
            pays.incrementAndGet();
            return inner.payInvoice(b);
        }

        @Override
        public Info getInfo() {
            return inner.getInfo();
        }
    }

    @Test
    void concurrentRunsIssueOneRenewalPerTenantAndAutopayPaysOnce() throws Exception {
        MutableClock clock = new MutableClock();
        clock.set(Instant.parse("2027-03-01T10:00:00Z"));
        MemoryWallet ledger = new MemoryWallet(clock);
        CountingWallet wallet = new CountingWallet(ledger);
        Map<String, String> env = TestEnv.env(dir, TestEnv.freePort());
        Wallets wallets = new Wallets(Optional.of(wallet), u -> wallet);
        try (App a = new App(
                        Config.fromEnv(env),
                        clock,
                        AppOptions.builder().wallets(wallets).build());
                App b = new App(
                        Config.fromEnv(env),
                        clock,
                        AppOptions.builder().wallets(wallets).build())) {
            List<String> tenants = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String t = Keys.generate().pubkey();
                tenants.add(t);
                var created = Inside.of(a)
                        .relays()
                        .create(
                                NewRelay.of(
                                        t,
                                        RelayProfile.EMPTY.withName("R"),
                                        "two-" + i,
                                        Plans.seed().of("basic")),
                                caravel.relays.RelayStateMachine.Actor.tenant(t));
                caravel.testing.Pay.invoice(a, ledger, created.invoiceId());
            }
            String nwc = "nostr+walletconnect://" + Keys.generate().pubkey() + "?relay=wss%3A%2F%2Fr.example&secret="
                    + Keys.generate().secretHex();
            Inside.of(a)
                    .db()
                    .jdbi()
                    .useHandle(h -> Inside.of(a)
                            .tenants()
                            .setNwcUrl(
                                    h,
                                    tenants.get(0),
                                    Inside.of(a).box().sealString(nwc, Autopay.nwcContext(tenants.get(0))),
                                    clock.seconds()));
            clock.advance(Duration.ofDays(32));
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (App app : List.of(a, b))
                threads.add(Thread.ofPlatform().start(() -> {
                    try {
                        go.await();
                        Inside.of(app).renewals().runCycle();
                    } catch (InterruptedException ignored) {
                        // the race's loser may fail; the assertions below check the outcome
                    }
                }));
            go.countDown();
            for (Thread t : threads) t.join();
            long renewals = Inside.of(a)
                    .db()
                    .jdbi()
                    .withHandle(h -> h.createQuery("SELECT count(*) FROM invoices WHERE kind = 'renewal'")
                            .mapTo(Long.class)
                            .one());
            assertThat(renewals).isEqualTo(40);
            long perTenantMax = Inside.of(a)
                    .db()
                    .jdbi()
                    .withHandle(h -> h.createQuery(
                                    "SELECT max(n) FROM (SELECT count(*) AS n FROM invoices WHERE kind = 'renewal' GROUP BY tenant) AS per_tenant")
                            .mapTo(Long.class)
                            .one());
            assertThat(perTenantMax).isEqualTo(1);
            // both processes try to autopay the same invoice at once: the wallet is asked to pay once
            String invoice = Inside.of(a)
                    .db()
                    .jdbi()
                    .withHandle(h -> h.createQuery("SELECT id FROM invoices WHERE kind = 'renewal' AND tenant = :t")
                            .bind("t", tenants.get(0))
                            .mapTo(String.class)
                            .one());
            CountDownLatch go2 = new CountDownLatch(1);
            List<Thread> payers = new ArrayList<>();
            for (App app : List.of(a, b, a, b))
                payers.add(Thread.ofPlatform().start(() -> {
                    try {
                        go2.await();
                        Inside.of(app).autopay().autopay(invoice);
                    } catch (Exception ignored) {
                        // the race's loser may fail; the assertions below check the outcome
                    }
                }));
            go2.countDown();
            for (Thread t : payers) t.join();
            assertThat(wallet.pays.get()).isEqualTo(1);
            assertThat(Inside.of(a).invoices().find(invoice).orElseThrow().status())
                    .isEqualTo(InvoiceStatus.PAID);
        }
    }
}
