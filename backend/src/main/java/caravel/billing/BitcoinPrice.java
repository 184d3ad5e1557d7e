package caravel.billing;

import caravel.config.FiatRate;
import java.util.Optional;

/**
 * What one bitcoin costs now in the operator's fiat currency, or empty when that is not known (no source configured,
 * or the feed has been failing for too long: a stale price must not set what people are charged).
 */
public interface BitcoinPrice {
    Optional<FiatRate> now();

    /** What the operators are told about the price (a feed overrides it with its refusals and staleness). */
    default PriceStatus status() {
        return PriceStatus.of(now());
    }

    static BitcoinPrice none() {
        return Optional::empty;
    }

    /** FIAT_RATE: the operator's own figure, kept up to date by hand. */
    static BitcoinPrice fixed(FiatRate rate) {
        return () -> Optional.of(rate);
    }
}
