package caravel.billing;

import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * The tenants a renewal run has to look at: those whose billing cycle may have turned since their last renewal. A
 * cycle is at least 28 days long, so a tenant whose last renewed cycle (or, before any renewal, its anchor) started
 * less than 28 days ago cannot be due; the index tenants_renewal_due (migration V41) finds the others without reading
 * every billed tenant, and the exact check here drops those still inside their cycle, so the run costs what is due,
 * not the size of the tenants table. Billing.renew re-checks each one in its own transaction.
 */
final class RenewalCandidates {
    static final long MIN_CYCLE_SECONDS = 28 * 86_400L;

    private RenewalCandidates() {}

    static List<String> due(Handle h, long now) {
        record Row(String pubkey, long anchor, Long renewed) {}
        return h.createQuery("""
                        SELECT pubkey, billing_anchor, renewed_cycle_start FROM tenants
                        WHERE billing_anchor IS NOT NULL AND coalesce(renewed_cycle_start, billing_anchor) <= :cutoff
                        ORDER BY coalesce(renewed_cycle_start, billing_anchor), pubkey""")
                .bind("cutoff", now - MIN_CYCLE_SECONDS)
                .map((rs, c) -> {
                    long renewed = rs.getLong(3);
                    return new Row(rs.getString(1), rs.getLong(2), rs.wasNull() ? null : renewed);
                }).stream()
                .filter(r -> r.anchor() <= now)
                .filter(r -> {
                    Cycles.Cycle cycle = Cycles.at(r.anchor(), now);
                    return cycle.index() > 0 && (r.renewed() == null || r.renewed() < cycle.start());
                })
                .map(Row::pubkey).toList();
    }
}
