package caravel;

import caravel.billing.AccountSummary;
import caravel.billing.Autopay;
import caravel.billing.AutopayBudget;
import caravel.billing.AutopayNotes;
import caravel.billing.BillingGrace;
import caravel.billing.BitcoinPrice;
import caravel.billing.CardPrices;
import caravel.billing.Charging;
import caravel.billing.CreditStore;
import caravel.billing.CycleRenewal;
import caravel.billing.InvoiceBook;
import caravel.billing.InvoiceIssue;
import caravel.billing.InvoiceStore;
import caravel.billing.Invoicing;
import caravel.billing.Notices;
import caravel.billing.PaidInvoices;
import caravel.billing.PaymentConfirmation;
import caravel.billing.PaymentSettling;
import caravel.billing.PlanPrices;
import caravel.billing.PriceFeed;
import caravel.billing.Quotes;
import caravel.billing.Rails;
import caravel.billing.RenewalBoundary;
import caravel.billing.Renewals;
import caravel.billing.TenantWalletGate;
import caravel.billing.UsdPrices;
import caravel.config.Config;
import caravel.jobs.JobRunners;
import caravel.relays.RelayDeps;
import caravel.relays.Relays;
import caravel.store.RelayStore;
import caravel.store.TenantStore;
import caravel.stripe.CardBilling;
import caravel.stripe.CardInvoiceMirror;
import caravel.stripe.CardLedger;
import caravel.stripe.CardPayments;
import caravel.stripe.CardPriceList;
import caravel.stripe.CardQuantities;
import caravel.stripe.CardRail;
import caravel.stripe.CardStore;
import caravel.stripe.CardSync;
import caravel.stripe.CardTick;
import caravel.stripe.InvoiceCheckouts;
import caravel.stripe.PayByCard;
import caravel.stripe.Prices;
import caravel.stripe.RailSwitch;
import caravel.stripe.RailSwitchAtOnce;
import caravel.stripe.StripeGateway;
import caravel.stripe.StripeSessions;
import caravel.stripe.StripeWebhooks;
import caravel.stripe.SwitchCheckouts;
import caravel.stripe.WebhookCalls;
import caravel.stripe.WebhookEffects;
import caravel.stripe.WebhookSignature;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;

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

    /** What the quotes (made once relays exist) read besides the invoices: the database, its clock, the tenants' rows. */
    private final Jdbi jdbi;

    private final Clock clock;
    private final TenantStore tenants;
    private final RelayStore relayStore;

    BillingAssembly(
            Config config,
            Function<Config.Stripe, StripeGateway> stripe,
            RelayDeps relays,
            InvoiceStore invoices,
            Wallets wallets,
            Notices notices) {
        this.invoices = invoices;
        this.jdbi = relays.jdbi();
        this.clock = relays.clock();
        this.tenants = relays.tenants();
        this.relayStore = relays.relayStore();
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
        var book = new InvoiceBook(clock, invoices, credits, relays.activity(), relays.jobs(), prices);
        // Lightning billing is on when there is a platform wallet
        this.invoicing = new Invoicing(
                clock,
                tenants,
                rails,
                prices,
                book,
                new CycleRenewal(tenants, relayStore, invoices, rails, relays.transitions(), prices, book),
                wallets.platform().isPresent());
        this.payments = payments(relays, wallets, notices);
        this.issue = new InvoiceIssue(jdbi, tenants, relays.jobs(), notices, payments);
        // autopay asks tenants' own wallets through a gate that bounds how many are asked at once and for how long
        this.autopay = new Autopay(
                jdbi,
                clock,
                tenants,
                invoices,
                payments,
                new Autopay.TenantWallets(
                        relays.box(),
                        new TenantWalletGate(
                                wallets.tenant(),
                                config.limits().tenantWalletConcurrency(),
                                config.limits().tenantWalletTimeout()),
                        config.limits().tenantWalletTimeout()),
                new AutopayBudget(relayStore, invoices, prices),
                new AutopayNotes(jdbi, invoices, relays.activity(), notices));
        this.card = config.stripe()
                .map(s -> cardPayments(
                        s, stripe.apply(s), relays, notices, config.publicUrls().get(0)));
        // built after the card rail, which it asks at a renewal boundary (the rail itself needs only invoicing and
        // payments)
        this.renewals = new Renewals(
                jdbi,
                clock,
                tenants,
                invoicing,
                payments,
                card.<RenewalBoundary>map(c -> c.boundary).orElse(RenewalBoundary.NONE),
                new BillingGrace(jdbi, clock, invoices, relayStore, relays.activity(), relays.transitions(), notices),
                60);
        this.cardPrices = card.<CardPrices>map(c -> c.prices).orElse(CardPrices.NONE);
        this.charging = new Charging(prices, rails, cardPrices, autopay);
        this.accountSummary = new AccountSummary(jdbi, clock, tenants, relayStore, credits, charging);
    }

    /** Lightning payments: confirmed by the platform wallet, credited once, and what a paid invoice does. */
    private PaymentConfirmation payments(RelayDeps relays, Wallets wallets, Notices notices) {
        var paid = new PaidInvoices(
                clock, invoices, relays.activity(), notices, relayStore, relays.transitions(), invoicing);
        var settling = new PaymentSettling(jdbi, clock, invoices, credits, relays.activity(), notices, invoicing, paid);
        return new PaymentConfirmation(jdbi, clock, invoices, wallets.platform(), settling, paid);
    }

    /** Quotes of what a relay change charges, which make the relay through {@code relays} (built after billing). */
    Quotes quotes(Relays relays) {
        return new Quotes(jdbi, clock, relayStore, tenants, invoices, relays, charging);
    }

    /**
     * The card rail's parts, each given what it uses (the relays' tables and Lightning billing's invoices, issuing and
     * settling, which the card rail mirrors its invoices into).
     */
    private CardPayments cardPayments(
            Config.Stripe settings, StripeGateway stripe, RelayDeps relays, Notices notices, String appUrl) {
        var jdbi = relays.jdbi();
        var clock = relays.clock();
        var tenants = relays.tenants();
        var relayStore = relays.relayStore();
        var activity = relays.activity();
        var cardRail = (CardRail) rails;
        var prices = new Prices(relays.transitions().plans(), settings.prices());
        var quantities = new CardQuantities(jdbi, relayStore, tenants, invoicing, prices);
        var sync = new CardSync(jdbi, clock, stripe, tenants, activity, notices, prices, quantities);
        var sessions = new StripeSessions(jdbi, clock, stripe, tenants, activity, prices, appUrl);
        var pay = new PayByCard(jdbi, tenants, sync, quantities, sessions);
        var atOnce = new RailSwitchAtOnce(jdbi, relayStore, tenants, activity, invoicing, cardRail, prices);
        var billing = new CardBilling(
                pay, sync, sessions, new RailSwitch(jdbi, clock, stripe, tenants, activity, atOnce, pay, quantities));
        var cards = new CardStore();
        var ledger =
                new CardLedger(tenants, cards, activity, prices, relayStore, invoicing, relays.transitions(), notices);
        var checkouts = new InvoiceCheckouts(jdbi, clock, stripe, tenants, invoices, payments, billing, usd);
        var webhooks = new StripeWebhooks(
                jdbi,
                clock,
                new WebhookSignature(settings.webhookSecret(), clock),
                cards,
                tenants,
                new WebhookCalls(stripe, checkouts, jdbi, tenants, cardRail),
                new WebhookEffects(
                        tenants, ledger, new CardInvoiceMirror(cards, invoices, tenants, activity, notices, payments)));
        return new CardPayments(
                billing,
                webhooks,
                checkouts,
                new CardPriceList(stripe, prices, clock),
                new SwitchCheckouts(jdbi, clock, stripe, tenants, activity, cardRail, ledger),
                sync,
                new CardTick(jdbi, tenants, quantities, cardRail, 60));
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
