package caravel.stripe;

import caravel.billing.Cycles;
import caravel.billing.RenewalBoundary;
import caravel.domain.Actor;
import caravel.domain.Epoch;
import caravel.domain.Rail;
import caravel.store.ActivityLog;
import caravel.store.CardAccount;
import caravel.store.CardCheckout;
import caravel.store.Tenant;
import caravel.store.TenantStore;
import caravel.stripe.StripeGateway.CheckoutSession;
import caravel.stripe.StripeGateway.Subscription;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A switch from Lightning to card decided at the renewal boundary, from Stripe's own answer. The Checkout session
 * handed out for the switch starts a subscription whose trial ends at the boundary; when it was paid but its webhooks
 * come after the boundary, Stripe bills the card for the new cycle while Caravel, which has seen no subscription,
 * would renew it over Lightning too. So before the periodic run renews such a tenant ({@link CardRail#renewalWaits}
 * holds every other renewal back meanwhile), Stripe is asked with the secret key:
 *
 * <ul>
 *   <li>complete: its subscription is applied as its verified webhook would apply it, and the renewal switches the
 *       tenant to card with no Lightning invoice;
 *   <li>not complete: it is expired, so it can never be paid later, and Lightning renews the cycle; the switch stays
 *       pending, and a new Checkout (trial until the next boundary) sets it up. An expiry refused because the session
 *       completed a moment ago counts as complete.
 * </ul>
 *
 * This runs as the periodic run's step before the renewal's transaction rather than inside it, so Stripe's latency
 * never holds the database; the card tick would also do, but then the renewal would wait for whichever of the two
 * periodic runs comes second.
 */
public record SwitchCheckouts(
        Jdbi jdbi,
        Clock clock,
        StripeGateway stripe,
        TenantStore tenants,
        ActivityLog activity,
        CardRail rail,
        CardLedger ledger)
        implements RenewalBoundary {
    private static final Logger log = LoggerFactory.getLogger(SwitchCheckouts.class);

    @Override
    public void beforeRenewal(String tenant, long now) {
        String id = jdbi.withHandle(h -> {
            Tenant t = tenants.find(h, tenant).orElse(null);
            if (t == null || t.billingAnchor() == null || t.billingAnchor() > now) return null;
            Cycles.Cycle cycle = Cycles.at(t.billingAnchor(), now);
            return cycle.index() == 0 ? null : rail.awaitedCheckout(h, tenant, cycle.start());
        });
        if (id == null) return;
        try {
            settle(tenant, id);
        } catch (StripeGateway.Unavailable | StripeGateway.Rejected e) {
            // the renewal keeps waiting (renewalWaits) and the next periodic run asks again
            log.warn("could not ask Stripe about checkout session {} of tenant {}: {}", id, tenant, e.getMessage());
        }
    }

    private void settle(String tenant, String id) {
        CheckoutSession s = stripe.retrieveCheckout(id);
        if (s.status().equals("open"))
            s = stripe.expireCheckout(id) ? new CheckoutSession(id, "expired", null) : stripe.retrieveCheckout(id);
        Subscription sub =
                s.complete() && s.subscription() != null ? stripe.retrieveSubscription(s.subscription()) : null;
        CheckoutSession session = s;
        long now = Epoch.seconds(clock);
        jdbi.useTransaction(h -> {
            // the state may have moved on while Stripe was asked: a webhook recorded the subscription (which retires
            // the session), the tenant cancelled the switch (which expired it) or started another session
            CardAccount a = tenants.cardAccount(h, tenant).orElseThrow();
            String current =
                    tenants.cardCheckout(h, tenant).map(CardCheckout::id).orElse(null);
            if (!id.equals(current) || a.nextRail() != Rail.CARD || a.subscription() != null) return;
            if (sub != null
                    && sub.live()
                    && tenant.equals(
                            tenants.tenantByStripeCustomer(h, sub.customer()).orElse(null))) {
                // the same code as the verified webhook: the subscription is recorded (and the session retired), and
                // the renewal that follows switches the rail
                ledger.applySubscription(h, tenant, sub, now);
                return;
            }
            tenants.clearCardCheckout(h, tenant);
            activity.add(
                    h,
                    tenant,
                    null,
                    "card_checkout_expired",
                    session.complete()
                            ? "The card checkout for the switch to card payments did not start a working subscription"
                                    + " before the renewal: this cycle is billed over Lightning; pay by card again to"
                                    + " switch at the next renewal"
                            : "The card checkout for the switch to card payments was not completed before the renewal:"
                                    + " it was cancelled and can no longer be paid, and this cycle is billed over"
                                    + " Lightning; pay by card again to switch at the next renewal",
                    Actor.SYSTEM,
                    now);
        });
    }
}
