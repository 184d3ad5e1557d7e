package caravel.nostr;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.json.Json;
import caravel.net.OutboundPolicy;
import caravel.testing.LocalRelay;
import caravel.testing.Wait;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Relays that misbehave on purpose, over real WebSockets: one that streams events without end whatever the filter's
 * limit (a "wallet relay" could hold a query and fill the heap), and one that asks the platform identity to AUTH.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@Tag("peer")
class HostileRelayTest {
    static Javalin flood;
    static String floodUrl;
    static final AtomicInteger sent = new AtomicInteger();
    static final AtomicBoolean closeReceived = new AtomicBoolean();
    static final List<String> valid = new ArrayList<>();
    static final Keys author = Keys.generate();
    static volatile boolean forged;

    @BeforeAll
    static void start() {
        long now = System.currentTimeMillis() / 1000;
        for (int i = 0; i < 300; i++)
            valid.add(author.sign(now, 1, List.of(), "event " + i).toJsonString());
        flood = Javalin.create()
                .ws(
                        "/",
                        ws -> ws.onMessage(ctx -> {
                            JsonNode msg = Json.parse(ctx.message());
                            if (msg.get(0).asText().equals("CLOSE")) {
                                closeReceived.set(true);
                                return;
                            }
                            if (!msg.get(0).asText().equals("REQ")) return;
                            String sub = msg.get(1).asText();
                            Thread.ofVirtual().start(() -> {
                                // never EOSE: events forever (cycling), until the client goes away or says CLOSE
                                for (int i = 0; ctx.session.isOpen() && !closeReceived.get() && i < 2_000_000; i++) {
                                    String e = forged
                                            ? valid.get(i % valid.size()).replace("\"event ", "\"forged ")
                                            : valid.get(i % valid.size());
                                    try {
                                        ctx.send("[\"EVENT\",\"" + sub + "\"," + e + "]");
                                        sent.incrementAndGet();
                                    } catch (Exception ex) {
                                        return;
                                    }
                                }
                            });
                        }))
                .start("127.0.0.1", 0);
        floodUrl = "ws://127.0.0.1:" + flood.port();
    }

    @AfterAll
    static void stop() {
        if (flood != null) flood.stop();
    }

    private static void reset(boolean forge) {
        sent.set(0);
        closeReceived.set(false);
        forged = forge;
    }

    @Test
    void aFilterLimitEndsTheQueryAtOnce() {
        reset(false);
        try (RelayClient client = new RelayClient(null, RelayClient.Options.defaults())) {
            long t0 = System.nanoTime();
            RelayClient.QueryResult r = client.query(
                            List.of(floodUrl),
                            List.of(Filter.any().authors(author.pubkey()).limit(1)),
                            Duration.ofSeconds(20))
                    .join();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(r.events()).hasSize(1);
            assertThat(r.complete(floodUrl)).isTrue();
            assertThat(ms).as("query time (ms)").isLessThan(5_000);
            // while the connection is still open (closing the client would drop a CLOSE still queued to send)
            Wait.until("the relay is told CLOSE", Duration.ofSeconds(10), closeReceived::get, b -> b);
        }
    }

    @Test
    void withoutALimitTheEventCapCutsTheStreamOff() {
        reset(false);
        try (RelayClient client =
                new RelayClient(null, RelayClient.Options.defaults().with(o -> {
                    o.maxEventsPerQuery = 100;
                    o.maxBytesPerQuery = 1L << 20;
                }))) {
            long t0 = System.nanoTime();
            RelayClient.QueryResult r = client.query(
                            List.of(floodUrl), List.of(Filter.any().authors(author.pubkey())), Duration.ofSeconds(20))
                    .join();
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(5_000);
            assertThat(r.events()).hasSize(100);
            assertThat(r.relays().get(floodUrl).end()).isEqualTo(RelayClient.QueryEnd.ERROR);
            assertThat(r.relays().get(floodUrl).message()).contains("100 events");
        }
    }

    @Test
    void eventsThatDoNotVerifyAreCutOffByTheByteCap() {
        reset(true);
        try (RelayClient client =
                new RelayClient(null, RelayClient.Options.defaults().with(o -> {
                    o.maxEventsPerQuery = 100;
                    o.maxBytesPerQuery = 200_000;
                }))) {
            long t0 = System.nanoTime();
            RelayClient.QueryResult r = client.query(
                            List.of(floodUrl), List.of(Filter.any().authors(author.pubkey())), Duration.ofSeconds(20))
                    .join();
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(5_000);
            assertThat(r.events()).isEmpty();
            assertThat(r.relays().get(floodUrl).message()).contains("characters");
        }
    }

    /**
     * A relay that answers an EVENT with garbled frames before its real OK: a frame without the accepted flag, one
     * whose event id is not a string, a NOTICE that is not text, and text that is not JSON are all ignored, so the
     * publish ends with the relay's real answer (the client used to read {@code ["OK", id]} as a refusal).
     */
    @Test
    void garbledFramesBeforeTheOkAreIgnored() {
        Javalin garbled = Javalin.create()
                .ws(
                        "/",
                        ws -> ws.onMessage(ctx -> {
                            JsonNode msg = Json.parse(ctx.message());
                            if (!msg.get(0).asText().equals("EVENT")) return;
                            String id = msg.get(1).get("id").asText();
                            ctx.send("[\"OK\",\"" + id + "\"]");
                            ctx.send("[\"OK\",7,true,\"\"]");
                            ctx.send("[\"NOTICE\",{\"not\":\"text\"}]");
                            ctx.send("[\"OK\",\"" + id + "\",tru");
                            ctx.send("[\"OK\",\"" + id + "\",true,\"\"]");
                        }))
                .start("127.0.0.1", 0);
        try (RelayClient client = new RelayClient(null, RelayClient.Options.defaults())) {
            String url = "ws://127.0.0.1:" + garbled.port();
            Event note = author.sign(System.currentTimeMillis() / 1000, 1, List.of(), "through the noise");
            RelayClient.PublishResult r = client.publish(note, List.of(url))
                    .join()
                    .values()
                    .iterator()
                    .next();
            assertThat(r.status()).isEqualTo(RelayClient.Status.OK);
        } finally {
            garbled.stop();
        }
    }

    @Test
    void authIsAnsweredOnlyForRelaysTheClientMayAuthenticateTo() {
        try (LocalRelay auth = LocalRelay.start(LocalRelay.Mode.AUTH_REQUIRED)) {
            Keys robot = Keys.generate();
            Event note = robot.sign(System.currentTimeMillis() / 1000, 1, List.of(), "hello");
            try (RelayClient stranger = new RelayClient(
                    robot, RelayClient.Options.defaults(), OutboundPolicy.unrestricted(), url -> false)) {
                RelayClient.PublishResult r = stranger.publish(note, List.of(auth.url()))
                        .join()
                        .values()
                        .iterator()
                        .next();
                assertThat(r.status()).isEqualTo(RelayClient.Status.REJECTED);
                assertThat(r.message()).startsWith("auth-required");
            }
            try (RelayClient own = new RelayClient(
                    robot, RelayClient.Options.defaults(), OutboundPolicy.unrestricted(), auth.url()::equals)) {
                assertThat(own.publish(note, List.of(auth.url()))
                                .join()
                                .values()
                                .iterator()
                                .next()
                                .ok())
                        .isTrue();
            }
        }
    }
}
