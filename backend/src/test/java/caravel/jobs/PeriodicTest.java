package caravel.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.store.Database;
import caravel.testing.BothDatabases;
import caravel.testing.TestDatabases;
import caravel.testing.Wait;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Periodic work runs once per period whichever of two processes (two runners, each on its own connection pool to one
 * database file) run it, also while both keep queueing it as a process does at every start, and also when the
 * process running a period dies before it ends.
 */
@BothDatabases
class PeriodicTest {
    @TempDir
    Path dir;

    static final String KIND = "test.tick";
    static final Duration EVERY = Duration.ofMillis(250);

    /** One process's share: its pool, queue, runner and periodic work. */
    record Process(Database db, JobQueue queue, JobRunner runner, Periodic periodic) implements AutoCloseable {
        static Process open(Path file, JobRunner.Settings settings) {
            Database db = TestDatabases.open(file);
            JobRunner[] runner = {null};
            JobQueue queue = new JobQueue(Clock.systemUTC(), () -> runner[0].wake());
            runner[0] = new JobRunner(db.jdbi(), Clock.systemUTC(), settings);
            return new Process(db, queue, runner[0], new Periodic(db.jdbi(), queue, Clock.systemUTC()));
        }

        @Override
        public void close() {
            runner.close(1_000);
            db.close();
        }
    }

    /**
     * The periods' starts (by the clock when the work ran, which on a loaded machine may already be the next period's)
     * whose work ran, with how many times each ran: enough to see that a period has run, not which period a run was.
     */
    private static long nowPeriod() {
        return Math.floorDiv(System.currentTimeMillis(), EVERY.toMillis());
    }

    private static Periodic.Work recording(Map<Long, AtomicInteger> ran) {
        return () -> ran.computeIfAbsent(nowPeriod(), k -> new AtomicInteger()).incrementAndGet();
    }

    @Test
    void twoProcessesQueueingThePeriodicWorkAllTheTimeRunEachPeriodOnce() throws Exception {
        Path file = dir.resolve("jobs.db");
        Map<Long, AtomicInteger> ran = new ConcurrentHashMap<>();
        JobRunner.Settings fast = new JobRunner.Settings(10, 10_000, 50, 200, 4);
        try (Process a = Process.open(file, fast);
                Process b = Process.open(file, fast)) {
            for (Process p : List.of(a, b)) {
                p.runner().register(KIND, p.periodic().handler(KIND, EVERY, 3, recording(ran)));
                p.runner().start();
            }
            // both processes queue the work again and again, as starts do: a job queued after the period's run ended
            // (the queue's dedupe key no longer sees it) is a second job for the same period
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> starters = new ArrayList<>();
            for (Process p : List.of(a, b))
                starters.add(Thread.ofVirtual().start(() -> {
                    while (!stop.get()) {
                        p.periodic().schedule(KIND, 3);
                        p.runner().wake();
                        try {
                            Thread.sleep(15);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }));
            Thread.sleep(EVERY.toMillis() * 16);
            stop.set(true);
            for (Thread t : starters) t.join();
            // the race above needs a job dequeued after its period's run ended, which a loaded machine may not
            // schedule in 16 periods: one more start-up right after a period has run makes it happen for sure
            // (tried again if that period ends before the job runs)
            long skippedBefore = a.periodic().skipped(KIND) + b.periodic().skipped(KIND);
            for (int attempt = 0;
                    attempt < 5 && a.periodic().skipped(KIND) + b.periodic().skipped(KIND) == skippedBefore;
                    attempt++) {
                long period = nowPeriod();
                Wait.until(
                        "a period run", Duration.ofSeconds(10), () -> ran.containsKey(period) || nowPeriod() > period);
                if (!ran.containsKey(period)) continue;
                a.db().jdbi().useHandle(h -> a.queue().enqueueNow(h, KIND, JobPayloads.NONE, KIND, 3));
                Thread.sleep(EVERY.toMillis());
            }
            // runs still going are counted when they end: let both runners finish them first
            for (Process p : List.of(a, b)) p.runner().close(5_000);
            long skipped = a.periodic().skipped(KIND) + b.periodic().skipped(KIND);
            long runs = a.periodic().runs(KIND) + b.periodic().runs(KIND);
            // each period is claimed by one job (periodic_runs' key), so the work ran once per period exactly when it
            // ran
            // as often as periods were claimed: a job that lost its claim and ran anyway, or a claimed period run
            // twice,
            // makes the work run more often than that. (Which period a run was cannot be read from the clock while it
            // runs: a job that claimed its period just before the period ended runs its work in the next one.)
            long executions =
                    ran.values().stream().mapToLong(AtomicInteger::get).sum();
            long claimed = a.db().jdbi()
                    .withHandle(h -> h.createQuery("SELECT count(*) FROM periodic_runs WHERE name = :name")
                            .bind("name", KIND)
                            .mapTo(Long.class)
                            .one());
            assertThat(executions).as("work runs against periods claimed").isEqualTo(claimed);
            assertThat(skipped).as("jobs that found their period taken").isPositive();
            assertThat(runs).isEqualTo(executions);
            // a loaded machine may let a period pass unrun (the next catches up); most periods run
            assertThat(claimed).as("periods run of 16").isGreaterThanOrEqualTo(8);
        }
    }

    @Test
    void aPeriodWhoseProcessDiedMidRunIsRunByAnotherOnce() throws Exception {
        Path file = dir.resolve("jobs.db");
        Duration day = Duration.ofDays(1);
        AtomicInteger runs = new AtomicInteger();
        Periodic.Work work = runs::incrementAndGet;
        JobRunner.Settings shortLease = new JobRunner.Settings(10, 400, 50, 200, 1);
        try (Process dead = Process.open(file, shortLease);
                Process alive = Process.open(file, shortLease)) {
            // the dying process claims the job and the period, and dies during the work: nothing is recorded, the
            // job stays leased to it until the lease lapses
            JobHandler dying = dead.periodic().handler(KIND, day, 3, () -> {
                work.run();
                throw new IllegalStateException("killed");
            });
            dead.runner().register(KIND, dying);
            dead.periodic().schedule(KIND, 3);
            Job job = dead.runner().claim(1).getFirst();
            try {
                dying.run(job);
            } catch (PermanentFailure expected) {
                // the process is gone before it records anything
            }
            assertThat(runs).hasValue(1);

            alive.runner().register(KIND, alive.periodic().handler(KIND, day, 3, work));
            alive.runner().start();
            Wait.until(
                    "the dead process's job run again and done",
                    Duration.ofSeconds(10),
                    () -> JobRunnerTest.status(alive.db(), job.id()),
                    "done"::equals);
            assertThat(runs)
                    .as("the claim lets the dead attempt's own retry run the period")
                    .hasValue(2);
            // a start-up during the same period makes the next run due now: it finds the period taken
            alive.db().jdbi().useHandle(h -> alive.queue().enqueueNow(h, KIND, JobPayloads.NONE, KIND, 3));
            Wait.until(
                    "the second job skipped",
                    Duration.ofSeconds(10),
                    () -> alive.periodic().skipped(KIND),
                    n -> n >= 1);
            assertThat(runs).as("no other job ran the period").hasValue(2);
        }
    }
}
