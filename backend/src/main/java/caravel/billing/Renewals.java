package caravel.billing;

import caravel.domain.InvoiceStatus;
import caravel.domain.RelayStatus;
import caravel.invoice.Dunning;
import caravel.jobs.Periodic;
import caravel.relays.RelayStateMachine;
import caravel.relays.RelayStateMachine.Action;
import caravel.relays.RelayStateMachine.Actor;
import caravel.relays.RelayTransitions;
import caravel.store.Relay;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic run (both rails): renewals of every cycle that turned, 7 days of grace for invoices for service
 * given (a reminder 3 days before it ends), then suspension of the tenant's paid relays; and the payment lookups
 * that back up notifications. Safe to run any number of times, in any number of processes.
 */
public final class Renewals {
    private static final Logger log = LoggerFactory.getLogger(Renewals.class);
    public static final String JOB_TICK = "billing.tick";
    /** Attempts of one run's job: a failed run is done again by the next period, but a run whose process was killed
     * is taken up again by another (see Periodic). */
    public static final int TICK_ATTEMPTS = 3;

    public static final long GRACE_SECONDS = 7 * 86_400;
    public static final long REMINDER_SECONDS_BEFORE_SUSPENSION = 3 * 86_400;

    /**
     * Billing's lengths in the shared renewal, grace and lapse: an unpaid invoice for service given is in grace from
     * its due date on (the invoice itself told the tenant), reminded 3 days before its 7 days end, and lapses by
     * suspending the tenant's paid relays. Renewal is by the tenant's cycle ({@link #runCycle}), not per invoice.
     */
    static final Dunning.Schedule SCHEDULE = new Dunning.Schedule(0, GRACE_SECONDS, REMINDER_SECONDS_BEFORE_SUSPENSION);

    public record RunReport(int renewalInvoices, int reminders, int suspensions) {}

    private final BillingData d;
    private final OwedInvoiceStore overdue = new OwedInvoiceStore();
    private final Invoicing invoicing;
    private final PaymentConfirmation payments;
    private final RelayTransitions transitions;
    private final Notices notices;
    private final RenewalBoundary boundary;
    private final long tickSeconds;

    /** The catalog's paid plans: the relays a renewal may bill. */
    private final List<String> paidPlans;

    public Renewals(
            BillingData data,
            Invoicing invoicing,
            PaymentConfirmation payments,
            RelayTransitions transitions,
            Notices notices,
            RenewalBoundary boundary,
            long tickSeconds) {
        this.d = data;
        this.paidPlans =
                transitions.plans().paid().stream().map(caravel.domain.Plan::id).toList();
        this.invoicing = invoicing;
        this.payments = payments;
        this.transitions = transitions;
        this.notices = notices;
        this.boundary = boundary;
        this.tickSeconds = tickSeconds;
    }

    /** Renewals for every tenant whose cycle turned, reminders, suspensions. Safe to run any number of times. */
    public RunReport runCycle() {
        long now = d.now();
        int renewed = 0;
        // only tenants whose cycle turned: the run's cost follows the renewals due, not the number of tenants
        for (String tenant : d.jdbi().withHandle(h -> RenewalCandidates.due(d.tenants(), h, now)))
            if (renew(tenant, now) != null) renewed++;
        Graced graced = enforceGrace(now);
        return new RunReport(renewed, graced.reminders(), graced.suspensions());
    }

    /**
     * The renewal invoice of the tenant's current cycle, created at most once (a unique index backs this up). The other
     * rail is asked first, before the transaction, what it needs to know for this boundary (see {@link
     * RenewalBoundary}).
     */
    public String renew(String tenant, long now) {
        boundary.beforeRenewal(tenant, now);
        try {
            return d.jdbi().inTransaction(h -> invoicing.renewIn(h, tenant, now));
        } catch (org.jdbi.v3.core.statement.UnableToExecuteStatementException e) {
            if (caravel.store.Sql.isUniqueViolation(e)) return null; // another process renewed it first
            throw e;
        }
    }

    private record Graced(int reminders, int suspensions) {}

