package caravel.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.Inside;
import caravel.domain.Actor;
import caravel.moves.MoveStore;
import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.BothDatabases;
import caravel.testing.TestBackend;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Personal API tokens through the API, tried as someone holding a token would try to stretch it: a read token at a
 * write, a token limited to one relay at another, a token at the account's, the tokens' and the administrators'
 * routes, a token minting tokens, a scope beyond the creator's role or unknown (refused, nothing written), a token
 * whose creator lost the role, an expired and a revoked token; the token never shown again; every change made with a
 * token named in the activity log and its export.
 */
@BothDatabases
class ApiTokensApiTest {
    @TempDir
    static Path dir;

    static TestBackend backend;
    static Api api;

    @BeforeAll
    static void setUp() {
        backend = new TestBackend(dir);
        api = backend.api;
    }

    @AfterAll
    static void tearDown() {
        backend.close();
    }

    static String relay(Keys k, String sub) {
        Api.Response r =
                api.as(k, "POST", "/relays", "{\"name\":\"R\",\"subdomain\":\"" + sub + "\",\"plan\":\"free\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().at("/relay/id").asText();
    }

    static Api.Response create(Keys k, String body) {
        return api.as(k, "POST", "/tokens", body);
    }

    static JsonNode token(Keys k, String scopes, String relayId) {
        Api.Response r = create(
                k,
                "{\"name\":\"script\",\"scopes\":[" + scopes + "]"
                        + (relayId == null ? "" : ",\"relay_id\":\"" + relayId + "\"") + "}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    static void refusedByScope(Api.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(403);
        assertThat(r.json().path("code").asText()).isEqualTo("token_scope");
    }

    @Test
    void aReadTokenReadsAndChangesNothingAndIsShownOnce() {
        Keys owner = Keys.generate();
        String id = relay(owner, "tok-read");
        JsonNode t = token(owner, "\"read\"", null);
        String secret = t.path("token").asText();
        assertThat(secret).startsWith("caravel_").hasSizeGreaterThan(40);
        assertThat(t.path("prefix").asText()).isEqualTo(secret.substring(0, 14));

        // reads, as curl would: the relay, its activity, its team, its export
        for (String path : List.of("/relays/" + id, "/relays/" + id + "/activity", "/relays/" + id + "/team"))
            assertThat(api.bearer(secret, "GET", path, null).status()).as(path).isEqualTo(200);
        Api.Response export = api.bearer(secret, "GET", "/relays/" + id + "/activity/export?format=jsonl", null);
        assertThat(export.status()).as(export.body()).isEqualTo(200);
        assertThat(export.body()).contains("\"kind\":");

        // no change of any kind
        refusedByScope(api.bearer(secret, "PUT", "/relays/" + id, "{\"name\":\"Mine\"}"));
        refusedByScope(api.bearer(
                secret,
                "POST",
                "/relays/" + id + "/team",
                "{\"pubkey\":\"" + Keys.generate().pubkey() + "\",\"role\":\"moderator\"}"));
        refusedByScope(api.bearer(
                secret,
                "POST",
                "/relays/" + id + "/bans",
                "{\"pubkey\":\"" + Keys.generate().pubkey() + "\"}"));
        // deleting or giving away a relay is in no scope
        refusedByScope(api.bearer(secret, "POST", "/relays/" + id + "/deactivate", null));
        refusedByScope(api.bearer(
                secret,
                "POST",
                "/relays/" + id + "/transfer",
                "{\"pubkey\":\"" + Keys.generate().pubkey() + "\"}"));
        assertThat(api.as(owner, "GET", "/relays/" + id, null)
                        .json()
                        .path("name")
                        .asText())
                .isEqualTo("R");
        // but what it tried is in the relay's activity, naming the token (a leaked token's attempts are worth reading)
        JsonNode tried =
                api.as(owner, "GET", "/relays/" + id + "/activity", null).json().path("items");
        List<String> attempts = new java.util.ArrayList<>();
        tried.forEach(i -> {
            if (i.path("via_token").asText().equals(t.path("id").asText()))
                attempts.add(i.path("message").asText());
        });
        assertThat(attempts)
                .as(tried.toString())
                .hasSize(5)
                .allMatch(m -> m.startsWith("API token \"") && m.endsWith("answered 403"))
                .anyMatch(m -> m.contains("PUT /relays/{id} "));

        // nothing outside a relay's routes: tokens, sessions, the account, the administrators'
        for (String[] c : new String[][] {
            {"POST", "/tokens", "{\"name\":\"more\",\"scopes\":[\"read\"]}"},
            {"GET", "/tokens", null},
            {"DELETE", "/tokens/" + t.path("id").asText(), null},
            {"GET", "/tenants/" + owner.pubkey() + "/invoices", null},
            {"GET", "/identity", null},
            {"POST", "/relays", "{\"name\":\"R\",\"subdomain\":\"tok-minted\",\"plan\":\"free\"}"},
            {"GET", "/admin/activity/export", null},
        }) {
            Api.Response r = api.bearer(secret, c[0], c[1], c[2]);
            assertThat(r.status()).as(c[0] + " " + c[1] + ": " + r.body()).isEqualTo(403);
            assertThat(r.json().path("code").asText()).isEqualTo("token_not_accepted");
        }
        // signing in with a token: the session route takes a fresh signature only
        assertThat(api.bearer(secret, "POST", "/auth/session", null).status()).isEqualTo(401);

        // never shown again: the list has its prefix, not the token
        Api.Response list = api.as(owner, "GET", "/tokens", null);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).doesNotContain(secret).contains(t.path("prefix").asText());
        assertThat(list.json().path("items").get(0).has("token")).isFalse();
    }

    @Test
    void aScopeBeyondTheRoleOrUnknownIsRefusedAndWritesNothing() {
        Keys owner = Keys.generate(), mod = Keys.generate(), stranger = Keys.generate();
        String id = relay(owner, "tok-role");
        assertThat(api.as(
                                owner,
                                "POST",
                                "/relays/" + id + "/team",
                                "{\"pubkey\":\"" + mod.pubkey() + "\",\"role\":\"moderator\"}")
                        .status())
                .isEqualTo(201);
        for (String scope : List.of("manage", "billing")) {
            Api.Response r = create(mod, "{\"name\":\"x\",\"scopes\":[\"" + scope + "\"],\"relay_id\":\"" + id + "\"}");
            refusedByScope(r);
            assertThat(r.json().path("field").asText()).isEqualTo("scopes");
            assertThat(r.error()).contains(scope).contains("moderator");
        }
        Api.Response unknown = create(owner, "{\"name\":\"x\",\"scopes\":[\"read\",\"admin\"]}");
        assertThat(unknown.status()).as(unknown.body()).isEqualTo(400);
        assertThat(unknown.json().path("field").asText()).isEqualTo("scopes");
        assertThat(unknown.error()).contains("admin");
        assertThat(create(owner, "{\"name\":\"x\",\"scopes\":[]}").status()).isEqualTo(400);
        assertThat(create(owner, "{\"scopes\":[\"read\"]}").json().path("field").asText())
                .isEqualTo("name");
        Api.Response days = create(owner, "{\"name\":\"x\",\"scopes\":[\"read\"],\"expires_in_days\":9999}");
        assertThat(days.json().path("field").asText()).isEqualTo("expires_in_days");
        // a relay the creator has no role on: as unknown as to any stranger
        assertThat(create(stranger, "{\"name\":\"x\",\"scopes\":[\"read\"],\"relay_id\":\"" + id + "\"}")
                        .status())
                .isEqualTo(404);
        for (Keys k : List.of(owner, mod, stranger))
            assertThat(api.as(k, "GET", "/tokens", null).json().path("items").size())
                    .as("nothing written")
                    .isZero();
        // within the role: a moderator's moderate token on the relay
        assertThat(token(mod, "\"moderate\",\"read\"", id).path("relay_id").asText())
                .isEqualTo(id);
    }

    @Test
    void aTokenLimitedToOneRelayIsRefusedOnAnother() {
        Keys owner = Keys.generate();
        String a = relay(owner, "tok-a"), b = relay(owner, "tok-b");
        String secret = token(owner, "\"read\",\"manage\"", a).path("token").asText();
        assertThat(api.bearer(secret, "GET", "/relays/" + a, null).status()).isEqualTo(200);
        refusedByScope(api.bearer(secret, "GET", "/relays/" + b, null));
        refusedByScope(api.bearer(secret, "GET", "/relays/" + b + "/activity/export", null));
        refusedByScope(api.bearer(secret, "PUT", "/relays/" + b, "{\"name\":\"Other\"}"));
        // a manage token may not change the plan on the side of an edit
        refusedByScope(api.bearer(secret, "PUT", "/relays/" + a, "{\"name\":\"N\",\"plan\":\"basic\"}"));
    }

    @Test
    void erasingAPersonIsInNoScope() {
        Keys owner = Keys.generate();
        String id = relay(owner, "tok-erase");
        String all = token(owner, "\"read\",\"manage\",\"moderate\",\"billing\"", id)
                .path("token")
                .asText();
        String member = Keys.generate().pubkey();
        // irreversible, like deleting the relay: a leaked script credential must not be able to erase anyone
        refusedByScope(api.bearer(
                all, "POST", "/relays/" + id + "/members/" + member + "/erase", "{\"confirm\":\"" + member + "\"}"));
        assertThat(api.bearer(all, "GET", "/relays/" + id + "/erasures", null).status())
                .isEqualTo(200);
    }

    @Test
    void aTokenLosesItsPowerWithItsCreatorsRole() {
        Keys owner = Keys.generate(), admin = Keys.generate();
        String id = relay(owner, "tok-team");
        assertThat(api.as(
                                owner,
                                "POST",
                                "/relays/" + id + "/team",
                                "{\"pubkey\":\"" + admin.pubkey() + "\",\"role\":\"admin\"}")
                        .status())
                .isEqualTo(201);
        String secret = token(admin, "\"read\",\"manage\"", null).path("token").asText();
        assertThat(api.bearer(secret, "PUT", "/relays/" + id, "{\"name\":\"By admin\"}")
                        .status())
                .isEqualTo(200);
        // beyond the admin's role though within the token's unlimited reach: billing is the owner's
        assertThat(api.bearer(secret, "GET", "/relays/" + id + "/transfer", null)
                        .status())
                .isEqualTo(403);
        assertThat(api.as(owner, "DELETE", "/relays/" + id + "/team/" + admin.pubkey(), null)
                        .status())
                .isEqualTo(204);
        // removed: the token is a stranger's on its very next request
        assertThat(api.bearer(secret, "GET", "/relays/" + id, null).status()).isEqualTo(404);
        assertThat(api.bearer(secret, "PUT", "/relays/" + id, "{\"name\":\"Still?\"}")
                        .status())
                .isEqualTo(404);
    }

    @Test
    void everyChangeMadeWithATokenIsNamedInTheActivityAndItsExport() {
        Keys owner = Keys.generate();
        String id = relay(owner, "tok-named");
        JsonNode t = token(owner, "\"manage\"", id);
        String tokenId = t.path("id").asText();
        assertThat(api.bearer(t.path("token").asText(), "PUT", "/relays/" + id, "{\"name\":\"Renamed\"}")
                        .status())
                .isEqualTo(200);
        JsonNode items =
                api.as(owner, "GET", "/relays/" + id + "/activity", null).json().path("items");
        List<JsonNode> byToken = new java.util.ArrayList<>();
        items.forEach(i -> {
            if (i.path("via_token").asText().equals(tokenId)) byToken.add(i);
        });
        assertThat(byToken).as(items.toString()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(byToken).allMatch(i -> i.path("actor").asText().equals(owner.pubkey()));
        assertThat(byToken)
                .anyMatch(i -> i.path("kind").asText().equals("api_token")
                        && i.path("message").asText().contains("PUT /relays/{id}"));
        // the owner's own change (a signature) names no token
        assertThat(items.get(items.size() - 1).path("via_token").isNull()).isTrue();
        Api.Response csv = api.as(owner, "GET", "/relays/" + id + "/activity/export?format=csv", null);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.body()).startsWith("id,created_at,relay,tenant,kind,actor,via_token,message\r\n");
        assertThat(csv.body()).contains("\"" + tokenId + "\"");
        // the token's last use is recorded
        JsonNode listed =
                api.as(owner, "GET", "/tokens", null).json().path("items").get(0);
        assertThat(listed.path("last_used_at").isNull()).isFalse();
    }

    @Test
    void revokedAndExpiredTokensAreRefused() {
        Keys owner = Keys.generate(), other = Keys.generate();
        String id = relay(owner, "tok-revoke");
        JsonNode t = token(owner, "\"read\"", null);
        String secret = t.path("token").asText();
        assertThat(api.bearer(secret, "GET", "/relays/" + id, null).status()).isEqualTo(200);
        // someone else's token cannot be revoked (nor learned to exist)
        assertThat(api.as(other, "DELETE", "/tokens/" + t.path("id").asText(), null)
                        .status())
                .isEqualTo(404);
        assertThat(api.bearer(secret, "GET", "/relays/" + id, null).status()).isEqualTo(200);
        assertThat(api.as(owner, "DELETE", "/tokens/" + t.path("id").asText(), null)
                        .status())
                .isEqualTo(204);
        Api.Response after = api.bearer(secret, "GET", "/relays/" + id, null);
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.error()).contains("revoked").doesNotContain(secret);
        assertThat(api.as(owner, "GET", "/tokens", null)
                        .json()
                        .path("items")
                        .get(0)
                        .path("revoked_at")
                        .isNull())
                .isFalse();
        // a made-up token with the prefix
        assertThat(api.bearer("caravel_" + "x".repeat(43), "GET", "/relays/" + id, null)
                        .status())
                .isEqualTo(401);

        String day = create(owner, "{\"name\":\"short\",\"scopes\":[\"read\"],\"expires_in_days\":1}")
                .json()
                .path("token")
                .asText();
        assertThat(api.bearer(day, "GET", "/relays/" + id, null).status()).isEqualTo(200);
        backend.clock.advance(Duration.ofDays(1).plusSeconds(1));
        assertThat(api.bearer(day, "GET", "/relays/" + id, null).status()).isEqualTo(401);
    }

