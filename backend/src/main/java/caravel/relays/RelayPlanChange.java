package caravel.relays;

import caravel.domain.Plan;
import caravel.relays.RelayStateMachine.Action;
import caravel.relays.RelayStateMachine.Actor;
import caravel.relays.RelayStateMachine.State;
import caravel.store.Relay;
import caravel.store.RelayStore;
import org.jdbi.v3.core.Handle;

/**
 * A relay's move to another plan, inside an edit's transaction: one of the state machine's plan actions. An upgrade
 * records its target and a gated invoice (the relay keeps its plan until that is paid), a downgrade waits for the next
 * renewal, asking for the current plan cancels either; a relay that never paid for its plan switches at once with a
 * new first invoice.
 */
public record RelayPlanChange(
        RelayStore relayStore,
        RelayQuota quota,
        RelayBilling billing,
        RelayTransitions transitions,
        RelayInvoices invoices) {

    void changePlan(Handle h, String id, Plan to, Actor by) {
        Relay before = relayStore.find(h, id).orElseThrow();
        if (!to.id().equals(before.plan())) quota.checkPlanChange(h, before.tenant(), to, id, by);
        billing.renewNow(h, before.tenant()); // the cycle may have turned (and applied a scheduled downgrade)
        Relay r = relayStore.find(h, id).orElseThrow();
        State s = RelayTransitions.stateOf(r);
        Action a = RelayStateMachine.planAction(s, to.id(), transitions.plans());
        if (a == Action.CANCEL_PLAN_CHANGE) {
            if (s.pendingPlan() == null && s.upgradePlan() == null) return;
            invoices.dropUpgradeInvoice(h, r, "the upgrade was cancelled");
            String what = s.upgradePlan() != null
                    ? "upgrade to " + transitions.plans().nameOf(s.upgradePlan())
                    : "scheduled change to " + transitions.plans().nameOf(s.pendingPlan());
            transitions.apply(h, id, a, by, null, "The " + what + " was cancelled");
            return;
        }
        if (RelayStateMachine.awaitingPayment(s)) {
            // never paid for its plan: the unpaid first invoice is replaced by one for the new plan (none for free)
            if (r.awaitingPaymentInvoice() != null)
                billing.voidUnpaid(
                        h,
                        r.awaitingPaymentInvoice(),
                        "the relay moved to the " + to.name() + " plan before it was paid");
            relayStore.setAwaitingPaymentInvoice(h, id, null);
            Relay moved = transitions.apply(h, id, a, by, to.id(), null);
            invoices.firstInvoice(h, moved, by);
            return;
        }
        if (a == Action.UPGRADE) {
            upgrade(h, r, to, by);
            return;
        }
        invoices.dropUpgradeInvoice(h, r, "the relay is being downgraded instead");
        transitions.apply(h, id, a, by, to.id(), "Plan changes to " + to.name() + " at the next billing cycle");
    }

    private void upgrade(Handle h, Relay r, Plan to, Actor by) {
        String id = r.id();
        invoices.dropUpgradeInvoice(h, r, "replaced by an upgrade to " + to.name());
        String invoice = billing.upgradeInvoice(h, r, to, by.who());
        transitions.apply(
                h,
                id,
                Action.UPGRADE,
                by,
                to.id(),
                "Upgrade to " + to.name() + " requested: the relay stays on "
                        + transitions.plans().nameOf(r.plan()) + " until "
                        + (invoice == null ? "the card payment for it goes through" : "its invoice is paid"));
        relayStore.setUpgradeInvoice(h, id, invoice);
        if (invoice != null && billing.isPaid(h, invoice)) { // null: paid by card, applied when Stripe says so
            relayStore.setUpgradeInvoice(h, id, null);
            transitions.apply(
                    h,
                    id,
                    Action.APPLY_UPGRADE,
                    Actor.BILLING,
                    null,
                    "Upgrade to " + to.name() + " paid from your credit");
        }
    }
}
