package caravel.auth;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.Inside;
import caravel.nostr.Event;
import caravel.nostr.Hex;
import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.BothDatabases;
import caravel.testing.NostrTools;
import caravel.testing.TestBackend;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every strict NIP-98 check, one failing case each, over real HTTP; and tokens made by nostr-tools are accepted. */
@Tag("peer")
@BothDatabases
class Nip98HttpTest {
    @TempDir
    static Path dir;

    static TestBackend backend;
    static Api api;
    final Keys user = Keys.generate();

    @BeforeAll
    static void start() {
        backend = new TestBackend(dir);
        api = backend.api;
    }

    @AfterAll
    static void stop() {
        backend.close();
    }

    static long now() {
        return System.currentTimeMillis() / 1000;
    }

    static String header(Event e) {
        return "Nostr " + Base64.getEncoder().encodeToString(e.toJsonString().getBytes(StandardCharsets.UTF_8));
    }

    Event event(int kind, String url, String method, long createdAt, String payloadHash) {
        List<List<String>> tags = new ArrayList<>();
        if (url != null) tags.add(List.of("u", url));
        if (method != null) tags.add(List.of("method", method));
        if (payloadHash != null) tags.add(List.of("payload", payloadHash));
        return user.sign(createdAt, kind, tags, "");
    }

    void assert401(Api.Response r, String reasonPart) {
        assertThat(r.status()).as(r.body()).isEqualTo(401);
        assertThat(r.error()).containsIgnoringCase(reasonPart);
    }

