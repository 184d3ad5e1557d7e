package caravel.automod;

import caravel.domain.Epoch;
import caravel.jobs.Job;
import caravel.jobs.JobHandler;
import caravel.jobs.JobPayloads;
import caravel.jobs.JobQueue;
import caravel.moderation.QueueIntake;
import caravel.nostr.Event;
import caravel.store.Relay;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes an event a rule caught off its relay, durably and once. The event is claimed in {@code automod_removals}
 * together with a retry job due a few seconds later, in one transaction; then NIP-86 {@code banevent} is called at
 * once on a worker, so a post is gone well within 5 s of being accepted. Whoever first sees the relay confirm (the
 * worker, or the job when the relay could not be reached) tells the author why and hands the event to the
 * moderation queue; the job retries with backoff until both are done. An event already claimed (heard twice, or
 * let back by the team) is never removed again.
 */
public final class Removals implements JobHandler, AutoCloseable {
    public static final String JOB = "automod_remove";
    /** The job waits this long behind the immediate attempt, which nearly always finishes first. */
    public static final long RETRY_AFTER_MS = 5_000;

    static final int MAX_ATTEMPTS = 10;
    /** At most one DM per author, relay and hour, so a spammer cannot make Caravel spam them. */
    static final long TELL_GAP_SECONDS = 3_600;

    private static final Logger log = LoggerFactory.getLogger(Removals.class);

    private final AutomodStore store;
    private final JobQueue jobs;
    private final java.time.Clock clock;
    private final long retryAfterMs;
    private final RemovalCompletion completion;
    private final ExecutorService now = Executors.newVirtualThreadPerTaskExecutor();
    /** Immediate attempts that failed (left to the job), for tests and the bench. */
    private final java.util.concurrent.atomic.AtomicInteger failedNow = new java.util.concurrent.atomic.AtomicInteger();

    record Payload(String relayId, String eventId) {}

    /** {@code retryAfterMs}: when the retry job behind each immediate removal is due. */
    public Removals(
            AutomodStore store, JobQueue jobs, java.time.Clock clock, long retryAfterMs, RemovalCompletion completion) {
        this.store = store;
        this.jobs = jobs;
        this.clock = clock;
        this.retryAfterMs = retryAfterMs;
        this.completion = completion;
    }

    /** Claims and removes; false when the event was claimed before (nothing is done again). */
    boolean remove(Relay r, Event e, QueueIntake.Cause cause, String detail, FirstPostHold hold) {
        AutomodStore.Removal row = new AutomodStore.Removal(
                r.id(),
                e.id(),
                e.pubkey(),
                e.kind(),
                cause.name(),
                detail,
                e.toJsonString(),
                Epoch.seconds(clock),
                null,
                null,
                null);
        boolean claimed = store.jdbi().inTransaction(h -> {
            if (!store.claim(h, row)) return false;
            if (hold != null && !store.hold(h, r.id(), e.pubkey(), hold.limit())) {
                h.rollback(); // the member's held posts are used up (another process held the last one)
                return false;
            }
            jobs.enqueueAt(
                    h,
                    JOB,
                    JobPayloads.write(new Payload(r.id(), e.id())),
                    "automod-remove:" + r.id() + ":" + e.id(),
                    MAX_ATTEMPTS,
                    clock.millis() + retryAfterMs);
            return true;
        });
        if (!claimed) return false;
        try {
            now.execute(() -> {
                try {
                    complete(r.id(), e.id());
                } catch (RuntimeException ex) {
                    failedNow.incrementAndGet();
                    log.info("relay {}: removing {} failed, the job retries: {}", r.id(), e.id(), ex.getMessage());
                }
            });
        } catch (RejectedExecutionException ex) {
            // closing down: the job does it
        }
        return true;
    }

    /** The first post a new member may have held, and how many may be. */
    record FirstPostHold(int limit) {}

    @Override
    public void run(Job job) {
        Payload p = JobPayloads.read(job.payload(), Payload.class);
        complete(p.relayId(), p.eventId());
    }

    @Override
    public void onGiveUp(Job job, String error) {
        Payload p = JobPayloads.read(job.payload(), Payload.class);
        completion.gaveUp(p.relayId(), p.eventId(), error);
    }

    /** What is left of a removal: the relay's ban, then telling the author, then the queue. Safe to repeat. */
    void complete(String relayId, String eventId) {
        completion.complete(relayId, eventId);
    }

    /** Someone of the team let the event back: no rule removes it again (and a pending retry stops). */
    boolean restored(String relayId, String eventId) {
        return store.markRestored(relayId, eventId, Epoch.seconds(clock));
    }

    int failedNow() {
        return failedNow.get();
    }

    @Override
    public void close() {
        now.shutdownNow();
    }
}
