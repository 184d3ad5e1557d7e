package caravel.nostr;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.testing.Api;
import caravel.testing.LocalRelay;
import caravel.testing.NostrTools;
import caravel.testing.TestEnv;
import caravel.testing.Wait;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The relay client over real sockets against the local relay (and scripted fake relays for misbehaviour). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@Tag("peer")
class RelayClientTest {
    static LocalRelay plain, plain2, auth, neverOk, reject;
    static final RelayClient.Options FAST = RelayClient.Options.defaults().with(o -> {
        o.okTimeout = Duration.ofMillis(1500);
        o.eoseTimeout = Duration.ofSeconds(3);
        o.connectTimeout = Duration.ofSeconds(2);
        o.reconnectBase = Duration.ofMillis(300);
        o.reconnectMax = Duration.ofSeconds(2);
    });
    final Keys keys = Keys.generate();
    final long now = System.currentTimeMillis() / 1000;

    @BeforeAll
    static void relays() {
        plain = LocalRelay.start();
        plain2 = LocalRelay.start();
        auth = LocalRelay.start(LocalRelay.Mode.AUTH_REQUIRED);
        neverOk = LocalRelay.start(LocalRelay.Mode.NEVER_OK);
        reject = LocalRelay.start(LocalRelay.Mode.REJECT);
    }

    @AfterAll
    static void stop() {
        for (LocalRelay r : new LocalRelay[] {plain, plain2, auth, neverOk, reject}) if (r != null) r.close();
    }

    @Test
    void publishesToManyRelaysAndQueriesWithDedupe() {
        try (RelayClient client = new RelayClient(keys, FAST)) {
            Event note = keys.sign(now, 1, List.of(List.of("t", "caravel")), "hello relays");
            Map<String, RelayClient.PublishResult> results = client.publish(
                            note, List.of(plain.url(), plain2.url() + "/"))
                    .join();
            assertThat(results).containsOnlyKeys(plain.url(), plain2.url()); // normalized
            assertThat(results.values()).allMatch(RelayClient.PublishResult::ok);

            Event other = keys.sign(now - 5, 7, List.of(), "+");
            assertThat(client.publish(other, List.of(plain.url()))
                            .join()
                            .get(plain.url())
                            .ok())
                    .isTrue();

            RelayClient.QueryResult r = client.query(
                            List.of(plain.url(), plain2.url()),
                            List.of(Filter.any().authors(keys.pubkey())))
                    .join();
            assertThat(r.relays().values()).allMatch(s -> s.end() == RelayClient.QueryEnd.EOSE);
            assertThat(r.events())
                    .extracting(Event::id)
                    .containsExactly(note.id(), other.id()); // each once, newest first
            assertThat(client.query(
                                    List.of(plain.url()),
                                    List.of(Filter.any().authors(keys.pubkey()).tag('t', "caravel")))
                            .join()
                            .events())
                    .extracting(Event::id)
                    .containsExactly(note.id());

            // the same event again is fine (relays answer duplicate or OK true)
            assertThat(client.publish(note, List.of(plain.url()))
                            .join()
                            .get(plain.url())
                            .ok())
                    .isTrue();
        }
    }

    @Test
    void authenticatesWithNip42WhenTheRelayRequiresIt() {
        Event note = keys.sign(now, 1, List.of(), "for members");
        try (RelayClient anonymous = new RelayClient(null, FAST)) {
            RelayClient.PublishResult refused =
                    anonymous.publish(note, List.of(auth.url())).join().get(auth.url());
            assertThat(refused.status()).isEqualTo(RelayClient.Status.REJECTED);
            assertThat(refused.message()).startsWith("auth-required:");
            RelayClient.QueryResult closed = anonymous
                    .query(List.of(auth.url()), List.of(Filter.any().authors(keys.pubkey())))
                    .join();
            assertThat(closed.relays().get(auth.url()).end()).isEqualTo(RelayClient.QueryEnd.CLOSED);
        }
        try (RelayClient client = new RelayClient(keys, FAST)) {
            RelayClient.PublishResult accepted =
                    client.publish(note, List.of(auth.url())).join().get(auth.url());
            assertThat(accepted.ok()).as(accepted.describe()).isTrue();
        }
        try (RelayClient reader =
                new RelayClient(Keys.generate(), FAST)) { // a fresh connection: REQ refused, AUTH, REQ again
            RelayClient.QueryResult r = reader.query(
                            List.of(auth.url()), List.of(Filter.any().ids(note.id())))
                    .join();
            assertThat(r.relays().get(auth.url()).end()).isEqualTo(RelayClient.QueryEnd.EOSE);
            assertThat(r.events()).extracting(Event::id).containsExactly(note.id());
        }
    }

