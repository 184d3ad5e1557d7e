package caravel.stripe;

import caravel.jobs.Periodic;
import caravel.store.CardAccount;
import caravel.store.TenantStore;
import java.time.Duration;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * The card rail's periodic check: a tenant whose relays changed without billing being asked (a deactivation) gets a
 * sync ({@link CardSync}) queued through the rail. Charges after a refusal wait for the tenant to pay again; lowering
 * quantities never waits.
 *
 * @param tickSeconds how often the check runs
 */
public record CardTick(Jdbi jdbi, TenantStore tenants, CardQuantities quantities, CardRail rail, long tickSeconds) {
    /** One run of the check. */
    public Periodic.Work tick() {
        return () -> jdbi.useTransaction(h -> {
            for (String tenant : tenants.tenantsWithStripeSubscription(h)) {
                CardAccount a = tenants.cardAccount(h, tenant).orElseThrow();
                Map<String, Long> want = quantities.desired(h, tenant);
                if (a.quantities().isEmpty() || want.equals(a.quantities())) continue;
                if (a.cardError() != null && a.onCard() && increases(want, a.quantities())) continue;
                rail.changed(h, tenant);
            }
        });
    }

    /** How often {@link #tick()} runs. */
    public Duration tickPeriod() {
        return Duration.ofSeconds(tickSeconds);
    }

    private static boolean increases(Map<String, Long> want, Map<String, Long> have) {
        return want.entrySet().stream().anyMatch(e -> e.getValue() > have.getOrDefault(e.getKey(), 0L));
    }
}
