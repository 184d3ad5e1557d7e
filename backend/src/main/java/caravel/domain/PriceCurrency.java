package caravel.domain;

import java.util.Currency;
import java.util.Locale;

/**
 * What plan prices are written in (PRICE_CURRENCY): sats ("SAT", the default: prices are what Lightning charges), or
 * an ISO 4217 currency whose amounts are in its minor unit (USD cents). A fiat price becomes sats only when an
 * invoice is made, at the bitcoin price of that moment.
 */
public record PriceCurrency(String code, int fractionDigits) {
    public static final PriceCurrency SATS = new PriceCurrency("SAT", 0);

    public static PriceCurrency of(String code) {
        String c = code.trim().toUpperCase(Locale.ROOT);
        if (c.equals("SAT") || c.equals("SATS")) return SATS;
        try {
            int digits = Currency.getInstance(c).getDefaultFractionDigits();
            if (digits < 0) throw new IllegalArgumentException(c + " has no minor unit");
            return new PriceCurrency(c, digits);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("PRICE_CURRENCY must be SAT or an ISO 4217 currency code such as USD");
        }
    }

    public boolean sats() {
        return this.equals(SATS);
    }
}
