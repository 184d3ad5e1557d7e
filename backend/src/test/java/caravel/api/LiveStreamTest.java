package caravel.api;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.Inside;
import caravel.domain.Actor;
import caravel.nostr.Keys;
import caravel.store.ActivityLog;
import caravel.store.Database;
import caravel.testing.Api;
import caravel.testing.BothDatabases;
import caravel.testing.LiveStream;
import caravel.testing.MemoryWallet;
import caravel.testing.MutableClock;
import caravel.testing.TestBackend;
import caravel.testing.ZooidEmulator;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET /live: state pushed on every kind of write (API, job runner, billing, another connection), and who may watch. */
@Tag("peer")
@BothDatabases
class LiveStreamTest {
    static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    final Keys zooidKey = Keys.generate(), user = Keys.generate(), other = Keys.generate();
    final MutableClock clock = new MutableClock();
    final MemoryWallet wallet = new MemoryWallet(clock);
    ZooidEmulator zooid;
    TestBackend backend;

    @AfterEach
    void stop() throws Exception {
        if (backend != null) backend.close();
        if (zooid != null) zooid.close();
    }

    void start() throws Exception {
        zooid = new ZooidEmulator(dir.resolve("zooid"), zooidKey.pubkey(), 0);
        backend = new TestBackend(
                dir,
                env -> {
                    env.put("ZOOID_API_URL", "http://127.0.0.1:" + zooid.port);
                    env.put("ZOOID_RELAY_ORIGIN", "http://127.0.0.1:" + zooid.port);
                    env.put("ZOOID_API_SECRET", zooidKey.secretHex());
                },
                new caravel.Wallets(Optional.of(wallet), url -> wallet),
                clock);
    }

    String session(Keys k) {
        Api.Response r = backend.api.as(k, "POST", "/auth/session", null);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("token").asText();
    }

    LiveStream open(String token, String query) throws Exception {
        return new LiveStream(backend.api.base(), "/live" + query, token == null ? null : "Bearer " + token);
    }

    static JsonNode relay(JsonNode state, String id) {
        for (JsonNode r : state.get("relays")) if (r.get("id").asText().equals(id)) return r;
        return null;
    }

    @Test
    void aNewFreeRelayIsPushedFromPendingToActiveWithoutAsking() throws Exception {
        start();
        String token = session(user);
        String id;
        try (LiveStream live = open(token, "")) {
            assertThat(live.status()).isEqualTo(200);
            assertThat(live.contentType()).startsWith("text/event-stream");
            JsonNode first = live.until("the initial state", PATIENCE, s -> true);
            assertThat(first.get("relays")).isEmpty();

            Api.Response created = backend.api.bearer(
                    token, "POST", "/relays", "{\"name\":\"Live\",\"subdomain\":\"live-one\",\"plan\":\"free\"}");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            id = created.json().at("/relay/id").asText();

            JsonNode active = live.until("the relay active and synced", PATIENCE, s -> {
                JsonNode r = relay(s, id);
                return r != null
                        && r.get("status").asText().equals("active")
                        && r.at("/sync/state").asText().equals("synced");
            });
            assertThat(relay(active, id).get("url").asText()).isEqualTo("wss://live-one.relays.test");
            // the relay as GET /relays/:id shows it to this caller: the same offered actions, errors worded the same
            JsonNode direct =
                    backend.api.bearer(token, "GET", "/relays/" + id, null).json();
            assertThat(relay(active, id).get("actions")).isEqualTo(direct.get("actions"));
            assertThat(relay(active, id).get("actions")).isNotEmpty();
            assertThat(active.get("activity_id").asLong()).isPositive();
        }
        // members join on the relay itself; an open stream counts them (a new one at once)
        zooid.addMember("live_one", Keys.generate().pubkey());
        try (LiveStream live = open(token, "")) {
            JsonNode counted = live.until(
                    "the member counted", PATIENCE, s -> s.at("/members/" + id).asInt(-1) == 1);
            assertThat(counted.get("members").size()).isEqualTo(1);
        }
    }

