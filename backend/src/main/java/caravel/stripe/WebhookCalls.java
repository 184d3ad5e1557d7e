package caravel.stripe;

import caravel.domain.Failure;
import caravel.store.CardAccount;
import caravel.store.TenantStore;
import com.fasterxml.jackson.databind.JsonNode;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Stripe calls a webhook event makes outside its transaction (network calls never hold the database): what the
 * event is about, fetched fresh before it is applied, and once it is, a live subscription synced or, when it is not the
 * tenant's own, cancelled.
 *
 * @param checkouts settles a Checkout session that paid one invoice
 */
public record WebhookCalls(
        StripeGateway stripe, InvoiceCheckouts checkouts, Jdbi jdbi, TenantStore tenants, CardRail rail) {
    private static final Logger log = LoggerFactory.getLogger(WebhookCalls.class);

    /** What an event is about as Stripe has it now: each part null when the event is not about it. */
    record Fresh(StripeGateway.Subscription subscription, StripeGateway.StripeInvoice invoice, String failure) {}

    /**
     * The current state of what event {@code id} of {@code type} is about ({@code object} is the event's copy).
     * @throws Failure unavailable when Stripe cannot be asked (Stripe delivers the event again later)
     */
    Fresh fetch(String id, String type, JsonNode object) {
        StripeGateway.Subscription sub = null;
        StripeGateway.StripeInvoice invoice = null;
        String failure = null;
        try {
            switch (type) {
                case "checkout.session.completed" -> {
                    String s = text(object, "subscription");
                    if (s != null) sub = stripe.retrieveSubscription(s);
                    // a one-off payment of one invoice: settled from the session as Stripe has it (idempotent, so
                    // done before the event is recorded: a failure here leaves it for Stripe's next delivery)
                    if ("payment".equals(text(object, "mode"))) checkouts.onCompleted(text(object, "id"));
                }
                case "invoice.paid", "invoice.payment_failed" -> {
                    invoice = stripe.retrieveInvoice(text(object, "id"));
                    if (invoice.subscription() != null) sub = stripe.retrieveSubscription(invoice.subscription());
                    if (type.equals("invoice.payment_failed")) failure = "your card was declined";
                }
                default -> sub = stripe.retrieveSubscription(text(object, "id"));
            }
        } catch (StripeGateway.Unavailable e) {
            throw Failure.unavailable("Stripe could not be asked about event " + id + "; deliver it again later");
        }
        return new Fresh(sub, invoice, failure);
    }

    /**
     * A live subscription may now differ from what the relays need (a relay created meanwhile): synced; one the tenant
     * does not pay by is ended.
     */
    void afterApplied(String tenant, StripeGateway.Subscription s) {
        String own = jdbi.withHandle(h -> tenants.cardAccount(h, tenant))
                .map(CardAccount::subscription)
                .orElse(null);
        if (!s.id().equals(own)) {
            // a subscription the tenant does not pay by (a second one, or one after leaving card) would bill twice:
            // ended at once
            try {
                stripe.cancelNow(s.id());
                log.warn("tenant {} had a second Stripe subscription {}; cancelled it", tenant, s.id());
            } catch (RuntimeException e) {
                log.warn(
                        "could not cancel the second Stripe subscription {} of tenant {}: {}",
                        s.id(),
                        tenant,
                        e.getMessage());
            }
        } else {
            jdbi.useHandle(h -> rail.changed(h, tenant));
        }
    }

    private static String text(JsonNode o, String field) {
        return StripeWebhooks.text(o, field);
    }
}
