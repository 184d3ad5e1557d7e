package caravel.stripe;

import caravel.testing.MutableClock;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;

/** {@link StripeGatewayContract} on FakeStripe, so the property tests that run on it stand on Stripe's behaviour. */
class FakeStripeContractTest extends StripeGatewayContract {
    final MutableClock clock = new MutableClock();
    FakeStripe stripe;

    @BeforeEach
    void start() {
        stripe = new FakeStripe(clock, "price_basic_contract", "price_growth_contract");
    }

    @Override
    StripeGateway gateway() {
        return stripe;
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
        return clock.seconds();
    }

    @Override
    boolean pay(StripeGateway.Checkout checkout, boolean cardWorks) {
        return stripe.completeCheckout(checkout.id(), cardWorks);
    }

    @Override
    void cardFails(String customer, boolean fails) {
        stripe.cardWorks.put(customer, !fails);
    }

    @Override
    void periodEnds(String subscription) {
        stripe.advance(stripe.subs.get(subscription));
    }

    @Override
    void retry(String invoice) {
        stripe.retry(invoice);
    }

    @Override
    List<String> events() {
        List<String> all = new ArrayList<>();
        for (String payload : stripe.outbox)
            try {
                JsonNode e = FakeStripe.JSON.readTree(payload);
                all.add(e.get("type").asText() + " "
                        + e.path("data").path("object").get("id").asText());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        return all;
    }
}
