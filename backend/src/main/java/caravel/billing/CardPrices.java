package caravel.billing;

import java.util.Map;
import java.util.Optional;

/**
 * What the card rail charges a period for relays on given plans, in the card's own currency. Stripe holds those
 * prices (the plans' prices may be in sats); the card rail implements this so the account page can say what the card
 * will be charged before anyone is sent to Checkout.
 */
public interface CardPrices {
    /** An amount in a currency's minor unit (cents), as Stripe gives it. */
    record Money(long amount, String currency) {}

    /** plan id → number of relays: the charge for one period, or empty while Stripe's prices are not known. */
    Optional<Money> perPeriod(Map<String, Long> quantities);

    CardPrices NONE = quantities -> Optional.empty();
}
