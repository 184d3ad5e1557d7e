package caravel.api;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.Inside;
import caravel.live.StreamSlots;
import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.TestBackend;
import caravel.testing.Wait;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attack from the black-box review: one address with many free keys holding live streams without bound. Each
 * address gets LIVE_STREAMS_PER_ADDRESS whatever keys it signs with, the platform LIVE_STREAMS_MAX; beyond either the
 * stream is refused (429 / 503 with Retry-After and a message saying why), and once the streams close every count,
 * per address and platform-wide, is back to zero, as is the change feed's subscriber table.
 */
class LiveStreamCapTest {
    static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;

    record Opened(HttpResponse<InputStream> response) implements AutoCloseable {
        int status() {
            return response.statusCode();
        }

        String body() throws Exception {
            return new String(response.body().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws java.io.IOException {
            response.body().close();
        }
    }

    static Opened open(TestBackend b, String token, String address) throws Exception {
        var req = HttpRequest.newBuilder(URI.create(b.api.base() + "/live"))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream");
        if (address != null) req.header("X-Forwarded-For", address);
        return new Opened(HTTP.send(req.build(), HttpResponse.BodyHandlers.ofInputStream()));
    }

    static String session(TestBackend b, Keys k) {
        Api.Response r = b.api.as(k, "POST", "/auth/session", null);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("token").asText();
    }

    @Test
    void oneAddressWithManyKeysIsBoundAndThePlatformToo() throws Exception {
        try (TestBackend b = new TestBackend(dir, env -> {
            env.put("TRUST_PROXY", "true"); // the client address is the X-Forwarded-For entry, as behind Caddy
            env.put("LIVE_STREAMS_PER_ADDRESS", "6");
            env.put("LIVE_STREAMS_MAX", "10");
        })) {
            StreamSlots slots = Inside.of(b.app).liveStreams();
            List<String> tokens = new ArrayList<>();
            for (int i = 0; i < 12; i++) tokens.add(session(b, Keys.generate()));
            List<Opened> open = new ArrayList<>();
            try {
                // one attacker address, a fresh free key for every stream (the per-account cap never applies)
                for (int i = 0; i < 6; i++) {
                    Opened o = open(b, tokens.get(i), "203.0.113.7");
                    assertThat(o.status()).isEqualTo(200);
                    open.add(o);
                }
                try (Opened refused = open(b, tokens.get(6), "203.0.113.7")) {
                    assertThat(refused.status()).isEqualTo(429);
                    assertThat(refused.response().headers().firstValue("Retry-After"))
                            .isPresent();
                    assertThat(refused.body()).contains("too many live streams open from your address");
                }
                // another address still gets streams, up to the platform's bound
                for (int i = 6; i < 10; i++) {
                    Opened o = open(b, tokens.get(i), "198.51.100." + i);
                    assertThat(o.status()).isEqualTo(200);
                    open.add(o);
                }
                assertThat(slots.open()).isEqualTo(10);
                try (Opened full = open(b, tokens.get(10), "192.0.2.1")) {
                    assertThat(full.status()).isEqualTo(503);
                    assertThat(full.response().headers().firstValue("Retry-After"))
                            .isPresent();
                    assertThat(full.body()).contains("as many live streams as it can");
                }
                // refusals took nothing, and are counted by cap for the operator
                assertThat(slots.open()).isEqualTo(10);
                String scrape = Inside.of(b.app).metrics().scrape();
                assertThat(scrape)
                        .contains("caravel_live_streams_refused_total{cap=\"address\"} 1.0")
                        .contains("caravel_live_streams_refused_total{cap=\"platform\"} 1.0")
                        .contains("caravel_live_streams 10");
            } finally {
                for (Opened o : open) o.close();
            }
            // the server learns a page has gone from its next write (a ping every few seconds): all slots come back
            Wait.until("every stream's slot released", Duration.ofSeconds(30), () -> slots.open() == 0);
            assertThat(slots.addresses()).isZero();
            // nothing of the streams is held: no change subscription, and Jetty keeps at most its bounded pool of
            // buffers (by default it kept up to a quarter of the heap's maximum, for good)
            Wait.until(
                    "the change feed's subscriptions dropped",
                    Duration.ofSeconds(10),
                    () -> Inside.of(b.app).liveSubscriptions() == 0);
            var connector = (org.eclipse.jetty.server.AbstractConnector)
                    Inside.of(b.app).server().app().jettyServer().server().getConnectors()[0];
            var pool = (org.eclipse.jetty.io.ArrayByteBufferPool) connector.getByteBufferPool();
            assertThat(pool.getMaxDirectMemory()).isEqualTo(Server.POOL_BYTES);
            assertThat(pool.getMaxHeapMemory()).isEqualTo(Server.POOL_BYTES);
            assertThat(pool.getMemory(true) + pool.getMemory(false)).isLessThanOrEqualTo(2 * Server.POOL_BYTES);
            // a burst of connections waits in a queue longer than Java's default of 50 (Server.ACCEPT_QUEUE)
            assertThat(((org.eclipse.jetty.server.ServerConnector) connector).getAcceptQueueSize())
                    .isEqualTo(Server.ACCEPT_QUEUE);
            // and a freed address may open streams again
            try (Opened again = open(b, tokens.get(11), "203.0.113.7")) {
                assertThat(again.status()).isEqualTo(200);
            }
            Wait.until("the last stream released", Duration.ofSeconds(30), () -> slots.open() == 0);
        }
    }

    @Test
    void slotsAreCountedExactlyUnderConcurrentRequests() throws Exception {
        StreamSlots slots = new StreamSlots(50, 7);
        List<StreamSlots.Slot> held = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String address = "a" + (i % 10);
            threads.add(
                    Thread.ofVirtual().start(() -> slots.acquire(address).slot().ifPresent(held::add)));
        }
        for (Thread t : threads) t.join();
        // 10 addresses x 7 would be 70; the platform bound of 50 holds first
        assertThat(held).hasSize(50);
        assertThat(slots.open()).isEqualTo(50);
        for (StreamSlots.Slot s : held) {
            s.close();
            s.close(); // twice gives back once
        }
        assertThat(slots.open()).isZero();
        assertThat(slots.addresses()).isZero();
    }
}
