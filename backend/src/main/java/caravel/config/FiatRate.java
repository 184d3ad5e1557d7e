package caravel.config;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An operator's hint of what a sat is worth, shown beside sats prices ("≈ $6.50"): {@code FIAT_RATE=USD:65000} means
 * one bitcoin is 65,000 US dollars. Prices are charged in sats whatever this says; it is off unless configured, since
 * a stale rate shown as fact would mislead.
 */
public record FiatRate(String currency, BigDecimal perBitcoin) {
    private static final Pattern FORM = Pattern.compile("([A-Za-z]{3}):([0-9]+(\\.[0-9]+)?)");

    static Optional<FiatRate> parse(Optional<String> value) {
        if (value.isEmpty() || value.get().isBlank()) return Optional.empty();
        var m = FORM.matcher(value.get().trim());
        if (!m.matches()) throw new ConfigException("FIAT_RATE must be CURRENCY:PRICE_OF_ONE_BITCOIN, e.g. USD:65000");
        BigDecimal price = new BigDecimal(m.group(2));
        if (price.signum() <= 0) throw new ConfigException("FIAT_RATE: the price of one bitcoin must be above 0");
        return Optional.of(new FiatRate(m.group(1).toUpperCase(Locale.ROOT), price));
    }
}
