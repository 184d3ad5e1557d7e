package caravel.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.store.Database;
import caravel.testing.BothDatabases;
import caravel.testing.Wait;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shutdown: running jobs get a deadline, then are interrupted and their leases released; nothing is written after. */
@BothDatabases
class GracefulShutdownTest {
    @TempDir
    Path dir;

    @Test
    void aJobThatFinishesInTimeIsRecorded() throws Exception {
        try (Database db = caravel.testing.TestDatabases.open(dir.resolve("a.db"))) {
            JobRunner r = new JobRunner(db.jdbi(), Clock.systemUTC(), JobRunnerTest.FAST);
            CountDownLatch started = new CountDownLatch(1);
            r.register("slow", job -> {
                started.countDown();
                Thread.sleep(400); // the job's own work, which takes time: the shutdown lets it finish
            });
            r.start();
            JobRunnerTest.enqueue(db, 1, "slow");
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            r.close(5_000);
            assertThat(JobRunnerTest.status(db, 1)).isEqualTo("done");
        }
    }

    @Test
    void aJobPastTheDeadlineIsReleasedForAnotherProcessAndNotRecordedLater() throws Exception {
        try (Database db = caravel.testing.TestDatabases.open(dir.resolve("b.db"))) {
            JobRunner r = new JobRunner(db.jdbi(), Clock.systemUTC(), JobRunnerTest.FAST);
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch ended = new CountDownLatch(1);
            r.register("stuck", job -> {
                started.countDown();
                try {
                    // ignores interrupts, like a call blocked in a library: the runner must still let go of it
                    long until = System.nanoTime() + 3_000_000_000L;
                    while (System.nanoTime() < until) {
                        try {
                            Thread.sleep(50); // the job's own (uninterruptible) work, not a wait for an event
                        } catch (InterruptedException ignored) {
                            // keep going
                        }
                    }
                } finally {
                    ended.countDown();
                }
            });
            r.start();
            JobRunnerTest.enqueue(db, 1, "stuck");
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            long t0 = System.nanoTime();
            r.close(300);
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(2_900); // did not wait for the job
            var row = db.jdbi()
                    .withHandle(h -> h.createQuery("SELECT status, leased_by, attempts FROM jobs WHERE id = 1")
                            .mapToMap()
                            .one());
            assertThat(row.get("status")).isEqualTo("queued");
            assertThat(row.get("leased_by")).isNull();
            assertThat(((Number) row.get("attempts")).intValue()).isZero(); // the cut-short attempt is not counted
            assertThat(ended.await(10, TimeUnit.SECONDS)).isTrue();
            Wait.until("the late job's thread ended", Duration.ofSeconds(10), () -> r.jobThreads() == 0);
            assertThat(JobRunnerTest.status(db, 1)).isEqualTo("queued"); // the late finish wrote nothing

            // another process picks it up at once
            JobRunner other = new JobRunner(db.jdbi(), Clock.systemUTC(), JobRunnerTest.FAST);
            AtomicInteger runs = new AtomicInteger();
            other.register("stuck", job -> runs.incrementAndGet());
            other.start();
            Wait.until("rerun", Duration.ofSeconds(10), () -> JobRunnerTest.status(db, 1), "done"::equals);
            other.close();
            assertThat(runs.get()).isEqualTo(1);
        }
    }
}
