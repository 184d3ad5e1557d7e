package caravel.stripe;

import caravel.domain.Epoch;
import caravel.domain.Failure;
import caravel.json.Json;
import caravel.store.CardAccount;
import caravel.store.TenantStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Event;
import com.stripe.net.Webhook;
import java.time.Clock;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POST /stripe/webhook: the only way card payments change anything. The Stripe-Signature header is checked by
 * stripe-java's verifier (HMAC-SHA256 with the endpoint secret, within a tolerance of the server clock) before the
 * body is even parsed; an event id is applied at most once (stored in stripe_events in the transaction that applies
 * it); and what an event is about is fetched fresh from Stripe, so repeated and out-of-order deliveries converge on
 * Stripe's current state instead of replaying an old one.
 */
public final class StripeWebhooks {
    private static final Logger log = LoggerFactory.getLogger(StripeWebhooks.class);
    /** Stripe's own default: a captured request cannot be replayed after five minutes. */
    public static final long TOLERANCE_SECONDS = 300;

    static final Set<String> HANDLED = Set.of(
            "checkout.session.completed",
            "customer.subscription.created",
            "customer.subscription.updated",
            "customer.subscription.deleted",
            "invoice.paid",
            "invoice.payment_failed");

    public enum Outcome {
        APPLIED,
        DUPLICATE,
        IGNORED
    }

    private final Jdbi jdbi;
    private final Clock clock;
    private final String secret;
    private final StripeGateway stripe;
    private final CardStore cards;
    private final TenantStore tenants;
    private final CardLedger ledger;
    private final CardRail rail;

    private final InvoiceCheckouts checkouts;

    StripeWebhooks(CardDeps deps, String secret, CardStore cards, CardLedger ledger, InvoiceCheckouts checkouts) {
        this.rail = deps.rail();
        this.checkouts = checkouts;
        this.jdbi = deps.jdbi();
        this.clock = deps.clock();
        this.secret = secret;
        this.stripe = deps.stripe();
        this.cards = cards;
        this.tenants = deps.tenants();
        this.ledger = ledger;
    }

    /**
     * Verifies and applies one delivery.
     * @throws Failure invalid for a missing or bad signature (nothing is read or changed), unavailable when Stripe cannot be
     *                      asked for the current state (Stripe delivers the event again later)
     */
    public Outcome handle(String payload, String signatureHeader) {
        Event event = verified(payload, signatureHeader);
        String id = event.getId(), type = event.getType();
        if (id == null || type == null) throw Failure.invalid("not a Stripe event");
        if (seen(id)) return Outcome.DUPLICATE;
        if (!HANDLED.contains(type)) {
            record(id, type, event.getCreated());
            return Outcome.IGNORED;
        }
        JsonNode object;
        try {
            object = Json.MAPPER.readTree(payload).path("data").path("object");
        } catch (Exception e) {
            throw Failure.invalid("not a Stripe event");
        }
        String customer = text(object, "customer");
        String tenant = jdbi.withHandle(h -> tenants.tenantByStripeCustomer(h, customer))
                .orElse(null);
        if (tenant == null) { // not one of ours (another product on the same Stripe account): acknowledged, ignored
            log.info("stripe event {} ({}) for unknown customer {} ignored", id, type, customer);
            record(id, type, event.getCreated());
            return Outcome.IGNORED;
        }
        // the current state, fetched before the transaction (network calls never hold the database)
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
        StripeGateway.Subscription s = sub;
        StripeGateway.StripeInvoice inv = invoice;
        String why = failure;
        long now = Epoch.seconds(clock);
        boolean applied =
                jdbi.inTransaction(h -> {
                    if (!cards.recordEvent(h, id, type, event.getCreated(), now))
                        return false; // a concurrent delivery of the same event applied it
                    // the subscription first: an invoice counts only for a subscription the tenant took up
                    if (s != null
                            && tenant.equals(tenants.tenantByStripeCustomer(h, s.customer())
                                    .orElse(null))) ledger.applySubscription(h, tenant, s, now);
                    if (inv != null
                            && tenant.equals(tenants.tenantByStripeCustomer(h, inv.customer())
                                    .orElse(null))) ledger.applyInvoice(h, tenant, inv, why, now);
                    return true;
                });
        if (applied && s != null && s.live()) syncSubscription(tenant, s);
        return applied ? Outcome.APPLIED : Outcome.DUPLICATE;
    }

    /** The delivery's event once its signature is checked; invalid input for anything else. */
    private Event verified(String payload, String signatureHeader) {
        if (signatureHeader == null || signatureHeader.isBlank())
            throw Failure.invalid("missing Stripe-Signature header");
        // the library refuses old timestamps; a header dated ahead would stay replayable for longer, so it is refused
        // too
        Long t = timestamp(signatureHeader);
        if (t != null && t > Epoch.seconds(clock) + TOLERANCE_SECONDS)
            throw Failure.invalid("invalid Stripe signature: timestamp is in the future beyond the tolerance zone");
        Event event;
        try {
            event = Webhook.constructEvent(payload, signatureHeader, secret, TOLERANCE_SECONDS, clock);
        } catch (SignatureVerificationException e) {
            throw Failure.invalid("invalid Stripe signature: " + e.getMessage());
        } catch (RuntimeException e) { // signed, but not an event (the library could not parse it)
            throw Failure.invalid("not a Stripe event");
        }
        return event;
    }

    /**
     * A live subscription may now differ from what the relays need (a relay created meanwhile): synced; one the tenant
     * does not pay by is ended.
     */
    private void syncSubscription(String tenant, StripeGateway.Subscription s) {
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

    private static Long timestamp(String header) {
        for (String part : header.split(",", -1)) {
            String p = part.trim();
            if (p.startsWith("t=")) {
                try {
                    return Long.parseLong(p.substring(2));
                } catch (NumberFormatException e) {
                    return null; // the verifier refuses it
                }
            }
        }
        return null;
    }

    private boolean seen(String id) {
        return jdbi.withHandle(h -> cards.eventSeen(h, id));
    }

    private void record(String id, String type, Long created) {
        jdbi.useHandle(h -> cards.recordEvent(h, id, type, created, Epoch.seconds(clock)));
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.path(field);
        if (v.isTextual()) return v.asText();
        if (v.isObject() && v.path("id").isTextual()) return v.path("id").asText(); // an expanded object
        return null;
    }
}
