package caravel.billing;

import caravel.config.FiatRate;
import caravel.domain.Failure;
import caravel.domain.Plan;
import java.util.Optional;

/**
 * US cents, as hosting apps that print every amount in dollars (Flotilla) need them. A figure fixed when an invoice
 * was made is used as it is: card invoices are in US cents already, and Lightning invoices keep their fiat amount from
 * the moment they were made. Only plan prices, and Lightning invoices made before any bitcoin price was configured,
 * are converted at the current USD price.
 */
public final class UsdPrices {
    private static final String USD = "USD";
    private final PlanPrices prices;

    public UsdPrices(PlanPrices prices) {
        this.prices = prices;
    }

    /** A plan's monthly price in US cents. */
    public long cents(Plan p) {
        if (prices.currency().code().equals(USD)) return p.price();
        if (!prices.currency().sats())
            throw new Failure(
                    Failure.Kind.UNAVAILABLE,
                    "Plans here are priced in " + prices.currency().code() + ", which this app cannot show");
        return cents(p.price());
    }

    /** The next renewal before it is made, in US cents: its price when plans are in USD, else its sats today. */
    public long cents(DraftInvoices.Draft d) {
        return d.currency().equals(USD) ? d.price() : cents(d.amount());
    }

    /** An invoice's amount in US cents, as fixed when it was made where it was. */
    public long cents(Invoice inv) {
        if (inv.onCard()) return inv.amount();
        if (inv.fiat() != null && inv.fiat().currency().equals(USD))
            return inv.fiat().amount();
        return cents(inv.amount());
    }

    /** One line of an invoice in US cents, as {@link #cents(Invoice)}. */
    public long cents(Invoice inv, Invoice.Item item) {
        if (inv.onCard()) return item.amount();
        if (inv.fiat() != null && inv.fiat().currency().equals(USD) && item.fiat() != null) return item.fiat();
        return cents(item.amount());
    }

    /**
     * What is still to pay on a Lightning invoice, in US cents (a card checkout of it charges this): its fixed fiat
     * amount in proportion to what credit left due, or the sats due at the current price when it has none.
     */
    public long centsDue(Invoice inv) {
        long due = inv.amountDue();
        if (inv.fiat() == null || !inv.fiat().currency().equals(USD) || inv.amount() == 0) return cents(due);
        return java.math.BigDecimal.valueOf(inv.fiat().amount())
                .multiply(java.math.BigDecimal.valueOf(due))
                .divide(java.math.BigDecimal.valueOf(inv.amount()), 0, java.math.RoundingMode.HALF_UP)
                .longValueExact();
    }

    /** Sats in US cents at the current USD price (refused when none is known). */
    public long cents(long sats) {
        if (sats == 0) return 0;
        Optional<FiatRate> usd = prices.rate().filter(r -> r.currency().equals(USD));
        FiatRate r = usd.orElseThrow(() -> new Failure(
                Failure.Kind.UNAVAILABLE,
                "Prices in US dollars are not available here (the operator sets FIAT_RATE=USD:… or FIAT_RATE_URL)"));
        return PlanPrices.fiat(sats, r);
    }
}
