package caravel.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import caravel.config.FiatRate;
import caravel.domain.Failure;
import caravel.domain.Plan;
import caravel.domain.Plans;
import caravel.domain.PriceCurrency;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PlanPricesTest {
    static final FiatRate USD_100K = new FiatRate("USD", new BigDecimal("100000"));
    static final Plans USD_PLANS = new Plans(
            List.of(
                    Plan.builder("free", "Free", 0).maxMembers(5).build(),
                    Plan.builder("team", "Team", 1000)
                            .maxMembers(50)
                            .blossom(true)
                            .build()),
            PriceCurrency.of("USD"));

    @Test
    void fiatBecomesSatsAtThePriceOfTheMomentAndRoundsHalfUp() {
        assertThat(PlanPrices.sats(1000, USD_100K)).isEqualTo(10_000); // $10 at $100k: 10,000 sats
        assertThat(PlanPrices.sats(1000, new FiatRate("USD", new BigDecimal("65000"))))
                .isEqualTo(15_385); // 15,384.6
        assertThat(PlanPrices.fiat(15_385, new FiatRate("USD", new BigDecimal("65000"))))
                .isEqualTo(1000);
        // a currency without a minor unit: 1,500 yen at 15,500,000 yen a bitcoin
        FiatRate jpy = new FiatRate("JPY", new BigDecimal("15500000"));
        assertThat(PlanPrices.sats(1500, jpy)).isEqualTo(9_677);
        assertThat(PlanPrices.fiat(9_677, jpy)).isEqualTo(1500);
    }

    @Test
    void aQuoteFixesThePriceItWasMadeWithEvenWhenTheFeedMovesOn() {
        AtomicReference<Optional<FiatRate>> now = new AtomicReference<>(Optional.of(USD_100K));
        PlanPrices prices = new PlanPrices(USD_PLANS, now::get);
        PlanPrices.Quote q = prices.quote();
        now.set(Optional.of(new FiatRate("USD", new BigDecimal("50000"))));
        assertThat(q.sats(1000)).isEqualTo(10_000);
        assertThat(q.fiat(1000)).isEqualTo(1000L); // the fiat figure of a fiat price is the price itself
        assertThat(q.fiatCurrency()).contains("USD");
        assertThat(prices.satsNow(USD_PLANS.of("team"))).contains(20_000L);
    }

    @Test
    void withPlansInFiatAndNoKnownPriceNoInvoiceCanBeMade() {
        PlanPrices prices = new PlanPrices(USD_PLANS, BitcoinPrice.none());
        assertThatThrownBy(prices::quote)
                .isInstanceOf(Failure.class)
                .satisfies(e -> assertThat(((Failure) e).kind()).isEqualTo(Failure.Kind.UNAVAILABLE))
                .hasMessageContaining("bitcoin price");
        assertThat(prices.satsNow(USD_PLANS.of("team"))).isEmpty();
    }

    @Test
    void satsPlansChargeTheirPriceAndShowFiatOnlyWhenAPriceIsKnown() {
        PlanPrices none = new PlanPrices(Plans.seed(), BitcoinPrice.none());
        PlanPrices.Quote q = none.quote();
        assertThat(q.sats(10_000)).isEqualTo(10_000);
        assertThat(q.fiat(10_000)).isNull();
        assertThat(q.fiatCurrency()).isEmpty();
        PlanPrices.Quote withRate = new PlanPrices(Plans.seed(), BitcoinPrice.fixed(USD_100K)).quote();
        assertThat(withRate.sats(10_000)).isEqualTo(10_000);
        assertThat(withRate.fiat(10_000)).isEqualTo(1000L);
    }
}
