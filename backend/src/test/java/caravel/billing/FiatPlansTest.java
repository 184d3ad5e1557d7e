package caravel.billing;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.Inside;
import caravel.Wallets;
import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.AppOptions;
import caravel.testing.FlotillaClient;
import caravel.testing.MemoryWallet;
import caravel.testing.MutableClock;
import caravel.testing.PriceFeedServer;
import caravel.testing.TestBackend;
import caravel.testing.Wait;
import caravel.testing.ZooidEmulator;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plans an operator prices in US dollars, charged over Lightning at the bitcoin price of the moment each invoice is
 * made (a price feed over real HTTP that moves and fails): the invoice keeps its dollars, sats and the price used, a
 * later price never changes it, a hidden plan is not sold, and with no price known nothing is invoiced at a guess.
 */
@Tag("peer")
class FiatPlansTest {
    static final String PLANS = """
            [{"id":"free","name":"Free","price":0,"members":5},
             {"id":"team","name":"Team","price":1000,"members":50,"blossom":true},
             {"id":"pro","name":"Pro","price":5000,"members":null,"blossom":true,"livekit":true},
             {"id":"legacy","name":"Legacy","price":800,"members":20,"hidden":true}]""";

    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock();
    final MemoryWallet wallet = new MemoryWallet(clock);
    final Keys zooidKey = Keys.generate(), alice = Keys.generate(), bob = Keys.generate();
    ZooidEmulator zooid;
    PriceFeedServer feed;
    TestBackend backend;
    Api api;

    void start(boolean feedUp) throws Exception {
        clock.set(Instant.now());
        feed = new PriceFeedServer("100000");
        if (!feedUp) feed.failWith(503);
        zooid = new ZooidEmulator(dir.resolve("zooid"), zooidKey.pubkey(), 0);
        backend = new TestBackend(
                dir,
                env -> {
                    zooid.pointAt(env, zooidKey);
                    env.put("PRICE_CURRENCY", "USD");
                    env.put("PLANS", PLANS);
                    env.put("FIAT_RATE_URL", feed.url);
                    FlotillaClient.listener("https://app.flotilla.social").accept(env);
                },
                AppOptions.builder().wallets(new Wallets(Optional.of(wallet), url -> wallet)),
                clock);
        api = backend.api;
    }

    @AfterEach
    void stop() {
        if (backend != null) backend.close();
        if (zooid != null) zooid.close();
        if (feed != null) feed.close();
    }

    Api.Response create(Keys who, String sub, String plan) {
        return api.as(
                who,
                "POST",
                "/relays",
                "{\"name\":\"" + sub + "\",\"subdomain\":\"" + sub + "\",\"plan\":\"" + plan + "\"}");
    }

    JsonNode invoice(Keys who, String id) {
        return api.as(who, "GET", "/invoices/" + id, null).json();
    }

    /** The Lightning request the wallet was asked to make for an invoice, once the issuing job has run. */
    MemoryWallet.Made request(Keys who, String invoiceId) {
        String bolt11 = Wait.until(
                "invoice " + invoiceId + " has its Lightning request",
                Duration.ofSeconds(10),
                () -> invoice(who, invoiceId).path("bolt11").asText(""),
                b -> !b.isEmpty());
        return wallet.invoices.values().stream()
                .filter(m -> m.bolt11().equals(bolt11))
                .findFirst()
                .orElseThrow();
    }

    void newPrice(String usd) {
        feed.price(usd);
        assertThat(backend.app.priceFeed().orElseThrow().refresh()).isTrue();
    }

