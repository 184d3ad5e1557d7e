package caravel;

import caravel.billing.Notices;
import caravel.config.Config;
import caravel.relays.RelayTransitions;
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

/**
 * The card rail's payments through Stripe put together, when the STRIPE_* settings are present: each part given what
 * it uses of the relays' tables and of Lightning billing's invoices, issuing and settling, which the card rail mirrors
 * its invoices into. The card rail lives in its own package above billing, so it is assembled here, in the wiring.
 */
final class CardAssembly {
    private CardAssembly() {}

    /**
     * @param rail the rail switch the card rail's parts flip (built before Lightning billing, which asks it)
     * @param appUrl where Stripe's pages send the tenant back to
     */
    static CardPayments cardPayments(
            Config.Stripe settings,
            StripeGateway stripe,
            BillingTables tables,
            RelayTransitions transitions,
            CardRail rail,
            LightningBilling lightning,
            Notices notices,
            String appUrl) {
        // the Stripe price behind each paid plan: the plan's stripe_price, or the STRIPE_PRICE_<ID> setting
        var prices = new Prices(transitions.plans(), settings.prices());
        var invoicing = lightning.invoicing;
        var jdbi = tables.jdbi();
        var clock = tables.clock();
        var tenants = tables.tenants();
        var relayStore = tables.relayStore();
        var activity = tables.activity();
        var quantities = new CardQuantities(jdbi, relayStore, tenants, invoicing, prices);
        var sync = new CardSync(jdbi, clock, stripe, tenants, activity, notices, prices, quantities);
        var sessions = new StripeSessions(jdbi, clock, stripe, tenants, activity, prices, appUrl);
        var pay = new PayByCard(jdbi, tenants, sync, quantities, sessions);
        var atOnce = new RailSwitchAtOnce(jdbi, relayStore, tenants, activity, invoicing, rail, prices);
        var billing = new CardBilling(
                pay, sync, sessions, new RailSwitch(jdbi, clock, stripe, tenants, activity, atOnce, pay, quantities));
        var cards = new CardStore();
        var ledger = new CardLedger(tenants, cards, activity, prices, relayStore, invoicing, transitions, notices);
        var payments = lightning.payments;
        var invoices = tables.invoices();
        var checkouts = new InvoiceCheckouts(jdbi, clock, stripe, tenants, invoices, payments, billing, lightning.usd);
        var webhooks = new StripeWebhooks(
                jdbi,
                clock,
                new WebhookSignature(settings.webhookSecret(), clock),
                cards,
                tenants,
                new WebhookCalls(stripe, checkouts, jdbi, tenants, rail),
                new WebhookEffects(
                        tenants, ledger, new CardInvoiceMirror(cards, invoices, tenants, activity, notices, payments)));
        return new CardPayments(
                billing,
                webhooks,
                checkouts,
                new CardPriceList(stripe, prices, clock),
                new SwitchCheckouts(jdbi, clock, stripe, tenants, activity, rail, ledger),
                sync,
                new CardTick(jdbi, tenants, quantities, rail, 60));
    }
}
