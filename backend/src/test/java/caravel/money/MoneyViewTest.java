package caravel.money;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.Inside;
import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.BothDatabases;
import caravel.testing.MemoryWallet;
import caravel.testing.MutableClock;
import caravel.testing.TestBackend;
import caravel.testing.ZooidEmulator;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GET /admin/money and its CSV, on a platform made through the API: a person who only signed in, one with a free and
 * a paid relay who pays the paid one's invoice over Lightning. The view counts the person with relays as the tenant
 * (the sign-in apart), the payment in its month and way, the paid relay as recurring revenue and as gained, the open
 * invoice until it is paid, an autopay failure with its reason, and an invoice overdue once its grace has passed; only
 * an administrator may read it.
 */
@Tag("peer")
@BothDatabases
class MoneyViewTest {
    @TempDir
    Path dir;

    final Keys zooidKey = Keys.generate(), owner = Keys.generate(), visitor = Keys.generate();
    final MutableClock clock = new MutableClock();
    final MemoryWallet wallet = new MemoryWallet(clock);
    ZooidEmulator zooid;
    TestBackend backend;
    Api api;

    @BeforeEach
    void start() throws Exception {
        // mid-month, so the month the payment lands in is the month the view calls current
        clock.set(Instant.parse("2026-11-10T12:00:00Z"));
        zooid = new ZooidEmulator(dir.resolve("zooid"), zooidKey.pubkey(), 0);
        backend = new TestBackend(
                dir,
                env -> zooid.pointAt(env, zooidKey),
                new caravel.Wallets(Optional.of(wallet), url -> wallet),
                clock);
        api = backend.api;
    }

    @AfterEach
    void stop() {
        if (backend != null) backend.close();
        if (zooid != null) zooid.close();
    }

