package caravel.admission;

import caravel.domain.InvoiceStatus;
import caravel.jobs.JobHandler;
import caravel.jobs.JobPayloads;
import caravel.jobs.JobQueue;
import caravel.store.Relay;
import caravel.store.RelayStore;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The background checks of open invoices nobody's page is asking about, for {@link AdmissionClock}: the tick queues
 * the checks that are due, each a job of its own (on the runner of tenants' wallets), so one slow wallet delays no one
 * else's.
 */
record InvoiceChecks(
        Jdbi jdbi, AdmissionInvoiceStore invoices, JobQueue jobs, RelayStore relays, InvoiceLookUps lookUps) {

    /** Queues the checks due at {@code now}, at most {@code batch}. */
    void queueDue(long now, int batch) {
        jdbi.useTransaction(h -> {
            for (AdmissionInvoice i : invoices.dueChecks(h, now, batch)) AdmissionClock.queueCheck(h, jobs, i.id());
        });
    }

    /** Asks the owner's wallet about one open invoice (on the runner of tenants' wallets). */
    JobHandler handler() {
        return job -> {
            AdmissionClock.InvoiceRef ref = JobPayloads.read(job.payload(), AdmissionClock.InvoiceRef.class);
            Optional<AdmissionInvoice> inv = jdbi.withHandle(h -> invoices.find(h, ref.id()));
            if (inv.isEmpty() || inv.get().state() != InvoiceStatus.PENDING) return;
            Optional<Relay> r = relays.find(inv.get().relayId());
            if (r.isEmpty()) return;
            lookUps.lookUp(r.get(), inv.get(), false);
        };
    }
}
