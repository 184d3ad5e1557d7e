package caravel.stripe;

import caravel.domain.Failure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stripe's answers as refusals: a refused card is a refused payment, an outage "try again", a refused request an
 * upstream error whose detail (it names objects and parameters) stays in the log.
 */
public final class StripeCalls {
    private static final Logger log = LoggerFactory.getLogger(StripeCalls.class);

    private StripeCalls() {}

    /** A call to Stripe; it may throw one checked exception of its own (a wallet call made alongside). */
    public interface Call<T, E extends Exception> {
        T run() throws E;
    }

    /** A card Stripe refused, as the person paying is told it (Stripe's own reason). */
    static Failure declined(String reason) {
        return new Failure(Failure.Kind.PAYMENT_REFUSED, "card_declined", null, "your card was refused: " + reason);
    }

    public static <T, E extends Exception> T call(Call<T, E> c) throws E {
        try {
            return c.run();
        } catch (StripeGateway.Declined e) {
            throw declined(e.getMessage());
        } catch (StripeGateway.Unavailable e) {
            throw Failure.unavailable("Stripe is not answering; try again in a moment");
        } catch (StripeGateway.Rejected e) {
            log.warn("Stripe refused a request: {}", e.getMessage());
            throw Failure.upstream("Stripe refused the request; the platform's administrators can see why in its log");
        }
    }
}
