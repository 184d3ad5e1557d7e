package caravel.stripe;

import caravel.billing.InvoiceStore;
import caravel.billing.Invoicing;
import caravel.billing.Notices;
import caravel.billing.PaymentConfirmation;
import caravel.billing.RenewalBoundary;
import caravel.config.Config;
import caravel.jobs.JobRunner;
import caravel.jobs.Periodic;
import caravel.relays.RelayTransitions;
import caravel.store.ActivityLog;
import caravel.store.RelayStore;
import caravel.store.TenantStore;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

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

    public CardPayments(
            Config.Stripe settings,
            StripeGateway gateway,
            Jdbi jdbi,
            Clock clock,
            CardStore cards,
            CardRail rail,
            TenantStore tenants,
            RelayStore relayStore,
            ActivityLog activity,
            InvoiceStore invoices,
            RelayTransitions transitions,
            Invoicing invoicing,
            PaymentConfirmation payments,
            Notices notices,
            String appUrl,
            long tickSeconds,
            caravel.billing.UsdPrices usd) {
        this.billing = new CardBilling(
                jdbi,
                clock,
                gateway,
                new Prices(transitions.plans(), settings.prices()),
                relayStore,
                tenants,
                activity,
                invoices,
                invoicing,
                rail,
                notices,
                appUrl,
                tickSeconds);
        CardLedger ledger = new CardLedger(
                cards,
                relayStore,
                transitions,
                activity,
                invoices,
                tenants,
                invoicing,
                payments,
                billing.prices(),
                notices);
        this.checkouts = new InvoiceCheckouts(jdbi, clock, gateway, billing, tenants, invoices, payments, usd);
        this.webhooks = new StripeWebhooks(
                jdbi, clock, settings.webhookSecret(), gateway, cards, tenants, ledger, rail, checkouts);
        CardPriceList priceList = new CardPriceList(gateway, billing.prices(), clock);
        priceList.perPeriod(java.util.Map.of()); // starts the first read of Stripe's prices in the background
        this.prices = priceList;
        this.boundary = new SwitchCheckouts(jdbi, clock, gateway, tenants, rail, ledger, activity);
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
