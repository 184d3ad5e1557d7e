package caravel.billing;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.Inside;
import caravel.Wallets;
import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.AppOptions;
import caravel.testing.BothDatabases;
import caravel.testing.MemoryWallet;
import caravel.testing.MutableClock;
import caravel.testing.TestBackend;
import caravel.testing.Wait;
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
 * Clock-driven billing through the HTTP API, with zooid (emulator) in the loop: first invoice, proration,
 * renewal batching, downgrade at the next cycle, upgrade difference, grace, suspension, reactivation, re-issued
 * bolt11, autopay. The platform wallet is an in-memory ledger here; NwcBillingTest covers the real NWC wallet.
 */
@Tag("peer")
@BothDatabases
class BillingFlowTest {
    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock();
    final MemoryWallet wallet = new MemoryWallet(clock);
    final RecordingNotices notices = new RecordingNotices();
    final Keys zooidKey = Keys.generate(), user = Keys.generate();
    ZooidEmulator zooid;
    TestBackend backend;
    Api api;
    Renewals renewals;
    PaymentConfirmation payments;

    @BeforeEach
    void start() throws Exception {
        clock.set(Instant.parse("2027-01-10T12:00:00Z"));
        zooid = new ZooidEmulator(dir.resolve("zooid"), zooidKey.pubkey(), 0);
        backend = new TestBackend(
                dir,
                env -> {
                    zooid.pointAt(env, zooidKey);
                },
                AppOptions.builder()
                        .wallets(new Wallets(Optional.of(wallet), url -> wallet))
                        .notices(notices),
                clock);
        api = backend.api;
        renewals = Inside.of(backend.app).renewals();
        payments = Inside.of(backend.app).payments();
    }

    @AfterEach
    void stop() throws Exception {
        backend.close();
        zooid.close();
    }

