package caravel.relays;

import caravel.relays.RelayStateMachine.Action;
import caravel.relays.RelayStateMachine.Actor;
import caravel.store.Relay;
import caravel.store.RelayStore;
import org.jdbi.v3.core.Handle;

/**
 * The invoices a relay waits on (its first one, an upgrade's): recorded on the row, or applied at once when already
 * settled. Shared by the relay's creation, its plan changes, its deletion and its undo.
 */
public record RelayInvoices(RelayBilling billing, RelayStore relayStore, RelayTransitions transitions) {

    /** The relay's first invoice (null for free plans), which it then waits for ({@link #awaitPaymentOf}). */
    String firstInvoice(Handle h, Relay r, Actor by) {
        String invoice = billing.firstInvoice(h, r, by.who());
        if (invoice != null) awaitPaymentOf(h, r.id(), invoice);
        return invoice;
    }

    /** The relay waits for this invoice; one already settled (by credit, or for nothing) serves it at once. */
    void awaitPaymentOf(Handle h, String relayId, String invoice) {
        if (billing.isPaid(h, invoice))
            transitions.apply(
                    h,
                    relayId,
                    Action.FIRST_PAYMENT,
                    Actor.BILLING,
                    null,
                    "First invoice paid from your credit: the relay is live");
        else relayStore.setAwaitingPaymentInvoice(h, relayId, invoice);
    }

    /** Cancels the relay's unpaid upgrade invoice, if it has one. */
    void dropUpgradeInvoice(Handle h, Relay r, String why) {
        if (r.upgradeInvoice() == null) return;
        billing.voidUnpaid(h, r.upgradeInvoice(), why);
        relayStore.setUpgradeInvoice(h, r.id(), null);
    }
}