    @Test
    void validEventIsAccepted() {
        Api.Response r =
                api.send("GET", "/identity", null, header(event(27235, api.base() + "/identity", "GET", now(), null)));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("pubkey").asText()).isEqualTo(user.pubkey());
        assertThat(r.json().get("is_admin").asBoolean()).isFalse();
    }

    @Test
    void missingHeader() {
        assert401(api.send("GET", "/identity", null, null), "missing Authorization");
    }

    @Test
    void garbledHeader() {
        assert401(api.send("GET", "/identity", null, "Basic dXNlcjpwYXNz"), "scheme");
        assert401(api.send("GET", "/identity", null, "Nostr"), "empty token");
        assert401(api.send("GET", "/identity", null, "Nostr "), "");
    }

    @Test
    void badBase64() {
        assert401(api.send("GET", "/identity", null, "Nostr %%%not-base64%%%"), "base64");
    }

    @Test
    void badJson() {
        String token = Base64.getEncoder().encodeToString("{\"kind\": 27235, oops".getBytes(StandardCharsets.UTF_8));
        assert401(api.send("GET", "/identity", null, "Nostr " + token), "JSON");
        String notEvent = Base64.getEncoder().encodeToString("[1,2,3]".getBytes(StandardCharsets.UTF_8));
        assert401(api.send("GET", "/identity", null, "Nostr " + notEvent), "not a JSON object");
    }

    @Test
    void wrongKind() {
        assert401(
                api.send("GET", "/identity", null, header(event(1, api.base() + "/identity", "GET", now(), null))),
                "kind");
    }

    @Test
    void badSignature() {
        Event e = event(27235, api.base() + "/identity", "GET", now(), null);
        char[] sig = e.sig().toCharArray();
        sig[10] = sig[10] == 'a' ? 'b' : 'a';
        Event forged = new Event(e.id(), e.pubkey(), e.createdAt(), e.kind(), e.tags(), e.content(), new String(sig));
        assert401(api.send("GET", "/identity", null, header(forged)), "signature");
        Event otherKey =
                new Event(e.id(), Keys.generate().pubkey(), e.createdAt(), e.kind(), e.tags(), e.content(), e.sig());
        assert401(api.send("GET", "/identity", null, header(otherKey)), "signature");
    }

    @Test
    void uMismatch() {
        String base = api.base();
        assert401(
                api.send("GET", "/identity", null, header(event(27235, base + "/tenants", "GET", now(), null))),
                "u tag");
        // the query is part of the URL
        assert401(
                api.send(
                        "GET",
                        "/tenants?page=2",
                        null,
                        header(event(27235, base + "/tenants?page=1", "GET", now(), null))),
                "u tag");
        assert401(
                api.send("GET", "/tenants?page=2", null, header(event(27235, base + "/tenants", "GET", now(), null))),
                "u tag");
        // scheme and host must be the configured public ones
        assert401(
                api.send(
                        "GET",
                        "/identity",
                        null,
                        header(event(27235, base.replace("http://", "https://") + "/identity", "GET", now(), null))),
                "u tag");
        assert401(
                api.send(
                        "GET",
                        "/identity",
                        null,
                        header(event(27235, "http://evil.example/identity", "GET", now(), null))),
                "u tag");
        assert401(
                api.send("GET", "/identity", null, header(event(27235, base + "/identity/", "GET", now(), null))),
                "u tag");
        assert401(api.send("GET", "/identity", null, header(event(27235, null, "GET", now(), null))), "missing u");
    }

    @Test
    void queryIsAcceptedWhenExact() {
        Api.Response r = api.send("GET", "/plans?x=1", null, null);
        assertThat(r.status()).isEqualTo(200);
        Keys admin = backend.admin;
        Event e = admin.sign(
                now(),
                27235,
                List.of(List.of("u", api.base() + "/tenants?page=1&per_page=5"), List.of("method", "GET")),
                "");
        Api.Response ok = api.send("GET", "/tenants?page=1&per_page=5", null, header(e));
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    }

    @Test
    void methodMismatch() {
        assert401(
                api.send("GET", "/identity", null, header(event(27235, api.base() + "/identity", "POST", now(), null))),
                "method");
        assert401(
                api.send("GET", "/identity", null, header(event(27235, api.base() + "/identity", null, now(), null))),
                "missing method");
    }

    @Test
    void staleAndFutureCreatedAt() {
        assert401(
                api.send(
                        "GET",
                        "/identity",
                        null,
                        header(event(27235, api.base() + "/identity", "GET", now() - 120, null))),
                "too old");
        assert401(
                api.send(
                        "GET",
                        "/identity",
                        null,
                        header(event(27235, api.base() + "/identity", "GET", now() + 120, null))),
                "future");
    }

    @Test
    void replayedEventIsRejected() {
        String h = header(event(27235, api.base() + "/identity", "GET", now(), null));
        assertThat(api.send("GET", "/identity", null, h).status()).isEqualTo(200);
        assert401(api.send("GET", "/identity", null, h), "already used");
    }

    @Test
    void payloadHashMismatch() {
        String body = "{\"name\":\"Good\",\"subdomain\":\"payload-test\",\"plan\":\"free\"}";
        String other = Hex.encode(Event.sha256("{}".getBytes(StandardCharsets.UTF_8)));
        assert401(
                api.send("POST", "/relays", body, header(event(27235, api.base() + "/relays", "POST", now(), other))),
                "payload");
        assert401(
                api.send("POST", "/relays", body, header(event(27235, api.base() + "/relays", "POST", now(), null))),
                "missing payload");
        // nothing was created by the rejected requests
        Api.Response check = api.as(user, "GET", "/subdomains/payload-test", null);
        assertThat(check.json().get("available").asBoolean()).isTrue();
    }

    @Test
    void tokensFromNostrToolsAreAccepted() {
        NostrTools tools = NostrTools.get();
        JsonNode t = tools.call(
                "nip98Token",
                NostrTools.args()
                        .put("secret", user.secretHex())
                        .put("url", api.base() + "/identity")
                        .put("method", "GET"));
        Api.Response r = api.send("GET", "/identity", null, t.get("header").asText());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("pubkey").asText()).isEqualTo(user.pubkey());

        var payload = NostrTools.args()
                .put("name", "From nostr-tools")
                .put("subdomain", "nostr-tools-made")
                .put("plan", "free");
        var args = NostrTools.args()
                .put("secret", user.secretHex())
                .put("url", api.base() + "/relays")
                .put("method", "POST");
        args.set("payload", payload);
        JsonNode p = tools.call("nip98Token", args);
        Api.Response created = api.send(
                "POST", "/relays", p.get("body").asText(), p.get("header").asText());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().at("/relay/subdomain").asText()).isEqualTo("nostr-tools-made");
    }

    @Test
    void sessionFlow() {
        Api.Response s = api.as(user, "POST", "/auth/session", null);
        assertThat(s.status()).as(s.body()).isEqualTo(201);
        String token = s.json().get("token").asText();
        assertThat(s.json().get("pubkey").asText()).isEqualTo(user.pubkey());
        assertThat(api.bearer(token, "GET", "/identity", null).status()).isEqualTo(200);
        // a session cannot mint another session: that needs a fresh signature
        assert401(api.bearer(token, "POST", "/auth/session", null), "NIP-98");
        assertThat(api.bearer(token, "DELETE", "/auth/session", null).status()).isEqualTo(204);
        assert401(api.bearer(token, "GET", "/identity", null), "revoked");
        assert401(api.bearer("cvs_made_up", "GET", "/identity", null), "session");
        // the token is stored hashed only
        long plain = Inside.of(backend.app)
                .db()
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT count(*) FROM sessions WHERE token_hash = :t")
                        .bind("t", token)
                        .mapTo(Long.class)
                        .one());
        assertThat(plain).isZero();
    }
}