    JsonNode create(String sub, String plan) {
        Api.Response r = api.as(
                user,
                "POST",
                "/relays",
                "{\"name\":\"" + sub + "\",\"subdomain\":\"" + sub + "\",\"plan\":\"" + plan + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    JsonNode relay(String id) {
        return api.as(user, "GET", "/relays/" + id, null).json();
    }

    JsonNode invoice(String id) {
        return api.as(user, "GET", "/invoices/" + id, null).json();
    }

    JsonNode invoices() {
        return api.as(user, "GET", "/tenants/" + user.pubkey() + "/invoices?per_page=200", null)
                .json()
                .get("items");
    }

    long renewalInvoices() {
        long n = 0;
        for (JsonNode inv : invoices()) if (inv.get("kind").asText().equals("renewal")) n++;
        return n;
    }

    void pay(JsonNode invoice) {
        String bolt11 = api.as(user, "GET", "/invoices/" + invoice.get("id").asText() + "/bolt11", null)
                .json()
                .get("bolt11")
                .asText();
        wallet.pay(wallet.invoices.values().stream()
                .filter(m -> m.bolt11().equals(bolt11))
                .findFirst()
                .orElseThrow()
                .hash());
        Api.Response checked =
                api.as(user, "POST", "/invoices/" + invoice.get("id").asText() + "/check", null);
        assertThat(checked.json().get("status").asText()).isEqualTo("paid");
    }

    /** The webhook events of {@code kind} recorded so far (the outbox's rows, drained or not), their data, oldest first. */
    java.util.List<JsonNode> told(String kind) {
        return Inside.of(backend.app)
                .db()
                .jdbi()
                .withHandle(
                        h -> h.createQuery("SELECT data FROM webhook_outbox WHERE kind = :k ORDER BY created_ms, id")
                                .bind("k", kind)
                                .mapTo(String.class)
                                .list())
                .stream()
                .map(BillingFlowTest::json)
                .toList();
    }

    static JsonNode json(String s) {
        try {
            return Api.JSON.readTree(s);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    String zooidState(String schema) {
        return zooid.relay(schema).get("inactive").asBoolean() ? "inactive" : "serving";
    }

    @Test
    void paidRelayServesOnlyOncePaidAndTheCheckButtonWorks() {
        JsonNode created = create("paid-one", "basic");
        JsonNode inv = created.get("invoice");
        assertThat(inv.get("amount").asLong()).isEqualTo(10_000); // first paid relay: a full month from now
        assertThat(inv.get("kind").asText()).isEqualTo("initial");
        assertThat(inv.get("bolt11").asText()).startsWith("lnbcrt");
        assertThat(inv.at("/items/0/period_end").asLong()
                        - inv.at("/items/0/period_start").asLong())
                .isEqualTo(31 * 86_400L);
        String id = created.at("/relay/id").asText();
        Wait.until("provisioned inactive", Duration.ofSeconds(20), () -> zooid.relays(), z -> z.has("paid_one"));
        assertThat(zooidState("paid_one")).isEqualTo("inactive");
        assertThat(relay(id).get("status").asText()).isEqualTo("awaiting_payment");
        assertThat(relay(id).get("awaiting_payment_invoice").asText())
                .isEqualTo(inv.get("id").asText());
        // "I've paid" before paying: still pending
        assertThat(api.as(user, "POST", "/invoices/" + inv.get("id").asText() + "/check", null)
                        .json()
                        .get("status")
                        .asText())
                .isEqualTo("pending");
        pay(inv);
        Wait.until(
                "active",
                Duration.ofSeconds(20),
                () -> relay(id),
                r -> r.get("status").asText().equals("active"));
        Wait.until("serving", Duration.ofSeconds(20), () -> zooidState("paid_one"), "serving"::equals);
        assertThat(notices.count("dm:paid:")).isEqualTo(1);
        // paying is idempotent: a second check changes nothing
        assertThat(payments.settle(Inside.of(backend.app)
                        .invoices()
                        .find(inv.get("id").asText())
                        .orElseThrow()
                        .paidHash()))
                .isFalse();
        assertThat(notices.count("dm:paid:")).isEqualTo(1);
    }

    @Test
    void expiredBolt11IsReissued() {
        JsonNode inv = create("expiring", "basic").get("invoice");
        String first = inv.get("bolt11").asText();
        String again = api.as(user, "GET", "/invoices/" + inv.get("id").asText() + "/bolt11", null)
                .json()
                .get("bolt11")
                .asText();
        assertThat(again).isEqualTo(first); // still valid: the same one
        clock.advance(Duration.ofHours(25));
        JsonNode fresh = api.as(user, "GET", "/invoices/" + inv.get("id").asText() + "/bolt11", null)
                .json();
        assertThat(fresh.get("bolt11").asText()).isNotEqualTo(first);
        assertThat(fresh.get("expires_at").asLong()).isGreaterThan(clock.seconds());
        assertThat(fresh.get("amount").asLong()).isEqualTo(10_000);
    }

    @Test
    void prorationRenewalBatchingAndIdempotentRuns() {
        JsonNode a = create("batch-a", "basic");
        pay(a.get("invoice"));
        clock.advance(Duration.ofDays(10)); // 2027-01-20: 21 of 31 days left in the cycle
        JsonNode b = create("batch-b", "growth");
        JsonNode pro = b.get("invoice");
        assertThat(pro.get("kind").asText()).isEqualTo("proration");
        assertThat(pro.get("amount").asLong()).isEqualTo(Math.round(50_000 * 21.0 / 31));
        pay(pro);
        assertThat(renewals.runCycle().renewalInvoices()).isZero(); // nothing due yet
        clock.set(Instant.parse("2027-02-10T12:01:00Z"));
        // the backend's own periodic run is due at the new time too and may issue the renewal first: whichever run
        // gets there, exactly one renewal invoice exists, and another run issues nothing new
        int issued = renewals.runCycle().renewalInvoices();
        assertThat(issued).isBetween(0, 1);
        Wait.until("the renewal invoice", Duration.ofSeconds(10), () -> renewalInvoices() == 1);
        assertThat(renewals.runCycle().renewalInvoices()).isZero(); // a second run issues nothing new
        assertThat(renewalInvoices()).isEqualTo(1);
        JsonNode renewal = invoices().get(0);
        long anchor = api.as(user, "GET", "/tenants/" + user.pubkey(), null)
                .json()
                .get("billing_anchor")
                .asLong();
        assertThat(renewal.get("kind").asText()).isEqualTo("renewal");
        assertThat(renewal.get("amount").asLong()).isEqualTo(60_000);
        assertThat(renewal.get("items")).hasSize(2);
        long sum = 0;
        for (JsonNode item : renewal.get("items")) {
            sum += item.get("amount").asLong();
            assertThat(item.get("period_start").asLong()).isEqualTo(Cycles.boundary(anchor, 1));
            assertThat(item.get("period_end").asLong()).isEqualTo(Cycles.boundary(anchor, 2));
        }
        assertThat(sum).isEqualTo(renewal.get("amount").asLong());
        Wait.until(
                "invoice DM (issued asynchronously by the issue job)",
                Duration.ofSeconds(10),
                () -> notices.count("dm:invoice:" + renewal.get("id").asText()),
                n -> n == 1);
        // the "please pay" DM links the account page with this invoice's payment dialog open, as the reminder does
        assertThat(notices.sent.stream()
                        .filter(m ->
                                m.key().equals("dm:invoice:" + renewal.get("id").asText())))
                .singleElement()
                .satisfies(m -> assertThat(m.message())
                        .contains("Pay it here: " + backend.env.get("PUBLIC_URL") + "/account?invoice="
                                + renewal.get("id").asText()));
    }

    @Test
    void upgradeChargesTheDifferenceAndDowngradeWaitsForTheNextCycle() {
        JsonNode a = create("changer", "basic");
        String id = a.at("/relay/id").asText();
        pay(a.get("invoice"));
        clock.advance(Duration.ofDays(16)); // 15 of 31 days left
        JsonNode up =
                api.as(user, "PUT", "/relays/" + id, "{\"plan\":\"growth\"}").json();
        assertThat(up.get("plan").asText()).isEqualTo("basic"); // paid before served
        assertThat(up.get("upgrade_plan").asText()).isEqualTo("growth");
        JsonNode upgrade = invoices().get(0);
        assertThat(upgrade.get("kind").asText()).isEqualTo("upgrade");
        assertThat(upgrade.get("id").asText())
                .isEqualTo(up.get("upgrade_invoice").asText());
        assertThat(upgrade.get("amount").asLong()).isEqualTo(Math.round(40_000 * 15.0 / 31));
        assertThat(told("relay.plan_changed"))
                .as("not served on the new plan until paid")
                .isEmpty();
        pay(upgrade);
        assertThat(relay(id).get("plan").asText()).isEqualTo("growth");
        assertThat(told("relay.plan_changed")).singleElement().satisfies(d -> {
            assertThat(d.path("activity").asText()).isEqualTo("plan_changed");
            assertThat(d.path("change").asText()).isEqualTo("upgrade");
            assertThat(d.path("from_plan").asText()).isEqualTo("basic");
            assertThat(d.path("to_plan").asText()).isEqualTo("growth");
        });
        assertThat(relay(id).get("upgrade_plan").isNull()).isTrue();
        JsonNode down =
                api.as(user, "PUT", "/relays/" + id, "{\"plan\":\"basic\"}").json();
        assertThat(down.get("plan").asText()).isEqualTo("growth");
        assertThat(down.get("pending_plan").asText()).isEqualTo("basic");
        assertThat(invoices()).hasSize(2); // no invoice for a downgrade
        clock.set(Instant.parse("2027-02-10T12:01:00Z"));
        renewals.runCycle();
        assertThat(relay(id).get("plan").asText()).isEqualTo("basic");
        assertThat(relay(id).get("pending_plan").isNull()).isTrue();
        // told when it took effect (the renewal), not when it was asked for
        assertThat(told("relay.plan_changed")).hasSize(2).last().satisfies(d -> {
            assertThat(d.path("change").asText()).isEqualTo("downgrade");
            assertThat(d.path("from_plan").asText()).isEqualTo("growth");
            assertThat(d.path("to_plan").asText()).isEqualTo("basic");
        });
        assertThat(invoices().get(0).get("amount").asLong()).isEqualTo(10_000);
    }

    @Test
    void graceReminderSuspensionAndReactivationOnPayment() {
        JsonNode a = create("late-payer", "basic");
        String id = a.at("/relay/id").asText();
        pay(a.get("invoice"));
        Wait.until(
                "serving",
                Duration.ofSeconds(20),
                () -> zooid.relays().has("late_payer") ? zooidState("late_payer") : "",
                "serving"::equals);
        clock.set(Instant.parse("2027-02-10T12:01:00Z"));
        renewals.runCycle();
        JsonNode renewal = invoices().get(0);
        String renewalId = renewal.get("id").asText();
        // invoice.overdue: told once the day it is due on is over unpaid, once, long before the reminder
        assertThat(told("invoice.overdue"))
                .as("not overdue in the second it is due")
                .isEmpty();
        clock.advance(Duration.ofHours(11));
        renewals.runCycle();
        assertThat(told("invoice.overdue"))
                .as("not overdue on the day it is due")
                .isEmpty();
        clock.set(Instant.parse("2027-02-11T00:00:30Z"));
        renewals.runCycle(); // (the app's own periodic job may get there first)
        assertThat(told("invoice.overdue"))
                .singleElement()
                .satisfies(d -> assertThat(d.path("message").asText()).contains(renewalId));
        assertThat(notices.count("dm:reminder:")).isZero();
        renewals.runCycle();
        assertThat(told("invoice.overdue")).hasSize(1);
        clock.advance(Duration.ofDays(5));
        renewals.runCycle(); // the app's own periodic job may send the reminder first (the clock jumped past its due
        // time)
        Wait.until("one reminder", Duration.ofSeconds(10), () -> notices.count("dm:reminder:"), n -> n == 1);
        assertThat(renewals.runCycle().reminders()).isZero(); // never twice
        assertThat(told("invoice.overdue"))
                .as("the reminder tells no second overdue")
                .hasSize(1);
        // the reminder links the web app's account page with this invoice's payment dialog open
        String payLink = backend.env.get("PUBLIC_URL") + "/account?invoice="
                + renewal.get("id").asText();
        assertThat(notices.sent.stream().filter(s -> s.key().startsWith("dm:reminder:")))
                .singleElement()
                .satisfies(s -> assertThat(s.message()).contains("Pay it here: " + payLink));
        assertThat(relay(id).get("status").asText()).isEqualTo("active");
        clock.advance(Duration.ofDays(2)); // 7 days after the due date
        renewals.runCycle(); // (the app's own periodic job may get there first: the clock jumped past its due time)
        assertThat(relay(id).get("status").asText()).isEqualTo("suspended");
        assertThat(notices.sent.stream().filter(s -> s.key().startsWith("dm:suspended:")))
                .allSatisfy(s -> assertThat(s.message()).contains(payLink));
        Wait.until("zooid inactive", Duration.ofSeconds(20), () -> zooidState("late_payer"), "inactive"::equals);
        assertThat(notices.count("dm:suspended:")).isEqualTo(1);
        assertThat(renewals.runCycle().suspensions()).isZero();
        pay(renewal);
        assertThat(relay(id).get("status").asText()).isEqualTo("active");
        Wait.until("zooid serving again", Duration.ofSeconds(20), () -> zooidState("late_payer"), "serving"::equals);
        assertThat(notices.count("dm:reactivated:")).isEqualTo(1);
        assertThat(invoices()).hasSize(2); // paid within the same cycle: nothing more to bill
    }

    @Test
    void autopayPaysDueInvoicesFromTheTenantWallet() {
        JsonNode a = create("auto", "basic");
        pay(a.get("invoice"));
        String nwc = "nostr+walletconnect://" + Keys.generate().pubkey() + "?relay=wss%3A%2F%2Frelay.example&secret="
                + Keys.generate().secretHex();
        Api.Response saved = api.as(user, "PUT", "/tenants/" + user.pubkey(), "{\"nwc_url\":\"" + nwc + "\"}");
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        assertThat(saved.json().get("autopay").asBoolean()).isTrue();
        assertThat(saved.body()).doesNotContain("walletconnect");
        String stored = Inside.of(backend.app)
                .db()
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT nwc_url_enc FROM tenants")
                        .mapTo(String.class)
                        .one());
        assertThat(stored).doesNotContain("walletconnect").startsWith("v1:");
        clock.set(Instant.parse("2027-02-10T12:01:00Z"));
        renewals.runCycle();
        String renewalId = invoices().get(0).get("id").asText();
        Wait.until(
                "autopaid",
                Duration.ofSeconds(20),
                () -> invoice(renewalId).get("status").asText(),
                "paid"::equals);
        assertThat(notices.count("dm:invoice:" + renewalId)).isZero(); // no "please pay" DM with autopay on
        assertThat(notices.count("dm:paid:" + renewalId)).isEqualTo(1);
    }

    @Test
    void paidPlansNeedAWalletAndBadNwcUrlsAreRejected() {
        assertThat(api.as(user, "POST", "/tenants", null).status()).isIn(200, 201);
        Api.Response bad = api.as(user, "PUT", "/tenants/" + user.pubkey(), "{\"nwc_url\":\"https://not-nwc\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.error()).contains("nostr+walletconnect://");
        wallet.offline = true;
        String nwc = "nostr+walletconnect://" + Keys.generate().pubkey() + "?relay=wss%3A%2F%2Fr.example&secret="
                + Keys.generate().secretHex();
        JsonNode r = create("offline-wallet", "basic");
        assertThat(r.get("invoice").get("bolt11").isNull()).isTrue(); // made later, when the wallet answers
        Api.Response unreachable =
                api.as(user, "GET", "/invoices/" + r.get("invoice").get("id").asText() + "/bolt11", null);
        assertThat(unreachable.status()).isEqualTo(503);
        wallet.offline = false;
        assertThat(api.as(user, "GET", "/invoices/" + r.get("invoice").get("id").asText() + "/bolt11", null)
                        .status())
                .isEqualTo(200);
        assertThat(nwc).isNotBlank();
    }
}
