package caravel.billing;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.App;
import caravel.Inside;
import caravel.Wallets;
import caravel.config.Config;
import caravel.domain.InvoiceStatus;
import caravel.domain.Plans;
import caravel.domain.RelayProfile;
import caravel.jobs.JobRunner;
import caravel.nostr.Keys;
import caravel.relays.NewRelay;
import caravel.testing.AppOptions;
import caravel.testing.BothDatabases;
import caravel.testing.MemoryWallet;
import caravel.testing.MutableClock;
import caravel.testing.TestEnv;
import caravel.testing.Wait;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process killed between autopay's claim and the tenant wallet's answer (found by BillingCrashTest): the claim
 * stays with no outcome. Once no live attempt can still be running, autopay sends the same bolt11 again unless the
 * platform wallet already has the payment, so the invoice is paid exactly once; a bolt11 issued since the claim is
 * never paid under it. The crash is the claim written through the store with nothing after it; time is a fake clock.
 */
@BothDatabases
class AutopayStaleClaimTest {
    @TempDir
    Path dir;

    MutableClock clock;
    MemoryWallet platform;
    TenantWallet wallet;
    App app;

    /**
     * The tenant's wallet, paying into the platform's: like the stack's NWC wallet (stack/wallet), a bolt11 already
     * paid is refused with an error, so paying the same bolt11 twice never charges twice.
     */
    static final class TenantWallet implements LightningWallet {
        final MemoryWallet platform;
        final AtomicLong balance = new AtomicLong(100_000);
        final AtomicInteger payCalls = new AtomicInteger();

        TenantWallet(MemoryWallet platform) {
            this.platform = platform;
        }

        @Override
        public MadeInvoice makeInvoice(long amountSats, String description, long expirySeconds) throws WalletException {
            throw new WalletException("NOT_IMPLEMENTED", "this wallet only pays");
        }

        @Override
        public Lookup lookupInvoice(String paymentHash) throws WalletException {
            throw new WalletException("NOT_IMPLEMENTED", "this wallet only pays");
        }

        @Override
        public String payInvoice(String bolt11) throws WalletException {
            payCalls.incrementAndGet();
            MemoryWallet.Made m = platform.invoices.values().stream()
                    .filter(i -> i.bolt11().equals(bolt11))
                    .findFirst()
                    .orElseThrow(() -> new WalletException("NOT_FOUND", "unknown invoice"));
            if (platform.isSettled(m.hash())) throw new WalletException("PAYMENT_FAILED", "invoice is already paid");
            platform.pay(m.hash());
            balance.addAndGet(-m.amount());
            return "00".repeat(32);
        }

        @Override
        public Info getInfo() {
            return new Info("tenant", List.of("pay_invoice", "get_info"));
        }
    }

    @BeforeEach
    void start() throws Exception {
        clock = new MutableClock();
        platform = new MemoryWallet(clock);
        wallet = new TenantWallet(platform);
        Map<String, String> env = TestEnv.env(dir, TestEnv.freePort());
        JobRunner.Settings d = JobRunner.Settings.defaults();
        app = new App(
                        Config.fromEnv(env),
                        clock,
                        AppOptions.builder()
                                .jobs(new JobRunner.Settings(50, d.leaseMs(), d.backoffBaseMs(), d.backoffMaxMs(), 4))
                                .wallets(new Wallets(Optional.of(platform), url -> wallet))
                                .build())
                .start();
    }

    @AfterEach
    void stop() {
        app.close();
    }

    /** A basic relay's first invoice with its bolt11, then the tenant's wallet saved and autopay's claim, then the crash. */
    private Invoice claimedThenCrashed() {
        String tenant = Keys.generate().pubkey();
        String id = Inside.of(app)
                .relays()
                .create(
                        NewRelay.of(
                                tenant,
                                RelayProfile.EMPTY.withName("R"),
                                "stale-" + tenant.substring(0, 8),
                                Plans.seed().of("basic")),
                        caravel.relays.RelayStateMachine.Actor.tenant(tenant))
                .invoiceId();
        Invoice inv = Wait.until(
                "bolt11",
                Duration.ofSeconds(10),
                () -> Inside.of(app).invoices().find(id).orElseThrow(),
                i -> i.bolt11() != null);
        long now = clock.millis() / 1000;
        Inside.of(app).db().jdbi().useHandle(h -> {
            Inside.of(app)
                    .tenants()
                    .setNwcUrl(
                            h,
                            tenant,
                            Inside.of(app).box().sealString("nostr+walletconnect://w", Autopay.nwcContext(tenant)),
                            now);
            assertThat(Inside.of(app).invoices().claimAutopay(h, id, tenant, now, now, 0, true, true))
                    .isTrue();
        });
        return inv;
    }

