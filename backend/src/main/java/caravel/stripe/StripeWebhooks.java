package caravel.stripe;

import caravel.domain.Epoch;
import caravel.domain.Failure;
import caravel.json.Json;
import caravel.store.TenantStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.stripe.model.Event;
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
public record StripeWebhooks(
        Jdbi jdbi,
        Clock clock,
        WebhookSignature signature,
        CardStore cards,
        TenantStore tenants,
        WebhookCalls calls,
        WebhookEffects effects) {
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

    /**
     * Verifies and applies one delivery.
     * @throws Failure invalid for a missing or bad signature (nothing is read or changed), unavailable when Stripe cannot be
     *                      asked for the current state (Stripe delivers the event again later)
     */
    public Outcome handle(String payload, String signatureHeader) {
        Event event = signature.verified(payload, signatureHeader);
        String id = event.getId(), type = event.getType();
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
        WebhookCalls.Fresh fresh = calls.fetch(id, type, object);
        long now = Epoch.seconds(clock);
        boolean applied = jdbi.inTransaction(h -> {
            if (!cards.recordEvent(h, id, type, event.getCreated(), now))
                return false; // a concurrent delivery of the same event applied it
            effects.apply(h, tenant, fresh, now);
            return true;
        });
        StripeGateway.Subscription s = fresh.subscription();
        if (applied && s != null && s.live()) calls.afterApplied(tenant, s);
        return applied ? Outcome.APPLIED : Outcome.DUPLICATE;
    }

    private boolean seen(String id) {
        return jdbi.withHandle(h -> cards.eventSeen(h, id));
    }

    private void record(String id, String type, Long created) {
        jdbi.useHandle(h -> cards.recordEvent(h, id, type, created, Epoch.seconds(clock)));
    }

    /** A field of an event's object: its text, or the id of an expanded object. */
    static String text(JsonNode o, String field) {
        JsonNode v = o.path(field);
        if (v.isTextual()) return v.asText();
        if (v.isObject() && v.path("id").isTextual()) return v.path("id").asText(); // an expanded object
        return null;
    }
}
