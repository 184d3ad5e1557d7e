package caravel.api;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.http.RateLimits;
import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.MemoryWallet;
import caravel.testing.MutableClock;
import caravel.testing.TestBackend;
import caravel.testing.Wait;
import caravel.testing.ZooidEmulator;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GET /tls/ask, the question Caddy's on-demand TLS asks before it gets a certificate: yes only for the host of a relay
 * zooid serves now, against the zooid emulator over real HTTP; and the names a stranger would try.
 */
@Tag("peer")
class TlsAskTest {
    @TempDir
    Path dir;

    final Keys zooidKey = Keys.generate(), owner = Keys.generate();
    ZooidEmulator zooid;
    TestBackend backend;

    @AfterEach
    void stop() throws Exception {
        if (backend != null) backend.close();
        if (zooid != null) zooid.close();
    }

    private Api start(java.util.function.Consumer<java.util.Map<String, String>> more) throws Exception {
        zooid = new ZooidEmulator(dir.resolve("zooid"), zooidKey.pubkey(), 0);
        MutableClock clock = new MutableClock();
        MemoryWallet wallet = new MemoryWallet(clock);
        backend = new TestBackend(
                dir,
                env -> {
                    env.put("ZOOID_API_URL", "http://127.0.0.1:" + zooid.port);
                    env.put("ZOOID_RELAY_ORIGIN", "http://127.0.0.1:" + zooid.port);
                    env.put("ZOOID_API_SECRET", zooidKey.secretHex());
                    more.accept(env);
                },
                new caravel.Wallets(Optional.of(wallet), url -> wallet),
                clock);
        return backend.api;
    }

    private int ask(String domain) {
        return backend.api
                .send("GET", "/tls/ask?domain=" + URLEncoder.encode(domain, StandardCharsets.UTF_8), null, null)
                .status();
    }

