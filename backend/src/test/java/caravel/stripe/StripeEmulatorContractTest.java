package caravel.stripe;

import caravel.testing.StripeEmulator;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/**
 * {@link StripeGatewayContract} on the product's own gateway (stripe-java over HTTP) against stack/stripe-emulator:
 * the customer pays on the emulator's hosted Checkout page, and its control interface fails cards and ends periods.
 */
@Tag("peer")
class StripeEmulatorContractTest extends StripeGatewayContract {
    /** Stripe's test cards: one that pays, one refused at once, one that attaches but whose later charges fail. */
    static final String WORKS = "4242424242424242", DECLINED = "4000000000000002", FAILS_LATER = "4000000000000341";

    static StripeEmulator stripe;
    static StripeJavaGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        stripe = new StripeEmulator();
        gateway = new StripeJavaGateway(stripe.secretKey, stripe.url);
    }

    @AfterAll
    static void stop() {
        if (stripe != null) stripe.close();
    }

    @Override
    StripeGateway gateway() {
        return gateway;
    }

    @Override
    String priceBasic() {
        return stripe.priceBasic;
    }

    @Override
    String priceGrowth() {
        return stripe.priceGrowth;
    }

    @Override
    long now() {
        return System.currentTimeMillis() / 1000; // the emulator's clock is the real one
    }

    @Override
    boolean pay(StripeGateway.Checkout checkout, boolean cardWorks) {
        // the hosted page answers a payment with the redirect to the success URL, anything else with the page again
        return stripe.form(checkout.url(), "card=" + (cardWorks ? WORKS : DECLINED))
                        .statusCode()
                == 303;
    }

    @Override
    void cardFails(String customer, boolean fails) {
        stripe.control(
                "POST",
                "card",
                "{\"customer\":\"" + customer + "\",\"card\":\"" + (fails ? FAILS_LATER : WORKS) + "\"}");
    }

    @Override
    void periodEnds(String subscription) {
        stripe.control("POST", "advance", "{\"subscription\":\"" + subscription + "\"}");
    }

    @Override
    void retry(String invoice) {
        stripe.control("POST", "retry", "{\"invoice\":\"" + invoice + "\"}");
    }

    @Override
    List<String> events() {
        List<String> all = new ArrayList<>();
        for (JsonNode e : stripe.state().get("events"))
            all.add(e.get("type").asText() + " " + e.get("object").asText());
        return all;
    }
}
