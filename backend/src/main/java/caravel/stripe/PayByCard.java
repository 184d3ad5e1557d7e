package caravel.stripe;

import caravel.domain.Failure;
import caravel.domain.Rail;
import caravel.store.CardAccount;
import caravel.store.TenantStore;
import caravel.stripe.CardBilling.PayResult;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * "Pay by card": without a subscription, a Checkout session for everything that should be paid for; with one, the
 * card on file is charged for what is waiting now ({@link CardSync}).
 */
public record PayByCard(
        Jdbi jdbi, TenantStore tenants, CardSync sync, CardQuantities quantities, StripeSessions sessions) {
    /** The Checkout's URL, or what the charge did; a refused card is a PAYMENT_REFUSED failure. */
    PayResult pay(String tenant) {
        CardAccount a = jdbi.withHandle(h -> tenants.cardAccount(h, tenant))
                .orElseThrow(() -> Failure.notFound("tenant not found"));
        if (!a.onCard() && a.nextRail() != Rail.CARD)
            throw Failure.conflict("this account pays over Lightning: choose card payments first");
        if (a.subscription() != null) {
            jdbi.useHandle(h -> tenants.setCardError(h, tenant, null));
            PayResult r = sync.sync(tenant);
            // the person paying is told of a refused card at once (the refusal is already recorded and sent as a DM)
            if (r.status().equals("declined")) throw StripeCalls.declined(r.error());
            if (!r.status().equals("no_subscription") && !r.status().equals("ended")) return r;
        }
        Map<String, Long> want = jdbi.withHandle(h -> quantities.desired(h, tenant));
        if (want.values().stream().allMatch(q -> q == 0))
            throw Failure.conflict("nothing is waiting for a card payment");
        String url = sessions.checkout(tenant, want, a.onCard());
        return new PayResult(url, "checkout", null, a.onCard() ? List.of() : quantities.lightningWaits(tenant));
    }
}