    @Test
    void aClaimLeftByACrashIsPaidOnceWhenStale() throws Exception {
        Invoice inv = claimedThenCrashed();
        // a live attempt may still be waiting on the wallet: nothing is sent
        assertThat(Inside.of(app).autopay().autopay(inv.id())).isEqualTo(Autopay.AutopayResult.ALREADY_STARTED);
        assertThat(wallet.payCalls).hasValue(0);
        clock.advance(Duration.ofMinutes(10));
        // the app's own job runner may take the stale claim first (then this call stands back): either way it is
        // paid, once
        assertThat(Inside.of(app).autopay().autopay(inv.id()))
                .isIn(Autopay.AutopayResult.PAID, Autopay.AutopayResult.ALREADY_STARTED);
        Wait.until(
                "paid",
                Duration.ofSeconds(10),
                () -> Inside.of(app).invoices().find(inv.id()).orElseThrow().status(),
                s -> s == InvoiceStatus.PAID);
        assertThat(Inside.of(app).invoices().find(inv.id()).orElseThrow().paidHash())
                .isEqualTo(inv.paymentHash());
        // later runs of the job find it paid
        clock.advance(Duration.ofMinutes(10));
        assertThat(Inside.of(app).autopay().autopay(inv.id())).isEqualTo(Autopay.AutopayResult.NOT_PENDING);
        assertThat(wallet.payCalls).hasValue(1);
        assertThat(wallet.balance).hasValue(100_000 - inv.amount());
    }

    @Test
    void aClaimWhosePaymentWentThroughIsNotPaidAgain() throws Exception {
        Invoice inv = claimedThenCrashed();
        // the wallet paid before the crash; its answer, and any notification of it, were lost with the process
        wallet.payInvoice(inv.bolt11());
        assertThat(Inside.of(app).invoices().find(inv.id()).orElseThrow().status())
                .isEqualTo(InvoiceStatus.PENDING);
        clock.advance(Duration.ofMinutes(10));
        assertThat(Inside.of(app).autopay().autopay(inv.id())).isEqualTo(Autopay.AutopayResult.PAID);
        assertThat(Inside.of(app).invoices().find(inv.id()).orElseThrow().status())
                .isEqualTo(InvoiceStatus.PAID);
        assertThat(wallet.payCalls).as("no second pay_invoice").hasValue(1);
        assertThat(wallet.balance).hasValue(100_000 - inv.amount());
    }

    @Test
    void aBolt11IssuedSinceTheClaimIsNeverPaidUnderIt() throws Exception {
        Invoice inv = claimedThenCrashed();
        // down longer than the bolt11 lives: a new one is issued before autopay comes back
        clock.advance(Duration.ofHours(25));
        Invoice fresh = Inside.of(app).payments().ensureBolt11(inv.id());
        assertThat(fresh.paymentHash()).isNotEqualTo(inv.paymentHash());
        // the app's own job runner may take the stale claim first (then this call stands back): either way it fails
        assertThat(Inside.of(app).autopay().autopay(inv.id()))
                .isIn(Autopay.AutopayResult.FAILED, Autopay.AutopayResult.ALREADY_STARTED);
        Invoice after = Wait.until(
                "autopay given up under the old bolt11",
                Duration.ofSeconds(10),
                () -> Inside.of(app).invoices().find(inv.id()).orElseThrow(),
                i -> i.autopayError() != null && i.autopayError().contains("pay it from your wallet"));
        assertThat(after.status()).isEqualTo(InvoiceStatus.PENDING);
        assertThat(Inside.of(app).autopay().autopay(inv.id())).isEqualTo(Autopay.AutopayResult.ALREADY_STARTED);
        assertThat(wallet.payCalls).hasValue(0);
        assertThat(wallet.balance).hasValue(100_000);
    }
}
