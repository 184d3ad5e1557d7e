package caravel.store;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.testing.Wait;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer holding SQLite's write lock on a virtual thread that parks for a moment (as any writer may, on a monitor or
 * the pool) gets a carrier back while other virtual threads wait for the lock, and commits at once. Waiting in SQLite's
 * busy handler, inside native code, the waiters held every carrier: the holder could not come back to commit until
 * their busy timeouts ran out (15 s), and they failed with "database is locked" — the stall of a fresh backend whose
 * jobs and first requests all wanted to write at once.
 */
@org.junit.jupiter.api.Tag("sqlite") // SQLite's write lock in this process: the PostgreSQL pass leaves it out
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SqliteWritesTest {
    @TempDir
    Path dir;

    /** One connection of the pool (8) stays for the holder; the others wait. More waiters than most machines' cores. */
    static final int WAITERS = 7;

    @Test
    void aParkedHolderCommitsAtOnceWhileOthersWaitForTheLock() throws Exception {
        try (Database db = new Database(dir.resolve("writes.db"))) {
            Jdbi jdbi = db.jdbi();
            jdbi.useHandle(h -> h.execute("CREATE TABLE t (v INTEGER)"));
            CountDownLatch holding = new CountDownLatch(1), resume = new CountDownLatch(1);
            long[] committedAt = new long[1];
            Thread holder = Thread.ofVirtual().name("holder").start(() -> {
                quietly(() -> jdbi.useTransaction(h -> {
                    h.execute("INSERT INTO t VALUES (0)");
                    holding.countDown();
                    resume.await(); // parks: the carrier is free for others meanwhile
                    h.execute("INSERT INTO t VALUES (0)");
                }));
                committedAt[0] = System.nanoTime();
            });
            assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();

            Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
            List<Thread> waiters = new ArrayList<>();
            java.util.Set<Thread> started = java.util.concurrent.ConcurrentHashMap.newKeySet();
            for (int i = 0; i < WAITERS; i++) {
                int v = i + 1;
                waiters.add(Thread.ofVirtual().name("waiter-" + v).start(() -> {
                    started.add(Thread.currentThread());
                    try {
                        jdbi.useTransaction(h -> h.execute("INSERT INTO t VALUES (?)", v));
                    } catch (RuntimeException e) {
                        failures.add(e);
                    }
                }));
            }
            // every waiter is waiting for the lock (or for a carrier)
            Wait.until(
                    "every waiter waiting for the write lock",
                    Duration.ofSeconds(30),
                    () -> waiters.stream().allMatch(t -> !started.contains(t) || waitingToWrite(t)));

            long released = System.nanoTime();
            resume.countDown();
            holder.join(Duration.ofSeconds(60));
            for (Thread t : waiters) t.join(Duration.ofSeconds(60));

            // the bug held the lock for the waiters' whole busy timeout (15 s); anything well under it shows the
            // holder came back at once, on a shared and slow machine too
            assertThat(committedAt[0]).as("the holder committed").isNotZero();
            assertThat(Duration.ofNanos(committedAt[0] - released))
                    .as("from the holder's wake-up to its commit")
                    .isLessThan(Duration.ofSeconds(5));
            assertThat(failures).as("writers that gave up on a locked database").isEmpty();
            assertThat(count(jdbi)).isEqualTo(2 + WAITERS);
        }
    }

    @Test
    void aLoneWriteWaitsForATransactionAndBothLand() throws Exception {
        try (Database db = new Database(dir.resolve("lone.db"))) {
            Jdbi jdbi = db.jdbi();
            jdbi.useHandle(h -> h.execute("CREATE TABLE t (v INTEGER)"));
            CountDownLatch holding = new CountDownLatch(1), resume = new CountDownLatch(1);
            Thread holder = Thread.ofVirtual()
                    .start(() -> quietly(() -> jdbi.useTransaction(h -> {
                        h.execute("INSERT INTO t VALUES (1)");
                        holding.countDown();
                        resume.await();
                    })));
            assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
            Thread lone = Thread.ofVirtual().start(() -> jdbi.useHandle(h -> h.execute("INSERT INTO t VALUES (2)")));
            Wait.until("the lone write waiting", Duration.ofSeconds(30), () -> waitingToWrite(lone));
            resume.countDown();
            holder.join(Duration.ofSeconds(30));
            lone.join(Duration.ofSeconds(30));
            assertThat(count(jdbi)).isEqualTo(2);
        }
    }

    private static int count(Jdbi jdbi) {
        return jdbi.withHandle(h ->
                h.createQuery("SELECT count(*) FROM t").mapTo(Integer.class).one());
    }

    private interface Work {
        void run() throws InterruptedException;
    }

    /** Runs work on a thread whose interruption here would only mean the test is ending. */
    private static void quietly(Work w) {
        try {
            w.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Parked (in Java) or in the driver's native busy wait. A waiter that has not run at all waits too (the caller
     * checks that): a virtual thread started while every carrier is held waits for one, which is the bug itself.
     */
    private static boolean waitingToWrite(Thread t) {
        Thread.State s = t.getState();
        if (s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING) return true;
        for (StackTraceElement e : t.getStackTrace()) if (e.getClassName().startsWith("org.sqlite.core.")) return true;
        return false;
    }
}
