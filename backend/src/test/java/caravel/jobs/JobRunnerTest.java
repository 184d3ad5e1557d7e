package caravel.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.store.Database;
import caravel.testing.BothDatabases;
import caravel.testing.MutableClock;
import caravel.testing.Wait;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@BothDatabases
class JobRunnerTest {
    @TempDir
    Path dir;

    static final JobRunner.Settings FAST = new JobRunner.Settings(20, 10_000, 50, 200, 4);

    static void enqueue(Database db, int n, String kind) {
        JobQueue q = new JobQueue(Clock.systemUTC(), () -> {});
        db.jdbi().useTransaction(h -> {
            for (int i = 0; i < n; i++) q.enqueue(h, kind, "{\"n\":" + i + "}", null, 5);
        });
    }

    static String status(Database db, long id) {
        return db.jdbi()
                .withHandle(h -> h.createQuery("SELECT status FROM jobs WHERE id = :id")
                        .bind("id", id)
                        .mapTo(String.class)
                        .one());
    }

    @Test
    void twoRunnersOnOneDatabaseRunEachJobExactlyOnce() throws Exception {
        try (Database a = caravel.testing.TestDatabases.open(dir.resolve("jobs.db"));
                Database b = caravel.testing.TestDatabases.open(dir.resolve("jobs.db"))) {
            enqueue(a, 300, "count");
            Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
            JobHandler h = job -> runs.computeIfAbsent(job.payload(), k -> new AtomicInteger())
                    .incrementAndGet();
            JobRunner r1 = new JobRunner(a.jdbi(), Clock.systemUTC(), FAST),
                    r2 = new JobRunner(b.jdbi(), Clock.systemUTC(), FAST);
            r1.register("count", h);
            r2.register("count", h);
            r1.start();
            r2.start();
            Wait.until(
                    "all done",
                    Duration.ofSeconds(30),
                    () -> a.jdbi()
                            .withHandle(x -> x.createQuery("SELECT count(*) FROM jobs WHERE status = 'done'")
                                    .mapTo(Integer.class)
                                    .one()),
                    n -> n == 300);
            r1.close();
            r2.close();
            assertThat(runs).hasSize(300);
            assertThat(runs.values()).allMatch(c -> c.get() == 1);
            List<String> workers = a.jdbi()
                    .withHandle(x -> x.createQuery("SELECT DISTINCT leased_by FROM jobs")
                            .mapTo(String.class)
                            .list());
            assertThat(workers).containsOnlyNulls(); // leases are released when done
        }
    }

