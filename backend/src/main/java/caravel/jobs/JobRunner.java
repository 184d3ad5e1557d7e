package caravel.jobs;

import caravel.domain.Epoch;
import caravel.logging.Hops;
import caravel.logging.Tracing;
import caravel.logging.Tracing.Attr;
import io.opentelemetry.api.trace.SpanKind;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs durable jobs from the jobs table. Claims are one UPDATE ... RETURNING inside an IMMEDIATE transaction, so
 * two processes sharing the database never run the same job; a claim is a lease, and a crashed process's leased
 * jobs become claimable again when the lease runs out. Failures retry with exponential backoff and jitter up to
 * max_attempts, then stay visible as 'failed'. Jobs with the same dedupe key never run at the same time, also when
 * one of them was left 'running' by a crashed process: the older one runs first.
 *
 * <p>Leases are short and kept alive by a heartbeat thread of their own, so a killed process's jobs are claimable
 * by another within a lease ({@link Settings#defaults()}: 20 s) rather than after the longest job's run time; the
 * heartbeat is not left to the claim loop, whose pass can wait on a busy database or a long cleanup.
 */
public final class JobRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    /** Times a job's outcome is written before the runner leaves it to its lease (see finish). */
    static final int FINISH_ATTEMPTS = 5;
    /** Pause before writing an outcome again, times the attempt's number. */
    static final long FINISH_RETRY_MS = 200;

    public record Settings(long pollMs, long leaseMs, long backoffBaseMs, long backoffMaxMs, int concurrency) {
        public static Settings defaults() {
            // a lease of 20 s renewed every 5 s: a killed process's job waits at most ~20 s for another process, and a
            // live one misses three renewals in a row before its lease could lapse
            return new Settings(500, 20_000, 2_000, 300_000, 8);
        }

        /** The same timings with another lease (LEASE_MS); its heartbeat renews every quarter of it. */
        public Settings leasing(java.time.Duration lease) {
            return new Settings(pollMs, lease.toMillis(), backoffBaseMs, backoffMaxMs, concurrency);
        }
    }

    private final Jdbi jdbi;
    private final Clock clock;
    private final Settings settings;
    private final String workerId = UUID.randomUUID().toString();
    private final Map<String, JobHandler> handlers = new ConcurrentHashMap<>();
    private final Semaphore slots;
    private final Object wakeLock = new Object();
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean wakeRequested;
    private final java.util.Set<Long> inFlight = ConcurrentHashMap.newKeySet();
    /** The thread running each in-flight job, so a shutdown past its deadline can interrupt them. */
    private final Map<Long, Thread> threads = new ConcurrentHashMap<>();
    /** Set once close() has released what it could: from then on nothing here touches the database. */
    private volatile boolean closed;
    /** How long close() lets running jobs finish before interrupting them and releasing their leases. */
    public static final long DRAIN_MS = 10_000;

    private long lastHeartbeatMs;
    private long lastCleanupMs;
    /** Finished jobs are kept this long (job history backs "never twice" checks such as DM dedupe keys). */
    public static final long KEEP_DONE_MS = 90L * 86_400_000;

    private Thread loop;
    private Thread heartbeats;
    /** Claim-loop passes completed (a test hook, see {@link #passes()}). */
    private final java.util.concurrent.atomic.AtomicLong passes = new java.util.concurrent.atomic.AtomicLong();

    public JobRunner(Jdbi jdbi, Clock clock, Settings settings) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.settings = settings;
        this.slots = new Semaphore(settings.concurrency());
    }

    public void register(String kind, JobHandler handler) {
        handlers.put(kind, handler);
    }

    public String workerId() {
        return workerId;
    }

    public void start() {
        if (!running.compareAndSet(false, true)) return;
        loop = Thread.ofPlatform().daemon().name("job-runner").start(this::loop);
        heartbeats = Thread.ofPlatform().daemon().name("job-heartbeat").start(this::heartbeats);
    }

    /** Whether the claim loop is alive (for the readiness check): started, not closed, its thread not dead. */
    public boolean isRunning() {
        Thread t = loop;
        return running.get() && t != null && t.isAlive();
    }

    /**
     * Claim-loop passes completed so far. A test hook: once two more passes have completed, every job that was due
     * before the first of them has been claimed, so a test waits for passes instead of sleeping.
     */
    public long passes() {
        return passes.get();
    }

    /** Job threads not yet ended, also after close() let go of them (tests wait for a late one to end). */
    int jobThreads() {
        return threads.size();
    }

    /** A hint that work may be due now (e.g. just enqueued); the loop also polls. */
    public void wake() {
        synchronized (wakeLock) {
            wakeRequested = true;
            wakeLock.notifyAll();
        }
    }

    private void loop() {
        while (running.get()) {
            try {
                int free = slots.availablePermits();
                List<Job> claimed = free > 0 ? claim(free) : List.of();
                for (Job j : claimed) Hops.mark("job.claimed", j.kind() + " " + j.id());
                for (Job job : claimed) {
                    slots.acquire();
                    track(job.id());
                    Thread t = Thread.ofVirtual().name("job-" + job.id()).unstarted(() -> {
                        try {
                            execute(job);
                        } finally {
                            threads.remove(job.id());
                            untrack(job.id());
                            slots.release();
                            wake();
                        }
                    });
                    threads.put(job.id(), t);
                    t.start();
                }
                cleanup();
                passes.incrementAndGet();
                if (claimed.isEmpty()) {
                    synchronized (wakeLock) {
                        if (!wakeRequested) wakeLock.wait(settings.pollMs());
                        wakeRequested = false;
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("job runner: {}", e.getMessage());
                sleepQuietly(settings.pollMs());
            }
        }
    }

    /** Renews this runner's leases every quarter lease until the runner is closed (also while close() drains). */
    private void heartbeats() {
        long every = Math.max(1, settings.leaseMs() / 4);
        while (!closed) {
            try {
                Thread.sleep(every);
                heartbeat();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // the next renewal comes a quarter lease later: three may fail before any lease lapses
                log.warn("job runner: renewing leases failed: {}", e.getMessage());
            }
        }
    }

    /** Deletes long-finished jobs once an hour so the table does not grow without bound; failed ones stay visible. */
    private void cleanup() {
        if (closed) return;
        long now = clock.millis();
        if (now - lastCleanupMs < 3_600_000) return;
        lastCleanupMs = now;
        int n = jdbi.withHandle(h -> JobQueue.deleteDoneBefore(h, (now - KEEP_DONE_MS) / 1000));
        if (n > 0) log.info("deleted {} jobs finished more than 90 days ago", n);
    }

    /**
     * Extends the leases of jobs this worker is still running, so a slow job is never claimed twice. Jobs finish on
     * their own threads while this runs, so the set is read once: checking it and copying it separately let a job
     * finish in between and hand an empty id list to the UPDATE. Returns how many leases were extended. Visible for
     * tests.
     */
    synchronized int heartbeat() {
        if (closed) return 0;
        long now = clock.millis();
        if (now - lastHeartbeatMs < settings.leaseMs() / 4) return 0;
        List<Long> ids = List.copyOf(inFlight);
        if (ids.isEmpty()) return 0;
        lastHeartbeatMs = now;
        // a job that finished since the snapshot is no longer 'running' under this worker, so it is left alone
        return jdbi.inTransaction(h -> JobQueue.extendLeases(h, ids, workerId, now + settings.leaseMs()));
    }

    /** Marks a job as running on this worker (the claim loop does this; tests use it to drive heartbeat()). */
    void track(long id) {
        inFlight.add(id);
    }

    void untrack(long id) {
        inFlight.remove(id);
    }

    /** Claims up to {@code limit} due jobs of registered kinds. Visible for tests (two runners racing). */
    public List<Job> claim(int limit) {
        if (handlers.isEmpty()) return List.of();
        long now = clock.millis();
        return jdbi.inTransaction(
                h -> JobQueue.lease(h, List.copyOf(handlers.keySet()), workerId, now, now + settings.leaseMs(), limit));
    }

    /** Runs one claimed job and records the outcome (only if this worker still holds the lease). */
    public void execute(Job job) {
        JobHandler handler = handlers.get(job.kind());
        try {
            Hops.mark("job.run", job.kind() + " " + job.id());
            try (Tracing.Open span = Tracing.open(
                    "job " + job.kind(),
                    SpanKind.INTERNAL,
                    Tracing.with(Attr.JOB_KIND, job.kind()).and(Attr.JOB_ID, job.id()),
                    true)) {
                try {
                    handler.run(job);
                } catch (Exception | Error e) {
                    span.failed(e);
                    throw e;
                }
            }
            Hops.mark("job.ran", job.kind() + " " + job.id());
            finish(job, "done", null, null);
        } catch (PermanentFailure e) {
            finish(job, "failed", e.getMessage(), null);
            giveUp(handler, job, e.getMessage());
        } catch (Exception e) {
            String error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (job.lastAttempt()) {
                finish(job, "failed", error, null);
                giveUp(handler, job, error);
            } else {
                long delay = backoff(job.attempts());
                log.info(
                        "job {} {} attempt {}/{} failed, retry in {} ms: {}",
                        job.id(),
                        job.kind(),
                        job.attempts(),
                        job.maxAttempts(),
                        delay,
                        error);
                finish(job, "queued", error, clock.millis() + delay);
            }
        }
    }

    private void giveUp(JobHandler handler, Job job, String error) {
        log.warn("job {} {} failed for good after {} attempts: {}", job.id(), job.kind(), job.attempts(), error);
        try {
            handler.onGiveUp(job, error);
        } catch (RuntimeException e) {
            log.warn("job {} give-up hook failed: {}", job.id(), e.getMessage());
        }
    }

    /** How long a job waits after its n-th failed attempt: exponential from the base, capped, with jitter. */
    public long backoff(int attempts) {
        double exp = (double) settings.backoffBaseMs() * Math.pow(2, Math.max(0, attempts - 1));
        double capped = Math.min(exp, (double) settings.backoffMaxMs());
        return (long) (capped * ThreadLocalRandom.current().nextDouble(0.8, 1.2));
    }

    private void finish(Job job, String status, String error, Long runAtMs) {
        if (closed) {
            // shut down past the deadline: the lease was released (or lapses), so the job runs again elsewhere
            log.info("job {} {} ended after shutdown ({}); not recorded", job.id(), job.kind(), status);
            return;
        }
        String trimmed = error == null ? null : error.length() > 1000 ? error.substring(0, 1000) : error;
        // the attempt's work is done: a database busy for a moment must not lose its outcome (the job would sit leased
        // until the lease lapses and then run again), so recording it is tried a few times before giving up
        for (int attempt = 1; ; attempt++) {
            try {
                jdbi.useTransaction(
                        h -> JobQueue.record(h, job.id(), workerId, status, trimmed, runAtMs, Epoch.seconds(clock)));
                return;
            } catch (RuntimeException e) {
                if (attempt >= FINISH_ATTEMPTS) {
                    log.warn(
                            "job {} {}: recording its outcome ({}) failed {} times; its lease lapses and it runs again:"
                                    + " {}",
                            job.id(),
                            job.kind(),
                            status,
                            attempt,
                            e.toString());
                    return;
                }
                sleepQuietly(FINISH_RETRY_MS * attempt);
            }
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Graceful stop: no new claims; running jobs get {@link #DRAIN_MS} to finish their attempt; those still running
     * then are interrupted and their leases released (queued again, the attempt not counted) so any process can run
     * them at once; after that this runner never touches the database again (the caller closes the pool next).
     */
    @Override
    public void close() {
        close(DRAIN_MS);
    }

    public void close(long drainMs) {
        running.set(false);
        if (loop != null) {
            loop.interrupt();
            try {
                loop.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!drain(drainMs)) {
            java.util.List<Long> stuck = java.util.List.copyOf(inFlight);
            log.warn(
                    "shutdown: {} job(s) still running after {} ms: {}; interrupting and releasing their leases",
                    stuck.size(),
                    drainMs,
                    stuck);
            threads.values().forEach(Thread::interrupt);
            drain(2_000);
            java.util.List<Long> left = java.util.List.copyOf(inFlight);
            if (!left.isEmpty()) {
                try {
                    jdbi.useTransaction(h -> JobQueue.release(h, left, workerId, clock.millis()));
                } catch (RuntimeException e) {
                    log.warn(
                            "shutdown: could not release leases ({}); they lapse in {} ms",
                            e.getMessage(),
                            settings.leaseMs());
                }
            }
        }
        closed = true;
        if (heartbeats != null) heartbeats.interrupt();
    }

    /** Waits until no job runs (true) or the time is up (false). */
    private boolean drain(long ms) {
        try {
            if (slots.tryAcquire(settings.concurrency(), ms, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                slots.release(settings.concurrency());
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }
}
