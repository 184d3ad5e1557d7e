package caravel.relays;

import caravel.domain.Epoch;
import caravel.domain.Failure;
import caravel.domain.RelayHold;
import caravel.domain.RelayStatus;
import caravel.relayparts.Lifecycle;
import caravel.relayparts.RelayParts;
import caravel.relays.RelayStateMachine.Action;
import caravel.relays.RelayStateMachine.Actor;
import caravel.store.Relay;
import caravel.store.RelayStore;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/**
 * A relay taken out of service and brought back: deactivated, reactivated, unsuspended by an administrator, a deletion
 * undone. Each returns the relay to what billing now allows.
 *
 * @param parts the relay parts, told of each undone deletion in its transaction
 */
public record RelayReactivation(
        Jdbi jdbi,
        Clock clock,
        RelayStore relayStore,
        RelayTransitions transitions,
        RelayBilling billing,
        RelayInvoices invoices,
        RelayQuota quota,
        RelayParts parts) {

    /**
     * Deactivating by a person: the activity says whether its owner or an administrator did it (an administrator
     * deactivating a relay of their own does it as its owner).
     */
    Relay deactivate(String id, Actor by) {
        Relay r = relayStore.find(id).orElseThrow(() -> Failure.notFound("relay not found"));
        String why = by.key().equals(r.tenant())
                ? "Relay deactivated by its owner"
                : "Relay deactivated by an administrator";
        return deactivate(id, by, why);
    }

    /** Deactivating keeps whatever the relay owes underneath (a suspension, an unpaid first invoice). */
    Relay deactivate(String id, Actor by, String why) {
        return jdbi.inTransaction(h -> transitions.apply(h, id, Action.DEACTIVATE, by, null, why));
    }

    /**
     * Its owner brings a deleted relay back within the undo window: the same relay, subdomain, members and events (zooid
     * kept them while it was inactive), to the status it had, as billing now allows: a paid relay back in service is
     * charged for the rest of the cycle as a reactivated one is, one that was waiting for its first payment gets a new
     * first invoice. It takes its place in the account's quota again, so there must be room.
     */
    Relay undelete(String id, Actor by) {
        long now = Epoch.seconds(clock);
        return jdbi.inTransaction(h -> {
            Relay r = relayStore.find(h, id).orElseThrow(() -> Failure.notFound("relay not found"));
            Long until = RelayDeletion.undoUntil(r);
            if (until != null && now >= until)
                throw new Failure(
                        Failure.Kind.CONFLICT,
                        "undo_window_over",
                        null,
                        "the time to undo this deletion is over: the relay is being purged");
            transitions.check(h, r, Action.UNDELETE, by.role(), null); // not deleted, purged: refused here
            quota.checkUndo(h, r.tenant(), transitions.plans().of(r.plan()), id, by);
            billing.renewNow(h, r.tenant());
            boolean paidFor = billing.reactivationPaid(h, r);
            Relay after = transitions.apply(
                    h,
                    id,
                    paidFor ? Action.UNDELETE : Action.UNDELETE_PAY_FIRST,
                    by,
                    null,
                    "Deletion undone: the relay is back as it was");
            if (RelayStateMachine.served(after.status())) billing.onReactivated(h, after, by.who());
            else if (after.status() == RelayStatus.AWAITING_PAYMENT && after.awaitingPaymentInvoice() == null)
                invoices.firstInvoice(h, after, by); // its first invoice was cancelled by the deletion
            // the purge timer stays queued: when it runs it finds the relay not deleted and does nothing
            Relay back = relayStore.find(h, id).orElseThrow();
            parts.react(h, Lifecycle.Event.of(Lifecycle.UNDELETED, back, by.who()));
            return back;
        });
    }

    /** Back in service (or back to waiting for its first payment); refused while a billing suspension holds. */
    Relay reactivate(String id, Actor by) {
        return jdbi.inTransaction(h -> {
            Relay r = relayStore.find(h, id).orElseThrow(() -> Failure.notFound("relay not found"));
            billing.renewNow(h, r.tenant());
            boolean paidFor = billing.reactivationPaid(h, r);
            Relay after;
            try {
                after = transitions.apply(
                        h,
                        id,
                        paidFor ? Action.REACTIVATE : Action.REACTIVATE_PAY_FIRST,
                        by,
                        null,
                        paidFor
                                ? "Relay reactivated"
                                : "Relay reactivated: it is served once its payment goes through");
            } catch (TransitionRefused e) {
                // waiting for its first payment: say what to pay (a client may show only this sentence)
                if (r.awaitingPaymentInvoice() != null && r.status() == RelayStatus.AWAITING_PAYMENT)
                    throw new TransitionRefused(
                            e.kind(),
                            "this relay starts once its first invoice is paid: pay invoice "
                                    + r.awaitingPaymentInvoice() + " and it is served at once");
                throw e;
            }
            if (after.status() != r.status() && RelayStateMachine.served(after.status()))
                billing.onReactivated(h, after, by.who());
            else if (!paidFor
                    && r.hold() == RelayHold.NONE
                    && after.status() == RelayStatus.AWAITING_PAYMENT) { // charged now, as a new relay is
                String invoice = billing.firstInvoice(h, after, by.who());
                if (invoice != null) relayStore.setAwaitingPaymentInvoice(h, id, invoice);
            }
            return relayStore.find(h, id).orElseThrow();
        });
    }

    /** An administrator lifts a relay's billing suspension: recorded, and the overdue invoices no longer suspend. */
    Relay unsuspend(String id, Actor by) {
        return jdbi.inTransaction(h -> {
            Relay r = relayStore.find(h, id).orElseThrow(() -> Failure.notFound("relay not found"));
            transitions.check(h, r, Action.ADMIN_UNSUSPEND, by.role(), null);
            billing.waiveOverdue(h, r.tenant(), by.who());
            Relay after =
                    transitions.apply(h, id, Action.ADMIN_UNSUSPEND, by, null, "Suspension lifted by an administrator");
            if (RelayStateMachine.served(after.status())) billing.onReactivated(h, after, by.who());
            return relayStore.find(h, id).orElseThrow();
        });
    }
}
