package caravel.billing;

import caravel.domain.Plan;
import caravel.domain.RelayStatus;
import caravel.relays.RelayStateMachine;
import caravel.relays.RelayStateMachine.Action;
import caravel.relays.RelayStateMachine.Actor;
import caravel.relays.RelayTransitions;
import caravel.store.Relay;
import caravel.store.RelayStore;
import caravel.store.Tenant;
import caravel.store.TenantStore;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * A tenant's cycle renewed once it turned, inside the caller's transaction: lapsed upgrades dropped, scheduled
 * downgrades applied, then one renewal invoice for every paid relay in service that nothing covers yet (or, on card,
 * Stripe's subscription told to follow).
 */
public final class CycleRenewal {
    private final TenantStore tenants;
    private final RelayStore relayStore;
    private final InvoiceStore invoices;
    private final Rails rails;
    private final RelayTransitions transitions;
    private final PlanPrices prices;
    private final InvoiceBook book;
    private final InvoiceItemStore lines = new InvoiceItemStore();

    public CycleRenewal(
            TenantStore tenants,
            RelayStore relayStore,
            InvoiceStore invoices,
            Rails rails,
            RelayTransitions transitions,
            PlanPrices prices,
            InvoiceBook book) {
        this.tenants = tenants;
        this.relayStore = relayStore;
        this.invoices = invoices;
        this.rails = rails;
        this.transitions = transitions;
        this.prices = prices;
        this.book = book;
    }

    /**
     * Renews the tenant's cycle if it turned, inside the caller's transaction. Every mid-cycle billing event calls
     * this first, so a cycle is always renewed before anything else is charged in it (otherwise "the rest of the
     * cycle" and "the whole cycle" could both be billed when the periodic run is late).
     * @return the renewal invoice created, or null
     */
    String renewIn(Handle h, String tenant, long now) {
        Tenant t = tenants.find(h, tenant).orElseThrow();
        if (t.billingAnchor() == null || t.suspended()) return null;
        Cycles.Cycle cycle = Cycles.at(t.billingAnchor(), now);
        if (cycle.index() == 0) return null; // the first cycle was billed when the anchor was set
        // this cycle was renewed already (a unique index on renewals backs the claim up)
        if (invoices.renewalExists(h, tenant, cycle.start())) return null;
        // checked before the claim: a renewal that waits is not done, and the next periodic run tries it again
        if (rails.renewalWaits(h, tenant, cycle.start())) return null;
        if (!tenants.claimRenewal(h, tenant, cycle.start())) return null;
        dropLapsedUpgrades(h, tenant, cycle.start());
        rails.atRenewal(h, tenant, cycle.start());
        for (Relay r : relayStore.byTenant(h, tenant))
            if (r.pendingPlan() != null)
                transitions.apply(
                        h,
                        r.id(),
                        Action.APPLY_DOWNGRADE,
                        Actor.BILLING,
                        null,
                        "Scheduled downgrade to " + prices.plans().nameOf(r.pendingPlan()) + " applied");
        if (rails.onCard(
                h, tenant)) { // Stripe's subscription renews a card tenant; its quantities follow the downgrades
            // a switch to card that took effect now takes over relays still waiting on a first Lightning invoice: it
            // is cancelled in this transaction, so it can never be paid after the card's sync charges for the relay
            for (Relay r : relayStore.byTenant(h, tenant))
                if (r.status() == RelayStatus.AWAITING_PAYMENT && r.awaitingPaymentInvoice() != null) {
                    book.voidUnpaid(
                            h, r.awaitingPaymentInvoice(), "card payments started: the card pays for the relay");
                    relayStore.setAwaitingPaymentInvoice(h, r.id(), null);
                }
            rails.changed(h, tenant);
            return null;
        }
        List<Relay> due = new ArrayList<>();
        for (Relay r : relayStore.byTenant(h, tenant)) {
            Plan plan = prices.plans().of(r.plan());
            if (!plan.paid() || !RelayStateMachine.renewable(r.status())) continue;
            long from = Math.max(cycle.start(), lines.coveredUntil(h, r.id(), cycle.start()));
            if (from < cycle.end()) due.add(r);
        }
        if (due.isEmpty()) return null;
        PlanPrices.Quote q = prices.quote(); // asked only when something is due: free accounts never need a price
        List<InvoiceItemStore.NewItem> items = new ArrayList<>();
        for (Relay r : due) {
            Plan plan = prices.plans().of(r.plan());
            long from = Math.max(cycle.start(), lines.coveredUntil(h, r.id(), cycle.start()));
            items.add(InvoiceBook.item(q, r.id(), plan.id(), plan.price(), from, cycle));
        }
        return createRenewal(h, tenant, now, cycle, items, q);
    }

    /** An upgrade not paid within the cycle it was priced for lapses (a later payment to it becomes credit). */
    private void dropLapsedUpgrades(Handle h, String tenant, long cycleStart) {
        for (Relay r : relayStore.byTenant(h, tenant)) {
            if (r.upgradeInvoice() == null) continue;
            if (invoices.periodEnd(h, r.upgradeInvoice()) > cycleStart) continue;
            book.voidUnpaid(h, r.upgradeInvoice(), "the upgrade was not paid before the cycle it was priced for ended");
            relayStore.setUpgradeInvoice(h, r.id(), null);
            transitions.apply(
                    h,
                    r.id(),
                    Action.DROP_UPGRADE,
                    Actor.BILLING,
                    null,
                    "Unpaid upgrade to " + prices.plans().nameOf(r.upgradePlan()) + " lapsed");
        }
    }

    private String createRenewal(
            Handle h,
            String tenant,
            long now,
            Cycles.Cycle cycle,
            List<InvoiceItemStore.NewItem> items,
            PlanPrices.Quote q) {
        // due when the cycle starts, or when issued if the run comes late: grace always counts from a real notice
        String id = book.create(
                h,
                tenant,
                "renewal",
                now,
                Math.max(cycle.start(), now - 3_600),
                items,
                false,
                q,
                caravel.domain.Actor.SYSTEM);
        invoices.setPeriod(h, id, cycle.start(), cycle.end());
        return id;
    }
}