    /**
     * Reminders and suspensions, read in one query: each invoice that needs a reminder, or that is past its grace
     * with paid relays still to suspend, joined to those relays. The check is by state, not by "already suspended
     * once": a relay brought back without paying is suspended again on the next run.
     */
    private Graced enforceGrace(long now) {
        List<OwedInvoiceStore.GraceRow> rows = d.jdbi()
                .withHandle(h -> overdue.inGrace(
                        h,
                        now,
                        GRACE_SECONDS,
                        REMINDER_SECONDS_BEFORE_SUSPENSION,
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
            Graced r = d.jdbi().inTransaction(h -> {
                int[] done = new int[2];
                Dunning.advance(SCHEDULE, first.dueAt(), true, now, new Dunning.Steps() {
                    @Override
                    public void remind() {
                        if (Renewals.this.remind(h, id, now)) done[0] = 1;
                    }

                    @Override
                    public void lapse() {
                        if (suspend(h, id, toSuspend, now)) done[1] = 1;
                    }
                });
                return new Graced(done[0], done[1]);
            });
            reminders += r.reminders();
            suspensions += r.suspensions();
        }
        return new Graced(reminders, suspensions);
    }

    /** The reminder before the grace of an unpaid invoice ends, sent once; false when it was sent already. */
    private boolean remind(Handle h, String id, long now) {
        if (!d.invoices().markReminded(h, id, now)) return false;
        Invoice inv = d.invoices().find(h, id).orElseThrow();
        notices.send(
                h,
                inv.tenant(),
                null,
                Messages.reminder(inv, SCHEDULE.graceEnds(inv.dueAt())),
                "dm:reminder:" + inv.id());
        return true;
    }

    /**
     * The lapse of an invoice unpaid past its grace: the tenant's paid relays are suspended (again, if one was brought
     * back without paying) and the tenant told; false when none was suspended now.
     */
    private boolean suspend(Handle h, String id, List<String> toSuspend, long now) {
        if (toSuspend.isEmpty()) return false;
        if (d.invoices().status(h, id) != InvoiceStatus.PENDING) return false; // paid meanwhile
        d.invoices().markSuspended(h, id, now);
        List<Relay> hit = new ArrayList<>();
        for (String relayId : toSuspend) {
            Relay before = d.relays().find(h, relayId).orElseThrow();
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
        Invoice inv = d.invoices().find(h, id).orElseThrow();
        notices.send(h, inv.tenant(), null, Messages.suspended(inv, hit), "dm:suspended:" + inv.id() + ":" + now);
        return true;
    }

    /** An administrator lifts the suspension an overdue invoice causes (the invoice stays payable). */
    public void waiveOverdue(Handle h, String tenant, caravel.domain.Actor admin) {
        long now = d.now();
        for (String id : overdue.waivable(h, tenant, GRACE_SECONDS, now)) {
            d.invoices().setWaived(h, id, now);
            d.activity()
                    .add(
                            h,
                            tenant,
                            null,
                            "suspension_waived",
                            "An administrator waived the suspension for an unpaid invoice",
                            admin,
                            now);
        }
    }

    /** The periodic run's work, run once per {@link #tickPeriod()} across processes by {@link Periodic}. */
    public Periodic.Work tick() {
        return () -> {
            settleLapsingUpgrades();
            RunReport r = runCycle();
            if (r.renewalInvoices() + r.reminders() + r.suspensions() > 0) log.info("billing run: {}", r);
            payments.collect();
        };
    }

    public java.time.Duration tickPeriod() {
        return java.time.Duration.ofSeconds(tickSeconds);
    }

    /**
     * Upgrade invoices whose cycle ended are voided by the renewal; ask the wallet about them first, so a payment
     * that arrived unnoticed applies the upgrade instead of becoming credit. (Renewals started by a request skip
     * this: a payment found later is still credited, as tenant credit.)
     */
    void settleLapsingUpgrades() {
        if (!invoicing.enabled()) return;
        List<String> lapsing =
                d.jdbi().withHandle(h -> overdue.lapsingUpgrades(h, d.now(), PaymentConfirmation.LOOKUPS_PER_TICK));
        for (String id : lapsing) {
            try {
                payments.check(id);
            } catch (LightningWallet.WalletException e) {
                log.info("could not ask the wallet about lapsing upgrade invoice {}: {}", id, e.getMessage());
                return;
            }
        }
    }
}