    @Test
    void plansAreListedInDollarsWithTheirSatsToday() throws Exception {
        start(true);
        JsonNode plans = api.send("GET", "/plans", null, null).json().get("items");
        assertThat(plans).extracting(p -> p.get("id").asText()).containsExactly("free", "team", "pro");
        JsonNode team = plans.get(1);
        assertThat(team.get("currency").asText()).isEqualTo("USD");
        assertThat(team.get("price").asLong()).isEqualTo(1000);
        assertThat(team.get("price_sats").asLong()).isEqualTo(10_000);
        assertThat(team.get("hidden").asBoolean()).isFalse();
        JsonNode legacy = api.send("GET", "/plans/legacy", null, null).json();
        assertThat(legacy.get("hidden").asBoolean()).isTrue();
        JsonNode config = api.send("GET", "/config", null, null).json();
        assertThat(config.get("price_currency").asText()).isEqualTo("USD");
        assertThat(config.get("fiat").get("per_bitcoin").decimalValue()).isEqualByComparingTo("100000");
        newPrice("80000");
        assertThat(api.send("GET", "/plans/team", null, null)
                        .json()
                        .get("price_sats")
                        .asLong())
                .isEqualTo(12_500);
        // Flotilla prints every plan in cents, hidden ones flagged
        JsonNode flotilla = FlotillaClient.of(backend)
                .as(alice, "GET", "/plans", null)
                .json()
                .get("data");
        assertThat(flotilla).extracting(p -> p.get("amount").asLong()).containsExactly(0L, 1000L, 5000L, 800L);
        assertThat(flotilla.get(3).get("hidden").asBoolean()).isTrue();
    }

    @Test
    void anInvoiceKeepsItsDollarsSatsAndPriceWhateverThePriceDoesLater() throws Exception {
        start(true);
        Api.Response r = create(alice, "teamspace", "team");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String id = r.json().get("invoice").get("id").asText();
        JsonNode inv = invoice(alice, id);
        // a new account's first cycle starts now: a whole month, $10.00 at $100,000 = 10,000 sats
        assertThat(inv.get("amount").asLong()).isEqualTo(10_000);
        assertThat(inv.get("fiat").get("currency").asText()).isEqualTo("USD");
        assertThat(inv.get("fiat").get("amount").asLong()).isEqualTo(1000);
        assertThat(inv.get("fiat").get("btc_price").asText()).isEqualTo("100000");
        assertThat(inv.get("items").get(0).get("fiat").asLong()).isEqualTo(1000);
        assertThat(request(alice, id).amount())
                .as("the Lightning request carries the real charge")
                .isEqualTo(10_000);

        newPrice("80000");
        JsonNode again = invoice(alice, id);
        assertThat(again.get("amount").asLong()).isEqualTo(10_000);
        assertThat(again.get("fiat").get("amount").asLong()).isEqualTo(1000);
        assertThat(again.get("fiat").get("btc_price").asText()).isEqualTo("100000");
        JsonNode flotillaInvoice = FlotillaClient.of(backend)
                .as(alice, "GET", "/invoices/" + id, null)
                .json()
                .get("data");
        assertThat(flotillaInvoice.get("amount").asLong())
                .as("cents as fixed when made")
                .isEqualTo(1000);

        // the next invoice is made at the new price: $50.00 at $80,000 = 62,500 sats
        Api.Response pro = create(bob, "prospace", "pro");
        assertThat(pro.status()).as(pro.body()).isEqualTo(201);
        String proId = pro.json().get("invoice").get("id").asText();
        JsonNode proInv = invoice(bob, proId);
        assertThat(proInv.get("fiat").get("amount").asLong()).isEqualTo(5000);
        assertThat(proInv.get("amount").asLong()).isEqualTo(62_500);
        assertThat(proInv.get("fiat").get("btc_price").asText()).isEqualTo("80000");
        assertThat(request(bob, proId).amount()).isEqualTo(62_500);
        JsonNode bolt11 = FlotillaClient.of(backend)
                .as(bob, "POST", "/invoices/" + proId + "/bolt11", null)
                .json()
                .get("data");
        assertThat(bolt11.get("msats").asLong()).isEqualTo(62_500_000L);
    }

