package caravel.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.store.Database;
import caravel.testing.BothDatabases;
import caravel.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job going back to the queue (a failed attempt's retry, or a lease released at shutdown) while another job is
 * already queued under its dedupe key: at most one job per key may be queued, so the one going back folds into the
 * queued one instead of hitting the unique index. Before, recording the retry failed on a duplicate key five times,
 * the job stayed leased until its lease lapsed, then ran again and failed the same way: under lock contention (an
 * outcome written late, a lease lapsed, a new sync enqueued meanwhile) this is how a relay's sync wedged.
 */
@BothDatabases
class JobRequeueTest {
    @TempDir
    Path dir;

    static final JobRunner.Settings SETTINGS = new JobRunner.Settings(20, 10_000, 60_000, 120_000, 4);

    static List<Map<String, Object>> rows(Database db) {
        return db.jdbi()
                .withHandle(
                        h -> h.createQuery("SELECT id, status, run_at_ms, last_error, leased_by FROM jobs ORDER BY id")
                                .mapToMap()
                                .list());
    }

    @Test
    void aFailedAttemptRetriedWhileAnotherJobIsQueuedUnderItsKeyFoldsIntoIt() throws Exception {
        try (Database db = caravel.testing.TestDatabases.open(dir.resolve("requeue.db"))) {
            MutableClock clock = new MutableClock();
            JobQueue q = new JobQueue(clock, () -> {});
            db.jdbi().useTransaction(h -> q.enqueue(h, "sync", "{\"v\":1}", "relay:x", 12));
            JobRunner r = new JobRunner(db.jdbi(), clock, SETTINGS);
            r.register("sync", job -> {
                throw new IllegalStateException("zooid unreachable");
            });
            List<Job> claimed = r.claim(10);
            assertThat(claimed).extracting(Job::id).containsExactly(1L);
            // the owner changes the relay while the attempt talks to zooid: a second sync is queued behind it, due
            // later
            clock.advance(Duration.ofSeconds(1));
            db.jdbi().useTransaction(h -> q.enqueueAt(h, "sync", "{\"v\":2}", "relay:x", 12, clock.millis() + 600_000));

            r.execute(claimed.get(0));

            List<Map<String, Object>> jobs = rows(db);
            assertThat(jobs).hasSize(2);
            // the attempt's outcome is recorded: it no longer holds a lease, and it is not queued a second time
            assertThat(jobs.get(0).get("status")).isEqualTo("done");
            assertThat(jobs.get(0).get("leased_by")).isNull();
            assertThat((String) jobs.get(0).get("last_error"))
                    .contains("zooid unreachable")
                    .contains("job 2");
            // the queued job carries the retry: due no later than the failed attempt's backoff would have made it
            assertThat(jobs.get(1).get("status")).isEqualTo("queued");
            long maxBackoff = (long) (SETTINGS.backoffBaseMs() * 1.2);
            assertThat(((Number) jobs.get(1).get("run_at_ms")).longValue())
                    .isLessThanOrEqualTo(clock.millis() + maxBackoff);
            // and it runs next
            clock.advance(Duration.ofMillis(maxBackoff));
            assertThat(r.claim(10)).extracting(Job::id).containsExactly(2L);
        }
    }

    @Test
    void aRetryWithNoOtherJobQueuedIsQueuedAsBefore() throws Exception {
        try (Database db = caravel.testing.TestDatabases.open(dir.resolve("alone.db"))) {
            MutableClock clock = new MutableClock();
            JobQueue q = new JobQueue(clock, () -> {});
            db.jdbi().useTransaction(h -> q.enqueue(h, "sync", "{}", "relay:x", 12));
            db.jdbi().useTransaction(h -> q.enqueue(h, "sync", "{}", "relay:y", 12));
            JobRunner r = new JobRunner(db.jdbi(), clock, SETTINGS);
            r.register("sync", job -> {
                throw new IllegalStateException("down");
            });
            List<Job> claimed = r.claim(1);
            r.execute(claimed.get(0));
            List<Map<String, Object>> jobs = rows(db);
            assertThat(jobs).extracting(m -> m.get("status")).containsExactly("queued", "queued");
            assertThat(((Number) jobs.get(0).get("run_at_ms")).longValue()).isGreaterThan(clock.millis());
        }
    }

    @Test
    void aLeaseReleasedAtShutdownWhileAnotherJobIsQueuedUnderItsKeyFoldsIntoIt() throws Exception {
        try (Database db = caravel.testing.TestDatabases.open(dir.resolve("release.db"))) {
            MutableClock clock = new MutableClock();
            JobQueue q = new JobQueue(clock, () -> {});
            db.jdbi().useTransaction(h -> q.enqueue(h, "sync", "{}", "relay:x", 12));
            db.jdbi().useTransaction(h -> q.enqueue(h, "sync", "{}", "relay:y", 12));
            JobRunner r = new JobRunner(db.jdbi(), clock, SETTINGS);
            r.register("sync", job -> {});
            List<Job> claimed = r.claim(10);
            assertThat(claimed).hasSize(2);
            db.jdbi().useTransaction(h -> q.enqueueAt(h, "sync", "{}", "relay:x", 12, clock.millis() + 600_000));

            db.jdbi().useTransaction(h -> JobQueue.release(h, List.of(1L, 2L), r.workerId(), clock.millis()));

            List<Map<String, Object>> jobs = rows(db);
            assertThat(jobs).extracting(m -> m.get("status")).containsExactly("done", "queued", "queued");
            assertThat(jobs).extracting(m -> m.get("leased_by")).containsOnlyNulls();
            // the job queued behind the released one is due now, as the released one would have been
            assertThat(((Number) jobs.get(2).get("run_at_ms")).longValue()).isLessThanOrEqualTo(clock.millis());
        }
    }
}
