package caravel.stripe;

import caravel.billing.OwedInvoiceStore;
import caravel.domain.Actor;
import caravel.domain.Epoch;
import caravel.domain.Failure;
import caravel.domain.Rail;
import caravel.store.ActivityLog;
import caravel.store.CardAccount;
import caravel.store.CardCheckout;
import caravel.store.TenantStore;
import caravel.stripe.CardBilling.PayResult;
import java.time.Clock;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * A tenant's choice of rail ({@link CardBilling#chooseRail}): at once when nothing is billed on the current rail,
 * otherwise at the next renewal boundary, so one relay-period is never billed on both; choosing the current rail
 * cancels a pending switch and whatever was set up for it. A switch to card with relays in service collects the card now
 * ({@link PayByCard}) and names the relays left on Lightning.
 */
public record RailSwitch(
        Jdbi jdbi,
        Clock clock,
        StripeGateway stripe,
        TenantStore tenants,
        ActivityLog activity,
        RailSwitchAtOnce atOnce,
        PayByCard pay,
        CardQuantities quantities) {
    private static final OwedInvoiceStore OWED = new OwedInvoiceStore();

    PayResult choose(String tenant, Rail rail, Actor actor) {
        CardAccount a = jdbi.withHandle(h -> tenants.cardAccount(h, tenant))
                .orElseThrow(() -> Failure.notFound("tenant not found"));
        long now = Epoch.seconds(clock);
        if (rail == a.rail()) return keepRail(tenant, a, actor, now);
        boolean inService = atOnce.inService(tenant);
        return rail == Rail.CARD
                ? toCard(tenant, a, inService, actor, now)
                : toLightning(tenant, a, inService, actor, now);
    }

    /**
     * Whether Stripe still runs the subscription. Stripe refuses any change to one it has ended, and Caravel learns of
     * the end only from its webhook, which may come after the tenant's next click.
     */
    private boolean running(String subscription) {
        return stripe.retrieveSubscription(subscription).live();
    }

    /** Choosing the rail the account is on: cancels a pending switch (and whatever was set up for it). */
    private PayResult keepRail(String tenant, CardAccount a, Actor actor, long now) {
        if (a.nextRail() == null) return new PayResult(null, "unchanged", null);
        if (a.subscription() != null && a.onCard()) {
            if (!running(a.subscription()))
                throw Failure.conflict(
                        "your card subscription has ended and the switch to Lightning is being completed: choose card"
                                + " payments again in a moment");
            stripe.cancelAtPeriodEnd(a.subscription(), false);
        }
        if (a.subscription() == null && !a.onCard())
            closeCheckout(tenant); // the card set up for the switch must not start
        // a subscription set up for a switch to card (trialing until the Lightning period ends) must never bill:
        // the period after it is renewed over Lightning again
        boolean dropTrial = a.subscription() != null && !a.onCard();
        if (dropTrial && running(a.subscription())) stripe.cancelNow(a.subscription());
        jdbi.useTransaction(h -> {
            if (dropTrial) tenants.setStripeSubscription(h, tenant, null, Map.of(), now);
            tenants.setRail(h, tenant, a.rail(), null, now);
            activity.add(
                    h,
                    tenant,
                    null,
                    "rail_switch_cancelled",
                    "The switch to " + a.nextRail() + " payments was cancelled",
                    actor,
                    now);
        });
        return new PayResult(null, "unchanged", null);
    }

    /**
     * Lightning to card: at once when no paid relay is in service (relays waiting for a first Lightning invoice are
     * paid by card instead); otherwise at the next renewal, with the card collected now.
     */
    private PayResult toCard(String tenant, CardAccount a, boolean inService, Actor actor, long now) {
        boolean owes = jdbi.withHandle(h -> OWED.owesOnLightning(h, tenant));
        if (owes)
            throw Failure.conflict("pay the open Lightning invoice first: a period is never billed on both rails");
        if (!inService) {
            atOnce.toCard(tenant, actor, now);
            return new PayResult(null, "switched", null);
        }
        scheduleSwitch(
                tenant,
                Rail.LIGHTNING,
                Rail.CARD,
                "Card payments start at the next renewal; this period stays paid over Lightning",
                actor,
                now);
        // the card is collected now; the subscription's first charge is when the Lightning period ends
        PayResult checkout = a.subscription() == null ? pay.pay(tenant) : new PayResult(null, "scheduled", null);
        PayResult out = new PayResult(checkout.checkoutUrl(), "scheduled", null, quantities.lightningWaits(tenant));
        if (out.notice() != null)
            jdbi.useHandle(h -> activity.add(h, tenant, null, "relay_waits_on_lightning", out.notice(), actor, now));
        return out;
    }

    /**
     * Card to Lightning: at once when there is no subscription or no paid relay in service (relays waiting for a card
     * payment get a first Lightning invoice instead); otherwise when the card period ends, not charging it again.
     */
    private PayResult toLightning(String tenant, CardAccount a, boolean inService, Actor actor, long now) {
        if (!atOnce.lightningOn()) throw Failure.unavailable("Lightning billing is not configured on this platform");
        if (a.subscription() == null) closeCheckout(tenant);
        if (a.subscription() == null || !inService) {
            if (a.subscription() != null && running(a.subscription())) stripe.cancelNow(a.subscription());
            atOnce.toLightning(tenant, actor, now);
            return new PayResult(null, "switched", null);
        }
        // ended already (cancelled in Stripe's portal, its webhook on the way): it charges nothing more either way
        if (running(a.subscription())) stripe.cancelAtPeriodEnd(a.subscription(), true);
        scheduleSwitch(
                tenant,
                Rail.CARD,
                Rail.LIGHTNING,
                "Lightning billing starts when the card period ends; the card is not charged again",
                actor,
                now);
        return new PayResult(null, "scheduled", null);
    }

    /** Records a switch from rail {@code on} to {@code next} that takes effect later, and tells the tenant when. */
    private void scheduleSwitch(String tenant, Rail on, Rail next, String when, Actor actor, long now) {
        jdbi.useTransaction(h -> {
            tenants.setRail(h, tenant, on, next, now);
            activity.add(h, tenant, null, "rail_switch_scheduled", when, actor, now);
        });
    }

    /**
     * Before leaving card with no subscription: the Checkout session handed out must not be paid afterwards (it
     * would start a subscription for a tenant on Lightning). A conflict when it was paid already: its webhook decides.
     */
    private void closeCheckout(String tenant) {
        // whatever its age: a session paid while its webhooks are late must still stop the switch
        String id = jdbi.withHandle(h -> tenants.cardCheckout(h, tenant))
                .map(CardCheckout::id)
                .orElse(null);
        if (id == null) return;
        if (!stripe.expireCheckout(id))
            throw Failure.conflict(
                    "your card checkout went through a moment ago: wait for it to be confirmed before switching");
        jdbi.useHandle(h -> tenants.clearCardCheckout(h, tenant));
    }
}
