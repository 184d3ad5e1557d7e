package caravel.backups;

import caravel.domain.Actor;
import caravel.domain.Epoch;
import caravel.domain.Failure;
import caravel.jobs.Job;
import caravel.jobs.JobHandler;
import caravel.jobs.JobPayloads;
import caravel.jobs.JobQueue;
import caravel.jobs.JobRunner;
import caravel.jobs.PermanentFailure;
import caravel.relayaccess.RelaySocket;
import caravel.store.Ids;
import caravel.store.Relay;
import caravel.store.RelayStore;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Taking a relay's backup: now (the owner's "take now", the schedule's) as a durable job, never on a request thread,
 * or at once for a deleted relay's final one. A backup that fails is tried again with the job queue's backoff, and
 * when it keeps failing the owner is told by the robot's DM, with the reason; nothing already kept is touched by a
 * failure.
 */
public record BackupTaking(
        Jdbi jdbi,
        Clock clock,
        RelayBackupStore store,
        BackupStorage storage,
        RelayStore relays,
        JobQueue jobs,
        BackupAttempt attempt,
        BackupNotices notices)
        implements JobHandler {
    private static final Logger log = LoggerFactory.getLogger(BackupTaking.class);
    public static final String JOB = "backups.take";
    /** A backup is tried this many times (the queue's backoff between) before the owner is told. */
    static final int ATTEMPTS = 5;

    /** The take job's payload. */
    record Take(String backup) {}

    void register(JobRunner runner) {
        runner.register(JOB, this);
    }

    /**
     * Queues a backup of the relay now and returns its id: the owner's "take now" and the schedule's. The backup
     * itself runs as a job (a deleted relay's final one does not: {@link #takeFinal}). While one is queued or running
     * for the relay, that one is the answer and no second is queued (a double click takes one backup).
     *
     * @param reason scheduled or manual
     */
    public String takeNow(Relay r, String reason, Actor actor) {
        return jdbi.inTransaction(h -> {
            Optional<String> underWay = store.underWay(h, r.id());
            if (underWay.isPresent()) return underWay.get();
            String id = Ids.newId();
            insert(h, id, r, reason, actor);
            jobs.enqueue(h, JOB, JobPayloads.write(new Take(id)), JOB + ":" + id, ATTEMPTS);
            return id;
        });
    }

    /**
     * A deleted relay's final backup (reason "final", never pruned), written at once on the caller's thread (the
     * retire job's, never a request's): the relay is stopped right after, and a stopped relay cannot be read, so it
     * cannot wait for the queue. One attempt: a failure is recorded on the backup and thrown.
     *
     * @return what was written, in the owner's words, for the activity log
     */
    public String takeFinal(Relay r, Actor actor) throws IOException {
        String id = Ids.newId();
        jdbi.useTransaction(h -> insert(h, id, r, "final", actor));
        store.started(id);
        try {
            var c = attempt.write(r, id);
            return "backup " + id + " (" + c.count("events") + " events, " + c.count("blobs") + " media files, "
                    + c.count("members") + " members), never pruned";
        } catch (RuntimeException | IOException e) {
            String why = describe(e);
            jdbi.useTransaction(h -> store.failed(h, id, why, Epoch.seconds(clock)));
            throw new IOException(why, e);
        }
    }

    private void insert(Handle h, String id, Relay r, String reason, Actor actor) {
        if (!r.zooidCreated())
            throw Failure.conflict("The relay has not been set up on its server yet, so there is nothing to back up.");
        store.insert(
                h,
                RelayBackupStore.Backup.begun(
                        id, r, reason, "queued", storage.kind(), actor.key(), Epoch.seconds(clock)));
    }

    @Override
    public void run(Job job) throws Exception {
        String id = JobPayloads.read(job.payload(), Take.class).backup();
        Optional<RelayBackupStore.Backup> row = store.find(id);
        if (row.isEmpty() || row.get().status().equals("done")) return; // removed meanwhile, or done before a crash
        Relay r = relays.find(row.get().relayId()).orElse(null);
        if (r == null) throw new PermanentFailure("the relay is gone");
        store.started(id);
        try {
            attempt.write(r, id);
        } catch (RuntimeException | IOException e) {
            String why = describe(e);
            store.attemptFailed(id, why);
            log.info("relay {} backup {} attempt {} failed: {}", r.id(), id, job.attempts(), why);
            throw new IOException(why, e);
        }
    }

    /** Said to the owner and kept on the backup: the failure in words, never a stack trace or a credential. */
    static String describe(Exception e) {
        if (e instanceof RelaySocket.RelayUnavailable || e instanceof Failure)
            return "the relay could not be reached (" + e.getMessage() + ")";
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    @Override
    public void onGiveUp(Job job, String error) {
        String id = JobPayloads.read(job.payload(), Take.class).backup();
        store.find(id)
                .ifPresent(b -> jdbi.useTransaction(h -> {
                    String why = b.error() == null ? error : b.error();
                    store.failed(h, id, why, Epoch.seconds(clock));
                    String name = relays.find(b.relayId()).map(Relay::name).orElse(b.relayId());
                    notices.gaveUp(h, b, name, job.attempts(), why);
                }));
    }
}
