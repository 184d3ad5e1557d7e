package caravel.billing;

import caravel.config.FiatRate;
import caravel.domain.Failure;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;

/**
 * US cents for amounts kept in sats (plan prices, Lightning invoices), at the operator's configured USD rate
 * (FIAT_RATE=USD:…), rounded half up. The one place where sats become US cents: Flotilla's plans, invoices and
 * card payments of Lightning invoices all ask here, so pricing plans in US dollars later is one change.
 */
public final class UsdPrices {
    private final Optional<FiatRate> rate;

    public UsdPrices(Optional<FiatRate> rate) {
        this.rate = rate.filter(f -> f.currency().equals("USD"));
    }

    /** Whether a USD rate is configured (without one, only free amounts can be shown in cents). */
    public boolean configured() {
        return rate.isPresent();
    }

    /**
     * An invoice's amount in US cents: a card invoice is already in the card currency's minor unit (US cents: the
     * Stripe prices are in USD); a Lightning invoice's sats are converted.
     */
    public long cents(Invoice inv) {
        return inv.onCard() ? inv.amount() : cents(inv.amount());
    }

    /** One line of an invoice in US cents, as {@link #cents(Invoice)}. */
    public long cents(Invoice inv, Invoice.Item item) {
        return inv.onCard() ? item.amount() : cents(item.amount());
    }

    public long cents(long sats) {
        if (sats == 0) return 0;
        FiatRate r = rate.orElseThrow(() -> new Failure(
                Failure.Kind.UNAVAILABLE,
                "Prices in US dollars are not configured here yet (the operator sets FIAT_RATE=USD:…)"));
        return r.perBitcoin()
                .multiply(BigDecimal.valueOf(sats))
                .divide(BigDecimal.valueOf(1_000_000L), 0, RoundingMode.HALF_UP) // USD/BTC × sats / 1e8 × 100
                .longValueExact();
    }
}
