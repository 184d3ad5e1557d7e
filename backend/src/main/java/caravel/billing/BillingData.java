package caravel.billing;

import caravel.domain.Epoch;
import caravel.jobs.JobQueue;
import caravel.store.ActivityLog;
import caravel.store.RelayStore;
import caravel.store.TenantStore;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/**
 * What billing's services work on, passed to each as one: the database and the clock its rows are stamped by, and
 * the tables billing reads and writes (tenants and relays it reads and moves, the activity log it writes to, its own
 * invoices and credits) and the job queue its work goes through.
 */
public record BillingData(
        Jdbi jdbi,
        Clock clock,
        TenantStore tenants,
        RelayStore relays,
        ActivityLog activity,
        InvoiceStore invoices,
        CreditStore credits,
        JobQueue jobs) {
    /** The clock's time in epoch seconds, as the rows are stamped. */
    public long now() {
        return Epoch.seconds(clock);
    }
}