    JsonNode money() {
        Api.Response r = api.as(backend.admin, "GET", "/admin/money", null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    static JsonNode last(JsonNode array) {
        return array.get(array.size() - 1);
    }

    @Test
    void theViewShowsThePlatformsPayments() {
        JsonNode empty = money();
        assertThat(empty.at("/people/with_relays").asLong()).isZero();
        assertThat(empty.at("/months")).hasSize(12);
        assertThat(last(empty.at("/months")).at("/month").asText()).isEqualTo("2026-11");
        assertThat(last(empty.at("/months")).at("/sats").asLong()).isZero();
        assertThat(empty.at("/recurring/paid_relays").asLong()).isZero();

        // a person who signs in (the web app opens their account) and makes nothing is not a tenant
        assertThat(api.as(visitor, "POST", "/tenants", null).status()).isEqualTo(201);
        Api.Response free =
                api.as(owner, "POST", "/relays", "{\"name\":\"Free\",\"subdomain\":\"money-free\",\"plan\":\"free\"}");
        assertThat(free.status()).as(free.body()).isEqualTo(201);
        Api.Response paid =
                api.as(owner, "POST", "/relays", "{\"name\":\"Paid\",\"subdomain\":\"money-paid\",\"plan\":\"basic\"}");
        assertThat(paid.status()).as(paid.body()).isEqualTo(201);
        String hash = paid.json().at("/invoice/payment_hash").asText();
        long amount = paid.json().at("/invoice/amount").asLong();
        assertThat(amount).isPositive();

        JsonNode before = money();
        assertThat(before.at("/people/with_relays").asLong()).isEqualTo(1);
        long signedIn = before.at("/people/signed_in").asLong();
        assertThat(signedIn).isEqualTo(2); // the visitor and the owner
        assertThat(before.at("/people/without_relays").asLong()).isEqualTo(signedIn - 1);
        assertThat(before.at("/open")).hasSize(1);
        assertThat(before.at("/open/0/rail").asText()).isEqualTo("lightning");
        assertThat(before.at("/open/0/invoices").asLong()).isEqualTo(1);
        assertThat(before.at("/open/0/amount").asLong()).isEqualTo(amount);
        // a first invoice waits for payment before any service is given: never overdue
        assertThat(before.at("/open/0/overdue_invoices").asLong()).isZero();
        assertThat(before.at("/recurring/paid_relays").asLong()).isZero();

        wallet.pay(hash);
        Inside.of(backend.app).payments().onPaymentReceived(hash);
        backend.awaitJobsSettled();

        JsonNode after = money();
        JsonNode month = last(after.at("/months"));
        assertThat(month.at("/invoices").asLong()).isEqualTo(1);
        assertThat(month.at("/sats").asLong()).isEqualTo(amount);
        assertThat(month.at("/by_way/0/way").asText()).isEqualTo("lightning");
        assertThat(after.at("/by_way/0/sats").asLong()).isEqualTo(amount);
        assertThat(after.at("/open")).isEmpty();
        assertThat(after.at("/recurring/paid_relays").asLong()).isEqualTo(1);
        assertThat(after.at("/recurring/sats").asLong()).isEqualTo(10_000); // the basic plan's monthly price
        assertThat(after.at("/recurring/by_plan/0/plan").asText()).isEqualTo("basic");
        JsonNode churn = last(after.at("/churn"));
        assertThat(churn.at("/month").asText()).isEqualTo("2026-11");
        assertThat(churn.at("/gained").asLong()).isEqualTo(1);
        assertThat(churn.at("/lost").asLong()).isZero();
        assertThat(churn.at("/paid_at_start").asLong()).isZero();
        assertThat(churn.at("/recorded").asBoolean()).isTrue();

        Api.Response csv = api.as(backend.admin, "GET", "/admin/money.csv", null);
        assertThat(csv.status()).as(csv.body()).isEqualTo(200);
        assertThat(csv.body())
                .isEqualTo("month,way,invoices,sats,fiat_currency,fiat_minor_units\r\n2026-11,lightning,1," + amount
                        + ",,0\r\n");
    }

    @Test
    void failedAutopaysAndOverdueInvoicesAreListedWithTheirReasons() {
        Api.Response paid =
                api.as(owner, "POST", "/relays", "{\"name\":\"Paid\",\"subdomain\":\"money-late\",\"plan\":\"basic\"}");
        assertThat(paid.status()).as(paid.body()).isEqualTo(201);
        String hash = paid.json().at("/invoice/payment_hash").asText();
        wallet.pay(hash);
        Inside.of(backend.app).payments().onPaymentReceived(hash);
        backend.awaitJobsSettled();

        // a month on: the renewal is issued, due at once; its autopay fails
        clock.advance(Duration.ofDays(31));
        Inside.of(backend.app).renewals().runCycle();
        String renewal = Inside.of(backend.app)
                .db()
                .jdbi()
                .withHandle(
                        h -> h.select("SELECT id FROM invoices WHERE tenant = ? AND kind = 'renewal'", owner.pubkey())
                                .mapTo(String.class)
                                .one());
        Inside.of(backend.app)
                .db()
                .jdbi()
                .useHandle(h -> Inside.of(backend.app).invoices().setAutopayError(h, renewal, "wallet unreachable"));

        JsonNode failing = money();
        assertThat(failing.at("/failed_autopays/total").asLong()).isEqualTo(1);
        assertThat(failing.at("/failed_autopays/unpaid").asLong()).isEqualTo(1);
        JsonNode item = failing.at("/failed_autopays/items/0");
        assertThat(item.at("/invoice").asText()).isEqualTo(renewal);
        assertThat(item.at("/tenant").asText()).isEqualTo(owner.pubkey());
        assertThat(item.at("/kind").asText()).isEqualTo("autopay_failed");
        assertThat(item.at("/reason").asText()).isEqualTo("wallet unreachable");
        // still within its grace: open, not overdue
        assertThat(failing.at("/overdue")).isEmpty();
        assertThat(failing.at("/open/0/overdue_invoices").asLong()).isZero();

        clock.advance(Duration.ofDays(8));
        JsonNode late = money();
        assertThat(late.at("/overdue")).hasSize(1);
        assertThat(late.at("/overdue/0/invoice").asText()).isEqualTo(renewal);
        assertThat(late.at("/open/0/overdue_invoices").asLong()).isEqualTo(1);
        assertThat(late.at("/open/0/overdue_amount").asLong())
                .isEqualTo(late.at("/overdue/0/amount").asLong())
                .isPositive();
    }

    @Test
    void onlyAnAdministratorReadsIt() {
        Api.Response created =
                api.as(owner, "POST", "/relays", "{\"name\":\"Free\",\"subdomain\":\"money-nosy\",\"plan\":\"free\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        // by NIP-98 and by session alike
        assertThat(api.as(owner, "GET", "/admin/money", null).status()).isEqualTo(403);
        assertThat(api.as(owner, "GET", "/admin/money.csv", null).status()).isEqualTo(403);
        String token =
                api.as(owner, "POST", "/auth/session", null).json().get("token").asText();
        assertThat(api.bearer(token, "GET", "/admin/money", null).status()).isEqualTo(403);
        assertThat(api.bearer(token, "GET", "/admin/money.csv", null).status()).isEqualTo(403);
        assertThat(api.send("GET", "/admin/money", null, null).status()).isEqualTo(401);
        String admin = api.as(backend.admin, "POST", "/auth/session", null)
                .json()
                .get("token")
                .asText();
        assertThat(api.bearer(admin, "GET", "/admin/money", null).status()).isEqualTo(200);
    }
}
