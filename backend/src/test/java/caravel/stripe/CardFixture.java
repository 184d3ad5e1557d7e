package caravel.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.Inside;
import caravel.Wallets;
import caravel.billing.RecordingNotices;
import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.AppOptions;
import caravel.testing.MemoryWallet;
import caravel.testing.MutableClock;
import caravel.testing.StripeEmulator;
import caravel.testing.TestBackend;
import caravel.testing.Wait;
import caravel.testing.ZooidEmulator;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** A backend with both rails (an in-memory Lightning wallet, the Stripe emulator) and zooid (emulator) in the loop. */
final class CardFixture implements AutoCloseable {
    final MutableClock clock = new MutableClock();
    final MemoryWallet wallet = new MemoryWallet(clock);
    final RecordingNotices notices = new RecordingNotices();
    final Keys zooidKey = Keys.generate();
    final StripeEmulator stripe;
    final ZooidEmulator zooid;
    final TestBackend backend;
    final Api api;

    CardFixture(Path dir) throws Exception {
        stripe = new StripeEmulator();
        zooid = new ZooidEmulator(dir.resolve("zooid"), zooidKey.pubkey(), 0);
        backend = new TestBackend(
                dir,
                env -> {
                    zooid.pointAt(env, zooidKey);
                    stripe.configure(env);
                },
                AppOptions.builder()
                        .wallets(new Wallets(Optional.of(wallet), url -> wallet))
                        .notices(notices),
                clock);
        api = backend.api;
        stripe.webhooksTo(api.base() + "/stripe/webhook");
    }

    JsonNode onCard(Keys user) {
        assertThat(api.as(user, "POST", "/tenants", null).status()).isIn(200, 201);
        Api.Response r = api.as(user, "PUT", "/tenants/" + user.pubkey() + "/rail", "{\"rail\":\"card\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    JsonNode create(Keys user, String sub, String plan) {
        Api.Response r = api.as(
                user,
                "POST",
                "/relays",
                "{\"name\":\"" + sub + "\",\"subdomain\":\"" + sub + "\",\"plan\":\"" + plan + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("relay");
    }

    JsonNode relay(Keys user, String id) {
        return api.as(user, "GET", "/relays/" + id, null).json();
    }

    String status(Keys user, String id) {
        return relay(user, id).get("status").asText();
    }

    JsonNode waitFor(Keys user, String id, String status) {
        stripe.idle();
        return Wait.until(
                "relay " + id + " " + status,
                Duration.ofSeconds(15),
                () -> relay(user, id),
                r -> r.get("status").asText().equals(status));
    }

    /** "Pay by card" and the browser's Checkout with this card; returns the page's HTTP status. */
    int checkout(Keys user, String card) {
        Api.Response r = api.as(user, "POST", "/tenants/" + user.pubkey() + "/stripe/checkout", null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        String url = r.json().get("url").asText();
        assertThat(url).startsWith(stripe.url + "/checkout/cs_test_");
        return stripe.form(url, "card=" + card.replace(" ", "+")).statusCode();
    }

    JsonNode cardInvoices(Keys user) {
        JsonNode items = api.as(user, "GET", "/tenants/" + user.pubkey() + "/invoices?per_page=200", null)
                .json()
                .get("items");
        var out = Api.JSON.createArrayNode();
        for (JsonNode i : items) if (i.get("rail").asText().equals("card")) out.add(i);
        return out;
    }

    JsonNode subscription(Keys user) {
        String customer = Inside.of(backend.app)
                .tenants()
                .find(user.pubkey())
                .orElseThrow()
                .stripeCustomerId();
        for (JsonNode s : stripe.state().get("subscriptions"))
            if (s.get("customer").asText().equals(customer)
                    && !s.get("status").asText().equals("canceled")) return s;
        return null;
    }

    long quantity(JsonNode sub, String price) {
        for (JsonNode i : sub.get("items").get("data"))
            if (i.get("price").get("id").asText().equals(price))
                return i.get("quantity").asLong();
        return 0;
    }

    @Override
    public void close() {
        backend.close();
        zooid.close();
        stripe.close();
    }
}
