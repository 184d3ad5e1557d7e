package caravel.relays;

import caravel.domain.Failure;
import caravel.jobs.JobPayloads;
import caravel.jobs.JobQueue;
import caravel.relayparts.Lifecycle;
import caravel.relayparts.RelayParts;
import caravel.relays.RelayStateMachine.Action;
import caravel.relays.RelayStateMachine.Actor;
import caravel.store.Relay;
import caravel.store.RelayStore;
import java.time.Duration;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * A relay deleted by its owner: marked deleted and stopped, its final backup queued, its purge timed.
 *
 * @param parts      the relay parts, told of each deletion in its transaction
 * @param undoWindow how long a deleted relay can be brought back before it is purged
 */
public record RelayDeletion(
        Jdbi jdbi,
        RelayStore relayStore,
        RelayTransitions transitions,
        RelayBilling billing,
        RelayInvoices invoices,
        JobQueue jobs,
        RelayParts parts,
        Duration undoWindow) {

    /** When a deleted relay's undo window ends (epoch seconds), or null when it is not deleted. */
    static Long undoUntil(Relay r) {
        return r.deletion() == null || r.deletion().purged()
                ? null
                : r.deletion().undoUntil();
    }

    /**
     * Its owner deletes the relay, typing its subdomain to confirm: in one transaction the relay's unpaid first and
     * upgrade invoices are cancelled (they bill service it never had), it is marked deleted and stopped (the state
     * machine's {@link Action#DELETE}), its final backup and stop are queued, and its purge is timed for the end of the
     * undo window. Refused while an invoice bills it for service it already had (pay that first: deleting does not
     * cancel a debt, and an undo must not bring back service nobody paid for).
     */
    Relay delete(String id, String confirm, Actor by) {
        relayStore.find(id).ifPresent(billing::settleKnownPayments); // before its unpaid invoices are cancelled
        return jdbi.inTransaction(h -> {
            Relay r = relayStore.find(h, id).orElseThrow(() -> Failure.notFound("relay not found"));
            if (confirm == null || !confirm.trim().equals(r.subdomain()))
                throw new Failure(
                        Failure.Kind.INVALID,
                        "confirmation_mismatch",
                        "confirm",
                        "type the relay's subdomain, " + r.subdomain() + ", to confirm its deletion");
            transitions.check(h, r, Action.DELETE, by.role(), null); // already deleted: refused before any change
            List<String> owed = billing.unpaidServiceInvoices(h, r);
            if (!owed.isEmpty())
                throw new Failure(
                        Failure.Kind.CONFLICT,
                        "unpaid_invoice",
                        null,
                        "invoice " + owed.get(0) + " is unpaid and bills this relay for time it was in service: pay it,"
                                + " then delete the relay (deactivate it to stop it meanwhile)");
            if (r.awaitingPaymentInvoice() != null) {
                billing.voidUnpaid(h, r.awaitingPaymentInvoice(), "the relay was deleted before it was paid for");
                relayStore.setAwaitingPaymentInvoice(h, id, null);
            }
            invoices.dropUpgradeInvoice(h, r, "the relay was deleted");
            if (r.upgradePlan() != null) // its invoice is gone: the upgrade goes with it
            transitions.apply(h, id, Action.CANCEL_PLAN_CHANGE, by, null, null);
            transitions.apply(
                    h,
                    id,
                    Action.DELETE,
                    by,
                    null,
                    "Relay deleted by its owner: it can be brought back for " + undoWindow.toSeconds()
                            + " s, then it is purged and its subdomain freed (the purge's entry says what"
                            + " leaves the relay host)");
            // the window runs from the deletion's own time (the transition reads the clock itself: a second may
            // have turned since this method read it)
            long until = relayStore.find(h, id).orElseThrow().deletion().at() + undoWindow.toSeconds();
            relayStore.setUndoUntil(h, id, until);
            Relay after = relayStore.find(h, id).orElseThrow();
            parts.react(h, Lifecycle.Event.of(Lifecycle.DELETED, after, by.who()));
            // the final backup is read from the relay while zooid still serves it; the stop (a sync) follows it. Made
            // due now under the relay's key, so it takes the place of a sync queued there (it queues one when done)
            String payload = JobPayloads.write(new RelayJob(id));
            jobs.enqueueNow(h, Relays.JOB_RETIRE, payload, Relays.jobKey(id), 3);
            jobs.enqueueAt(h, Relays.JOB_PURGE_TIMER, payload, Relays.purgeTimerKey(id), 12, until * 1000);
            return after;
        });
    }
}
