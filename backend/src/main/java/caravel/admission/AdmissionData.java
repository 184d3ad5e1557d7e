package caravel.admission;

import caravel.domain.Epoch;
import caravel.jobs.JobQueue;
import caravel.store.ActivityLog;
import caravel.store.RelayStore;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/**
 * What paid admission's services work on, passed to each as one: the database and the clock its rows are stamped by,
 * the tables it reads and writes (relays, each relay's admission settings, paying members and their invoices, the
 * activity log, "ask to join" settings and requests) and the job queue its work goes through.
 */
public record AdmissionData(
        Jdbi jdbi,
        Clock clock,
        RelayStore relays,
        AdmissionStore admissions,
        PaidMemberStore members,
        AdmissionInvoiceStore invoices,
        ActivityLog activity,
        JobQueue jobs,
        JoinRequestStore requests) {
    /** The clock's time in epoch seconds, as the rows are stamped. */
    public long now() {
        return Epoch.seconds(clock);
    }
}
