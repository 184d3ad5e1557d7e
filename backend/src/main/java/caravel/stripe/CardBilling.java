package caravel.stripe;

import caravel.billing.Rails;
import caravel.domain.Actor;
import caravel.domain.Rail;
import java.util.List;

/**
 * The card rail: what billing calls for a tenant who pays by card ({@link Rails}), and what the account page
 * asks of Stripe (Checkout, the customer portal, switching rails).
 *
 * <p>A tenant's one subscription has one item per paid plan whose quantity is the number of its relays that should
 * be paid for on that plan (relays in service, suspended ones, relays waiting for their first payment, and the
 * target plan of an upgrade). A sync job brings Stripe in line with that: more relays are charged at once with
 * Stripe's proration and fail without changing anything when the card is refused (paid before served); fewer are
 * billed from the next period without refunds, as on Lightning. Only verified webhooks change relays
 * ({@link StripeWebhooks}): a successful API call here changes nothing but the cached quantities.
 *
 * <p>This is the card rail's face to the HTTP layer; its parts: what should be paid for ({@link CardQuantities}), the
 * sync ({@link CardSync}), paying ({@link PayByCard}), Stripe's pages ({@link StripeSessions}) and switching rails
 * ({@link RailSwitch}).
 */
public record CardBilling(PayByCard pay, CardSync sync, StripeSessions sessions, RailSwitch switches) {
    public static final String JOB_SYNC = "stripe.sync";
    public static final String JOB_TICK = "stripe.tick";

    /**
     * What a "pay by card" asks: go to Stripe Checkout, or the card on file was charged (or refused).
     * @param waitingOnLightning relays the card does not start now because they still wait for their first Lightning
     *     invoice (a switch to card that waits for the renewal); the answer names them and says why
     */
    public record PayResult(String checkoutUrl, String status, String error, List<LightningWait> waitingOnLightning) {
        public PayResult(String checkoutUrl, String status, String error) {
            this(checkoutUrl, status, error, List.of());
        }

        /** The sentence that tells the tenant about the relays left on their Lightning invoice, or null. */
        public String notice() {
            if (waitingOnLightning.isEmpty()) return null;
            String names = String.join(
                    ", ", waitingOnLightning.stream().map(LightningWait::name).toList());
            boolean one = waitingOnLightning.size() == 1;
            return names + (one ? " is" : " are")
                    + " not in this card checkout: " + (one ? "it still waits" : "they still wait")
                    + " for " + (one ? "its" : "their")
                    + " first Lightning invoice, because card payments start only at the next renewal. Pay that"
                    + " invoice (over Lightning, or once by card from the invoice) to start " + (one ? "it" : "them")
                    + " now; if it is still unpaid when card payments start, it is cancelled and the card pays for "
                    + (one ? "the relay" : "them") + " from then.";
        }
    }

    /** A relay waiting for its first payment on a Lightning invoice that the card does not take over yet. */
    public record LightningWait(String relay, String name, String invoice) {}

    /** Brings the subscription's quantities in line with what the tenant should pay for ({@link CardSync}). */
    public PayResult sync(String tenant) {
        return sync.sync(tenant);
    }

    /**
     * "Pay by card": without a subscription, a Checkout session for everything that should be paid for (its URL);
     * with one, the card on file is charged for what is waiting now; a refused card is a PAYMENT_REFUSED failure.
     */
    public PayResult pay(String tenant) {
        return pay.pay(tenant);
    }

    /** The tenant's Stripe customer, created on first need (one per tenant even when two requests race). */
    String ensureCustomer(String tenant) {
        return sessions.ensureCustomer(tenant);
    }

    /** A customer-portal session (change card, see invoices, cancel) that returns to the account page. */
    public String portal(String tenant) {
        return sessions.portal(tenant);
    }

    /**
     * A customer-portal session that returns to {@code returnUrl} (the caller resolved it against the allowed
     * origins). It opens before the account has any card: the Stripe customer is created on demand, so the first
     * card can be added there.
     */
    public String portal(String tenant, String returnUrl) {
        return sessions.portal(tenant, returnUrl);
    }

    /**
     * Choosing a rail. At once when nothing is billed on the current rail; otherwise at the next renewal boundary
     * (next_rail), so one relay-period is never billed on both. Choosing the current rail cancels a pending switch.
     * @return the account after the change, and a Checkout URL when card payments must be set up first
     */
    public PayResult chooseRail(String tenant, Rail rail, Actor actor) {
        return switches.choose(tenant, rail, actor);
    }
}
