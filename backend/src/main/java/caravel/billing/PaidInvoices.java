package caravel.billing;

import caravel.domain.Epoch;
import caravel.invoice.Lifecycle;
import caravel.relays.RelayStateMachine;
import caravel.relays.RelayStateMachine.Action;
import caravel.relays.RelayStateMachine.Actor;
import caravel.relays.RelayTransitions;
import caravel.store.ActivityLog;
import caravel.store.Relay;
import caravel.store.RelayStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * What a paid invoice does, once (the shared lifecycle's compare-and-set decides): its lines are logged, the relays
 * waiting for it are served, a paid upgrade applies, suspensions lift once nothing is overdue, and the tenant is told.
 */
public final class PaidInvoices {
    private final Clock clock;
    private final InvoiceStore invoices;
    private final ActivityLog activity;
    private final Notices notices;
    private final RelayStore relayStore;
    private final RelayTransitions transitions;
    private final Invoicing invoicing;
    private final Lifecycle<String> lifecycle;

    /** @param invoicing bills a relay served again for the rest of its cycle */
    public PaidInvoices(
            Clock clock,
            InvoiceStore invoices,
            ActivityLog activity,
            Notices notices,
            RelayStore relayStore,
            RelayTransitions transitions,
            Invoicing invoicing) {
        this.clock = clock;
        this.invoices = invoices;
        this.activity = activity;
        this.notices = notices;
        this.relayStore = relayStore;
        this.transitions = transitions;
        this.invoicing = invoicing;
        this.lifecycle = new Lifecycle<>(invoices);
    }

    /** Marks an invoice paid once (the shared lifecycle's compare-and-set) and applies what it pays for. */
    boolean markPaid(Handle h, String invoiceId, String paymentHash, long now) {
        return lifecycle.settle(h, invoiceId, now, paymentHash, tx -> paid(tx, invoiceId, now));
    }

    /** What a settled invoice does, once: its lines are logged, what it pays for applies, the tenant is told. */
    private void paid(Handle h, String invoiceId, long now) {
        Invoice inv = invoices.find(h, invoiceId).orElseThrow();
        for (Invoice.Item item : inv.items())
            activity.add(
                    h,
                    inv.tenant(),
                    item.relay(),
                    "invoice_paid",
                    "Payment received: " + Messages.sats(item.amount()),
                    caravel.domain.Actor.SYSTEM,
                    now);
        applyPaid(h, inv);
        notices.send(h, inv.tenant(), null, Messages.paymentReceived(inv), "dm:paid:" + inv.id());
    }

    /** What a paid invoice unlocks: relays waiting for it are served, a paid upgrade applies, suspensions lift. */
    private void applyPaid(Handle h, Invoice inv) {
        for (Relay r : relayStore.byAwaitingPaymentInvoice(h, inv.id())) {
            relayStore.setAwaitingPaymentInvoice(h, r.id(), null);
            Relay live = transitions.apply(
                    h, r.id(), Action.FIRST_PAYMENT, Actor.BILLING, null, "First invoice paid: the relay is live");
            // paid only after its first cycle ended (renewals skipped it meanwhile): cover the current cycle too
            if (RelayStateMachine.served(live.status())) invoicing.onReactivated(h, live, caravel.domain.Actor.SYSTEM);
        }
        for (Relay r : relayStore.byUpgradeInvoice(h, inv.id())) {
            relayStore.setUpgradeInvoice(h, r.id(), null);
            transitions.apply(
                    h,
                    r.id(),
                    Action.APPLY_UPGRADE,
                    Actor.BILLING,
                    null,
                    "Upgrade paid: the relay is on the " + transitions.plans().nameOf(r.upgradePlan())
                            + " plan from now on");
        }
        liftIfSettled(h, inv.tenant());
    }

    /** Suspended relays come back as soon as no invoice of the tenant is past its grace period. */
    public void liftIfSettled(Handle h, String tenant) {
        if (invoices.overdue(h, tenant, Epoch.seconds(clock) - Renewals.GRACE_SECONDS)) return;
        List<Relay> lifted = new ArrayList<>();
        for (Relay r : relayStore.byTenant(h, tenant)) {
            if (!RelayStateMachine.billingSuspended(RelayTransitions.stateOf(r))) continue;
            Relay after = transitions.apply(
                    h,
                    r.id(),
                    Action.LIFT_SUSPENSION,
                    Actor.BILLING,
                    null,
                    "Suspension lifted: the overdue invoice is paid");
            lifted.add(after);
            if (RelayStateMachine.served(after.status()))
                invoicing.onReactivated(h, after, caravel.domain.Actor.SYSTEM);
        }
        if (!lifted.isEmpty())
            notices.send(
                    h,
                    tenant,
                    null,
                    Messages.reactivated(lifted),
                    "dm:reactivated:" + tenant + ":" + Epoch.seconds(clock));
    }
}
