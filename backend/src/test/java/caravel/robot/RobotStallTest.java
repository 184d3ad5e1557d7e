package caravel.robot;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.Inside;
import caravel.json.Json;
import caravel.nostr.Keys;
import caravel.nostr.RelayClient;
import caravel.testing.Api;
import caravel.testing.AppOptions;
import caravel.testing.BothDatabases;
import caravel.testing.MutableClock;
import caravel.testing.TestBackend;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No write transaction spans a network call: at start-up the robot publishes its profile (job robot.profile) to
 * relays that may be slow or stuck. Here its one relay accepts the WebSocket, takes the query and then says nothing
 * until the test lets it go; while the job is held there, mid-call, writes through the API succeed at once, with no
 * SQLITE_BUSY (a transaction held across that call would lock every writer out until the relay answered).
 */
@BothDatabases
@Tag("peer")
class RobotStallTest {
    @TempDir
    Path dir;

    @Test
    void writesSucceedWhileTheRobotsStartUpJobIsStuckOnASlowRelay() throws Exception {
        CountDownLatch queried = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Javalin slowRelay = Javalin.create()
                .ws(
                        "/",
                        ws -> ws.onMessage(ctx -> {
                            JsonNode msg = Json.parse(ctx.message());
                            if (!msg.get(0).asText().equals("REQ")) return;
                            queried.countDown();
                            String sub = msg.get(1).asText();
                            // the answer comes only when the test says so (a relay that accepts and then stalls)
                            Thread.ofVirtual().start(() -> {
                                try {
                                    release.await();
                                    if (ctx.session.isOpen()) ctx.send("[\"EOSE\",\"" + sub + "\"]");
                                } catch (Exception ignored) {
                                    // the client went away
                                }
                            });
                        }))
                .start("127.0.0.1", 0);
        String url = "ws://127.0.0.1:" + slowRelay.port();
        // the robot would give up waiting for the relay after its own timeout: far beyond this test
        AppOptions options = AppOptions.builder()
                .robot(Robot.Settings.defaults()
                        .withRelay(RelayClient.Options.defaults().with(o -> o.eoseTimeout = Duration.ofMinutes(5))));
        try (TestBackend backend = new TestBackend(
                dir,
                env -> {
                    env.put("ROBOT_OUTBOX_RELAYS", url);
                    env.put("ROBOT_INDEXER_RELAYS", url);
                    env.put("ROBOT_MESSAGING_RELAYS", url);
                },
                options,
                new MutableClock())) {
            assertThat(queried.await(20, TimeUnit.SECONDS))
                    .as("the robot's start-up job asked the slow relay")
                    .isTrue();
            assertThat(robotJob(backend)).isEqualTo("running");

            Api api = backend.api;
            Keys owner = Keys.generate();
            for (int i = 0; i < 5; i++) {
                Api.Response made = api.as(
                        owner,
                        "POST",
                        "/relays",
                        "{\"name\":\"Hikers " + i + "\",\"subdomain\":\"hikers-" + i + "\",\"plan\":\"free\"}");
                assertThat(made.status()).as(made.body()).isEqualTo(201);
                assertThat(made.body())
                        .doesNotContainIgnoringCase("SQLITE_BUSY")
                        .doesNotContainIgnoringCase("database is locked");
            }
            // and all of it happened while the robot was still mid-call
            assertThat(release.getCount()).isEqualTo(1);
            assertThat(robotJob(backend)).isEqualTo("running");
        } finally {
            release.countDown();
            slowRelay.stop();
        }
    }

    private static String robotJob(TestBackend backend) {
        return Inside.of(backend.app)
                .db()
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT status FROM jobs WHERE kind = :k ORDER BY id DESC LIMIT 1")
                        .bind("k", Robot.PROFILE_JOB)
                        .mapTo(String.class)
                        .one());
    }
}
