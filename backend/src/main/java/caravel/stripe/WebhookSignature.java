package caravel.stripe;

import caravel.domain.Epoch;
import caravel.domain.Failure;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Event;
import com.stripe.net.Webhook;
import java.time.Clock;

/**
 * The Stripe-Signature header of a webhook delivery, checked by stripe-java's verifier (HMAC-SHA256 with the endpoint
 * secret, within {@link StripeWebhooks#TOLERANCE_SECONDS} of the server clock) before the body is even parsed.
 */
public final class WebhookSignature {
    private final String secret;
    private final Clock clock;

    /** @param secret the endpoint's signing secret (STRIPE_WEBHOOK_SECRET) */
    public WebhookSignature(String secret, Clock clock) {
        this.secret = secret;
        this.clock = clock;
    }

    /** The delivery's event, with its id and type, once its signature is checked; invalid input for anything else. */
    Event verified(String payload, String signatureHeader) {
        if (signatureHeader == null || signatureHeader.isBlank())
            throw Failure.invalid("missing Stripe-Signature header");
        // the library refuses old timestamps; a header dated ahead would stay replayable for longer, so it is refused
        // too
        Long t = timestamp(signatureHeader);
        if (t != null && t > Epoch.seconds(clock) + StripeWebhooks.TOLERANCE_SECONDS)
            throw Failure.invalid("invalid Stripe signature: timestamp is in the future beyond the tolerance zone");
        Event event;
        try {
            event = Webhook.constructEvent(payload, signatureHeader, secret, StripeWebhooks.TOLERANCE_SECONDS, clock);
        } catch (SignatureVerificationException e) {
            throw Failure.invalid("invalid Stripe signature: " + e.getMessage());
        } catch (RuntimeException e) { // signed, but not an event (the library could not parse it)
            throw Failure.invalid("not a Stripe event");
        }
        if (event.getId() == null || event.getType() == null) throw Failure.invalid("not a Stripe event");
        return event;
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
}
