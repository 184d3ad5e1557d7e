package caravel.billing;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.Inside;
import caravel.Wallets;
import caravel.nostr.Filter;
import caravel.nostr.Keys;
import caravel.nostr.LiveSubscription;
import caravel.nostr.NwcUri;
import caravel.nostr.RelayClient;
import caravel.testing.Api;
import caravel.testing.LocalStack;
import caravel.testing.MutableClock;
import caravel.testing.NostrTools;
import caravel.testing.TcpProxy;
import caravel.testing.TestBackend;
import caravel.testing.Wait;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lightning billing over the wire: the backend's NIP-47 client against the stack's NWC wallet services
 * (@getalby/sdk NWCWalletService) through the stack's Nostr relay, zooid emulator in the loop, robot DMs read by
 * nostr-tools. Faults are injected through the wallet service's control interface.
 */
@Tag("slow")
@Tag("peer")
class NwcBillingTest {
    @TempDir
    static Path dir;

    static LocalStack stack;
    static TestBackend backend;
    static Api api;
    /** Between the platform wallet's connection and the stack's relay, to cut it as an outage would. */
    static TcpProxy platformLink;

    @BeforeAll
    static void start() throws Exception {
        stack = new LocalStack();
        Duration timeout = Duration.ofSeconds(4);
        MutableClock clock = new MutableClock();
        int relayPort = java.net.URI.create(stack.relayUrl()).getPort();
        platformLink = new TcpProxy(relayPort);
        String platformUrl = stack.get("platform_nwc_url")
                .replace("%3A" + relayPort, "%3A" + platformLink.port())
                .replace(":" + relayPort, ":" + platformLink.port());
        assertThat(platformUrl)
                .as("the platform wallet's relay goes through the proxy")
                .contains(String.valueOf(platformLink.port()));
        Wallets wallets = new Wallets(
                Optional.of(new NwcWallet(platformUrl, timeout, clock)), url -> new NwcWallet(url, timeout, clock));
        backend = new TestBackend(dir, stack::pointAt, wallets, clock);
        api = backend.api;
    }

    @AfterAll
    static void stop() throws Exception {
        backend.close();
        platformLink.close();
        stack.close();
    }

