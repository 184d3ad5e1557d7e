package caravel.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.Inside;
import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.BothDatabases;
import caravel.testing.Wait;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.stripe.net.Webhook;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attacks on POST /stripe/webhook: forged (wrong secret), tampered, stale and unsigned deliveries are refused with
 * nothing changed; a replayed event and events delivered out of order have one effect.
 */
@Tag("peer")
@BothDatabases
class StripeWebhookSecurityTest {
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    CardFixture f;
    final Keys user = Keys.generate();

    @BeforeEach
    void start() throws Exception {
        f = new CardFixture(dir);
    }

    @AfterEach
    void stop() throws Exception {
        f.close();
    }

    HttpResponse<String> post(String payload, String signature) throws Exception {
        var b = HttpRequest.newBuilder(URI.create(f.api.base() + "/stripe/webhook"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(payload));
        if (signature != null) b.header("Stripe-Signature", signature);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    int events() {
        return Inside.of(f.backend.app)
                .db()
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT count(*) FROM stripe_events")
                        .mapTo(Integer.class)
                        .one());
    }

    long activityRows() {
        return Inside.of(f.backend.app)
                .db()
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT count(*) FROM activity")
                        .mapTo(Long.class)
                        .one());
    }

    /** A relay on card waiting for its Checkout, and the events of a paid Checkout held back (not delivered yet). */
    String heldCheckout() {
        f.onCard(user);
        String relay = f.create(user, "held", "basic").get("id").asText();
        // provisioning (inactive until paid) writes its own activity row: let it finish before rows are counted
        Wait.until(
                "held relay synced",
                Duration.ofSeconds(20),
                () -> f.api.as(user, "GET", "/relays/" + relay, null).json(),
                r -> r.at("/sync/state").asText().equals("synced"));
        f.stripe.control("POST", "pause", "{\"paused\":true}");
        assertThat(f.checkout(user, "4242 4242 4242 4242")).isEqualTo(303);
        return relay;
    }

    /** A minimal event with the real id, type and object reference (what the backend reads), for signing ourselves. */
    String rebuild(JsonNode e) {
        ObjectNode ev = Api.JSON.createObjectNode();
        ev.put("id", e.get("id").asText())
                .put("object", "event")
                .put("api_version", "2026-07-29.dahlia")
                .put("type", e.get("type").asText())
                .put("created", System.currentTimeMillis() / 1000)
                .put("livemode", false);
        ObjectNode obj = ev.putObject("data").putObject("object");
        obj.put("id", e.get("object").asText());
        JsonNode sub = f.subscription(user);
        if (sub != null)
            obj.put("customer", sub.get("customer").asText())
                    .put("subscription", sub.get("id").asText());
        return ev.toString();
    }

    String sign(String payload, String secret, long timestamp) throws Exception {
        String sig = Webhook.Util.computeHmacSha256(secret, timestamp + "." + payload);
        return "t=" + timestamp + ",v1=" + sig;
    }

    long now() {
        return System.currentTimeMillis() / 1000;
    }

    @Test
    void forgedTamperedStaleAndUnsignedDeliveriesAreRefusedAndChangeNothing() throws Exception {
        String relay = heldCheckout();
        JsonNode completed = null;
        for (JsonNode e : f.stripe.state().get("events"))
            if (e.get("type").asText().equals("checkout.session.completed")) completed = e;
        String payload = rebuild(completed);
        int eventsBefore = events();
        long activityBefore = activityRows();

        var forged = post(payload, sign(payload, "whsec_not_the_real_one", now()));
        assertThat(forged.statusCode()).isEqualTo(400);
        assertThat(forged.body()).contains("invalid Stripe signature");

        String good = sign(payload, f.stripe.webhookSecret, now());
        var tampered = post(payload.replace("\"livemode\":false", "\"livemode\":true"), good);
        assertThat(tampered.statusCode()).isEqualTo(400);

        var stale = post(payload, sign(payload, f.stripe.webhookSecret, now() - StripeWebhooks.TOLERANCE_SECONDS - 60));
        assertThat(stale.statusCode()).isEqualTo(400);
        assertThat(stale.body()).contains("tolerance");

        var future =
                post(payload, sign(payload, f.stripe.webhookSecret, now() + StripeWebhooks.TOLERANCE_SECONDS + 60));
        assertThat(future.statusCode()).isEqualTo(400);

        var unsigned = post(payload, null);
        assertThat(unsigned.statusCode()).isEqualTo(400);
        assertThat(unsigned.body()).contains("missing Stripe-Signature");

        var garbage = post(payload, "t=abc,v1=zz");
        assertThat(garbage.statusCode()).isEqualTo(400);

        assertThat(events()).isEqualTo(eventsBefore);
        assertThat(activityRows()).isEqualTo(activityBefore);
        assertThat(f.status(user, relay)).isEqualTo("awaiting_payment");

        // the same event, correctly signed, is applied: the relay is served
        var valid = post(payload, sign(payload, f.stripe.webhookSecret, now()));
        assertThat(valid.statusCode()).as(valid.body()).isEqualTo(200);
        assertThat(valid.body()).contains("applied");
        assertThat(f.status(user, relay)).isIn("active", "pending");
    }

    @Test
    void theSameEventTwiceHasOneEffect() throws Exception {
        String relay = heldCheckout();
        f.stripe.control("POST", "pause", "{\"paused\":false}");
        f.waitFor(user, relay, "active");
        long activity = activityRows();
        int invoices = f.cardInvoices(user).size();
        for (JsonNode e : f.stripe.state().get("events")) {
            var again = f.stripe.control(
                    "POST", "redeliver", "{\"event\":\"" + e.get("id").asText() + "\"}");
            assertThat(again.get("status").asInt()).isEqualTo(200);
            assertThat(again.get("body").asText()).containsAnyOf("duplicate", "ignored");
        }
        assertThat(activityRows()).isEqualTo(activity);
        assertThat(f.cardInvoices(user)).hasSize(invoices);
        assertThat(f.notices.count("dm:paid:")).isEqualTo(1);
    }

    @Test
    void eventsOutOfOrderEndInStripesCurrentState() {
        String relay = heldCheckout();
        // deliver the checkout's events newest first: the result is the same as in order
        f.stripe.control("POST", "pause", "{\"paused\":false,\"order\":\"reverse\"}");
        f.waitFor(user, relay, "active");
        assertThat(f.cardInvoices(user)).hasSize(1);

        // cancelled at once while the events about it are held back, then delivered oldest last: it stays ended
        JsonNode sub = f.subscription(user);
        f.stripe.control("POST", "pause", "{\"paused\":true}");
        String portal = f.api.as(user, "GET", "/tenants/" + user.pubkey() + "/stripe/session", null)
                .json()
                .get("url")
                .asText();
        f.stripe.form(portal + "/cancel", "subscription=" + sub.get("id").asText());
        f.stripe.control(
                "POST", "advance", "{\"subscription\":\"" + sub.get("id").asText() + "\"}");
        f.stripe.control("POST", "pause", "{\"paused\":false,\"order\":\"reverse\"}");
        f.waitFor(user, relay, "inactive");
        // an old "created" event replayed now (new delivery of an old id is a duplicate; a reordered one reads Stripe
        // fresh)
        for (JsonNode e : f.stripe.state().get("events"))
            if (e.get("type").asText().equals("customer.subscription.created"))
                f.stripe.control(
                        "POST", "redeliver", "{\"event\":\"" + e.get("id").asText() + "\"}");
        f.stripe.idle();
        assertThat(f.status(user, relay)).isEqualTo("inactive");
    }
}
