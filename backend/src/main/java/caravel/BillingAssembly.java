package caravel;

import caravel.billing.AccountSummary;
import caravel.billing.Autopay;
import caravel.billing.BillingData;
import caravel.billing.BitcoinPrice;
import caravel.billing.CardPrices;
import caravel.billing.Charging;
import caravel.billing.CreditStore;
import caravel.billing.InvoiceStore;
import caravel.billing.Invoicing;
import caravel.billing.Notices;
import caravel.billing.PaymentConfirmation;
import caravel.billing.PlanPrices;
import caravel.billing.PriceFeed;
import caravel.billing.Rails;
import caravel.billing.RenewalBoundary;
import caravel.billing.Renewals;
import caravel.billing.TenantWalletGate;
import caravel.billing.UsdPrices;
import caravel.config.Config;
import caravel.jobs.JobRunners;
import caravel.relays.RelayDeps;
import caravel.stripe.CardDeps;
import caravel.stripe.CardPayments;
import caravel.stripe.CardRail;
import caravel.stripe.StripeGateway;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * Billing put together: Lightning invoices (issued, settled when the platform wallet says they are paid, renewed,
 * paid by autopay from tenants' own wallets) and the card rail through Stripe when the STRIPE_* settings are present.
 * The card rail lives in its own package above billing, so both are assembled here, in the wiring.
 */
final class BillingAssembly implements AutoCloseable {
    /** The bitcoin price feed, running, when FIAT_RATE_URL is set. */
    final Optional<PriceFeed> priceFeed;

    final PlanPrices prices;
    final UsdPrices usd;
    final Rails rails;
    final CreditStore credits = new CreditStore();
    /** What billing's services work on (the quotes too, made in the wiring once relays exist). */
    final BillingData data;

    /** The invoices of both rails: every part that charges or reads a tenant's invoices shares this store. */
    final InvoiceStore invoices;

    final Invoicing invoicing;
    final PaymentConfirmation payments;
    final Autopay autopay;
    /** Card payments through Stripe: present only when the STRIPE_* settings are. */
    final Optional<CardPayments> card;

    final Renewals renewals;
    final CardPrices cardPrices;
    /** How a tenant is charged: the account page and the quotes (made in the wiring once relays exist) tell it. */
    final Charging charging;
    /** What the account page shows about money (GET /tenants/:pk/billing and the live stream). */
    final AccountSummary accountSummary;

    BillingAssembly(
            Config config,
            Function<Config.Stripe, StripeGateway> stripe,
            RelayDeps relays,
            InvoiceStore invoices,
            Wallets wallets,
            Notices notices) {
        this.invoices = invoices;
        var jdbi = relays.jdbi();
        var clock = relays.clock();
        this.rails = config.stripe().isPresent()
                ? new CardRail(
                        relays.tenants(),
                        relays.relayStore(),
                        relays.transitions(),
                        relays.jobs(),
                        relays.activity(),
                        relays.clock())
                : Rails.LIGHTNING_ONLY;
        this.priceFeed = priceFeed(config);
        this.prices = new PlanPrices(config.plans(), bitcoinPrice(config, priceFeed));
        this.usd = new UsdPrices(prices);
        this.data = new BillingData(
                jdbi,
                clock,
                relays.tenants(),
                relays.relayStore(),
                relays.activity(),
                invoices,
                credits,
                relays.jobs());
        // Lightning billing is on when there is a platform wallet
        this.invoicing = new Invoicing(
                data, relays.transitions(), rails, prices, wallets.platform().isPresent());
        this.payments = new PaymentConfirmation(data, invoicing, relays.transitions(), notices, wallets.platform());
        // autopay asks tenants' own wallets through a gate that bounds how many are asked at once and for how long
        this.autopay = new Autopay(
                data,
                payments,
                new Autopay.TenantWallets(
                        relays.box(),
                        new TenantWalletGate(
                                wallets.tenant(),
                                config.limits().tenantWalletConcurrency(),
                                config.limits().tenantWalletTimeout()),
                        config.limits().tenantWalletTimeout()),
                notices,
                prices);
        this.card = config.stripe()
                .map(s -> new CardPayments(
                        s,
                        new CardDeps(relays, stripe.apply(s), invoices, invoicing, payments, (CardRail) rails, notices),
                        config.publicUrls().get(0),
                        60,
                        usd));
        // built after the card rail, which it asks at a renewal boundary (the rail itself needs only invoicing and
        // payments)
        this.renewals = new Renewals(
                data,
                invoicing,
                payments,
                relays.transitions(),
                notices,
                card.<RenewalBoundary>map(c -> c.boundary).orElse(RenewalBoundary.NONE),
                60);
        this.cardPrices = card.<CardPrices>map(c -> c.prices).orElse(CardPrices.NONE);
        this.charging = new Charging(prices, rails, cardPrices, autopay);
        this.accountSummary = new AccountSummary(data, charging);
    }

    void register(JobRunners jobs) {
        jobs.shared().register(Invoicing.JOB_ISSUE, autopay.issueHandler());
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
        payments.close(); // no new payment notifications
        priceFeed.ifPresent(PriceFeed::close);
    }

    private static Optional<PriceFeed> priceFeed(Config config) {
        return config.pricing()
                .rateUrl()
                .map(url -> new PriceFeed(
                                HttpClient.newBuilder()
                                        .connectTimeout(Duration.ofSeconds(10))
                                        .build(),
                                url,
                                config.pricing().fiatCurrency().orElseThrow())
                        .start());
    }

    /** The feed's price, else the fixed FIAT_RATE, else none (plans priced in sats need neither). */
    private static BitcoinPrice bitcoinPrice(Config config, Optional<PriceFeed> feed) {
        return feed.<BitcoinPrice>map(f -> f)
                .or(() -> config.pricing().fixedRate().map(BitcoinPrice::fixed))
                .orElse(BitcoinPrice.none());
    }
}