    @Test
    void reportsEachRelaysOutcome() {
        String down = "ws://127.0.0.1:" + TestEnv.freePort();
        try (RelayClient client = new RelayClient(keys, FAST)) {
            Event note = keys.sign(now, 1, List.of(), "outcomes");
            long start = System.nanoTime();
            Map<String, RelayClient.PublishResult> r = client.publish(
                            note, List.of(plain.url(), down, neverOk.url(), reject.url(), "http://nope"))
                    .join();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(r.get(plain.url()).status()).isEqualTo(RelayClient.Status.OK);
            assertThat(r.get(down).status()).isEqualTo(RelayClient.Status.CONNECTION_ERROR);
            assertThat(r.get(neverOk.url()).status()).isEqualTo(RelayClient.Status.TIMEOUT);
            assertThat(r.get(reject.url()).status()).isEqualTo(RelayClient.Status.REJECTED);
            assertThat(r.get(reject.url()).message()).isEqualTo("blocked: test");
            assertThat(r.get("http://nope").status()).isEqualTo(RelayClient.Status.CONNECTION_ERROR);
            // while backing off, a down relay fails at once instead of being hammered
            try (RelayClient patient = new RelayClient(keys, FAST.with(o -> {
                o.reconnectBase = Duration.ofSeconds(10);
                o.reconnectMax = Duration.ofSeconds(20);
            }))) {
                assertThat(patient.publish(note, List.of(down)).join().get(down).message())
                        .doesNotContain("next attempt in");
                RelayClient.PublishResult again =
                        patient.publish(note, List.of(down)).join().get(down);
                assertThat(again.status()).isEqualTo(RelayClient.Status.CONNECTION_ERROR);
                assertThat(again.message()).contains("next attempt in");
            }

            RelayClient.QueryResult q = client.query(
                            List.of(plain.url(), down), List.of(Filter.any().ids(note.id())))
                    .join();
            assertThat(q.complete(plain.url())).isTrue();
            assertThat(q.relays().get(down).end()).isEqualTo(RelayClient.QueryEnd.ERROR);
            assertThat(q.events()).hasSize(1);
        }
    }

    @Test
    void dropsForgedAndUnaskedForEventsAndTimesOutWithoutEose() {
        NostrTools tools = NostrTools.get();
        Keys author = Keys.generate();
        Event good = author.sign(now, 1, List.of(), "good");
        Event wrongKind = author.sign(now, 4, List.of(), "not asked for");
        Event stranger = Keys.generate().sign(now, 1, List.of(), "someone else");
        Event forged = new Event(good.id(), good.pubkey(), good.createdAt(), 1, good.tags(), "changed", good.sig());
        ArrayNode events = Api.JSON.createArrayNode();
        for (Event e : List.of(forged, good, good, wrongKind, stranger)) events.add(e.toJson());
        String url = tools.call("fakeRelayStart", NostrTools.args().set("events", events))
                .get("url")
                .asText();
        String silent = tools.call(
                        "fakeRelayStart",
                        NostrTools.args()
                                .put("noEose", true)
                                .set("events", Api.JSON.createArrayNode().add(good.toJson())))
                .get("url")
                .asText();
        try (RelayClient client = new RelayClient(null, FAST)) {
            RelayClient.QueryResult r = client.query(
                            List.of(url),
                            List.of(Filter.any().authors(author.pubkey()).kinds(1)))
                    .join();
            assertThat(r.events()).extracting(Event::content).containsExactly("good");

            RelayClient.QueryResult t = client.query(
                            List.of(silent), List.of(Filter.any().authors(author.pubkey())), Duration.ofMillis(700))
                    .join();
            assertThat(t.relays().get(silent).end()).isEqualTo(RelayClient.QueryEnd.TIMEOUT);
            assertThat(t.events()).extracting(Event::id).containsExactly(good.id()); // what arrived before the timeout
        } finally {
            tools.call("fakeRelayStop", NostrTools.args().put("url", url));
            tools.call("fakeRelayStop", NostrTools.args().put("url", silent));
        }
    }

    @Test
    void liveSubscriptionSurvivesARelayRestart() throws Exception {
        LocalRelay first = LocalRelay.start();
        String url = first.url();
        LocalRelay second = null;
        List<Event> seen = new CopyOnWriteArrayList<>();
        try (RelayClient subscriber = new RelayClient(null, FAST);
                RelayClient publisher = new RelayClient(null, FAST)) {
            LiveSubscription sub =
                    subscriber.subscribe(List.of(url), List.of(Filter.any().authors(keys.pubkey())), seen::add);
            java.util.concurrent.atomic.AtomicInteger resumes = new java.util.concurrent.atomic.AtomicInteger();
            sub.onResume(resumes::incrementAndGet);
            Event before = keys.sign(now, 1, List.of(), "before restart");
            assertThat(publisher.publish(before, List.of(url)).join().get(url).ok())
                    .isTrue();
            Wait.until("condition", Duration.ofSeconds(15), () -> seen.size() == 1);
            assertThat(resumes).as("the first connection is no resumption").hasValue(0);

            first.close();
            Wait.until("condition", Duration.ofSeconds(15), () -> !subscriber.isConnected(url));
            second = LocalRelay.start(first.port()); // same URL, empty store
            Wait.until("condition", Duration.ofSeconds(15), () -> subscriber.isConnected(url));

            Event after = keys.sign(now + 1, 1, List.of(), "after restart");
            Wait.until(
                    "condition",
                    Duration.ofSeconds(15),
                    () -> publisher.publish(after, List.of(url)).join().get(url).ok());
            Wait.until("condition", Duration.ofSeconds(15), () -> seen.size() == 2);
            assertThat(seen).extracting(Event::content).containsExactly("before restart", "after restart");
            // the owner hears that the subscription came back after a gap, once per gap
            assertThat(resumes).hasValue(1);
            sub.close();
        } finally {
            first.close();
            if (second != null) second.close();
        }
    }

    @Test
    void closesIdleConnections() throws Exception {
        try (RelayClient client = new RelayClient(null, FAST.with(o -> o.idleTimeout = Duration.ofMillis(1500)))) {
            client.query(List.of(plain.url()), List.of(Filter.any().kinds(1).limit(1)))
                    .join();
            assertThat(client.isConnected(plain.url())).isTrue();
            Wait.until("condition", Duration.ofSeconds(15), () -> !client.isConnected(plain.url()));
            // and a later use simply opens a new connection
            assertThat(client.query(
                                    List.of(plain.url()),
                                    List.of(Filter.any().kinds(1).limit(1)))
                            .join()
                            .complete(plain.url()))
                    .isTrue();
        }
    }
}
