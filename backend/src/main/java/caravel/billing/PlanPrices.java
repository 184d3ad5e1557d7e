package caravel.billing;

import caravel.config.FiatRate;
import caravel.domain.Failure;
import caravel.domain.Plan;
import caravel.domain.Plans;
import caravel.domain.PriceCurrency;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Optional;

/**
 * The one place where plan prices meet the bitcoin price. Plans are priced in sats or in a fiat currency (PRICE_CURRENCY);
 * Lightning always charges sats. A fiat price becomes sats when an invoice is made, at that moment's price
 * ({@link #quote()}), and the invoice keeps both figures and the price used, so neither changes afterwards.
 * With plans in sats, a configured bitcoin price only puts a fiat figure beside them.
 */
public final class PlanPrices {
    private static final BigDecimal SATS_PER_BITCOIN = BigDecimal.valueOf(100_000_000L);

    private final Plans plans;
    private final BitcoinPrice bitcoin;

    public PlanPrices(Plans plans, BitcoinPrice bitcoin) {
        this.plans = plans;
        this.bitcoin = bitcoin;
    }

    public Plans plans() {
        return plans;
    }

    public PriceCurrency currency() {
        return plans.currency();
    }

    /** Prices as of now, for one invoice; refused as unavailable when plans are in fiat and the bitcoin price is unknown. */
    public Quote quote() {
        Optional<FiatRate> rate = bitcoin.now();
        if (!plans.currency().sats() && rate.isEmpty())
            throw new Failure(
                    Failure.Kind.UNAVAILABLE,
                    "The bitcoin price is not available right now, so no invoice can be made; try again in a few"
                            + " minutes.");
        return new Quote(plans.currency(), rate);
    }

    /** Prices as of now for display: what a plan would cost in sats (empty when plans are in fiat and no price is known). */
    public Optional<Long> satsNow(Plan p) {
        Optional<FiatRate> rate = bitcoin.now();
        if (plans.currency().sats()) return Optional.of(p.price());
        try {
            return rate.map(r -> new Quote(plans.currency(), Optional.of(r)).sats(p.price()));
        } catch (Failure outOfRange) {
            return Optional.empty(); // shown as unknown, never a failed page
        }
    }

    /** Where the price stands, for the operators. */
    public PriceStatus priceStatus() {
        return bitcoin.status();
    }

    /** The current bitcoin price, if one is configured and known. */
    public Optional<FiatRate> rate() {
        return bitcoin.now();
    }

    /** A fiat amount in its minor unit for {@code sats} at {@code rate} (half up). */
    public static long fiat(long sats, FiatRate rate) {
        int digits = Currency.getInstance(rate.currency()).getDefaultFractionDigits();
        return exact(rate.perBitcoin()
                .multiply(BigDecimal.valueOf(sats))
                .movePointRight(Math.max(digits, 0))
                .divide(SATS_PER_BITCOIN, 0, RoundingMode.HALF_UP));
    }

    /** Sats for a fiat amount in its minor unit at {@code rate} (half up). */
    public static long sats(long minor, FiatRate rate) {
        int digits = Currency.getInstance(rate.currency()).getDefaultFractionDigits();
        return exact(BigDecimal.valueOf(minor)
                .movePointLeft(Math.max(digits, 0))
                .multiply(SATS_PER_BITCOIN)
                .divide(rate.perBitcoin(), 0, RoundingMode.HALF_UP));
    }

    /** An amount that does not fit is the price's fault, not a server error: refused as unavailable. */
    private static long exact(BigDecimal amount) {
        try {
            return amount.longValueExact();
        } catch (ArithmeticException e) {
            throw new Failure(
                    Failure.Kind.UNAVAILABLE,
                    "The bitcoin price gives an amount out of range, so nothing can be priced at it; try again later.");
        }
    }

    /** The prices one invoice is made with. */
    public record Quote(PriceCurrency currency, Optional<FiatRate> rate) {
        /** Sats for an amount in the plans' currency. */
        public long sats(long amount) {
            return currency.sats() ? amount : PlanPrices.sats(amount, rate.orElseThrow());
        }

        /** The fiat figure kept with a line: the fiat price itself, or the sats at the display rate (none without). */
        public Long fiat(long amount) {
            if (!currency.sats()) return amount;
            return rate.map(r -> PlanPrices.fiat(amount, r)).orElse(null);
        }

        public Optional<String> fiatCurrency() {
            return currency.sats() ? rate.map(FiatRate::currency) : Optional.of(currency.code());
        }
    }
}
