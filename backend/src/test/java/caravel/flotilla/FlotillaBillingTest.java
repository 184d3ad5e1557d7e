package caravel.flotilla;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.Inside;
import caravel.Wallets;
import caravel.domain.InvoiceStatus;
import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.AppOptions;
import caravel.testing.FlotillaClient;
import caravel.testing.MemoryWallet;
import caravel.testing.MutableClock;
import caravel.testing.StripeEmulator;
import caravel.testing.TestBackend;
import caravel.testing.Wait;
import caravel.testing.ZooidEmulator;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
 * Flotilla's billing calls as Flotilla makes them, against a backend with a Lightning wallet, the Stripe emulator
 * and zooid (emulator): the payable invoice of a new paid relay, its Lightning request, paying it by card, checking
 * payments by reading Stripe, the draft of the next renewal, the card portal before any card, and attempts to cheat
 * (another account's invoices, return URLs elsewhere).
 */
@Tag("peer")
class FlotillaBillingTest {
    static final String FLOTILLA = "https://app.flotilla.social";
    static final String BACK = FLOTILLA + "/settings/hosting";
    /** At USD:100000 a sat is 0.1 cent: the basic plan's 10,000 sats are $10.00. */
    static final long BASIC_CENTS = 1000;

    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock();
    final MemoryWallet wallet = new MemoryWallet(clock);
    final Keys zooidKey = Keys.generate(), alice = Keys.generate(), bob = Keys.generate();
    StripeEmulator stripe;
    ZooidEmulator zooid;
    TestBackend backend;
    FlotillaClient f;

    @BeforeEach
    void start() throws Exception {
        clock.set(Instant.now());
        stripe = new StripeEmulator();
        zooid = new ZooidEmulator(dir.resolve("zooid"), zooidKey.pubkey(), 0);
        backend = new TestBackend(
                dir,
                env -> {
                    zooid.pointAt(env, zooidKey);
                    env.put("FIAT_RATE", "USD:100000");
                    stripe.configure(env);
                    FlotillaClient.listener(FLOTILLA).accept(env);
                },
                AppOptions.builder().wallets(new Wallets(Optional.of(wallet), url -> wallet)),
                clock);
        f = FlotillaClient.of(backend);
    }

    @AfterEach
    void stop() {
        backend.close();
        zooid.close();
        stripe.close();
    }

    static JsonNode ok(Api.Response r) {
        assertThat(r.status()).as(r.body()).isBetween(200, 201);
        assertThat(r.json().has("data")).as(r.body()).isTrue();
        return r.json().path("data");
    }

    /** What Flotilla's create screen does: open the account, create, reconcile, then find the invoice to pay. */
    String paidRelay(Keys who, String sub) {
        ok(f.as(who, "POST", "/tenants", "{\"return_url\":\"" + BACK + "\"}"));
        String body = "{\"tenant_pubkey\":\"" + who.pubkey() + "\",\"subdomain\":\"" + sub
                + "\",\"zooid_domain\":\"relays.test\",\"plan_id\":\"basic\",\"info_name\":\"" + sub
                + " space\",\"info_icon\":\"\",\"info_description\":\"\",\"blossom_enabled\":1,\"livekit_enabled\":1}";
        return ok(f.as(who, "POST", "/relays", body)).path("id").asText();
    }

    /** Flotilla's selectPayableInvoice: the oldest invoice with no paid_at, no voided_at and an amount. */
    static JsonNode payable(JsonNode invoices) {
        JsonNode found = null;
        for (JsonNode i : invoices)
            if (i.path("paid_at").isNull()
                    && i.path("voided_at").isNull()
                    && i.path("amount").asLong() > 0)
                if (found == null
                        || i.path("created_at").asLong()
                                <= found.path("created_at").asLong()) found = i;
        return found;
    }

    String relayStatus(String id) {
        return ok(f.as(alice, "GET", "/relays/" + id, null)).path("status").asText();
    }

    /** Paid: the relay is served once provisioning (a job of its own, after the payment) has reached zooid. */
    void served(String id) {
        Wait.until("relay " + id + " served", Duration.ofSeconds(20), () -> relayStatus(id), s -> s.equals("active"));
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void aPaidRelayHasAPayableInvoiceAndLightningPaysIt() {
        String relay = paidRelay(alice, "paidspace");
        JsonNode tenant = ok(f.as(alice, "POST", "/tenants/" + alice.pubkey() + "/reconcile", null));
        assertThat(tenant.path("pubkey").asText()).isEqualTo(alice.pubkey());
        JsonNode list = ok(f.as(alice, "GET", "/tenants/" + alice.pubkey() + "/invoices", null));
        assertThat(list.isArray()).isTrue();
        JsonNode inv = payable(list);
        assertThat(inv).as(list.toString()).isNotNull();
        assertThat(inv.path("amount").asLong()).isEqualTo(BASIC_CENTS);
        assertThat(inv.path("tenant_pubkey").asText()).isEqualTo(alice.pubkey());
        assertThat(inv.path("method").isNull()).isTrue();
        String id = inv.path("id").asText();
        assertThat(ok(f.as(alice, "GET", "/invoices/" + id, null))).isEqualTo(inv);

        JsonNode items = ok(f.as(alice, "GET", "/invoices/" + id + "/items", null));
        assertThat(items).hasSize(1);
        assertThat(items.get(0).path("relay_id").asText()).isEqualTo(relay);
        assertThat(items.get(0).path("plan_id").asText()).isEqualTo("basic");
        assertThat(items.get(0).path("invoice_id").asText()).isEqualTo(id);
        assertThat(items.get(0).path("amount").asLong()).isEqualTo(BASIC_CENTS);
        assertThat(items.get(0).path("description").asText()).contains("Basic").contains("paidspace");

        // the live request is handed out again; once it has expired, a new one (the invoice stays open)
        JsonNode b1 = ok(f.as(alice, "POST", "/invoices/" + id + "/bolt11", null));
        assertThat(b1.path("invoice_id").asText()).isEqualTo(id);
        assertThat(b1.path("lnbc").asText()).isNotEmpty();
        assertThat(b1.path("msats").asLong()).isEqualTo(10_000_000L);
        assertThat(b1.path("expires_at").asLong()).isGreaterThan(clock.seconds());
        assertThat(b1.path("settled_at").isNull()).isTrue();
        assertThat(ok(f.as(alice, "POST", "/invoices/" + id + "/bolt11", null))
                        .path("id")
                        .asText())
                .isEqualTo(b1.path("id").asText());
        clock.advance(Duration.ofSeconds(b1.path("expires_at").asLong() - clock.seconds() + 1));
        JsonNode stillOpen = ok(f.as(alice, "GET", "/invoices/" + id, null));
        assertThat(stillOpen.path("voided_at").isNull()).isTrue();
        assertThat(stillOpen.path("paid_at").isNull()).isTrue();
        JsonNode b2 = ok(f.as(alice, "POST", "/invoices/" + id + "/bolt11", null));
        assertThat(b2.path("id").asText()).isNotEqualTo(b1.path("id").asText());
        assertThat(b2.path("expires_at").asLong()).isGreaterThan(clock.seconds());

        // paid from any wallet: "Check payment" sees it
        wallet.pay(b2.path("id").asText());
        JsonNode paid = ok(f.as(alice, "POST", "/invoices/" + id + "/reconcile", null));
        assertThat(paid.path("paid_at").isNumber()).as(paid.toString()).isTrue();
        assertThat(paid.path("method").asText()).isEqualTo("oob");
        served(relay);
        Api.Response again = f.as(alice, "POST", "/invoices/" + id + "/bolt11", null);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().path("error").asText()).contains("nothing to pay");

        // the next renewal accrues as a draft: the basic plan for the next cycle, unpayable
        JsonNode draft = ok(f.as(alice, "GET", "/tenants/" + alice.pubkey() + "/invoices/draft", null));
        assertThat(draft.path("amount").asLong()).isEqualTo(BASIC_CENTS);
        assertThat(draft.path("paid_at").isNull()).isTrue();
        assertThat(draft.path("period_start").asLong()).isGreaterThan(clock.seconds());
        assertThat(draft.path("period_end").asLong())
                .isGreaterThan(draft.path("period_start").asLong());
        assertThat(f.as(alice, "GET", "/invoices/" + draft.path("id").asText(), null)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void anAccountWithNothingToRenewHasNoDraft() {
        ok(f.as(alice, "POST", "/tenants", "{}"));
        Api.Response r = f.as(alice, "GET", "/tenants/" + alice.pubkey() + "/invoices/draft", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"data\":null}");
        assertThat(ok(f.as(alice, "GET", "/tenants/" + alice.pubkey() + "/invoices", null)))
                .isEmpty();
    }

    @Test
    void aCardCheckoutPaysTheInvoiceFoundByReadingStripeWithoutItsWebhook() {
        // no webhook endpoint: only reading Stripe can tell that the checkout was paid
        String relay = paidRelay(alice, "cardspace");
        String id = payable(ok(f.as(alice, "GET", "/tenants/" + alice.pubkey() + "/invoices", null)))
                .path("id")
                .asText();
        String path = "/invoices/" + id + "/checkout?return_url=" + enc(BACK);
        String url = ok(f.as(alice, "POST", path, null)).path("url").asText();
        assertThat(url).startsWith(stripe.url + "/checkout/cs_test_");
        assertThat(ok(f.as(alice, "POST", path, null)).path("url").asText())
                .as("a second click gets the same page")
                .isEqualTo(url);
        JsonNode session = session(url);
        assertThat(session.path("mode").asText()).isEqualTo("payment");
        assertThat(session.path("amount_total").asLong()).isEqualTo(BASIC_CENTS);
        assertThat(session.path("currency").asText()).isEqualTo("usd");
        assertThat(session.path("success_url").asText()).isEqualTo(BACK);
        assertThat(session.path("metadata").path("invoice").asText()).isEqualTo(id);

        // a refused card leaves it open
        assertThat(stripe.form(url, "card=4000000000000002").statusCode()).isEqualTo(402);
        JsonNode tenant = ok(f.as(alice, "POST", "/tenants/" + alice.pubkey() + "/reconcile", null));
        assertThat(tenant.path("pubkey").asText()).isEqualTo(alice.pubkey());
        assertThat(ok(f.as(alice, "GET", "/invoices/" + id, null))
                        .path("paid_at")
                        .isNull())
                .isTrue();

        var back = stripe.form(url, "card=4242424242424242");
        assertThat(back.statusCode()).isEqualTo(303);
        assertThat(back.headers().firstValue("location")).contains(BACK);
        // Flotilla's settings page reconciles the account when the browser comes back
        ok(f.as(alice, "POST", "/tenants/" + alice.pubkey() + "/reconcile", null));
        JsonNode paid = ok(f.as(alice, "GET", "/invoices/" + id, null));
        assertThat(paid.path("paid_at").isNumber()).as(paid.toString()).isTrue();
        assertThat(paid.path("method").asText()).isEqualTo("stripe");
        served(relay);
        Api.Response twice = f.as(alice, "POST", path, null);
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.json().path("error").asText()).isNotBlank();
        // reconciling again changes nothing: the payment counted once
        ok(f.as(alice, "POST", "/invoices/" + id + "/reconcile", null));
        assertThat(Inside.of(backend.app).invoices().find(id).orElseThrow().status())
                .isEqualTo(InvoiceStatus.PAID);
        long credit = Inside.of(backend.app)
                .db()
                .jdbi()
                .withHandle(h -> new caravel.billing.CreditStore().balance(h, alice.pubkey()));
        assertThat(credit).isZero();
    }

    @Test
    void aCardCheckoutIsAlsoSettledByItsWebhook() {
        stripe.webhooksTo(backend.api.base() + "/stripe/webhook");
        String relay = paidRelay(alice, "hookspace");
        String id = payable(ok(f.as(alice, "GET", "/tenants/" + alice.pubkey() + "/invoices", null)))
                .path("id")
                .asText();
        String url = ok(f.as(alice, "POST", "/invoices/" + id + "/checkout", null))
                .path("url")
                .asText();
        assertThat(stripe.form(url, "card=4242424242424242").statusCode()).isEqualTo(303);
        stripe.idle();
        Wait.until(
                "invoice paid by its webhook",
                Duration.ofSeconds(10),
                () -> Inside.of(backend.app).invoices().find(id).orElseThrow().status(),
                s -> s == InvoiceStatus.PAID);
        served(relay);
    }

    @Test
    void theCardPortalOpensBeforeAnyCardAndReturnsOnlyToAllowedPlaces() {
        JsonNode t = ok(f.as(alice, "POST", "/tenants", "{}"));
        assertThat(t.path("stripe_customer_id").asText()).isEmpty();
        String url = ok(f.as(
                        alice, "GET", "/tenants/" + alice.pubkey() + "/stripe/session?return_url=" + enc(BACK), null))
                .path("url")
                .asText();
        assertThat(url).startsWith(stripe.url + "/portal/");
        assertThat(portal(url).path("return_url").asText()).isEqualTo(BACK);
        String customer = ok(f.as(alice, "GET", "/tenants/" + alice.pubkey(), null))
                .path("stripe_customer_id")
                .asText();
        assertThat(customer).startsWith("cus_");
        assertThat(portal(url).path("customer").asText()).isEqualTo(customer);
        // a second visit uses the same customer
        String again = ok(f.as(alice, "GET", "/tenants/" + alice.pubkey() + "/stripe/session", null))
                .path("url")
                .asText();
        assertThat(portal(again).path("customer").asText()).isEqualTo(customer);
        assertThat(portal(again).path("return_url").asText()).isEqualTo(backend.env.get("PUBLIC_URL") + "/account");
    }

    @Test
    void returnUrlsElsewhereFallBackToOurAccountPage() {
        paidRelay(alice, "evilspace");
        String id = payable(ok(f.as(alice, "GET", "/tenants/" + alice.pubkey() + "/invoices", null)))
                .path("id")
                .asText();
        String ours = backend.env.get("PUBLIC_URL") + "/account";
        for (String evil : new String[] {
            "https://evil.example/settings/hosting",
            "//evil.example/settings/hosting",
            "javascript:alert(1)",
            "https://app.flotilla.social@evil.example/",
            "https://app.flotilla.social.evil.example/",
            "http://app.flotilla.social/settings/hosting", // the allowed origin is https
            "https://app.flotilla.social:8443/",
            "data:text/html,hi",
            " https://evil.example/"
        }) {
            String url = ok(f.as(alice, "POST", "/invoices/" + id + "/checkout?return_url=" + enc(evil), null))
                    .path("url")
                    .asText();
            assertThat(session(url).path("success_url").asText()).as(evil).isEqualTo(ours);
            assertThat(session(url).path("cancel_url").asText()).as(evil).isEqualTo(ours);
            String portal = ok(f.as(
                            alice,
                            "GET",
                            "/tenants/" + alice.pubkey() + "/stripe/session?return_url=" + enc(evil),
                            null))
                    .path("url")
                    .asText();
            assertThat(portal(portal).path("return_url").asText()).as(evil).isEqualTo(ours);
        }
    }

    @Test
    void anotherAccountsInvoicesAndBillingAreNotFound() {
        paidRelay(alice, "alicespace");
        String id = payable(ok(f.as(alice, "GET", "/tenants/" + alice.pubkey() + "/invoices", null)))
                .path("id")
                .asText();
        ok(f.as(bob, "POST", "/tenants", "{}"));
        int requestsMade = wallet.makeCalls.get();
        for (String[] call : new String[][] {
            {"GET", "/invoices/" + id},
            {"GET", "/invoices/" + id + "/items"},
            {"POST", "/invoices/" + id + "/bolt11"},
            {"POST", "/invoices/" + id + "/checkout?return_url=" + enc(BACK)},
            {"POST", "/invoices/" + id + "/reconcile"},
            {"GET", "/tenants/" + alice.pubkey() + "/invoices"},
            {"GET", "/tenants/" + alice.pubkey() + "/invoices/draft"},
            {"POST", "/tenants/" + alice.pubkey() + "/reconcile"},
            {"GET", "/tenants/" + alice.pubkey() + "/stripe/session?return_url=" + enc(BACK)},
            {"GET", "/invoices/no-such-invoice"}
        }) {
            Api.Response r = f.as(bob, call[0], call[1], null);
            assertThat(r.status()).as(call[0] + " " + call[1] + " " + r.body()).isEqualTo(404);
            assertThat(r.json().path("error").asText()).isNotBlank();
        }
        // nothing was made for Bob on Alice's invoice
        assertThat(stripe.state().path("sessions")).isEmpty();
        assertThat(wallet.makeCalls.get()).isEqualTo(requestsMade);
        // and without a sign-in, nothing at all
        assertThat(f.send("GET", "/invoices/" + id, null, null, null).status()).isEqualTo(401);
        assertThat(f.send("POST", "/invoices/" + id + "/checkout", null, null, null)
                        .status())
                .isEqualTo(401);
    }

    /** The emulator's record of the Checkout session behind a hosted page URL. */
    JsonNode session(String url) {
        String id = url.substring(url.lastIndexOf('/') + 1);
        for (JsonNode s : stripe.state().path("sessions"))
            if (s.path("id").asText().equals(id)) return s;
        throw new AssertionError("no session " + id);
    }

    JsonNode portal(String url) {
        String id = url.substring(url.lastIndexOf('/') + 1);
        for (JsonNode s : stripe.state().path("portals"))
            if (s.path("id").asText().equals(id)) return s;
        throw new AssertionError("no portal session " + id);
    }
}
