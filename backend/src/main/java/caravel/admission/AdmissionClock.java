package caravel.admission;

import caravel.config.Config;
import caravel.domain.Epoch;
import caravel.invoice.Dunning;
import caravel.jobs.JobHandler;
import caravel.jobs.JobPayloads;
import caravel.jobs.JobQueue;
import java.time.Clock;
import org.jdbi.v3.core.Handle;

/**
 * Paid admission's background work, run once per ADMISSION_CHECK_SECONDS across processes (jobs.Periodic): it asks
 * the owners' wallets about open invoices nobody's page is asking about, sends monthly members their renewal invoice
 * ADMISSION_NOTICE_SECONDS before their period ends, moves a member whose period ended unpaid into grace, and lapses
 * them when the grace period is over too. Work that talks to a wallet or a relay is a job of its own, so one slow
 * wallet delays no one else's.
 *
 * @param checks the background checks of open invoices
 * @param periods the members' renewals, grace and lapses as their periods end
 * @param renewing the renewal job
 */
public record AdmissionClock(Clock clock, InvoiceChecks checks, MemberPeriods periods, Renewing renewing) {
    public static final String JOB_TICK = "admission.tick";
    public static final String JOB_CHECK = "admission.check";
    public static final String JOB_RENEW = "admission.renew";
    public static final int TICK_ATTEMPTS = 1;
    private static final int BATCH = 500;

    record InvoiceRef(String id) {}

    record Renewal(String relay, String pubkey, long periodEnd) {}

    /** One period's work (see the class comment). */
    public void tick() {
        long now = Epoch.seconds(clock);
        checks.queueDue(now, BATCH);
        periods.advance(now, BATCH);
    }

    /**
     * Paid admission's steps of the shared renewal, grace and lapse: the renewal invoice ADMISSION_NOTICE_SECONDS
     * before a period ends, ADMISSION_GRACE_SECONDS of grace after it, no reminder beyond the renewal's DM.
     */
    static Dunning.Schedule schedule(Config.PaidAdmission timing) {
        return new Dunning.Schedule(timing.notice().toSeconds(), timing.grace().toSeconds(), 0);
    }

    private static String checkKey(String invoiceId) {
        return "admission-check:" + invoiceId;
    }

    /** Queues the check of one invoice (the tick's: a check queued already stays as it is). */
    static void queueCheck(Handle h, JobQueue jobs, String invoiceId) {
        jobs.enqueue(h, JOB_CHECK, JobPayloads.write(new InvoiceRef(invoiceId)), checkKey(invoiceId), 3);
    }

    /**
     * The check of one invoice, due now (a queued later one is brought forward): what a payment notification from the
     * owner's wallet leads to, so it is settled by the same look-up and proof as every other check.
     */
    static void checkNow(Handle h, JobQueue jobs, String invoiceId) {
        jobs.enqueueNow(h, JOB_CHECK, JobPayloads.write(new InvoiceRef(invoiceId)), checkKey(invoiceId), 3);
    }

    /** Asks the owner's wallet about one open invoice (on the runner of tenants' wallets). */
    public JobHandler checkHandler() {
        return checks.handler();
    }

    /** Makes the renewal invoice in the owner's wallet and DMs it (on the runner of tenants' wallets). */
    public JobHandler renewHandler() {
        return renewing.handler();
    }
}
