package caravel.billing;

import caravel.store.TenantStore;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * The tenants a renewal run has to look at: those whose billing cycle may have turned since their last renewal. A
 * cycle is at least 28 days long, so a tenant whose last renewed cycle (or, before any renewal, its anchor) started
 * less than 28 days ago cannot be due; the index tenants_renewal_due (migration V41) finds the others without reading
 * every billed tenant, and the exact check here drops those still inside their cycle, so the run costs what is due,
 * not the size of the tenants table. Renewals.renew re-checks each one in its own transaction.
 */
final class RenewalCandidates {
    static final long MIN_CYCLE_SECONDS = 28 * 86_400L;

    private RenewalCandidates() {}

    static List<String> due(TenantStore tenants, Handle h, long now) {
        return tenants.renewalStatesUpTo(h, now - MIN_CYCLE_SECONDS).stream()
                .filter(r -> r.anchor() <= now)
                .filter(r -> {
                    Cycles.Cycle cycle = Cycles.at(r.anchor(), now);
                    return cycle.index() > 0
                            && (r.renewedCycleStart() == null || r.renewedCycleStart() < cycle.start());
                })
                .map(TenantStore.RenewalState::pubkey)
                .toList();
    }
}
