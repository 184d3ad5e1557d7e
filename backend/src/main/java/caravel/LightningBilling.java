package caravel;

import caravel.billing.Autopay;
import caravel.billing.AutopayBudget;
import caravel.billing.AutopayNotes;
import caravel.billing.BitcoinPrice;
import caravel.billing.CreditStore;
import caravel.billing.CycleRenewal;
import caravel.billing.InvoiceBook;
import caravel.billing.InvoiceIssue;
import caravel.billing.Invoicing;
import caravel.billing.Notices;
import caravel.billing.PaidInvoices;
import caravel.billing.PaymentConfirmation;
import caravel.billing.PaymentSettling;
import caravel.billing.PlanPrices;
import caravel.billing.PriceFeed;
import caravel.billing.Rails;
import caravel.billing.TenantWalletGate;
import caravel.billing.UsdPrices;
import caravel.config.Config;
import caravel.crypto.SecretBox;
import caravel.jobs.JobQueue;
import caravel.relays.RelayTransitions;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Optional;

/**
 * Lightning billing put together: the plans' prices, invoices issued and charged, settled when the platform wallet
 * says they are paid, and paid by autopay from tenants' own wallets. Built before the card rail's payments, which
 * mirror their invoices into these.
 */
final class LightningBilling {
    /** The bitcoin price feed, running, when FIAT_RATE_URL is set. */
    final Optional<PriceFeed> priceFeed;

    final PlanPrices prices;
    final UsdPrices usd;
    final CreditStore credits = new CreditStore();
    final Invoicing invoicing;
    final PaymentConfirmation payments;
    /** The issue job of new invoices: a bolt11, then autopay or a "please pay" DM. */
    final InvoiceIssue issue;

    final Autopay autopay;

    /**
     * @param rails how a tenant is charged, which the charges a relay change makes ask
     * @param notices billing's messages, sent as the robot's DMs
     */
    LightningBilling(
            Config config,
            BillingTables tables,
            RelayTransitions transitions,
            JobQueue jobs,
            SecretBox box,
            Rails rails,
            Wallets wallets,
            Notices notices) {
        this.priceFeed = priceFeed(config);
        this.prices = new PlanPrices(config.plans(), bitcoinPrice(config, priceFeed));
        this.usd = new UsdPrices(prices);
        var jdbi = tables.jdbi();
        var clock = tables.clock();
        var tenants = tables.tenants();
        var relayStore = tables.relayStore();
        var invoices = tables.invoices();
        var book = new InvoiceBook(clock, invoices, credits, tables.activity(), jobs, prices);
        // Lightning billing is on when there is a platform wallet
        this.invoicing = new Invoicing(
                clock,
                tenants,
                rails,
                prices,
                book,
                new CycleRenewal(tenants, relayStore, invoices, rails, transitions, prices, book),
                wallets.platform().isPresent());
        this.payments = payments(tables, transitions, wallets, notices);
        // the deep link every dunning DM carries, the issued invoice's too
        var links = new caravel.billing.InvoiceLinks(config.publicUrls().get(0));
        this.issue = new InvoiceIssue(jdbi, tenants, jobs, notices, payments, links);
        // autopay asks tenants' own wallets through a gate that bounds how many are asked at once and for how long
        this.autopay = new Autopay(
                jdbi,
                clock,
                tenants,
                invoices,
                payments,
                new Autopay.TenantWallets(
                        box,
                        new TenantWalletGate(
                                wallets.tenant(),
                                config.limits().tenantWalletConcurrency(),
                                config.limits().tenantWalletTimeout()),
                        config.limits().tenantWalletTimeout()),
                new AutopayBudget(relayStore, invoices, prices),
                new AutopayNotes(jdbi, invoices, tables.activity(), notices, links));
    }

    /** Lightning payments: confirmed by the platform wallet, credited once, and what a paid invoice does. */
    private PaymentConfirmation payments(
            BillingTables tables, RelayTransitions transitions, Wallets wallets, Notices notices) {
        var clock = tables.clock();
        var invoices = tables.invoices();
        var paid = new PaidInvoices(
                clock, invoices, tables.activity(), notices, tables.relayStore(), transitions, invoicing);
        var settling = new PaymentSettling(
                tables.jdbi(), clock, invoices, credits, tables.activity(), notices, invoicing, paid);
        return new PaymentConfirmation(tables.jdbi(), clock, invoices, wallets.platform(), settling, paid);
    }

    void close() {
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