    @Test
    void aPaidInvoiceAndTheRelayItUnlocksArePushed() throws Exception {
        start();
        String token = session(user);
        try (LiveStream live = open(token, "")) {
            live.until("the initial state", PATIENCE, s -> true);
            Api.Response created = backend.api.bearer(
                    token, "POST", "/relays", "{\"name\":\"Paid\",\"subdomain\":\"paid-one\",\"plan\":\"basic\"}");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            String id = created.json().at("/relay/id").asText();
            String invoice = created.json().at("/invoice/id").asText();
            JsonNode waiting = live.until(
                    "the pending invoice",
                    PATIENCE,
                    s -> s.get("invoices").findValuesAsText("id").contains(invoice));
            assertThat(waiting.get("invoices").get(0).get("status").asText()).isEqualTo("pending");

            wallet.pay(created.json().at("/invoice/payment_hash").asText());
            Inside.of(backend.app)
                    .payments()
                    .onPaymentReceived(
                            created.json().at("/invoice/payment_hash").asText());
            live.until("the invoice paid and the relay served", PATIENCE, s -> {
                JsonNode r = relay(s, id);
                boolean paid = false;
                for (JsonNode i : s.get("invoices"))
                    paid |= i.get("id").asText().equals(invoice)
                            && i.get("status").asText().equals("paid");
                return paid
                        && r != null
                        && r.get("status").asText().equals("active")
                        && r.get("awaiting_payment_invoice").isNull();
            });
        }
    }

    @Test
    void aWriteThroughAnotherConnectionIsPushedToo() throws Exception {
        // the triggers, not the API, announce changes: a second process sharing the file is seen like this one
        backend = new TestBackend(dir);
        String token = session(user);
        backend.api.bearer(token, "POST", "/tenants", null);
        try (LiveStream live = open(token, "")) {
            long before = live.until("the initial state", PATIENCE, s -> true)
                    .get("activity_id")
                    .asLong();
            // another process's own connection pool on the same file, writing through the table's owner as it would
            try (Database elsewhere = caravel.testing.TestDatabases.open(dir.resolve("caravel.db"))) {
                new ActivityLog(elsewhere.jdbi()).add(user.pubkey(), null, "note", "from elsewhere", Actor.SYSTEM, 0);
            }
            assertThat(live.until(
                            "a newer activity id",
                            PATIENCE,
                            s -> s.get("activity_id").asLong() > before))
                    .isNotNull();
        }
    }

    @Test
    void onlyTheTenantAndAdminsMayWatch() throws Exception {
        backend = new TestBackend(dir);
        String mine = session(user), theirs = session(other), admin = session(backend.admin);
        try (LiveStream anonymous = open(null, "")) {
            assertThat(anonymous.status()).isEqualTo(401);
        }
        try (LiveStream prying = open(theirs, "?tenant=" + user.pubkey())) {
            assertThat(prying.status()).isEqualTo(404);
        }
        try (LiveStream own = open(mine, "?tenant=" + user.npub())) {
            assertThat(own.status()).isEqualTo(200);
        }
        try (LiveStream watching = open(admin, "?tenant=" + user.pubkey())) {
            assertThat(watching.status()).isEqualTo(200);
            assertThat(watching.until("the initial state", PATIENCE, s -> true).get("relays"))
                    .isEmpty();
        }
    }

    @Test
    void oneAccountsStreamsAreCappedAndAClosedPageMakesRoomAtOnce() throws Exception {
        backend = new TestBackend(dir);
        String token = session(user);
        var open = new java.util.ArrayList<LiveStream>();
        try {
            for (int i = 0; i < LiveRoutes.MAX_STREAMS_PER_TENANT; i++) {
                LiveStream s = open(token, "");
                open.add(s);
                assertThat(s.status()).isEqualTo(200);
                s.until("the initial state", PATIENCE, st -> true);
            }
            try (LiveStream refused = open(token, "")) {
                assertThat(refused.status()).isEqualTo(429);
            }
            // another account is not held back by this one's streams
            try (LiveStream theirs = open(session(other), "")) {
                assertThat(theirs.status()).isEqualTo(200);
            }
            // a page closed (a reload): its stream is found gone when the cap is reached, not at its next ping
            open.remove(0).close();
            try (LiveStream reloaded = open(token, "")) {
                assertThat(reloaded.status()).isEqualTo(200);
                reloaded.until("the initial state", PATIENCE, st -> true);
            }
        } finally {
            open.forEach(LiveStream::close);
        }
    }
}
