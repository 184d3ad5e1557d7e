package caravel.relays;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.Inside;
import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.BothDatabases;
import caravel.testing.TestBackend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processes on one database creating relays at the same instant never place more relays on a node than its
 * capacity: the count and the insert are one transaction under the write lock (SQLite's, or the advisory lock every
 * transaction takes on PostgreSQL), so the last place is taken once and every other create is told the platform is full.
 */
@BothDatabases
class PlacementRaceTest {
    static final int CAPACITY = 6;

    @TempDir
    Path dir;

    @Test
    void twoProcessesCreatingAtOnceFillANodeExactlyToItsCapacity() throws Exception {
        java.util.function.Consumer<Map<String, String>> oneSmallNode = env -> {
            env.remove("ZOOID_API_URL");
            env.remove("ZOOID_API_SECRET");
            env.remove("RELAY_DOMAIN");
            // nothing answers there: provisioning fails and retries, which does not matter to placement
            env.put(
                    "ZOOID_NODES",
                    "a api=http://127.0.0.1:9 origin=http://127.0.0.1:9 domain=a.relays.test capacity=" + CAPACITY);
            env.put("ZOOID_API_SECRET_A", Keys.generate().secretHex());
        };
        try (TestBackend one = new TestBackend(dir, oneSmallNode);
                TestBackend two = new TestBackend(dir, oneSmallNode)) {
            int attempts = 3 * CAPACITY;
            CountDownLatch go = new CountDownLatch(1);
            List<Api.Response> answers = new CopyOnWriteArrayList<>();
            List<Thread> creators = new ArrayList<>();
            for (int i = 0; i < attempts; i++) {
                Api api = (i % 2 == 0 ? one : two).api;
                String body = "{\"name\":\"Race " + i + "\",\"subdomain\":\"race" + i + "\",\"plan\":\"free\"}";
                Keys owner = Keys.generate();
                creators.add(Thread.ofVirtual().start(() -> {
                    try {
                        go.await();
                        answers.add(api.as(owner, "POST", "/relays", body));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
            }
            go.countDown();
            for (Thread t : creators) t.join();
            long created = answers.stream().filter(r -> r.status() == 201).count();
            List<Api.Response> refused =
                    answers.stream().filter(r -> r.status() != 201).toList();
            assertThat(answers).hasSize(attempts);
            assertThat(created)
                    .as("relays placed on a node of capacity %d", CAPACITY)
                    .isEqualTo(CAPACITY);
            assertThat(refused).allSatisfy(r -> {
                assertThat(r.status()).as(r.body()).isEqualTo(409);
                assertThat(r.body()).contains("platform_full");
            });
            long inDatabase = Inside.of(one.app)
                    .db()
                    .jdbi()
                    .withHandle(h -> h.createQuery("SELECT count(*) FROM relays")
                            .mapTo(Long.class)
                            .one());
            assertThat(inDatabase).isEqualTo(CAPACITY);
        }
    }
}
