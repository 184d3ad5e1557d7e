package caravel.billing;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.App;
import caravel.Inside;
import caravel.Wallets;
import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.BillingCrashLoop;
import caravel.testing.LocalStack;
import caravel.testing.MutableClock;
import caravel.testing.TestBackend;
import caravel.testing.Wait;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One tenant's own wallet (autopay) down during a renewal run, with the local stack's NWC wallets (OutageTest covers
 * zooid, the platform wallet and the robot's relays). Invariants: while it is down, every other tenant's renewal is
 * autopaid, a new free relay is provisioned, a new paid relay is autopaid, a tenant without autopay gets its
 * "please pay" DM and the API answers every request; the down wallet is never charged while down; once it is back
 * the waiting renewal is paid exactly once (autopay tries a wallet once and never again — an answer lost may mean
 * the payment went through — so the tenant pays it) and the wallet is charged once.
 */
@Tag("slow")
@Tag("peer")
class TenantWalletOutageTest {
    @TempDir
    Path dir;

    LocalStack stack;
    TestBackend backend;

    @AfterEach
    void stop() {
        if (backend != null) backend.close();
        if (stack != null) stack.close();
    }

    record Tenant(Keys keys, String wallet) {}

    @Test
    void oneTenantsWalletDownDelaysNobodyElseAndItsRenewalIsPaidOnce() throws Exception {
        stack = new LocalStack();
        Duration timeout = Duration.ofSeconds(4);
        // the wallets and billing both follow real time; a month passes for billing by moving its tables back (below)
        Clock real = Clock.systemUTC();
        MutableClock clock = new MutableClock();
        Wallets wallets = new Wallets(
                Optional.of(new NwcWallet(stack.get("platform_nwc_url"), timeout, real)),
                url -> new NwcWallet(url, timeout, real));
        backend = new TestBackend(dir, stack::pointAt, wallets, clock);
        Api api = backend.api;

        Tenant down = autopayTenant(api, "down");
        Tenant b = autopayTenant(api, "b");
        Tenant c = autopayTenant(api, "c");
        Keys manual = Keys.generate();
        String manualWallet = "manual-" + manual.pubkey().substring(0, 8);
        stack.wallet("POST", "/wallets", "{\"name\":\"" + manualWallet + "\",\"balance\":1000000}");
        JsonNode manualFirst = created(api, manual, "manual-first", "basic").get("invoice");
        stack.pay(manualFirst.get("bolt11").asText(), manualWallet);
        for (Tenant t : List.of(down, b, c)) {
            String inv = created(api, t.keys(), "first-" + t.wallet(), "basic")
                    .at("/invoice/id")
                    .asText();
            Wait.until(
                    "first invoice autopaid", Duration.ofSeconds(60), () -> status(api, t.keys(), inv), "paid"::equals);
        }
        String manualInv = manualFirst.get("id").asText();
        Wait.until("paid by hand", Duration.ofSeconds(60), () -> status(api, manual, manualInv), "paid"::equals);
        long downBefore = stack.balance(down.wallet()), bBefore = stack.balance(b.wallet());
        // what follows a payment (activation, the relay's period) is written by jobs: all of it lands before the month
        // is moved below, or a late write stamps a relay with today's period and its renewal is not due (seen in CI)
        backend.awaitJobsSettled();

        stack.fault(down.wallet(), "offline", null); // requests to it are never answered
        try {
            // a month passes for billing only: the billing tables move back (the wallets' bolt11s and Nostr
            // timestamps follow real time, which a clock moved ahead would make look expired)
            BillingCrashLoop.shiftBack(
                    Inside.of(backend.app).db(), Duration.ofDays(32).toSeconds());
            Renewals.RunReport run = Inside.of(backend.app).renewals().runCycle();
            assertThat(run.renewalInvoices()).as("renewals issued").isEqualTo(4);
            String downRenewal = renewal(backend.app, down.keys()),
                    bRenewal = renewal(backend.app, b.keys()),
                    cRenewal = renewal(backend.app, c.keys()),
                    manualRenewal = renewal(backend.app, manual);

            // meanwhile, everyone else's work completes while the wallet is still down
            Keys other = Keys.generate();
            String free =
                    created(api, other, "free-during", "free").at("/relay/id").asText();
            String paidNew = created(api, b.keys(), "paid-during", "basic")
                    .at("/invoice/id")
                    .asText();
            for (int i = 0; i < 30; i++)
                assertThat(api.as(b.keys(), "GET", "/tenants/" + b.keys().pubkey() + "/relays", null)
                                .status())
                        .isEqualTo(200);
            Wait.until(
                    "b's renewal autopaid",
                    Duration.ofSeconds(60),
                    () -> status(api, b.keys(), bRenewal),
                    "paid"::equals);
            Wait.until(
                    "c's renewal autopaid",
                    Duration.ofSeconds(60),
                    () -> status(api, c.keys(), cRenewal),
                    "paid"::equals);
            Wait.until(
                    "new paid relay autopaid",
                    Duration.ofSeconds(60),
                    () -> status(api, b.keys(), paidNew),
                    "paid"::equals);
            Wait.until(
                    "free relay provisioned",
                    Duration.ofSeconds(60),
                    () -> api.as(other, "GET", "/relays/" + free, null)
                            .json()
                            .path("status")
                            .asText(),
                    "active"::equals);
            Wait.until(
                    "the manual tenant's renewal DM sent",
                    Duration.ofSeconds(60),
                    () -> jobStatus(backend.app, "dm:invoice:" + manualRenewal),
                    "done"::equals);
            // the down tenant's autopay asked once, got no answer, and charged nothing
            JsonNode waiting = Wait.until(
                    "autopay of the down wallet ended",
                    Duration.ofSeconds(60),
                    () -> api.as(down.keys(), "GET", "/invoices/" + downRenewal, null)
                            .json(),
                    j -> !j.path("autopay_error").isNull());
            assertThat(waiting.get("status").asText()).isEqualTo("pending");
            assertThat(stack.balance(down.wallet())).isEqualTo(downBefore);
            assertThat(stack.balance(b.wallet()))
                    .as("b charged its renewal and new relay once each")
                    .isLessThan(bBefore);
            // the job records its outcome just after the invoice's autopay error
            Wait.until(
                    "the down wallet's autopay job done",
                    Duration.ofSeconds(30),
                    () -> jobStatus(backend.app, "autopay:" + downRenewal),
                    "done"::equals);
        } finally {
            stack.fault(down.wallet(), "none", null);
        }

        // back: autopay does not try again; the tenant pays the waiting renewal from the same wallet
        String downRenewal = renewal(backend.app, down.keys());
        assertThat(api.as(down.keys(), "POST", "/invoices/" + downRenewal + "/pay", null)
                        .status())
                .as("a second pay_invoice from autopay is refused")
                .isEqualTo(409);
        JsonNode bolt11 = api.as(down.keys(), "GET", "/invoices/" + downRenewal + "/bolt11", null)
                .json();
        long due = bolt11.get("amount").asLong();
        stack.pay(bolt11.get("bolt11").asText(), down.wallet());
        Wait.until("renewal paid", Duration.ofSeconds(60), () -> status(api, down.keys(), downRenewal), "paid"::equals);
        // the lost request is not replayed later: the periodic run's work (renewals, payment look-ups) runs now rather
        // than at its next tick, and every job it or the payment's notification started has finished
        Inside.of(backend.app).renewals().runCycle();
        Inside.of(backend.app).payments().collect();
        backend.awaitJobsSettled();
        assertThat(stack.balance(down.wallet())).as("charged once").isEqualTo(downBefore - due);
        long settled = stack
                .wallet("GET", "/invoices?wallet=platform&state=settled", null)
                .get("invoices")
                .findValuesAsText("payment_hash")
                .stream()
                .filter(h -> Inside.of(backend.app)
                                .db()
                                .jdbi()
                                .withHandle(x -> x.createQuery(
                                                "SELECT count(*) FROM invoice_payments WHERE payment_hash = :h AND invoice = :i")
                                        .bind("h", h)
                                        .bind("i", downRenewal)
                                        .mapTo(Integer.class)
                                        .one())
                        > 0)
                .count();
        assertThat(settled).as("settled payments for the waiting renewal").isEqualTo(1);
    }

    private Tenant autopayTenant(Api api, String tag) {
        Keys k = Keys.generate();
        String name = "out-" + tag + "-" + k.pubkey().substring(0, 8);
        JsonNode w = stack.wallet("POST", "/wallets", "{\"name\":\"" + name + "\",\"balance\":1000000}");
        api.as(k, "POST", "/tenants", null);
        Api.Response saved = api.as(
                k,
                "PUT",
                "/tenants/" + k.pubkey(),
                "{\"nwc_url\":\"" + w.get("nwc_url").asText() + "\",\"autopay_budget\":1000000}");
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        return new Tenant(k, name);
    }

    private static JsonNode created(Api api, Keys k, String sub, String plan) {
        Api.Response r = api.as(
                k,
                "POST",
                "/relays",
                "{\"name\":\"" + sub + "\",\"subdomain\":\"" + sub + "\",\"plan\":\"" + plan + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    private static String status(Api api, Keys k, String invoice) {
        return api.as(k, "GET", "/invoices/" + invoice, null)
                .json()
                .path("status")
                .asText();
    }

    private static String renewal(App app, Keys k) {
        return Inside.of(app)
                .db()
                .jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT id FROM invoices WHERE tenant = :t AND kind = 'renewal' ORDER BY created_at DESC LIMIT 1")
                        .bind("t", k.pubkey())
                        .mapTo(String.class)
                        .one());
    }

    private static String jobStatus(App app, String key) {
        return Inside.of(app)
                .db()
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT status FROM jobs WHERE dedupe_key = :k ORDER BY id DESC LIMIT 1")
                        .bind("k", key)
                        .mapTo(String.class)
                        .findFirst()
                        .orElse(""));
    }
}