    static JsonNode create(Keys user, String sub) {
        Api.Response r = api.as(
                user, "POST", "/relays", "{\"name\":\"" + sub + "\",\"subdomain\":\"" + sub + "\",\"plan\":\"basic\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    static JsonNode relay(Keys user, String id) {
        return api.as(user, "GET", "/relays/" + id, null).json();
    }

    static String invoiceStatus(Keys user, String id) {
        return api.as(user, "GET", "/invoices/" + id, null).json().get("status").asText();
    }

    /** DMs to the user, unwrapped by nostr-tools from the stack relay. */
    static java.util.List<String> dmsTo(Keys user) {
        var q = NostrTools.args().put("url", stack.relayUrl()).put("timeoutMs", 5000);
        q.putArray("filters")
                .addObject()
                .put("#p", (String) null)
                .putArray("kinds")
                .add(1059);
        ((com.fasterxml.jackson.databind.node.ObjectNode) q.get("filters").get(0))
                .putArray("#p")
                .add(user.pubkey());
        JsonNode wraps = NostrTools.get().call("relayQuery", q);
        java.util.List<String> out = new java.util.ArrayList<>();
        for (JsonNode w : wraps) {
            var a = NostrTools.args().put("secret", user.secretHex());
            a.set("event", w);
            out.add(NostrTools.get().call("nip17Unwrap", a).get("content").asText());
        }
        return out;
    }

    @Test
    void basicRelayIsPaidFromTheTenantWalletGoesLiveAndTheReceiptDmDecryptsInNostrTools() {
        Keys user = Keys.generate();
        JsonNode created = create(user, "nwc-paid");
        JsonNode inv = created.get("invoice");
        String bolt11 = inv.get("bolt11").asText();
        assertThat(bolt11).startsWith("lnbcrt");
        String invId = inv.get("id").asText(), relayId = created.at("/relay/id").asText();
        // "I've paid" before paying
        assertThat(api.as(user, "POST", "/invoices/" + invId + "/check", null)
                        .json()
                        .get("status")
                        .asText())
                .isEqualTo("pending");
        long before = stack.balance("tenant");
        stack.pay(bolt11, "tenant");
        // the payment_received notification marks it paid without anyone pressing "I've paid"
        Wait.until("paid", Duration.ofSeconds(20), () -> invoiceStatus(user, invId), "paid"::equals);
        assertThat(stack.balance("tenant")).isEqualTo(before - 10_000);
        Wait.until(
                "active",
                Duration.ofSeconds(30),
                () -> relay(user, relayId).get("status").asText(),
                "active"::equals);
        // "I've paid" after paying
        assertThat(api.as(user, "POST", "/invoices/" + invId + "/check", null)
                        .json()
                        .get("status")
                        .asText())
                .isEqualTo("paid");
        java.util.List<String> dms = Wait.until(
                "receipt DM",
                Duration.ofSeconds(30),
                () -> dmsTo(user),
                l -> l.stream().anyMatch(m -> m.startsWith("Payment received")));
        assertThat(dms.stream()
                        .filter(m -> m.startsWith("Payment received"))
                        .findFirst()
                        .orElseThrow())
                .contains("10,000 sats")
                .contains(invId);
    }

    /**
     * The platform's relay connection drops and a payment is notified while it is down: the notification, an
     * ephemeral event, is gone for good. The backend asks the wallet about open invoices as soon as the connection is
     * back, not at the next periodic run (held off here, {@link #holdOffBillingRuns}).
     */
    @Test
    void aPaymentNotifiedWhileThePlatformsRelayConnectionWasDownCountsOnceItIsBack() throws Exception {
        Keys user = Keys.generate();
        JsonNode created = create(user, "nwc-gap");
        String invId = created.at("/invoice/id").asText();
        NwcUri platform = NwcUri.parse(stack.get("platform_nwc_url"));
        java.util.List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        // a listener of our own on the relay itself, to know the notification was sent while the backend was away
        try (RelayClient listener = new RelayClient(null, RelayClient.Options.defaults())) {
            LiveSubscription sub = listener.subscribe(
                    java.util.List.of(stack.relayUrl()),
                    java.util.List.of(Filter.any()
                            .kinds(23197, 23196)
                            .authors(platform.walletPubkey())
                            .tag('p', platform.clientKeys().pubkey())),
                    e -> heard.add(e.id()));
            Wait.until(
                    "the listener is subscribed", Duration.ofSeconds(10), () -> listener.isConnected(stack.relayUrl()));
            platformLink.cut();
            holdOffBillingRuns(true);
            try {
                stack.pay(created.at("/invoice/bolt11").asText(), "tenant");
                Wait.until("the payment notified (both encryptions)", Duration.ofSeconds(10), () -> heard.size() >= 2);
                assertThat(invoiceStatus(user, invId)).as("nobody heard it").isEqualTo("pending");
                platformLink.restore();
                Wait.until(
                        "paid once the connection is back",
                        Duration.ofSeconds(30),
                        () -> invoiceStatus(user, invId),
                        "paid"::equals);
            } finally {
                platformLink.restore();
                holdOffBillingRuns(false);
            }
            sub.close();
        }
        long paidEntries = Inside.of(backend.app)
                .db()
                .jdbi()
                .withHandle(
                        h -> h.createQuery("SELECT count(*) FROM activity WHERE kind = 'invoice_paid' AND relay = :r")
                                .bind("r", created.at("/relay/id").asText())
                                .mapTo(Long.class)
                                .one());
        assertThat(paidEntries).as("paid once").isEqualTo(1);
    }

    /** The wallet's answer to the confirming lookup is lost once: the backend asks again within seconds. */
    @Test
    void aNotifiedPaymentWhoseLookupIsNotAnsweredIsAskedAgain() {
        Keys user = Keys.generate();
        JsonNode created = create(user, "nwc-retry");
        String invId = created.at("/invoice/id").asText();
        stack.fault("platform", "drop_responses", 1); // the lookup that confirms the notification goes unanswered
        holdOffBillingRuns(true);
        try {
            stack.pay(created.at("/invoice/bolt11").asText(), "tenant");
            Wait.until(
                    "paid after the lookup was asked again",
                    Duration.ofSeconds(30),
                    () -> invoiceStatus(user, invId),
                    "paid"::equals);
        } finally {
            stack.fault("platform", "none", null);
            holdOffBillingRuns(false);
        }
    }

    /**
     * Claims the billing run's next few periods for a job that does not exist, as if another process had run them, so
     * the periodic run (which also asks the wallet about open invoices) does nothing meanwhile: what the test then
     * sees was done by the path it tests. {@code false} lets the periodic run work again.
     */
    static void holdOffBillingRuns(boolean hold) {
        long every = Inside.of(backend.app).renewals().tickPeriod().toMillis(), now = backend.clock.millis();
        long first = Math.floorDiv(now, every) * every;
        Inside.of(backend.app).db().jdbi().useHandle(h -> {
            if (!hold) {
                h.execute("DELETE FROM periodic_runs WHERE name = ? AND job_id = -1", Renewals.JOB_TICK);
                return;
            }
            for (int i = 0; i < 4; i++)
                h.execute(
                        "INSERT INTO periodic_runs (name, period_start_ms, job_id, claimed_at_ms) VALUES (?, ?, -1, ?)"
                                + " ON CONFLICT DO NOTHING",
                        Renewals.JOB_TICK,
                        first + i * every,
                        now);
        });
    }

    /** A new tenant's default budget is its monthly total (0): these tests set one, with a fresh signature, as a tenant would. */
    @Test
    void autopayPaysFromTheSavedWalletConnection() {
        Keys user = Keys.generate();
        assertThat(api.as(user, "POST", "/tenants", null).status()).isIn(200, 201);
        JsonNode w = stack.wallet(
                "POST", "/wallets", "{\"name\":\"auto-" + user.pubkey().substring(0, 8) + "\",\"balance\":100000}");
        Api.Response saved = api.as(
                user,
                "PUT",
                "/tenants/" + user.pubkey(),
                "{\"nwc_url\":\"" + w.get("nwc_url").asText() + "\",\"autopay_budget\":100000}");
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        JsonNode created = create(user, "nwc-autopay");
        String invId = created.at("/invoice/id").asText();
        Wait.until("autopaid", Duration.ofSeconds(30), () -> invoiceStatus(user, invId), "paid"::equals);
        assertThat(stack.balance(w.get("name").asText())).isEqualTo(90_000);
        Wait.until(
                "active",
                Duration.ofSeconds(30),
                () -> relay(user, created.at("/relay/id").asText())
                        .get("status")
                        .asText(),
                "active"::equals);
    }

    @Test
    void aWalletConnectionThatDoesNotAnswerIsNotSaved() {
        Keys user = Keys.generate();
        api.as(user, "POST", "/tenants", null);
        String silent = "nostr+walletconnect://" + Keys.generate().pubkey() + "?relay="
                + java.net.URLEncoder.encode(stack.relayUrl(), java.nio.charset.StandardCharsets.UTF_8) + "&secret="
                + Keys.generate().secretHex();
        Api.Response r = api.as(user, "PUT", "/tenants/" + user.pubkey(), "{\"nwc_url\":\"" + silent + "\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error()).isEqualTo(Autopay.WALLET_UNREACHABLE);
        assertThat(api.as(user, "GET", "/tenants/" + user.pubkey(), null)
                        .json()
                        .get("autopay")
                        .asBoolean())
                .isFalse();
    }

    @Test
    void anExpiredBolt11IsReissued() {
        Keys user = Keys.generate();
        JsonNode inv = create(user, "nwc-expiry").get("invoice");
        stack.wallet(
                "POST",
                "/expire",
                "{\"payment_hash\":\"" + inv.get("payment_hash").asText() + "\"}");
        // our record still thinks it is valid for a day: move our clock past its expiry, once no job is running (a
        // running job's lease would look lapsed to a clock a day ahead, and the job would be claimed twice)
        backend.awaitJobsSettled();
        backend.clock.advance(Duration.ofHours(25));
        try {
            String id = inv.get("id").asText();
            // the wallet may be slow to answer under load (503, as for a client): ask again until it serves one
            JsonNode fresh = Wait.until(
                            "a fresh bolt11",
                            Duration.ofSeconds(30),
                            () -> api.as(user, "GET", "/invoices/" + id + "/bolt11", null),
                            r -> r.status() == 200)
                    .json();
            assertThat(fresh.get("bolt11").asText())
                    .isNotEqualTo(inv.get("bolt11").asText());
            stack.pay(fresh.get("bolt11").asText(), null);
            // as a payer presses "I've paid" again while the wallet's look-up does not show the settlement yet (seen
            // once under load: the first answer said pending)
            Api.Response checked = Wait.until(
                    "\"I've paid\" answered paid",
                    Duration.ofSeconds(30),
                    () -> api.as(user, "POST", "/invoices/" + id + "/check", null),
                    r -> r.status() == 200 && r.json().path("status").asText().equals("paid"));
            assertThat(checked.json().get("status").asText()).isEqualTo("paid");
        } finally {
            backend.clock.advance(Duration.ofHours(-25));
        }
    }

    @Test
    void walletOfflineDuringMakeInvoiceThenBack() {
        Keys user = Keys.generate();
        stack.fault("platform", "offline", null);
        JsonNode created;
        try {
            created = create(user, "nwc-offline");
            assertThat(created.get("invoice").get("bolt11").isNull()).isTrue();
            Api.Response unavailable =
                    api.as(user, "GET", "/invoices/" + created.at("/invoice/id").asText() + "/bolt11", null);
            assertThat(unavailable.status()).isEqualTo(503);
        } finally {
            stack.fault("platform", "none", null);
        }
        String invId = created.at("/invoice/id").asText();
        JsonNode fresh = Wait.until(
                        "bolt11 once the wallet is back",
                        Duration.ofSeconds(30),
                        () -> api.as(user, "GET", "/invoices/" + invId + "/bolt11", null),
                        r -> r.status() == 200)
                .json();
        stack.pay(fresh.get("bolt11").asText(), null);
        Wait.until("paid", Duration.ofSeconds(20), () -> invoiceStatus(user, invId), "paid"::equals);
    }

    @Test
    void lostPayInvoiceResponseAndDuplicateNotificationsNeitherLoseNorDoubleCharge() throws Exception {
        Keys user = Keys.generate();
        api.as(user, "POST", "/tenants", null);
        String name = "lossy-" + user.pubkey().substring(0, 8);
        JsonNode w = stack.wallet("POST", "/wallets", "{\"name\":\"" + name + "\",\"balance\":100000}");
        assertThat(api.as(
                                user,
                                "PUT",
                                "/tenants/" + user.pubkey(),
                                "{\"nwc_url\":\"" + w.get("nwc_url").asText() + "\",\"autopay_budget\":100000}")
                        .status())
                .isEqualTo(200);
        stack.fault(name, "drop_responses", 1); // pay_invoice is carried out, its answer never arrives
        stack.fault("platform", "duplicate_notifications", null);
        try {
            JsonNode created = create(user, "nwc-lossy");
            String invId = created.at("/invoice/id").asText();
            Wait.until(
                    "paid although the wallet's answer was lost",
                    Duration.ofSeconds(40),
                    () -> invoiceStatus(user, invId),
                    "paid"::equals);
            // the autopay job ends at the client's timeout for the lost answer; it and anything after must not pay
            // again
            backend.awaitJobsSettled();
            assertThat(stack.balance(name)).isEqualTo(90_000); // charged exactly once
            long payments = stack
                    .wallet("GET", "/invoices?wallet=platform&state=settled", null)
                    .get("invoices")
                    .findValuesAsText("payment_hash")
                    .stream()
                    .filter(h -> h.equals(created.at("/invoice/payment_hash").asText()))
                    .count();
            assertThat(payments).isEqualTo(1);
            long paidEntries = Inside.of(backend.app)
                    .db()
                    .jdbi()
                    // the tenant's activity names no invoice id: one "paid" entry for the relay this invoice is for
                    .withHandle(h -> h.createQuery(
                                    "SELECT count(*) FROM activity WHERE kind = 'invoice_paid' AND relay = :r")
                            .bind("r", created.at("/relay/id").asText())
                            .mapTo(Long.class)
                            .one());
            assertThat(paidEntries).isEqualTo(1);
            long receiptJobs = Inside.of(backend.app)
                    .db()
                    .jdbi()
                    .withHandle(
                            h -> h.createQuery("SELECT count(*) FROM jobs WHERE kind = 'dm.send' AND dedupe_key = :k")
                                    .bind("k", "dm:paid:" + invId)
                                    .mapTo(Long.class)
                                    .one());
            assertThat(receiptJobs)
                    .as("one receipt DM, however many notifications")
                    .isEqualTo(1);
        } finally {
            stack.fault("platform", "none", null);
            stack.fault(name, "none", null);
        }
    }

    @Test
    void tenantWalletOfflineDuringPayInvoiceLosesNothing() throws Exception {
        Keys user = Keys.generate();
        api.as(user, "POST", "/tenants", null);
        String name = "sleepy-" + user.pubkey().substring(0, 8);
        JsonNode w = stack.wallet("POST", "/wallets", "{\"name\":\"" + name + "\",\"balance\":100000}");
        assertThat(api.as(
                                user,
                                "PUT",
                                "/tenants/" + user.pubkey(),
                                "{\"nwc_url\":\"" + w.get("nwc_url").asText() + "\",\"autopay_budget\":100000}")
                        .status())
                .isEqualTo(200);
        stack.fault(name, "offline", null);
        try {
            JsonNode created = create(user, "nwc-sleepy");
            String invId = created.at("/invoice/id").asText();
            JsonNode inv = Wait.until(
                    "autopay gave up",
                    Duration.ofSeconds(30),
                    () -> api.as(user, "GET", "/invoices/" + invId, null).json(),
                    j -> !j.get("autopay_error").isNull());
            assertThat(inv.get("status").asText()).isEqualTo("pending");
            assertThat(inv.get("autopay_error").asText()).contains("no answer");
            assertThat(stack.balance(name)).isEqualTo(100_000);
            stack.fault(name, "none", null);
            // the tenant pays by hand; autopay never tries again, so nothing is paid twice
            stack.pay(inv.get("bolt11").asText(), name);
            Wait.until("paid", Duration.ofSeconds(20), () -> invoiceStatus(user, invId), "paid"::equals);
            // every job the payment started (receipt, renewal bookkeeping) has run: none of them paid again
            backend.awaitJobsSettled();
            assertThat(stack.balance(name)).isEqualTo(90_000);
        } finally {
            stack.fault(name, "none", null);
        }
    }
}