    private String create(Api api, String sub, String plan) {
        Api.Response r = api.as(
                owner,
                "POST",
                "/relays",
                "{\"name\":\"Relay " + sub + "\",\"subdomain\":\"" + sub + "\",\"plan\":\"" + plan + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().at("/relay/id").asText();
    }

    private void waitFor(Api api, String id, String status) {
        Wait.until(
                "relay " + id + " " + status,
                Duration.ofSeconds(20),
                () -> api.as(owner, "GET", "/relays/" + id, null).json(),
                r -> r.get("status").asText().equals(status)
                        && r.at("/sync/state").asText().equals("synced"));
    }

    @Test
    void onlyTheHostOfARelayZooidServesNowGetsACertificate() throws Exception {
        Api api = start(env -> {});
        String team = create(api, "team", "free");
        waitFor(api, team, "active");
        assertThat(ask("team.relays.test")).isEqualTo(200);
        // DNS names are case-insensitive: the same host (Caddy asks in lower case anyway)
        assertThat(ask("TEAM.Relays.Test")).isEqualTo(200);

        // a paid relay whose first invoice is unpaid is on zooid but inactive: no certificate yet
        String paid = create(api, "paid-later", "basic");
        waitFor(api, paid, "awaiting_payment");
        assertThat(zooid.relay("paid_later")).isNotNull();
        assertThat(ask("paid-later.relays.test")).isEqualTo(404);

        // deactivated by its owner: none; reactivated: again
        api.as(owner, "POST", "/relays/" + team + "/deactivate", null);
        waitFor(api, team, "inactive");
        assertThat(ask("team.relays.test")).isEqualTo(404);
        api.as(owner, "POST", "/relays/" + team + "/reactivate", null);
        waitFor(api, team, "active");
        assertThat(ask("team.relays.test")).isEqualTo(200);

        // the owner's account suspended by an administrator: its relays go offline, and so do their certificates
        assertThat(api.as(backend.admin, "PUT", "/tenants/" + owner.pubkey(), "{\"status\":\"suspended\"}")
                        .status())
                .isEqualTo(200);
        waitFor(api, team, "inactive");
        assertThat(ask("team.relays.test")).isEqualTo(404);

        // names nobody created
        assertThat(ask("nobody.relays.test")).isEqualTo(404);
    }

    /**
     * The answer is Caddy's alone: sent straight to the backend at exactly /tls/ask. Any other spelling the router would
     * take for it, or a request that came through a reverse proxy (the public's, through the app's site), is a 404, so
     * nobody can use it as an oracle of every name the platform serves.
     */
    @Test
    void onlyTheProxysOwnQuestionAtExactlyThePathIsAnswered() throws Exception {
        Api api = start(env -> {});
        waitFor(api, create(api, "team", "free"), "active");
        int port = java.net.URI.create(api.base()).getPort();
        String q = "?domain=team.relays.test";
        assertThat(caravel.testing.RawHttp.get("127.0.0.1", port, "/tls/ask" + q, java.util.Map.of()))
                .isEqualTo(200);
        for (String path : new String[] {
            "/tls/ask/",
            "/tls/ask//",
            "/TLS/ask",
            "/Tls/Ask/",
            "//tls/ask",
            "/tls//ask",
            "/tls/ask;x",
            "/tls/ask;/",
            "/%74ls/ask",
            "/tls%2Fask",
            "/tls/ask%2F",
            "/tls/./ask",
            "/x/../tls/ask",
            "/tls/ask/.",
            "/tls/ask%3B",
        }) {
            int status;
            try {
                status = caravel.testing.RawHttp.get("127.0.0.1", port, path + q, java.util.Map.of());
            } catch (java.io.IOException refusedOutright) {
                continue; // the server would not even parse it: no answer is no oracle either
            }
            assertThat(status).as("GET %s", path).isIn(400, 404);
        }
        for (String header : new String[] {"X-Forwarded-For", "X-Forwarded-Host", "Forwarded"})
            assertThat(caravel.testing.RawHttp.get("127.0.0.1", port, "/tls/ask" + q, java.util.Map.of(header, "x")))
                    .as("through a proxy (%s)", header)
                    .isEqualTo(404);
    }

    @Test
    void namesAStrangerWouldTryAreRefused() throws Exception {
        Api api = start(env -> {});
        waitFor(api, create(api, "team", "free"), "active");
        assertThat(ask("team.relays.test")).isEqualTo(200);
        for (String name : new String[] {
            "team.relays.test.", // a trailing dot: never a TLS server name
            "team.relays.test:443", // a port: never part of a TLS server name
            "team.relays.test.evil.com", // the relay host as a prefix of another domain
            "team.relays.testevil.com",
            "xteam.relays.test.evil.com",
            "a.team.relays.test", // nested under a relay host
            "relays.test", // the relay domain itself
            ".relays.test",
            "*.relays.test",
            "team..relays.test",
            "team", // the label alone
            "team.relays.test/x",
            "team.relays.test%00",
            "team.relays.test\u0000",
            " team.relays.test",
            "\u212Aeam.relays.test", // KELVIN SIGN: lower-cases to 'k' in Unicode
            "127.0.0.1", // the app and addresses have their own certificates, never on demand
            "localhost",
            "",
        }) {
            assertThat(ask(name)).as("ask for '%s'", name).isEqualTo(404);
        }
        // the Kelvin sign case for real: a name whose Unicode lower case is an existing relay's host
        waitFor(api, create(api, "kite", "free"), "active");
        assertThat(ask("kite.relays.test")).isEqualTo(200);
        assertThat(ask("\u212Aite.relays.test")).isEqualTo(404);
        // no domain at all
        assertThat(backend.api.send("GET", "/tls/ask", null, null).status()).isEqualTo(404);
    }

    @Test
    void askIsNotCountedAgainstTheOrdinaryLimitButIsBounded() throws Exception {
        Api api = start(env -> env.put("RATE_REQUESTS_PER_MINUTE_IP", "20"));
        // the ordinary limit of 20 a minute runs out for other routes...
        int limited = 0;
        for (int i = 0; i < 30; i++) if (api.send("GET", "/plans", null, null).status() == 429) limited++;
        assertThat(limited).isEqualTo(10);
        // ...while the proxy's certificate checks, from the same address, still answer
        for (int i = 0; i < 50; i++) assertThat(ask("nobody.relays.test")).isEqualTo(404);
        // their own bound: a flood of asks from one address is refused beyond it, with Retry-After
        int answered = 50, refused = 0;
        // (the bucket refills as the flood goes on: a minute's worth plus what came back meanwhile)
        while (refused == 0 && answered < 2 * RateLimits.TLS_ASKS_PER_MINUTE) {
            int s = ask("nobody.relays.test");
            if (s == 429) refused++;
            else answered++;
        }
        assertThat(refused).isEqualTo(1);
        assertThat(answered).isBetween(RateLimits.TLS_ASKS_PER_MINUTE, 2 * RateLimits.TLS_ASKS_PER_MINUTE - 1);
    }

    @Test
    void aRelayDomainWithAPortIsMatchedWithoutIt() {
        // the local stack without a proxy has RELAY_DOMAIN=localhost:3334; TLS names never carry the port
        assertThat(TlsRoutes.relayHost("localhost:3334")).isEqualTo("localhost");
        assertThat(TlsRoutes.relayHost("Relays.Example.com")).isEqualTo("relays.example.com");
        assertThat(TlsRoutes.subdomainOf("team.localhost", "localhost")).contains("team");
        assertThat(TlsRoutes.subdomainOf("team.localhost:3334", "localhost")).isEmpty();
        assertThat(TlsRoutes.subdomainOf("x".repeat(300) + ".localhost", "localhost"))
                .isEmpty();
    }
}
