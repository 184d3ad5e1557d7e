package caravel.config;

import caravel.domain.PriceCurrency;
import java.util.Optional;

/**
 * How plan prices become what Lightning charges, and what a sat is worth in a fiat currency.
 *
 * @param currency     PRICE_CURRENCY: what plans are priced in (sats by default)
 * @param fiatCurrency the fiat currency amounts are shown in: PRICE_CURRENCY when fiat, else FIAT_RATE's currency or
 *                     FIAT_RATE_CURRENCY (USD by default); empty when no rate source is configured
 * @param fixedRate    FIAT_RATE=CUR:PRICE, a price of one bitcoin the operator keeps up to date by hand
 * @param rateUrl      FIAT_RATE_URL, a JSON price feed read when invoices are made (cached for a minute)
 */
public record Pricing(
        PriceCurrency currency, Optional<String> fiatCurrency, Optional<FiatRate> fixedRate, Optional<String> rateUrl) {

    static Pricing read(
            Optional<String> priceCurrency,
            Optional<String> fiatRate,
            Optional<String> rateUrl,
            Optional<String> rateCurrency) {
        PriceCurrency currency;
        try {
            currency = priceCurrency.map(PriceCurrency::of).orElse(PriceCurrency.SATS);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        Optional<FiatRate> fixed = FiatRate.parse(fiatRate);
        if (fixed.isPresent() && rateUrl.isPresent())
            throw new ConfigException("set FIAT_RATE or FIAT_RATE_URL, not both");
        if (fixed.isPresent() && rateCurrency.isPresent())
            throw new ConfigException("FIAT_RATE_CURRENCY goes with FIAT_RATE_URL; FIAT_RATE names its own currency");
        Optional<String> fiat;
        if (fixed.isPresent()) fiat = Optional.of(fixed.get().currency());
        else if (rateUrl.isPresent()) {
            String c = rateCurrency
                    .map(v -> v.trim().toUpperCase(java.util.Locale.ROOT))
                    .orElse(currency.sats() ? "USD" : currency.code());
            try {
                if (PriceCurrency.of(c).sats()) throw new IllegalArgumentException();
            } catch (IllegalArgumentException e) {
                throw new ConfigException("FIAT_RATE_CURRENCY must be an ISO 4217 currency code such as USD");
            }
            fiat = Optional.of(c);
        } else fiat = Optional.empty();
        if (!currency.sats()) {
            if (fiat.isEmpty())
                throw new ConfigException("PRICE_CURRENCY=" + currency.code() + " needs the price of bitcoin in it:"
                        + " set FIAT_RATE=" + currency.code() + ":<price of one bitcoin> or FIAT_RATE_URL");
            if (!fiat.get().equals(currency.code()))
                throw new ConfigException(
                        "the bitcoin price (" + fiat.get() + ") must be in PRICE_CURRENCY (" + currency.code() + ")");
        }
        return new Pricing(currency, fiat, fixed, rateUrl);
    }
}
