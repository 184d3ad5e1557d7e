package caravel.billing;

import caravel.relays.RelayStateMachine;
import caravel.store.Relay;
import caravel.store.RelayStore;
import caravel.store.Tenant;
import org.jdbi.v3.core.Handle;

/**
 * What autopay may spend per cycle without the tenant confirming: the tenant's own budget, else what its relays in
 * service cost per month; and what it spent this cycle.
 */
public record AutopayBudget(RelayStore relayStore, InvoiceStore invoices, PlanPrices prices) {
    /** The tenant's autopay budget per cycle for charges a session creates: its own setting, else its monthly total. */
    public long autopayBudget(Handle h, Tenant t) {
        return t.autopayBudget() != null ? t.autopayBudget() : monthlyTotal(h, t.pubkey());
    }

    /** What the tenant's relays in service cost per month at their current plans. */
    public long monthlyTotal(Handle h, String tenant) {
        long total = 0;
        for (Relay r : relayStore.byTenant(h, tenant))
            if (RelayStateMachine.renewable(r.status()))
                total += prices.satsNow(prices.plans().of(r.plan())).orElse(0L);
        return total;
    }

    /** Autopay spent this cycle on charges that count against the budget (confirmed payments do not). */
    public long autopaySpent(Handle h, String tenant, long cycleStart) {
        return invoices.autopaySpent(h, tenant, cycleStart);
    }

    /** The start of the tenant's cycle at {@code now} (now itself before the tenant has one). */
    static long cycleStart(Tenant t, long now) {
        return t.billingAnchor() == null || t.billingAnchor() > now
                ? now
                : Cycles.at(t.billingAnchor(), now).start();
    }
}
