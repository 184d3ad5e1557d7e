package caravel.billing;

import caravel.domain.Epoch;
import caravel.domain.InvoiceStatus;
import caravel.domain.RelayStatus;
import caravel.invoice.Dunning;
import caravel.relays.RelayStateMachine;
import caravel.relays.RelayStateMachine.Action;
import caravel.relays.RelayStateMachine.Actor;
import caravel.relays.RelayTransitions;
import caravel.store.ActivityLog;
import caravel.store.Relay;
import caravel.store.RelayStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The grace of invoices for service given ({@link Renewals#SCHEDULE}): a reminder 3 days before it ends, then the
 * tenant's paid relays suspended; and an administrator's waiver of that suspension.
 */
public final class BillingGrace {
    private static final OwedInvoiceStore OWED = new OwedInvoiceStore();

    private final Jdbi jdbi;
    private final Clock clock;
    private final InvoiceStore invoices;
    private final RelayStore relayStore;
    private final ActivityLog activity;
    private final RelayTransitions transitions;
    private final Notices notices;

    /** The catalog's paid plans: the relays a lapse may suspend. */
    private final List<String> paidPlans;

    /** The deep link each dunning DM carries to its invoice's payment dialog. */
    private final InvoiceLinks links;

    public BillingGrace(
            Jdbi jdbi,
            Clock clock,
            InvoiceStore invoices,
            RelayStore relayStore,
            ActivityLog activity,
            RelayTransitions transitions,
            Notices notices,
            InvoiceLinks links) {
        this.links = links;
        this.jdbi = jdbi;
        this.clock = clock;
        this.invoices = invoices;
        this.relayStore = relayStore;
        this.activity = activity;
        this.transitions = transitions;
        this.notices = notices;
        this.paidPlans =
                transitions.plans().paid().stream().map(caravel.domain.Plan::id).toList();
    }

    /** What one run did: reminders sent, invoices whose lapse suspended relays. */
    record Graced(int reminders, int suspensions) {}

    /**
     * Reminders and suspensions, read in one query: each invoice that needs a reminder, or that is past its grace
     * with paid relays still to suspend, joined to those relays. The check is by state, not by "already suspended
     * once": a relay brought back without paying is suspended again on the next run.
     */
    Graced enforceGrace(long now) {
        List<OwedInvoiceStore.GraceRow> rows = jdbi.withHandle(h -> OWED.inGrace(
                h,
                now,
                Renewals.GRACE_SECONDS,
                Renewals.REMINDER_SECONDS_BEFORE_SUSPENSION,
                paidPlans,
                RelayStateMachine.servedStatuses(),
                RelayStatus.INACTIVE.wire()));
        Map<String, List<OwedInvoiceStore.GraceRow>> byInvoice = new LinkedHashMap<>();
        for (OwedInvoiceStore.GraceRow r : rows)
            byInvoice.computeIfAbsent(r.invoice(), k -> new ArrayList<>()).add(r);
        int reminders = 0, suspensions = 0;
        for (var e : byInvoice.entrySet()) {
            String id = e.getKey();
            OwedInvoiceStore.GraceRow first = e.getValue().get(0);
            List<String> toSuspend = e.getValue().stream()
                    .map(OwedInvoiceStore.GraceRow::relay)
                    .filter(Objects::nonNull)
                    .toList();
            Graced r = jdbi.inTransaction(h -> {
                int[] done = new int[2];
                Dunning.Steps steps = new Dunning.Steps() {
                    @Override
                    public void enterGrace() {
                        overdue(h, id, now);
                    }

                    @Override
                    public void remind() {
                        if (BillingGrace.this.remind(h, id, now)) done[0] = 1;
                    }

                    @Override
                    public void lapse() {
                        if (suspend(h, id, toSuspend, now)) done[1] = 1;
                    }
                };
                // the first run past the due day tells the invoice overdue (its grace begins), then goes on with
                // what is due in grace: a run that comes late (the process was down) still reminds or suspends at once
                if (!first.overdue())
                    Dunning.advance(Renewals.SCHEDULE, OwedInvoiceStore.overdueFrom(first.dueAt()), false, now, steps);
                Dunning.advance(Renewals.SCHEDULE, first.dueAt(), true, now, steps);
                return new Graced(done[0], done[1]);
            });
            reminders += r.reminders();
            suspensions += r.suspensions();
        }
        return new Graced(reminders, suspensions);
    }

    /**
     * An unpaid invoice past its due date: told overdue once (the mark), in the account's log and so by the {@code
     * invoice.overdue} webhook. The tenant was told of the invoice when it was issued and is reminded before its grace
     * ends: no DM here.
     */
    private void overdue(Handle h, String id, long now) {
        if (!invoices.markOnce(h, InvoiceStore.Once.OVERDUE_AT, id, now)) return;
        Invoice inv = invoices.find(h, id).orElseThrow();
        activity.add(
                h,
                inv.tenant(),
                null,
                "invoice_overdue",
                "Invoice " + inv.id() + " is overdue: relays are suspended if it is still unpaid "
                        + Renewals.GRACE_SECONDS / 86_400 + " days after its due date",
                caravel.domain.Actor.SYSTEM,
                now);
    }

    /** The reminder before the grace of an unpaid invoice ends, sent once; false when it was sent already. */
    private boolean remind(Handle h, String id, long now) {
        if (!invoices.markOnce(h, InvoiceStore.Once.REMINDED_AT, id, now)) return false;
        Invoice inv = invoices.find(h, id).orElseThrow();
        notices.send(
                h,
                inv.tenant(),
                null,
                Messages.reminder(inv, Renewals.SCHEDULE.graceEnds(inv.dueAt()), links.pay(inv.id())),
                "dm:reminder:" + inv.id());
        return true;
    }

    /**
     * The lapse of an invoice unpaid past its grace: the tenant's paid relays are suspended (again, if one was brought
     * back without paying) and the tenant told; false when none was suspended now.
     */
    private boolean suspend(Handle h, String id, List<String> toSuspend, long now) {
        if (toSuspend.isEmpty()) return false;
        if (invoices.status(h, id) != InvoiceStatus.PENDING) return false; // paid meanwhile
        invoices.markSuspended(h, id, now);
        List<Relay> hit = new ArrayList<>();
        for (String relayId : toSuspend) {
            Relay before = relayStore.find(h, relayId).orElseThrow();
            Relay after = transitions.apply(
                    h,
                    relayId,
                    Action.SUSPEND_UNPAID,
                    Actor.BILLING,
                    null,
                    "Suspended: an invoice is unpaid 7 days after its due date");
            if (after.status() != before.status() || after.hold() != before.hold()) hit.add(after);
        }
        if (hit.isEmpty()) return false;
        Invoice inv = invoices.find(h, id).orElseThrow();
        notices.send(
                h,
                inv.tenant(),
                null,
                Messages.suspended(inv, hit, links.pay(inv.id())),
                "dm:suspended:" + inv.id() + ":" + now);
        return true;
    }

    /** An administrator lifts the suspension an overdue invoice causes (the invoice stays payable). */
    public void waiveOverdue(Handle h, String tenant, caravel.domain.Actor admin) {
        long now = Epoch.seconds(clock);
        for (String id : OWED.waivable(h, tenant, Renewals.GRACE_SECONDS, now)) {
            invoices.setWaived(h, id, now);
            activity.add(
                    h,
                    tenant,
                    null,
                    "suspension_waived",
                    "An administrator waived the suspension for an unpaid invoice",
                    admin,
                    now);
        }
    }
}
