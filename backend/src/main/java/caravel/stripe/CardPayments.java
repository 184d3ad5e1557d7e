package caravel.stripe;

import caravel.billing.CardPrices;
import caravel.billing.RenewalBoundary;
import caravel.jobs.JobRunner;
import caravel.jobs.Periodic;
import java.util.Map;

/**
 * The card rail put together: built only when every STRIPE_* setting is present, after Lightning billing (which was
 * built with this rail's {@link CardRail}). The wiring makes its parts; this is what the rest of the app reaches.
 */
public final class CardPayments {
    public final CardBilling billing;
    public final StripeWebhooks webhooks;
    /** Card payments of single Lightning invoices (Stripe Checkout in payment mode). */
    public final InvoiceCheckouts checkouts;
    /** What the card charges per period, from Stripe's prices (the account page shows it before Checkout). */
    public final CardPrices prices;
    /** What the periodic renewal run asks Stripe before renewing a tenant switching to card. */
    public final RenewalBoundary boundary;

    private final CardSync sync;
    private final CardTick tick;

    /**
     * @param prices read from Stripe in the background from now on, so the account page has them when first asked
     * @param sync the job {@link CardRail} queues when a tenant's relays changed
     * @param tick the periodic check that queues syncs Caravel was not asked for
     */
    public CardPayments(
            CardBilling billing,
            StripeWebhooks webhooks,
            InvoiceCheckouts checkouts,
            CardPrices prices,
            RenewalBoundary boundary,
            CardSync sync,
            CardTick tick) {
        this.billing = billing;
        this.webhooks = webhooks;
        this.checkouts = checkouts;
        this.prices = prices;
        this.boundary = boundary;
        this.sync = sync;
        this.tick = tick;
        prices.perPeriod(Map.of()); // starts the first read of Stripe's prices in the background
    }

    /** Attempts of one check's job: a failed check is done again by the next period, but a run whose process was
     * killed is taken up again by another (see Periodic). */
    static final int TICK_ATTEMPTS = 3;

    public void register(JobRunner runner, Periodic periodic) {
        runner.register(CardBilling.JOB_SYNC, sync.syncHandler());
        runner.register(
                CardBilling.JOB_TICK,
                periodic.handler(CardBilling.JOB_TICK, tick.tickPeriod(), TICK_ATTEMPTS, tick.tick()));
    }

    /** Queues the periodic check now unless one is queued (at start-up). */
    public void scheduleTick(Periodic periodic) {
        periodic.schedule(CardBilling.JOB_TICK, TICK_ATTEMPTS);
    }
}
