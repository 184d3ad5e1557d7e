package caravel.billing;

import caravel.domain.Epoch;
import caravel.invoice.Dunning;
import caravel.jobs.Periodic;
import caravel.store.TenantStore;
import java.time.Clock;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic run (both rails): renewals of every cycle that turned, 7 days of grace for invoices for service
 * given (a reminder 3 days before it ends), then suspension of the tenant's paid relays; and the payment lookups
 * that back up notifications. Safe to run any number of times, in any number of processes.
 *
 * @param boundary what the other rail is asked before a renewal
 * @param tickSeconds how often the periodic run runs
 */
public record Renewals(
        Jdbi jdbi,
        Clock clock,
        TenantStore tenants,
        Invoicing invoicing,
        PaymentConfirmation payments,
        RenewalBoundary boundary,
        BillingGrace grace,
        long tickSeconds) {
    private static final OwedInvoiceStore OWED = new OwedInvoiceStore();

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

    /** Renewals for every tenant whose cycle turned, reminders, suspensions. Safe to run any number of times. */
    public RunReport runCycle() {
        long now = Epoch.seconds(clock);
        int renewed = 0;
        // only tenants whose cycle turned: the run's cost follows the renewals due, not the number of tenants
        for (String tenant : jdbi.withHandle(h -> RenewalCandidates.due(tenants, h, now)))
            if (renew(tenant, now) != null) renewed++;
        BillingGrace.Graced graced = grace.enforceGrace(now);
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
            return jdbi.inTransaction(h -> invoicing.renewIn(h, tenant, now));
        } catch (org.jdbi.v3.core.statement.UnableToExecuteStatementException e) {
            if (caravel.store.Sql.isUniqueViolation(e)) return null; // another process renewed it first
            throw e;
        }
    }

    /** An administrator lifts the suspension an overdue invoice causes (the invoice stays payable). */
    public void waiveOverdue(Handle h, String tenant, caravel.domain.Actor admin) {
        grace.waiveOverdue(h, tenant, admin);
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
        List<String> lapsing = jdbi.withHandle(
                h -> OWED.lapsingUpgrades(h, Epoch.seconds(clock), PaymentConfirmation.LOOKUPS_PER_TICK));
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
