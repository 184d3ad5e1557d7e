package caravel.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import caravel.store.Database;
import caravel.testing.BothDatabases;
import caravel.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The group-committed replay check, attacked as a replayer would: two caches on one database file stand for two
 * backend processes (each has its own memory, so only the database can tell them a replay), on SQLite or on
 * PostgreSQL as the suite runs. The same id raced on
 * both, an id another process holds inside a batch of fresh ones, an id used in an earlier batch, ids used before a
 * restart, and a batch the database refuses.
 */
@BothDatabases
class ReplayBatchTest {
    @TempDir
    Path dir;

    private static final long EXP = Long.MAX_VALUE / 2; // never pruned during a test

    private static String id(String prefix, int i) {
        return String.format("%s%062d", prefix, i);
    }

    @Test
    void theSameIdRacedOnTwoProcessesPassesExactlyOnce() throws Exception {
        int ids = 300, perId = 6; // three attempts on each "process"
        try (Database dbA = TestDatabases.open(dir.resolve("c.db"));
                Database dbB = TestDatabases.open(dir.resolve("c.db"));
                ReplayCache a = new ReplayCache(dbA.jdbi(), Clock.systemUTC());
                ReplayCache b = new ReplayCache(dbB.jdbi(), Clock.systemUTC())) {
            ExecutorService pool = Executors.newFixedThreadPool(24);
            try {
                Map<String, AtomicInteger> passed = new ConcurrentHashMap<>();
                List<Future<?>> all = new ArrayList<>();
                CountDownLatch go = new CountDownLatch(1);
                for (int i = 0; i < ids; i++) {
                    String id = id("aa", i);
                    passed.put(id, new AtomicInteger());
                    for (int k = 0; k < perId; k++) {
                        ReplayCache on = k % 2 == 0 ? a : b;
                        all.add(pool.submit(() -> {
                            go.await();
                            if (on.markUsed(id, EXP)) passed.get(id).incrementAndGet();
                            return null;
                        }));
                    }
                }
                go.countDown();
                for (Future<?> f : all) f.get(60, TimeUnit.SECONDS);
                assertThat(passed.values())
                        .allSatisfy(n -> assertThat(n.get())
                                .as("accepted uses of one id")
                                .isEqualTo(1));
                // both wrote, and not one transaction per id: the writes were grouped
                assertThat(a.batchesWritten()).isPositive();
                assertThat(b.batchesWritten()).isPositive();
                assertThat(a.batchesWritten() + b.batchesWritten()).isLessThan((long) ids * perId);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void anIdAnotherProcessUsedIsRefusedInsideABatchOfFreshOnes() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        AtomicInteger writes = new AtomicInteger();
        try (Database dbA = TestDatabases.open(dir.resolve("c.db"));
                Database dbB = TestDatabases.open(dir.resolve("c.db"));
                // A's first batch waits until the test has queued the next one behind it
                ReplayCache a = new ReplayCache(
                        dbA.jdbi(),
                        Clock.systemUTC(),
                        () -> {
                            if (writes.getAndIncrement() == 0) await(hold);
                        },
                        java.time.Duration.ofSeconds(30));
                ReplayCache b = new ReplayCache(dbB.jdbi(), Clock.systemUTC())) {
            List<String> usedOnB = List.of(id("b0", 1), id("b0", 2), id("b0", 3));
            for (String u : usedOnB) assertThat(b.markUsed(u, EXP)).isTrue();

            ExecutorService pool = Executors.newFixedThreadPool(16);
            try {
                Future<Boolean> first = pool.submit(() -> a.markUsed(id("f0", 0), EXP));
                waitFor(() -> writes.get() == 1); // held inside the writer: what follows queues behind it
                Map<String, Future<Boolean>> next = new java.util.LinkedHashMap<>();
                for (int i = 0; i < 10; i++) {
                    String fresh = id("f1", i);
                    next.put(fresh, pool.submit(() -> a.markUsed(fresh, EXP)));
                }
                for (String u : usedOnB) next.put(u, pool.submit(() -> a.markUsed(u, EXP)));
                waitFor(() -> a.waiting() == next.size());
                hold.countDown();

                assertThat(first.get(10, TimeUnit.SECONDS)).isTrue();
                for (var e : next.entrySet())
                    assertThat(e.getValue().get(10, TimeUnit.SECONDS))
                            .as("%s", e.getKey())
                            .isEqualTo(!usedOnB.contains(e.getKey()));
                assertThat(a.batchesWritten())
                        .as("the held batch and the one behind it")
                        .isEqualTo(2);
                assertThat(a.idsWritten()).isEqualTo(11);
            } finally {
                pool.shutdownNow();
            }
            // and the refusals stick on A without another look at the database
            for (String u : usedOnB) assertThat(a.markUsed(u, EXP)).isFalse();
        }
    }

    @Test
    void anIdUsedInAnEarlierBatchIsRefusedByEitherProcess() throws Exception {
        try (Database dbA = TestDatabases.open(dir.resolve("c.db"));
                Database dbB = TestDatabases.open(dir.resolve("c.db"));
                ReplayCache a = new ReplayCache(dbA.jdbi(), Clock.systemUTC());
                ReplayCache b = new ReplayCache(dbB.jdbi(), Clock.systemUTC())) {
            for (int i = 0; i < 20; i++) {
                String used = id("cc", i);
                ReplayCache first = i % 2 == 0 ? a : b, other = i % 2 == 0 ? b : a;
                assertThat(first.markUsed(used, EXP)).isTrue();
                assertThat(other.markUsed(used, EXP)).isFalse();
                assertThat(first.markUsed(used, EXP)).isFalse();
            }
        }
    }

    @Test
    void idsUsedBeforeARestartAreRefusedAfterIt() throws Exception {
        List<String> accepted = new ArrayList<>();
        try (Database db = TestDatabases.open(dir.resolve("c.db"));
                ReplayCache cache = new ReplayCache(db.jdbi(), Clock.systemUTC())) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String used = id("dd", i);
                results.add(pool.submit(() -> cache.markUsed(used, EXP)));
            }
            for (int i = 0; i < 200; i++) if (results.get(i).get(30, TimeUnit.SECONDS)) accepted.add(id("dd", i));
            pool.shutdownNow();
        }
        assertThat(accepted).hasSize(200); // every accepted id was committed before its answer
        try (Database db = TestDatabases.open(dir.resolve("c.db"));
                ReplayCache cache = new ReplayCache(db.jdbi(), Clock.systemUTC())) {
            for (String used : accepted)
                assertThat(cache.markUsed(used, EXP)).as(used).isFalse();
        }
    }

