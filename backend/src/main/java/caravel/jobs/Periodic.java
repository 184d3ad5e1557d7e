package caravel.jobs;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work that runs once per period (the billing run, the card rail's check) whichever processes share the database.
 * Each kind is a job that queues its own next run, due at the start of the next period. The queue's dedupe key alone
 * cannot make that once per period: it holds only while a job is queued, so a process starting while another's run
 * is in progress (or after it finished) queues a second job for the same period. So a run first claims its period in
 * periodic_runs, whose key (kind, period start) admits one job; a job that loses the claim does no work and only makes
 * sure the next period is queued. The claim names the winning job, so that job's own retries — after a failure, or
 * after its process was killed and the lease lapsed — still run the period.
 */
public final class Periodic {
    private static final Logger log = LoggerFactory.getLogger(Periodic.class);

    /** The period's work. */
    @FunctionalInterface
    public interface Work {
        void run() throws Exception;
    }

    private final Jdbi jdbi;
    private final JobQueue queue;
    private final Clock clock;
    private final Map<String, AtomicLong> runs = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> skipped = new ConcurrentHashMap<>();

    public Periodic(Jdbi jdbi, JobQueue queue, Clock clock) {
        this.jdbi = jdbi;
        this.queue = queue;
        this.clock = clock;
    }

    /**
     * The job handler for one kind: queues the next period's job, then claims the current period and runs the work
     * if it won. The next run is queued first, while this job is still running (the dedupe key covers queued jobs
     * only), so the chain goes on whatever happens to this attempt; for the same reason a failed period is not retried
     * by the queue (a retry queued beside the next run would be two queued jobs under one key): the job fails, visibly,
     * and the next period does the work, as every kind here catches up on what earlier periods left. A process killed
     * mid-run leaves the job leased: once the lease lapses any process runs it again, and the claim lets it.
     */
    public JobHandler handler(String kind, Duration every, int maxAttempts, Work work) {
        long everyMs = every.toMillis();
        return job -> {
            long now = clock.millis();
            long period = Math.floorDiv(now, everyMs) * everyMs;
            scheduleAt(kind, maxAttempts, period + everyMs);
            boolean mine = jdbi.inTransaction(h -> {
                boolean won = PeriodicRunStore.claim(h, kind, period, job.id(), now);
                if (won) PeriodicRunStore.deleteBefore(h, kind, now - PeriodicRunStore.KEEP_MS);
                return won;
            });
            if (!mine) {
                counter(skipped, kind).incrementAndGet();
                log.debug("{}: the period from {} was run by another job", kind, period);
                return;
            }
            counter(runs, kind).incrementAndGet();
            try {
                work.run();
            } catch (PermanentFailure e) {
                throw e;
            } catch (Exception e) {
                String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                throw new PermanentFailure(kind + " failed; the next period tries again: " + why);
            }
        };
    }

    /** Queues the kind's job due now unless one is queued already (at start-up: a period is never waited out). */
    public void schedule(String kind, int maxAttempts) {
        scheduleAt(kind, maxAttempts, clock.millis());
    }

    private void scheduleAt(String kind, int maxAttempts, long atMs) {
        jdbi.useHandle(h -> queue.enqueueAt(h, kind, JobPayloads.NONE, kind, maxAttempts, atMs));
    }

    /** Periods of the kind whose work this process ran (tests, and an operator's question "who ran it"). */
    public long runs(String kind) {
        return counter(runs, kind).get();
    }

    /** Jobs of the kind this process ran that found their period already claimed by another job. */
    public long skipped(String kind) {
        return counter(skipped, kind).get();
    }

    private static AtomicLong counter(Map<String, AtomicLong> m, String kind) {
        return m.computeIfAbsent(kind, k -> new AtomicLong());
    }
}
