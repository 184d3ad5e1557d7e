package caravel.billing;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.Inside;
import caravel.Wallets;
import caravel.domain.InvoiceStatus;
import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.MemoryWallet;
import caravel.testing.MutableClock;
import caravel.testing.TestBackend;
import caravel.testing.Wait;
import caravel.testing.ZooidEmulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tenants whose autopay wallets black-hole pay_invoice used to hold the shared job slots (provisioning, DMs, billing)
 * for their whole timeout. Autopay now runs in its own runner (TENANT_WALLET_CONCURRENCY slots): with six stuck
 * wallets a new relay is still provisioned at once and the API stays responsive; when the wallets answer again, every
 * invoice is paid exactly once.
 */
@Tag("peer")
class WalletIsolationTest {
    @TempDir
    Path dir;

    ZooidEmulator zooid;
    TestBackend backend;

    @AfterEach
    void stop() throws Exception {
        if (backend != null) backend.close();
        if (zooid != null) zooid.close();
    }

    /** A tenant's wallet that says it can pay, then holds every pay_invoice until released. */
    static final class BlackHole implements LightningWallet {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger payCalls = new AtomicInteger();
        final AtomicInteger waiting = new AtomicInteger();
        final MemoryWallet platform;

        BlackHole(MemoryWallet platform) {
            this.platform = platform;
        }

        @Override
        public MadeInvoice makeInvoice(long a, String d, long e) throws WalletException {
            throw new WalletException("NOT_IMPLEMENTED", "no");
        }

        @Override
        public Lookup lookupInvoice(String h) throws WalletException {
            throw new WalletException("NOT_IMPLEMENTED", "no");
        }

        @Override
        public String payInvoice(String bolt11) throws WalletException {
            payCalls.incrementAndGet();
            waiting.incrementAndGet();
            try {
                if (!release.await(60, TimeUnit.SECONDS)) throw new WalletException("TIMEOUT", "no answer");
            } catch (InterruptedException e) {
                throw new WalletException("TIMEOUT", "interrupted");
            } finally {
                waiting.decrementAndGet();
            }
            platform.invoices.values().stream()
                    .filter(m -> m.bolt11().equals(bolt11))
                    .findFirst()
                    .ifPresent(m -> platform.pay(m.hash()));
            return "00";
        }

        @Override
        public Info getInfo() {
            return new Info("black hole", java.util.List.of("pay_invoice", "get_info"));
        }
    }

    @Test
    void stuckTenantWalletsDelayNobodyElse() throws Exception {
        MutableClock clock = new MutableClock();
        MemoryWallet platform = new MemoryWallet(clock);
        BlackHole hole = new BlackHole(platform);
        Keys zooidKey = Keys.generate();
        zooid = new ZooidEmulator(dir.resolve("zooid"), zooidKey.pubkey(), 0);
        backend = new TestBackend(
                dir,
                env -> {
                    zooid.pointAt(env, zooidKey);
                    env.put("TENANT_WALLET_CONCURRENCY", "2");
                },
                new Wallets(Optional.of(platform), url -> hole),
                clock);
        Api api = backend.api;
        String[] invoices = new String[6];
        for (int i = 0; i < invoices.length; i++) {
            Keys t = Keys.generate();
            api.as(t, "POST", "/tenants", null);
            String nwc = "nostr+walletconnect://" + Keys.generate().pubkey()
                    + "?relay=wss%3A%2F%2Fwallet.example.com&secret="
                    + Keys.generate().secretHex();
            // a budget that covers the new relay, so autopay pays its first invoice without a confirmation
            Api.Response saved = api.as(
                    t,
                    "PUT",
                    "/tenants/" + t.pubkey(),
                    Api.json(java.util.Map.of("nwc_url", nwc, "autopay_budget", 100_000)));
            assertThat(saved.status()).as(saved.body()).isEqualTo(200);
            Api.Response r = api.as(
                    t, "POST", "/relays", "{\"name\":\"p\",\"subdomain\":\"paid-" + i + "\",\"plan\":\"basic\"}");
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            invoices[i] = r.json().at("/invoice/id").asText();
        }
        Wait.until("autopay jobs stuck in the wallets", Duration.ofSeconds(20), hole.waiting::get, n -> n == 2);

        // meanwhile: another tenant's free relay is provisioned at once, and the API answers quickly
        Keys other = Keys.generate();
        long t0 = System.nanoTime();
        Api.Response created =
                api.as(other, "POST", "/relays", "{\"name\":\"f\",\"subdomain\":\"free-one\",\"plan\":\"free\"}");
        String id = created.json().at("/relay/id").asText();
        Wait.until(
                "provisioned",
                Duration.ofSeconds(10),
                () -> api.as(other, "GET", "/relays/" + id, null)
                        .json()
                        .path("status")
                        .asText(),
                "active"::equals);
        assertThat((System.nanoTime() - t0) / 1_000_000)
                .as("ms to provision next to stuck wallets")
                .isLessThan(10_000);
        for (int i = 0; i < 20; i++) {
            long s = System.nanoTime();
            assertThat(api.send("GET", "/healthz", null, null).status()).isEqualTo(200);
            assertThat((System.nanoTime() - s) / 1_000_000).isLessThan(1_000);
        }
        assertThat(hole.waiting.get()).isEqualTo(2); // never more than the tenant-wallet slots

        // the wallets answer again: every invoice is paid, each exactly once
        hole.release.countDown();
        for (String inv : invoices) {
            String owner =
                    Inside.of(backend.app).invoices().find(inv).orElseThrow().tenant();
            Wait.until(
                    "paid " + inv,
                    Duration.ofSeconds(30),
                    () -> Inside.of(backend.app)
                            .invoices()
                            .find(inv)
                            .orElseThrow()
                            .status(),
                    s -> s == InvoiceStatus.PAID);
            assertThat(owner).isNotEmpty();
        }
        assertThat(hole.payCalls.get()).isEqualTo(invoices.length);
    }
}