    @Test
    void aBatchTheDatabaseRefusesFailsItsRequestsAndTheirEventsMayBeRetried() throws Exception {
        try (Database db = TestDatabases.open(dir.resolve("c.db"));
                ReplayCache cache = new ReplayCache(db.jdbi(), Clock.systemUTC())) {
            db.jdbi().useHandle(h -> h.execute("ALTER TABLE nip98_seen RENAME TO nip98_away"));
            String used = id("ee", 1);
            assertThatThrownBy(() -> cache.markUsed(used, EXP))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("could not record");
            db.jdbi().useHandle(h -> h.execute("ALTER TABLE nip98_away RENAME TO nip98_seen"));
            assertThat(cache.markUsed(used, EXP))
                    .as("not recorded, so not a replay")
                    .isTrue();
            assertThat(cache.markUsed(used, EXP)).isFalse();
        }
    }

    @Test
    void theWriterFindsANewConnectionWhenTheServerDropsItsOwn() throws Exception {
        assumeTrue(TestDatabases.onPostgres(), "a server that ends a client's connection: PostgreSQL");
        try (Database db = TestDatabases.open(dir.resolve("c.db"));
                ReplayCache cache = new ReplayCache(db.jdbi(), Clock.systemUTC())) {
            assertThat(cache.markUsed(id("ff", 1), EXP)).isTrue(); // the writer now holds its connection
            int ended = db.jdbi()
                    .withHandle(h -> h.createQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                                    + " WHERE datname = current_database() AND pid <> pg_backend_pid()")
                            .mapTo(Integer.class)
                            .one());
            assertThat(ended).as("connections the server ended").isPositive();
            // the batch on the dead connection may fail (its request is told so and its event may be retried);
            // the writer must not stay on that connection
            for (int i = 2; i < 5; i++) {
                String fresh = id("ff", i);
                try {
                    cache.markUsed(fresh, EXP);
                } catch (IllegalStateException e) {
                    assertThat(e).hasMessageContaining("could not record");
                }
            }
            assertThat(cache.markUsed(id("ff", 9), EXP)).isTrue();
            assertThat(cache.markUsed(id("ff", 1), EXP)).isFalse();
        }
    }

    @Test
    void aRequestWhoseBatchTheDatabaseDoesNotAnswerFailsAfterTheWait() throws Exception {
        CountDownLatch answer = new CountDownLatch(1);
        try (Database db = TestDatabases.open(dir.resolve("c.db"));
                // the database "hangs" in the first batch's statement until the test lets it answer
                ReplayCache cache = new ReplayCache(
                        db.jdbi(), Clock.systemUTC(), () -> await(answer), java.time.Duration.ofMillis(400))) {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<Boolean> inBatch = pool.submit(() -> cache.markUsed(id("ab", 1), EXP));
                Thread.sleep(100);
                Future<Boolean> queued = pool.submit(() -> cache.markUsed(id("ab", 2), EXP));
                for (Future<Boolean> f : List.of(inBatch, queued))
                    assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS))
                            .as("failed by the watchdog, not left waiting")
                            .hasCauseInstanceOf(IllegalStateException.class)
                            .hasMessageContaining("did not answer");
            } finally {
                answer.countDown();
                pool.shutdownNow();
            }
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) throw new IllegalStateException("never released");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) throw new AssertionError("condition not reached in 10 s");
            Thread.sleep(5);
        }
    }
}
