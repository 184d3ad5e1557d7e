package caravel.stripe;

import caravel.billing.Cycles;
import caravel.domain.Actor;
import caravel.domain.Epoch;
import caravel.domain.Failure;
import caravel.store.ActivityLog;
import caravel.store.CardAccount;
import caravel.store.CardCheckout;
import caravel.store.TenantStore;
import java.time.Clock;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * The Stripe pages a tenant is sent to from the account page: Checkout for a subscription, and the customer portal,
 * both for the tenant's one Stripe customer, created on first need.
 */
public final class StripeSessions {
    /**
     * Stripe's Checkout takes a trial only when it ends at least 48 hours after the session is made; the margin covers
     * the clocks of the two sides.
     */
    static final long SHORTEST_TRIAL_SECONDS = 48 * 3600 + 600;

    private final Jdbi jdbi;
    private final Clock clock;
    private final StripeGateway stripe;
    private final TenantStore tenants;
    private final ActivityLog activity;
    private final Prices prices;
    private final String appUrl;

    /** @param appUrl where Stripe's pages return to */
    public StripeSessions(
            Jdbi jdbi,
            Clock clock,
            StripeGateway stripe,
            TenantStore tenants,
            ActivityLog activity,
            Prices prices,
            String appUrl) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.stripe = stripe;
        this.tenants = tenants;
        this.activity = activity;
        this.prices = prices;
        this.appUrl = appUrl.replaceAll("/+$", "");
    }

    /** The tenant's Stripe customer, created on first need (one per tenant even when two requests race). */
    String ensureCustomer(String tenant) {
        String existing = jdbi.withHandle(h -> tenants.cardAccount(h, tenant))
                .map(CardAccount::customer)
                .orElse(null);
        if (existing != null) return existing;
        // the key is per tenant: a retry, or a racing second request, gets the same customer back from Stripe
        String created = stripe.createCustomer(tenant, "caravel-customer-" + tenant);
        long now = Epoch.seconds(clock);
        jdbi.useTransaction(h -> {
            if (tenants.setStripeCustomerIfAbsent(h, tenant, created, now))
                activity.add(
                        h, tenant, null, "card_customer", "Stripe customer " + created + " created", Actor.SYSTEM, now);
        });
        return jdbi.withHandle(h -> tenants.cardAccount(h, tenant))
                .orElseThrow()
                .customer();
    }

    /**
     * The Checkout page for a subscription to these quantities (plan id → quantity): the session handed out before
     * while it is open, else a new one. A tenant not yet on card (a switch waiting for the renewal) gets a trial up to
     * the end of the period paid over Lightning.
     */
    String checkout(String tenant, Map<String, Long> want, boolean onCard) {
        long now = Epoch.seconds(clock);
        // the session handed out before: still open, it is handed out again; paid (its webhooks on the way), a second
        // one would subscribe twice; only an expired one makes way for a new session
        CardCheckout last =
                jdbi.withHandle(h -> tenants.cardCheckout(h, tenant)).orElseThrow();
        if (last.id() != null) {
            String status = stripe.retrieveCheckout(last.id()).status();
            if (status.equals("open")) return last.url();
            if (status.equals("complete"))
                throw Failure.conflict(
                        "your card payment went through and is being confirmed: the relays are served as soon as Stripe confirms it");
        }
        Long trialEnd = onCard ? null : switchTrialEnd(tenant);
        String customer = ensureCustomer(tenant);
        // one session per tenant and minute: a double click gets the same page, a later try a fresh one
        var session = stripe.createCheckout(
                customer,
                tenant,
                prices.byPrice(want),
                trialEnd,
                appUrl + "/account?card=success",
                appUrl + "/account?card=cancelled",
                "caravel-checkout-" + CardSync.sha256(tenant + "|" + want + "|" + trialEnd + "|" + now / 60));
        jdbi.useTransaction(h -> {
            tenants.setCardCheckout(h, tenant, session.id(), session.url(), now);
            activity.add(
                    h,
                    tenant,
                    null,
                    "card_checkout",
                    "Card checkout started for " + CardSync.describe(want),
                    Actor.person(tenant),
                    now);
        });
        return session.url();
    }

    /**
     * A switch from Lightning: Stripe charges first when the period paid over Lightning ends. In the period's last two
     * days Stripe takes no trial that short, so the first charge waits for the shortest one it takes (the relays stay
     * served meanwhile, those hours unbilled).
     */
    private Long switchTrialEnd(String tenant) {
        Long anchor = tenants.find(tenant).orElseThrow().billingAnchor();
        long now = Epoch.seconds(clock);
        if (anchor == null || anchor > now) return null;
        return Math.max(Cycles.at(anchor, now).end(), now + SHORTEST_TRIAL_SECONDS);
    }

    /** A customer-portal session (change card, see invoices, cancel) that returns to the account page. */
    String portal(String tenant) {
        return portal(tenant, appUrl + "/account");
    }

    /**
     * A customer-portal session that returns to {@code returnUrl} (the caller resolved it against the allowed
     * origins). It opens before the account has any card: the Stripe customer is created on demand, so the first
     * card can be added there.
     */
    String portal(String tenant, String returnUrl) {
        if (jdbi.withHandle(h -> tenants.cardAccount(h, tenant)).isEmpty()) throw Failure.notFound("tenant not found");
        return stripe.portalSession(ensureCustomer(tenant), returnUrl);
    }
}
