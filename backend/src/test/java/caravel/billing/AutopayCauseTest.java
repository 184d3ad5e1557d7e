package caravel.billing;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.Inside;
import caravel.Wallets;
import caravel.domain.InvoiceStatus;
import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.BothDatabases;
import caravel.testing.MemoryWallet;
import caravel.testing.MutableClock;
import caravel.testing.TestBackend;
import caravel.testing.Wait;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A charge caused by anyone but the account's own key is never paid by autopay (R5-2, billing's side): a platform
 * administrator's new relay for the tenant waits for the owner, with the reason on the invoice; the tenant's own relay
 * and the system's renewal are paid from the tenant's wallet as before, within the same budget.
 */
@BothDatabases
class AutopayCauseTest {
    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock();
    final MemoryWallet platform = new MemoryWallet(clock);
    final Keys tenant = Keys.generate();
    final AtomicInteger payCalls = new AtomicInteger();
    TestBackend backend;
    Api api;

    /** The tenant's own wallet: pays the platform's bolt11 it is given, and counts what it is asked to pay. */
    final class TenantWallet implements LightningWallet {
        @Override
        public MadeInvoice makeInvoice(long amount, String description, long expiry) throws WalletException {
            throw new WalletException("NOT_IMPLEMENTED", "a tenant's wallet only pays here");
        }

        @Override
        public Lookup lookupInvoice(String hash) throws WalletException {
            throw new WalletException("NOT_IMPLEMENTED", "a tenant's wallet only pays here");
        }

        @Override
        public String payInvoice(String bolt11) throws WalletException {
            payCalls.incrementAndGet();
            MemoryWallet.Made made = platform.invoices.values().stream()
                    .filter(m -> m.bolt11().equals(bolt11))
                    .findFirst()
                    .orElseThrow(() -> new WalletException("NOT_FOUND", "no such invoice"));
            platform.pay(made.hash());
            return "00";
        }

        @Override
        public Info getInfo() {
            return new Info("tenant wallet", List.of("pay_invoice", "get_info"));
        }
    }

    @BeforeEach
    void start() {
        clock.set(Instant.parse("2027-01-10T12:00:00Z"));
        TenantWallet own = new TenantWallet();
        backend = new TestBackend(dir, env -> {}, new Wallets(Optional.of(platform), url -> own), clock);
        api = backend.api;
        api.as(tenant, "POST", "/tenants", null);
        String nwc =
                "nostr+walletconnect://" + Keys.generate().pubkey() + "?relay=wss%3A%2F%2Fwallet.example.com&secret="
                        + Keys.generate().secretHex();
        // a budget that covers all of it: only the cause can hold a charge back here
        Api.Response saved = api.as(
                tenant,
                "PUT",
                "/tenants/" + tenant.pubkey(),
                Api.json(Map.of("nwc_url", nwc, "autopay_budget", 10_000_000)));
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
    }

    @AfterEach
    void stop() {
        backend.close();
    }

    JsonNode create(Keys as, String sub, boolean forTenant) {
        String body = "{\"name\":\"" + sub + "\",\"subdomain\":\"" + sub + "\",\"plan\":\"basic\""
                + (forTenant ? ",\"tenant\":\"" + tenant.pubkey() + "\"" : "") + "}";
        Api.Response r = api.as(as, "POST", "/relays", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    Invoice invoice(String id) {
        return Inside.of(backend.app).invoices().find(id).orElseThrow();
    }

    @Test
    void anAdministratorsChargeWaitsForTheOwnerWhileTheOwnersAndRenewalsArePaid() {
        // the tenant's own relay: paid from its wallet
        String own = create(tenant, "own-relay", false).at("/invoice/id").asText();
        Wait.until(
                "the tenant's own charge is paid",
                Duration.ofSeconds(20),
                () -> invoice(own).status() == InvoiceStatus.PAID);

        // a platform administrator creates a paid relay in the tenant's account: the owner pays it, by hand
        String byAdmin =
                create(backend.admin, "admins-relay", true).at("/invoice/id").asText();
        Invoice held = Wait.until(
                "the administrator's charge held back",
                Duration.ofSeconds(20),
                () -> invoice(byAdmin),
                i -> i.autopayHold() != null);
        assertThat(held.status()).isEqualTo(InvoiceStatus.PENDING);
        assertThat(held.autopayHold())
                .contains("caused by")
                .contains("not by your own key")
                .contains("confirm the payment");
        assertThat(payCalls.get())
                .as("the wallet was asked for the owner's charge only")
                .isEqualTo(1);
        // the owner is told why
        List<String> activity = Inside.of(backend.app)
                .db()
                .jdbi()
                .withHandle(h -> h.select(
                                "SELECT message FROM activity WHERE tenant = ? AND kind = 'autopay_held'",
                                tenant.pubkey())
                        .mapTo(String.class)
                        .list());
        assertThat(activity).singleElement().asString().contains("not by your own key");

        // the system's renewal of the owner's relay a cycle later: paid from the wallet
        clock.set(Instant.parse("2027-02-10T13:00:00Z"));
        Inside.of(backend.app).renewals().runCycle();
        String renewal = Inside.of(backend.app)
                .db()
                .jdbi()
                .withHandle(
                        h -> h.select("SELECT id FROM invoices WHERE tenant = ? AND kind = 'renewal'", tenant.pubkey())
                                .mapTo(String.class)
                                .one());
        Wait.until(
                "the renewal is paid",
                Duration.ofSeconds(20),
                () -> invoice(renewal).status() == InvoiceStatus.PAID);
        assertThat(invoice(byAdmin).status()).isEqualTo(InvoiceStatus.PENDING);
    }
}
