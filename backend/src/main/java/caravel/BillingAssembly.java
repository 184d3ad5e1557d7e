package caravel;

import caravel.billing.AccountSummary;
import caravel.billing.Autopay;
import caravel.billing.BillingGrace;
import caravel.billing.CardPrices;
import caravel.billing.Charging;
import caravel.billing.InvoiceIssue;
import caravel.billing.InvoiceLinks;
import caravel.billing.InvoiceStore;
import caravel.billing.Invoicing;
import caravel.billing.Notices;
import caravel.billing.PaymentConfirmation;
import caravel.billing.PlanPrices;
import caravel.billing.PriceFeed;
import caravel.billing.Quotes;
import caravel.billing.Rails;
import caravel.billing.RenewalBoundary;
import caravel.billing.Renewals;
import caravel.billing.UsdPrices;
import caravel.config.Config;
import caravel.crypto.SecretBox;
import caravel.jobs.JobQueue;
import caravel.jobs.JobRunners;
import caravel.relays.RelayTransitions;
import caravel.relays.Relays;
import caravel.stripe.CardPayments;
import caravel.stripe.CardRail;
import caravel.stripe.StripeGateway;
import java.util.Optional;
import java.util.function.Function;

/**
 * Billing put together: Lightning billing ({@link LightningBilling}: invoices issued, settled when the platform wallet
 * says they are paid, paid by autopay from tenants' own wallets), the card rail through Stripe ({@link CardAssembly})
 * when the STRIPE_* settings are present, and what reads both: renewals, how a tenant is charged, the account's money.
 */
final class BillingAssembly implements AutoCloseable {
    /** The bitcoin price feed, running, when FIAT_RATE_URL is set. */
    final Optional<PriceFeed> priceFeed;

    final PlanPrices prices;
    final UsdPrices usd;
    final Rails rails;

    /** The invoices of both rails: every part that charges or reads a tenant's invoices shares this store. */
    final InvoiceStore invoices;

    final Invoicing invoicing;
    final PaymentConfirmation payments;
    /** The issue job of new invoices: a bolt11, then autopay or a "please pay" DM. */
    final InvoiceIssue issue;

    final Autopay autopay;
    /** Card payments through Stripe: present only when the STRIPE_* settings are. */
    final Optional<CardPayments> card;

    final Renewals renewals;
    final CardPrices cardPrices;
    /** How a tenant is charged: the account page and the quotes (made in the wiring once relays exist) tell it. */
    final Charging charging;
    /** What the account page shows about money (GET /tenants/:pk/billing and the live stream). */
    final AccountSummary accountSummary;

    /** What the quotes (made once relays exist) read besides the charging: the database, the tenants' and relays' rows. */
    private final BillingTables tables;

    private final LightningBilling lightning;

    /**
     * @param stripe the Stripe client for the STRIPE_* settings (tests give a fake)
     * @param box what tenants' autopay wallets are sealed with
     * @param notices billing's messages, sent as the robot's DMs
     */
    BillingAssembly(
            Config config,
            Function<Config.Stripe, StripeGateway> stripe,
            BillingTables tables,
            RelayTransitions transitions,
            JobQueue jobs,
            SecretBox box,
            Wallets wallets,
            Notices notices) {
        this.tables = tables;
        this.invoices = tables.invoices();
        var clock = tables.clock();
        var relayStore = tables.relayStore();
        var cardRail = config.stripe()
                .map(s -> new CardRail(tables.tenants(), relayStore, transitions, jobs, tables.activity(), clock));
        this.rails = cardRail.<Rails>map(r -> r).orElse(Rails.LIGHTNING_ONLY);
        this.lightning = new LightningBilling(config, tables, transitions, jobs, box, rails, wallets, notices);
        this.priceFeed = lightning.priceFeed;
        this.prices = lightning.prices;
        this.usd = lightning.usd;
        this.invoicing = lightning.invoicing;
        this.payments = lightning.payments;
        this.issue = lightning.issue;
        this.autopay = lightning.autopay;
        this.card = config.stripe()
                .map(s -> CardAssembly.cardPayments(
                        s,
                        stripe.apply(s),
                        tables,
                        transitions,
                        cardRail.orElseThrow(),
                        lightning,
                        notices,
                        config.publicUrls().get(0)));
        // built after the card rail, which it asks at a renewal boundary (the rail itself needs only invoicing and
        // payments)
        var jdbi = tables.jdbi();
        this.renewals = new Renewals(
                jdbi,
                clock,
                tables.tenants(),
                invoicing,
                payments,
                card.<RenewalBoundary>map(c -> c.boundary).orElse(RenewalBoundary.NONE),
                new BillingGrace(
                        jdbi,
                        clock,
                        invoices,
                        relayStore,
                        tables.activity(),
                        transitions,
                        notices,
                        new InvoiceLinks(config.publicUrls().get(0))),
                60);
        this.cardPrices = card.<CardPrices>map(c -> c.prices).orElse(CardPrices.NONE);
        this.charging = new Charging(prices, rails, cardPrices, autopay);
        this.accountSummary =
                new AccountSummary(jdbi, clock, tables.tenants(), relayStore, lightning.credits, charging);
    }

    /** Quotes of what a relay change charges, which make the relay through {@code relays} (built after billing). */
    Quotes quotes(Relays relays) {
        return new Quotes(
                tables.jdbi(), tables.clock(), tables.relayStore(), tables.tenants(), invoices, relays, charging);
    }

    void register(JobRunners jobs) {
        jobs.shared().register(Invoicing.JOB_ISSUE, issue.issueHandler());
        jobs.wallets().register(Autopay.JOB_AUTOPAY, autopay.autopayHandler());
        card.ifPresent(c -> c.register(jobs.shared(), jobs.periodic()));
        jobs.shared()
                .register(
                        Renewals.JOB_TICK,
                        jobs.periodic()
                                .handler(
                                        Renewals.JOB_TICK,
                                        renewals.tickPeriod(),
                                        Renewals.TICK_ATTEMPTS,
                                        renewals.tick()));
    }

    void start(JobRunners jobs) {
        // renewals, grace and suspension: both rails
        if (invoicing.enabled() || card.isPresent())
            jobs.periodic().schedule(Renewals.JOB_TICK, Renewals.TICK_ATTEMPTS);
        if (invoicing.enabled()) payments.listenForPayments();
        card.ifPresent(c -> c.scheduleTick(jobs.periodic()));
    }

    @Override
    public void close() {
        lightning.close(); // no new payment notifications
    }
}