    @Test
    void anOutcomeIsRecordedThoughTheDatabaseIsBusyForAMoment() throws Exception {
        Path file = dir.resolve("jobs.db");
        try (Database db = caravel.testing.TestDatabases.open(file)) {
            enqueue(db, 1, "work");
            // the runner's connections give up on a lock after 100 ms (the product's wait is longer, the effect alike)
            Database impatient = Database.open(
                    caravel.config.DatabaseUrl.parse(caravel.testing.TestDatabases.url(file)), Duration.ofMillis(100));
            JobRunner r =
                    new JobRunner(impatient.jdbi(), Clock.systemUTC(), new JobRunner.Settings(20, 60_000, 50, 200, 1));
            AtomicInteger runs = new AtomicInteger();
            r.register("work", job -> {
                runs.incrementAndGet();
                // another writer takes the lock as the job ends and keeps it for longer than the runner waits
                Handle other = db.jdbi().open();
                other.begin();
                other.execute("UPDATE jobs SET updated_at = updated_at WHERE id = -1"); // SQLite: now it holds the lock
                Thread.ofVirtual().start(() -> {
                    try (other) {
                        Thread.sleep(500); // the time the lock is held
                        other.commit();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
            });
            r.start();
            // without retries the outcome is lost: the job stays leased (60 s here) and would then run a second time
            Wait.until("the outcome recorded", Duration.ofSeconds(20), () -> status(db, 1), "done"::equals);
            r.close();
            impatient.close();
            assertThat(runs.get()).isEqualTo(1);
        }
    }

    @Test
    void aCrashedWorkersLeaseExpiresAndAnotherRunnerFinishesTheJob() throws Exception {
        try (Database db = caravel.testing.TestDatabases.open(dir.resolve("jobs.db"))) {
            enqueue(db, 1, "work");
            MutableClock clock = new MutableClock(); // the lease runs out by the clock, not by waiting
            JobRunner crashed = new JobRunner(db.jdbi(), clock, new JobRunner.Settings(20, 300, 50, 200, 1));
            crashed.register("work", job -> {});
            List<Job> claimed = crashed.claim(10);
            assertThat(claimed).hasSize(1);
            long id = claimed.get(0).id();
            assertThat(status(db, id)).isEqualTo("running");
            // "crashed" never reports back; a second worker must not take it while the lease holds ...
            JobRunner survivor = new JobRunner(db.jdbi(), clock, FAST);
            AtomicInteger ran = new AtomicInteger();
            survivor.register("work", job -> ran.incrementAndGet());
            assertThat(survivor.claim(10)).isEmpty();
            // ... and takes it once the lease has run out
            clock.advance(Duration.ofMillis(301));
            survivor.start();
            Wait.until("done after lease expiry", Duration.ofSeconds(10), () -> status(db, id), "done"::equals);
            survivor.close();
            assertThat(ran.get()).isEqualTo(1);
            int attempts = db.jdbi()
                    .withHandle(h -> h.createQuery("SELECT attempts FROM jobs")
                            .mapTo(Integer.class)
                            .one());
            assertThat(attempts).isEqualTo(2);
        }
    }

    @Test
    void failuresRetryWithBackoffThenStayVisibleAsFailed() throws Exception {
        try (Database db = caravel.testing.TestDatabases.open(dir.resolve("jobs.db"))) {
            enqueue(db, 1, "flaky");
            enqueue(db, 1, "broken");
            enqueue(db, 1, "hopeless");
            AtomicInteger flaky = new AtomicInteger(), gaveUp = new AtomicInteger();
            JobRunner r = new JobRunner(db.jdbi(), Clock.systemUTC(), FAST);
            r.register("flaky", job -> {
                if (flaky.incrementAndGet() < 3) throw new IllegalStateException("not yet");
            });
            r.register("broken", new JobHandler() {
                @Override
                public void run(Job job) {
                    throw new IllegalStateException("always broken");
                }

                @Override
                public void onGiveUp(Job job, String error) {
                    gaveUp.incrementAndGet();
                }
            });
            r.register("hopeless", job -> {
                throw new PermanentFailure("cannot ever work");
            });
            r.start();
            Wait.until(
                    "settled",
                    Duration.ofSeconds(20),
                    () -> db.jdbi()
                            .withHandle(
                                    h -> h.createQuery("SELECT count(*) FROM jobs WHERE status IN ('done', 'failed')")
                                            .mapTo(Integer.class)
                                            .one()),
                    n -> n == 3);
            r.close();
            // one line per job: kind, status, attempts, last error (numbers read alike from either database's driver)
            var rows = db.jdbi()
                    .withHandle(h -> h.createQuery("SELECT kind || ' ' || status || ' ' || attempts || ' '"
                                    + " || coalesce(last_error, '-') FROM jobs ORDER BY id")
                            .mapTo(String.class)
                            .list());
            assertThat(rows)
                    .containsExactly(
                            "flaky done 3 -", "broken failed 5 always broken", "hopeless failed 1 cannot ever work");
            assertThat(gaveUp.get()).isEqualTo(1);
        }
    }

    @Test
    void backoffGrowsExponentiallyWithJitterAndIsCapped() {
        JobRunner r = new JobRunner(null, Clock.systemUTC(), new JobRunner.Settings(10, 1000, 1000, 60_000, 1));
        for (int attempt = 1; attempt <= 5; attempt++) {
            long expected = 1000L << (attempt - 1);
            assertThat(r.backoff(attempt)).isBetween((long) (expected * 0.8), (long) (expected * 1.2));
        }
        assertThat(r.backoff(30)).isBetween(48_000L, 72_000L);
    }

    @Test
    void dedupeKeepsOneQueuedJobPerKeyAndEnqueueNowHastensIt() throws Exception {
        try (Database db = caravel.testing.TestDatabases.open(dir.resolve("jobs.db"))) {
            MutableClock clock = new MutableClock();
            JobQueue q = new JobQueue(clock, () -> {});
            db.jdbi().useTransaction(h -> {
                q.enqueue(h, "k", "{}", "key-1", 5);
                q.enqueue(h, "k", "{}", "key-1", 5);
            });
            // three failed attempts: the job waits out a backoff of an hour or more
            JobRunner failing =
                    new JobRunner(db.jdbi(), clock, new JobRunner.Settings(20, 10_000, 3_600_000, 7_200_000, 4));
            failing.register("k", job -> {
                throw new IllegalStateException("down");
            });
            for (int i = 0; i < 3; i++) {
                List<Job> claimed = failing.claim(10);
                assertThat(claimed).hasSize(1);
                failing.execute(claimed.get(0));
                clock.advance(Duration.ofHours(3));
            }
            clock.advance(Duration.ofHours(-3)); // back to the last failure: the retry is an hour or more away
            db.jdbi().useTransaction(h -> q.enqueueNow(h, "k", "{}", "key-1", 5));
            var row = db.jdbi()
                    .withHandle(h -> h.createQuery(
                                    "SELECT count(*) AS n, max(attempts) AS a, max(run_at_ms) AS r FROM jobs")
                            .mapToMap()
                            .one());
            assertThat(((Number) row.get("n")).intValue()).isEqualTo(1);
            assertThat(((Number) row.get("a")).intValue()).isZero();
            assertThat(((Number) row.get("r")).longValue()).isLessThanOrEqualTo(clock.millis());
        }
    }

    /** A crashed worker left job 1 'running' (lease lapsed); job 2 with the same key is queued behind it. */
    @Test
    void aLapsedJobAndTheOneQueuedBehindItNeverRunTogether() throws Exception {
        try (Database db = caravel.testing.TestDatabases.open(dir.resolve("lapsed.db"))) {
            MutableClock clock = new MutableClock();
            JobQueue q = new JobQueue(clock, () -> {});
            db.jdbi().useTransaction(h -> q.enqueue(h, "sync", "{\"v\":1}", "relay:x", 5));
            // a worker claims job 1 and dies with it; its lease lapses
            JobRunner dead = new JobRunner(db.jdbi(), clock, FAST);
            dead.register("sync", job -> {});
            assertThat(dead.claim(10)).extracting(Job::id).containsExactly(1L);
            clock.advance(Duration.ofMillis(FAST.leaseMs() + 1_000));
            db.jdbi().useTransaction(h -> q.enqueue(h, "sync", "{\"v\":2}", "relay:x", 5));
            JobRunner r = new JobRunner(db.jdbi(), clock, FAST);
            r.register("sync", job -> {});
            List<Job> first = r.claim(10);
            assertThat(first).extracting(Job::id).containsExactly(1L); // used to claim both at once
            assertThat(r.claim(10)).isEmpty(); // job 2 waits while job 1 runs
            r.execute(first.get(0));
            assertThat(r.claim(10)).extracting(Job::id).containsExactly(2L);
        }
    }
}
