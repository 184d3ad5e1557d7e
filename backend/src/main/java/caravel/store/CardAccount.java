package caravel.store;

import caravel.domain.Rail;
import java.util.Map;

/**
 * The card rail's columns of a tenants row: the rail it pays on now and the one it switches to at the next cycle
 * (null: none pending), its Stripe customer and subscription, and the last card refusal (null when none).
 *
 * @param quantities plan id → quantity as Stripe last reported it (empty when unknown)
 */
public record CardAccount(
        String tenant,
        Rail rail,
        Rail nextRail,
        String customer,
        String subscription,
        Map<String, Long> quantities,
        String cardError) {
    public boolean onCard() {
        return rail == Rail.CARD;
    }
}
