package caravel.automod;

import caravel.jobs.Job;
import caravel.jobs.JobHandler;
import caravel.jobs.JobPayloads;
import caravel.jobs.JobQueue;
import caravel.json.Json;
import caravel.moderation.QueueIntake;
import caravel.nostr.Event;
import caravel.relayaccess.Deps;
import caravel.store.Relay;
import java.util.List;
import java.util.Optional;
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
    static final long RETRY_AFTER_MS = 5_000;

    static final int MAX_ATTEMPTS = 10;
    /** At most one DM per author, relay and hour, so a spammer cannot make Caravel spam them. */
    static final long TELL_GAP_SECONDS = 3_600;

    private static final Logger log = LoggerFactory.getLogger(Removals.class);

    private final Deps d;
    private final AutomodStore store;
    private final JobQueue jobs;
    private final QueueIntake intake;
    private final long retryAfterMs;
    private final ExecutorService now = Executors.newVirtualThreadPerTaskExecutor();
    /** Immediate attempts that failed (left to the job), for tests and the bench. */
    private final java.util.concurrent.atomic.AtomicInteger failedNow = new java.util.concurrent.atomic.AtomicInteger();

    record Payload(String relayId, String eventId) {}

    Removals(Deps d, AutomodStore store, JobQueue jobs, QueueIntake intake, long retryAfterMs) {
        this.d = d;
        this.retryAfterMs = retryAfterMs;
        this.store = store;
        this.jobs = jobs;
        this.intake = intake;
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
                d.now(),
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
                    d.clock().millis() + retryAfterMs);
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
        d.relayStore()
                .find(p.relayId())
                .ifPresent(r -> d.log(
                        r,
                        "automod_remove_failed",
                        "An automatic rule could not remove event "
                                + p.eventId().substring(0, 8) + ": " + error,
                        "system"));
    }

    /** What is left of a removal: the relay's ban, then telling the author, then the queue. Safe to repeat. */
    void complete(String relayId, String eventId) {
        Optional<AutomodStore.Removal> found = store.removal(relayId, eventId);
        if (found.isEmpty()) return;
        AutomodStore.Removal x = found.get();
        if (x.restoredAt() != null) return; // let back before the relay was even asked
        Relay r = d.relayStore().find(relayId).orElse(null);
        if (r == null) return; // the relay is gone, and its events with it
        if (x.removedAt() == null) {
            String reason = "Removed by an automatic rule: " + x.detail();
            d.rpc().call(d.access().target(r), "banevent", List.of(eventId, reason), "remove an event a rule caught");
            long at = d.now();
            store.jdbi().useTransaction(h -> {
                if (!store.markRemoved(h, relayId, eventId, at)) return;
                d.store().eventBanned(h, relayId, eventId, x.author(), x.kind(), reason, "system", at);
                d.activity()
                        .add(
                                h,
                                r.tenant(),
                                r.id(),
                                "automod_removed",
                                "Event " + eventId.substring(0, 8) + " removed automatically: " + x.detail(),
                                "system",
                                at);
                if (store.mayTell(h, relayId, x.author(), at, TELL_GAP_SECONDS))
                    d.robot().sendDm(h, x.author(), toldWhy(r, x), r.tenant(), r.id());
            });
        }
        if (x.handedAt() == null) {
            Event e = Event.fromJson(Json.parse(x.eventJson()));
            intake.removed(relayId, e, QueueIntake.Cause.valueOf(x.cause()), x.detail());
            store.markHanded(relayId, eventId, d.now());
        }
    }

    /** The DM: what happened, why, and that the team can let it back. */
    static String toldWhy(Relay r, AutomodStore.Removal x) {
        String where = "\"" + r.name() + "\"";
        if (x.cause().equals(QueueIntake.Cause.FIRST_POST_HELD.name()))
            return "Your post on " + where + " is held for review (" + x.detail()
                    + "). The relay's team will look at it soon; you need not post it again.";
        return "Your post on " + where + " was removed automatically: it " + x.detail()
                + ". If you think this is a mistake, ask the relay's team: they can put it back.";
    }

    /** Someone of the team let the event back: no rule removes it again (and a pending retry stops). */
    boolean restored(String relayId, String eventId) {
        return store.markRestored(relayId, eventId, d.now());
    }

    int failedNow() {
        return failedNow.get();
    }

    @Override
    public void close() {
        now.shutdownNow();
    }
}