    @Test
    void aHiddenPlanIsNotSoldAndUnknownPlansAreNamed() throws Exception {
        start(true);
        Api.Response hidden = create(alice, "oldspace", "legacy");
        assertThat(hidden.status()).isEqualTo(400);
        assertThat(hidden.json().get("field").asText()).isEqualTo("plan");
        assertThat(hidden.json().get("error").asText()).contains("Legacy plan is no longer offered");
        Api.Response unknown = create(alice, "nospace", "basic");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("error").asText())
                .contains("free, team, pro")
                .doesNotContain("legacy");
        Api.Response free = create(alice, "freespace", "free");
        assertThat(free.status()).as(free.body()).isEqualTo(201);
        String relay = free.json().get("relay").get("id").asText();
        Api.Response toHidden = api.as(alice, "PUT", "/relays/" + relay, "{\"plan\":\"legacy\"}");
        assertThat(toHidden.status()).isEqualTo(400);
        assertThat(toHidden.json().get("field").asText()).isEqualTo("plan");
    }

    /**
     * A feed saying a bitcoin is worth 10^-30 dollars overflowed the sats into a 500 on /plans and POST /relays for as
     * long as it said so; now the answer is refused, the last good rate stays in use, and the admins see why.
     */
    @Test
    void anAbsurdFeedIsRefusedPlansAndOrdersGoOnAtTheLastGoodRateAndTheAdminsSeeWhy() throws Exception {
        start(true);
        for (String absurd : new String[] {"1E-30", "0.000001", "1E40"}) {
            feed.price(absurd);
            assertThat(backend.app.priceFeed().orElseThrow().refresh()).isFalse();
            Api.Response plans = api.send("GET", "/plans", null, null);
            assertThat(plans.status()).as(plans.body()).isEqualTo(200);
            assertThat(plans.json().get("items").get(1).get("price_sats").asLong())
                    .as(absurd)
                    .isEqualTo(10_000);
        }
        Api.Response paid = create(alice, "stillpriced", "team");
        assertThat(paid.status()).as(paid.body()).isEqualTo(201);
        assertThat(invoice(alice, paid.json().get("invoice").get("id").asText())
                        .get("amount")
                        .asLong())
                .isEqualTo(10_000);
        JsonNode price =
                api.as(backend.admin, "GET", "/admin/platform", null).json().get("bitcoin_price");
        assertThat(price.get("source").asText()).isEqualTo("feed");
        assertThat(price.get("per_bitcoin").asText()).isEqualTo("100000");
        assertThat(price.get("stale").asBoolean()).isFalse();
        assertThat(price.get("refused_at").asLong()).isPositive();
        assertThat(price.get("refusal").asText()).contains("outside the plausible band");
        assertThat(price.toString()).doesNotContain(feed.url);
        assertThat(api.as(alice, "GET", "/admin/platform", null).status()).isEqualTo(403);
    }

    @Test
    void withNoBitcoinPriceKnownPaidPlansWaitAndFreeOnesDoNot() throws Exception {
        start(false);
        Api.Response paid = create(alice, "waitspace", "team");
        assertThat(paid.status()).as(paid.body()).isEqualTo(503);
        assertThat(paid.json().get("error").asText()).contains("bitcoin price is not available");
        // refused whole: no relay waiting for an invoice that cannot be made, no invoice at a guessed price
        long written = Inside.of(backend.app)
                .db()
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT (SELECT count(*) FROM relays) + (SELECT count(*) FROM invoices)")
                        .mapTo(Long.class)
                        .one());
        assertThat(written).isZero();
        assertThat(api.send("GET", "/plans/team", null, null)
                        .json()
                        .get("price_sats")
                        .isNull())
                .isTrue();
        assertThat(create(alice, "freespace2", "free").status()).isEqualTo(201);
        // the feed answers again: the same request now makes its invoice
        feed.failWith(0);
        assertThat(backend.app.priceFeed().orElseThrow().refresh()).isTrue();
        Api.Response retried = create(alice, "waitspace", "team");
        assertThat(retried.status()).as(retried.body()).isEqualTo(201);
        assertThat(invoice(alice, retried.json().get("invoice").get("id").asText())
                        .get("amount")
                        .asLong())
                .isEqualTo(10_000);
    }

    @Test
    void startUpStopsWhenTheCatalogDroppedAPlanRelaysAreOn() {
        var plans = caravel.domain.Plans.seed();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> caravel.PlansInUse.requireCatalogHolds(plans, java.util.List.of("free", "team")))
                .hasMessageContaining("team")
                .hasMessageContaining("hidden");
        caravel.PlansInUse.requireCatalogHolds(plans, java.util.List.of("free", "growth"));
    }
}
