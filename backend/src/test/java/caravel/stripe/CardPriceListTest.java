package caravel.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.billing.CardPrices;
import caravel.domain.Plans;
import caravel.testing.MutableClock;
import caravel.testing.Wait;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Stripe's prices for the account page: read in the background, added up per plan, not asked again per page. */
class CardPriceListTest {
    final MutableClock clock = new MutableClock();
    final AtomicInteger asked = new AtomicInteger();
    final AtomicBoolean down = new AtomicBoolean();

    /** A gateway that answers only retrievePrice: basic $9.00, growth $29.00 (or fails while down). */
    final StripeGateway stripe = (StripeGateway) Proxy.newProxyInstance(
            StripeGateway.class.getClassLoader(), new Class<?>[] {StripeGateway.class}, (proxy, method, args) -> {
                if (!method.getName().equals("retrievePrice"))
                    throw new UnsupportedOperationException(method.getName());
                asked.incrementAndGet();
                if (down.get()) throw new StripeGateway.Unavailable("down", null);
                String id = (String) args[0];
                return new StripeGateway.Price(id, id.equals("price_basic") ? 900 : 2900, "usd");
            });

    final CardPriceList list = new CardPriceList(
            stripe, new Prices(Plans.seed(), Map.of("basic", "price_basic", "growth", "price_growth")), clock);

    Optional<CardPrices.Money> settled(Map<String, Long> q) {
        return Wait.until("prices read", Duration.ofSeconds(5), () -> list.perPeriod(q), Optional::isPresent);
    }

    @Test
    void addsUpThePlansAndIsAskedOncePerHour() {
        assertThat(settled(Map.of("basic", 2L, "growth", 1L))).contains(new CardPrices.Money(2 * 900 + 2900, "usd"));
        int once = asked.get();
        assertThat(once).isEqualTo(2); // one call per paid plan
        for (int i = 0; i < 50; i++) list.perPeriod(Map.of("basic", 1L));
        assertThat(asked.get()).isEqualTo(once);
        assertThat(list.perPeriod(Map.of())).isEmpty(); // nothing renews: no figure
    }

    @Test
    void anUnreachableStripeIsNotAskedOnEveryRead() throws Exception {
        down.set(true);
        list.perPeriod(Map.of("basic", 1L));
        Wait.until("first try", Duration.ofSeconds(5), asked::get, n -> n >= 1);
        Wait.until("the first try ended", Duration.ofSeconds(5), () -> !list.refreshing());
        int tried = asked.get(), refreshes = list.refreshesStarted();
        for (int i = 0; i < 50; i++)
            assertThat(list.perPeriod(Map.of("basic", 1L))).isEmpty();
        // reads start any refresh themselves: none started, so none can still come
        assertThat(list.refreshesStarted()).isEqualTo(refreshes);
        assertThat(asked.get()).isEqualTo(tried);
        // a minute later it is tried again, and works
        down.set(false);
        clock.advance(Duration.ofSeconds(CardPriceList.RETRY_SECONDS + 1));
        assertThat(settled(Map.of("basic", 1L))).contains(new CardPrices.Money(900, "usd"));
    }
}
