package caravel.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.store.Database;
import caravel.testing.BothDatabases;
import caravel.testing.MutableClock;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lease heartbeat runs on the claim loop while jobs finish on their own threads. */
@BothDatabases
class JobRunnerHeartbeatTest {
    @TempDir
    Path dir;

    static final long LEASE_MS = 3_000;

    static long leaseUntil(Database db, long id) {
        return db.jdbi()
                .withHandle(h -> h.createQuery("SELECT lease_until_ms FROM jobs WHERE id = :id")
                        .bind("id", id)
                        .mapTo(Long.class)
                        .one());
    }

    @Test
    void extendsTheLeaseOfRunningJobsOnlyAndSkipsWhenNoneRun() {
        try (Database db = caravel.testing.TestDatabases.open(dir.resolve("jobs.db"))) {
            JobRunnerTest.enqueue(db, 1, "work");
            MutableClock clock = new MutableClock();
            JobRunner r = new JobRunner(db.jdbi(), clock, new JobRunner.Settings(20, LEASE_MS, 50, 200, 1));
            r.register("work", job -> {});
            Job job = r.claim(1).getFirst();
            assertThat(r.heartbeat()).as("nothing in flight").isZero();

            r.track(job.id());
            clock.advance(Duration.ofMillis(LEASE_MS));
            long before = clock.millis();
            assertThat(r.heartbeat()).isEqualTo(1);
            assertThat(leaseUntil(db, job.id())).isGreaterThanOrEqualTo(before + LEASE_MS);

            r.execute(job); // done: the lease is released and a later heartbeat must not bring it back
            clock.advance(Duration.ofMillis(LEASE_MS));
            assertThat(r.heartbeat()).isZero();
            assertThat(JobRunnerTest.status(db, job.id())).isEqualTo("done");
        }
    }

    @Test
    void jobsFinishingWhileTheHeartbeatRunsNeverBreakIt() throws Exception {
        try (Database db = caravel.testing.TestDatabases.open(dir.resolve("jobs.db"))) {
            JobRunnerTest.enqueue(db, 8, "work");
            MutableClock clock = new MutableClock();
            JobRunner r = new JobRunner(db.jdbi(), clock, new JobRunner.Settings(20, LEASE_MS, 50, 200, 8));
            r.register("work", job -> {});
            List<Job> jobs = r.claim(8);
            assertThat(jobs).hasSize(8);

            // each thread starts and finishes "its" job over and over, so the in-flight set keeps flipping between
            // empty and not; before the fix the heartbeat saw it non-empty, then copied an empty list and the UPDATE
            // threw (logged as a WARN by the claim loop)
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch started = new CountDownLatch(jobs.size());
            List<Thread> finishers = new ArrayList<>();
            for (Job job : jobs) {
                finishers.add(Thread.ofPlatform().start(() -> {
                    started.countDown();
                    while (!stop.get()) {
                        r.track(job.id());
                        Thread.onSpinWait();
                        r.untrack(job.id());
                    }
                }));
            }
            started.await();
            try {
                int extended = 0;
                for (int i = 0; i < 2_000; i++) {
                    clock.advance(Duration.ofMillis(LEASE_MS)); // every call is due
                    int n = r.heartbeat(); // must never throw
                    assertThat(n).isBetween(0, jobs.size());
                    extended += n;
                }
                assertThat(extended).as("some heartbeats found jobs in flight").isPositive();
            } finally {
                stop.set(true);
                for (Thread t : finishers) t.join();
            }
        }
    }

    @Test
    void aRunnerWithNothingClaimedNeverTouchesTheDatabaseOnHeartbeat() {
        // no database at all: a heartbeat with nothing in flight must return before using it
        JobRunner r = new JobRunner(null, Clock.systemUTC(), new JobRunner.Settings(20, LEASE_MS, 50, 200, 1));
        assertThat(r.heartbeat()).isZero();
    }
}