    @Test
    void theExportNeutralizesFormulasChecksItsRangeAndStreams() throws Exception {
        Keys owner = Keys.generate();
        String id = relay(owner, "tok-export");
        var log = Inside.of(backend.app).activity();
        long now = backend.clock.seconds();
        log.add(owner.pubkey(), id, "note", "=HYPERLINK(\"http://evil\",\"x\")", Actor.person(owner.pubkey()), now);
        log.add(owner.pubkey(), id, "note", "@SUM(1+1)", Actor.person(owner.pubkey()), now);
        String csv =
                api.as(owner, "GET", "/relays/" + id + "/activity/export", null).body();
        assertThat(csv)
                .contains("\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\"")
                .contains("\"'@SUM(1+1)\"");
        assertThat(csv).doesNotContain(",=").doesNotContain(",@");

        // the range: checked whole before a byte is sent
        for (String[] c : new String[][] {
            {"from=2026-13-01", "from"},
            {"to=yesterday", "to"},
            {"from=2026-02-01&to=2026-01-01", "to"},
            {"format=xml", "format"}
        }) {
            Api.Response r = api.as(owner, "GET", "/relays/" + id + "/activity/export?" + c[0], null);
            assertThat(r.status()).as(c[0]).isEqualTo(400);
            assertThat(r.json().path("field").asText()).isEqualTo(c[1]);
        }
        // a range before the lines: only the header
        assertThat(api.as(owner, "GET", "/relays/" + id + "/activity/export?from=2001-01-01&to=2001-01-31", null)
                        .body()
                        .split("\r\n"))
                .hasSize(1);

        // many rows, streamed: sent in chunks (no length known beforehand), every row there once
        int rows = 6_000;
        Inside.of(backend.app).db().jdbi().useTransaction(h -> {
            for (int i = 0; i < rows; i++) log.add(h, owner.pubkey(), id, "bulk", "line " + i, Actor.SYSTEM, now);
        });
        String path = "/relays/" + id + "/activity/export?format=jsonl";
        HttpResponse<java.io.InputStream> streamed = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(api.base() + path))
                                .header(
                                        "Authorization",
                                        Api.nip98(owner, api.base() + path, "GET", null, backend.clock.seconds()))
                                .build(),
                        HttpResponse.BodyHandlers.ofInputStream());
        assertThat(streamed.statusCode()).isEqualTo(200);
        assertThat(streamed.headers().firstValue("Content-Length")).isEmpty();
        long bulk;
        try (var lines = new java.io.BufferedReader(
                new java.io.InputStreamReader(streamed.body(), java.nio.charset.StandardCharsets.UTF_8))) {
            bulk = lines.lines().filter(l -> l.contains("\"kind\":\"bulk\"")).count();
        }
        assertThat(bulk).isEqualTo(rows);
    }

    @Test
    void theAdministratorsActionsExportHoldsTheirLinesOnly() {
        Keys owner = Keys.generate();
        String id = relay(owner, "tok-admin");
        var log = Inside.of(backend.app).activity();
        long now = backend.clock.seconds();
        log.add(owner.pubkey(), id, "suspended", "by the platform", Actor.person(backend.admin.pubkey()), now);
        log.add(owner.pubkey(), id, "renamed", "by its owner", Actor.person(owner.pubkey()), now);
        // an administrator's platform ban and move keep their own records, not activity lines: the export has them
        String banned = Keys.generate().pubkey();
        Api.Response ban = api.as(
                backend.admin,
                "POST",
                "/admin/platform-bans",
                "{\"pubkey\":\"" + banned + "\",\"reason\":\"spam wave\"}");
        assertThat(ban.status()).as(ban.body()).isEqualTo(201);
        var moves = new MoveStore(Inside.of(backend.app).db().jdbi());
        for (Keys actor : List.of(backend.admin, owner))
            moves.jdbi()
                    .useHandle(h -> moves.insert(
                            h,
                            new MoveStore.Move(
                                    "mv-" + actor.pubkey().substring(0, 8),
                                    id,
                                    "default",
                                    "b",
                                    MoveStore.Step.QUEUED,
                                    0,
                                    null,
                                    actor.pubkey(),
                                    now,
                                    null,
                                    now)));
        Api.Response r = api.as(backend.admin, "GET", "/admin/activity/export?format=jsonl", null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("by the platform").doesNotContain("by its owner");
        String banLine = line(r.body(), "platform_ban:" + ban.json().path("id").asText());
        assertThat(banLine)
                .contains("\"kind\":\"platform_ban\"")
                .contains(banned)
                .contains("spam wave");
        assertThat(banLine).contains("\"actor\":\"" + backend.admin.pubkey() + "\"");
        String moveLine =
                line(r.body(), "relay_move:mv-" + backend.admin.pubkey().substring(0, 8));
        assertThat(moveLine).contains("\"relay\":\"" + id + "\"").contains("move from node default to node b (queued)");
        assertThat(r.body())
                .as("a move no administrator started")
                .doesNotContain("mv-" + owner.pubkey().substring(0, 8));
        // the range holds them too: a day before they happened has none
        assertThat(api.as(backend.admin, "GET", "/admin/activity/export?from=2001-01-01&to=2001-01-31", null)
                        .body()
                        .split("\r\n"))
                .hasSize(1);
        assertThat(api.as(owner, "GET", "/admin/activity/export", null).status())
                .isEqualTo(403);
    }

    /** The JSON line of the export whose id is {@code id}. */
    private static String line(String export, String id) {
        return export.lines()
                .filter(l -> l.startsWith("{\"id\":\"" + id + "\""))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no line " + id + " in " + export));
    }

    @Test
    void retentionRemovesOnlyTheLinesOlderThanItsDaysInBatches() {
        Keys owner = Keys.generate();
        String id = relay(owner, "tok-retention");
        var log = Inside.of(backend.app).activity();
        // 2,500 lines from 1970 (more than two of the job's batches), one from now
        Inside.of(backend.app).db().jdbi().useTransaction(h -> {
            for (int i = 0; i < 2_500; i++) log.add(h, owner.pubkey(), id, "ancient", "old " + i, Actor.SYSTEM, 1_000);
        });
        log.add(owner.pubkey(), id, "recent", "kept", Actor.SYSTEM, backend.clock.seconds());
        assertThat(log.keepFor(Duration.ZERO, backend.clock))
                .as("0 keeps every line")
                .isZero();
        assertThat(log.keepFor(Duration.ofDays(3650), backend.clock)).isEqualTo(2_500);
        String export = api.as(owner, "GET", "/relays/" + id + "/activity/export?from=1970-01-01&format=jsonl", null)
                .body();
        assertThat(export).contains("\"kind\":\"recent\"").doesNotContain("\"kind\":\"ancient\"");
    }
}
