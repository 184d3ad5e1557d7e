package caravel.stripe;

import caravel.billing.RenewalBoundary;
import caravel.billing.UsdPrices;
import caravel.config.Config;
import caravel.jobs.JobRunner;
import caravel.jobs.Periodic;

/**
 * The card rail put together: built only when every STRIPE_* setting is present, after Lightning billing (which was
 * built with this rail's {@link CardRail}).
 */
public final class CardPayments {
    public final CardBilling billing;
    public final StripeWebhooks webhooks;
    /** Card payments of single Lightning invoices (Stripe Checkout in payment mode). */
    public final InvoiceCheckouts checkouts;
    /** What the card charges per period, from Stripe's prices (the account page shows it before Checkout). */
    public final caravel.billing.CardPrices prices;
    /** What the periodic renewal run asks Stripe before renewing a tenant switching to card. */
    public final RenewalBoundary boundary;

    /**
     * @param appUrl where Stripe Checkout returns to
     * @param tickSeconds how often the periodic check asks Stripe
     */
    public CardPayments(Config.Stripe settings, CardDeps deps, String appUrl, long tickSeconds, UsdPrices usd) {
        CardStore cards = new CardStore();
        this.billing = new CardBilling(
                deps, new Prices(deps.relays().transitions().plans(), settings.prices()), appUrl, tickSeconds);
        CardLedger ledger = new CardLedger(deps, cards, billing.prices());
        this.checkouts = new InvoiceCheckouts(
                deps.jdbi(),
                deps.clock(),
                deps.stripe(),
                deps.tenants(),
                deps.invoices(),
                deps.payments(),
                billing,
                usd);
        this.webhooks = new StripeWebhooks(deps, settings.webhookSecret(), cards, ledger, checkouts);
        CardPriceList priceList = new CardPriceList(deps.stripe(), billing.prices(), deps.clock());
        priceList.perPeriod(java.util.Map.of()); // starts the first read of Stripe's prices in the background
        this.prices = priceList;
        this.boundary = new SwitchCheckouts(
                deps.jdbi(), deps.clock(), deps.stripe(), deps.tenants(), deps.activity(), deps.rail(), ledger);
    }

    /** Attempts of one check's job: a failed check is done again by the next period, but a run whose process was
     * killed is taken up again by another (see Periodic). */
    static final int TICK_ATTEMPTS = 3;

    public void register(JobRunner runner, Periodic periodic) {
        runner.register(CardBilling.JOB_SYNC, billing.syncHandler());
        runner.register(
                CardBilling.JOB_TICK,
                periodic.handler(CardBilling.JOB_TICK, billing.tickPeriod(), TICK_ATTEMPTS, billing.tick()));
    }

    /** Queues the periodic check now unless one is queued (at start-up). */
    public void scheduleTick(Periodic periodic) {
        periodic.schedule(CardBilling.JOB_TICK, TICK_ATTEMPTS);
    }
}
