package caravel.api;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.Inside;
import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.BothDatabases;
import caravel.testing.TestBackend;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad input gets a clear 400/409/413 and writes nothing. */
@BothDatabases
class ValidationTest {
    @TempDir
    static Path dir;

    static TestBackend backend;
    static Api api;
    static final Keys user = Keys.generate();
    static String relayId;
    Map<String, Long> before;

    @BeforeAll
    static void setUp() {
        backend = new TestBackend(dir);
        api = backend.api;
        Api.Response r =
                api.as(user, "POST", "/relays", "{\"name\":\"Base\",\"subdomain\":\"taken-one\",\"plan\":\"free\"}");
        assertThat(r.status()).isEqualTo(201);
        relayId = r.json().at("/relay/id").asText();
    }

    @AfterAll
    static void tearDown() {
        backend.close();
    }

    static Map<String, Long> counts() {
        return Inside.of(backend.app)
                .db()
                .jdbi()
                .withHandle(h -> Map.of(
                        "relays",
                                h.createQuery("SELECT count(*) FROM relays")
                                        .mapTo(Long.class)
                                        .one(),
                        // the provisioning jobs of relays made by other tests write their activity whenever they
                        // run (no zooid here); what a refused request could write is everything else
                        "activity",
                                h.createQuery(
                                                "SELECT count(*) FROM activity WHERE relay IS NULL OR relay NOT IN (SELECT id FROM relays)")
                                        .mapTo(Long.class)
                                        .one(),
                        // the platform's own periodic chains (each run queues its next, keyed by its kind) run
                        // whenever their period comes, during a request as well; a request could queue anything else
                        "jobs",
                                h.createQuery(
                                                "SELECT count(*) FROM jobs WHERE dedupe_key IS NULL OR dedupe_key <> kind")
                                        .mapTo(Long.class)
                                        .one(),
                        "relay_row",
                                h.createQuery(
                                                "SELECT count(*) FROM relays WHERE id = :id AND name = 'Base' AND subdomain = 'taken-one' AND description = '' AND icon = ''")
                                        .bind("id", relayId)
                                        .mapTo(Long.class)
                                        .one()));
    }

    @BeforeEach
    void snapshot() {
        before = counts();
    }

    static String body(String name, String sub, String plan, String extra) {
        return "{\"name\":" + name + ",\"subdomain\":" + sub + ",\"plan\":" + plan + (extra == null ? "" : "," + extra)
                + "}";
    }

    static String q(String s) {
        return Api.json(s);
    }

    static List<Object[]> badCreates() {
        String longName = "x".repeat(65), longDesc = "d".repeat(501), longIcon = "https://e.com/" + "i".repeat(2048);
        return List.of(
                new Object[] {body(q(""), q("fine-sub"), q("free"), null), "name is required"},
                new Object[] {body(q("   "), q("fine-sub"), q("free"), null), "name is required"},
                new Object[] {body(q(longName), q("fine-sub"), q("free"), null), "at most 64"},
                new Object[] {body("42", q("fine-sub"), q("free"), null), "must be a string"},
                new Object[] {body(q("ok"), q("ab"), q("free"), null), "at least 3"},
                new Object[] {body(q("ok"), q("a".repeat(64)), q("free"), null), "at most 63"},
                new Object[] {body(q("ok"), q("Upper"), q("free"), null), "lowercase"},
                new Object[] {body(q("ok"), q("1abc"), q("free"), null), "start with a letter"},
                new Object[] {body(q("ok"), q("-abc"), q("free"), null), "start with a letter"},
                new Object[] {body(q("ok"), q("abc-"), q("free"), null), "end with -"},
                new Object[] {body(q("ok"), q("ab_c"), q("free"), null), "a-z, 0-9"},
                new Object[] {body(q("ok"), q("ab.c"), q("free"), null), "a-z, 0-9"},
                new Object[] {body(q("ok"), q("www"), q("free"), null), "reserved"},
                new Object[] {body(q("ok"), q("xn--80ak6aa92e"), q("free"), null), "internationalized"},
                new Object[] {body(q("ok"), q("ab--cd"), q("free"), null), "internationalized"},
                new Object[] {
                    body(q("pay\u202Egnp.exe"), q("fine-sub"), q("free"), null), "invisible or direction-changing"
                },
                new Object[] {body(q("adm\u200Bin"), q("fine-sub"), q("free"), null), "invisible or direction-changing"
                },
                new Object[] {
                    body(q("a\u2066b\u2069"), q("fine-sub"), q("free"), null), "invisible or direction-changing"
                },
                new Object[] {body(q("\uFEFFname"), q("fine-sub"), q("free"), null), "invisible or direction-changing"},
                new Object[] {body(q("a\u200Db"), q("fine-sub"), q("free"), null), "invisible or direction-changing"},
                new Object[] {
                    body(q("ok"), q("fine-sub"), q("free"), "\"description\":" + q("x\u200Fy")),
                    "invisible or direction-changing"
                },
                new Object[] {body(q("ok"), q("admin"), q("free"), null), "reserved"},
                new Object[] {body(q("ok"), q("x'; drop table relays; --"), q("free"), null), "a-z, 0-9"},
                new Object[] {
                    body(q("Robert'); DROP TABLE relays;--"), q("sql-name"), q("premium"), null), "plan must be one of"
                },
                new Object[] {body(q("ok"), q("fine-sub"), q("free' OR '1'='1"), null), "plan must be one of"},
                new Object[] {body(q("ok"), q("fine-sub"), q("free"), "\"description\":" + q(longDesc)), "at most 500"},
                new Object[] {
                    body(q("ok"), q("fine-sub"), q("free"), "\"icon\":" + q("javascript:alert(1)")),
                    "http:// or https://"
                },
                new Object[] {
                    body(q("ok"), q("fine-sub"), q("free"), "\"icon\":" + q("ftp://files/x.png")), "http:// or https://"
                },
                new Object[] {body(q("ok"), q("fine-sub"), q("free"), "\"icon\":" + q(longIcon)), "2048"},
                new Object[] {body(q("ok"), q("fine-sub"), q("free"), "\"is_admin\":true"), "unknown field 'is_admin'"},
                new Object[] {body(q("ok"), q("fine-sub"), q("free"), "\"name\":\"dup\""), "not valid JSON"},
                new Object[] {"{\"name\":\"ok\",\"plan\":\"free\"}", "'subdomain' is required"},
                new Object[] {"[1,2]", "JSON object"},
                new Object[] {"{\"name\": \"unterminated", "not valid JSON"},
                new Object[] {"{} {}", "not valid JSON"},
                new Object[] {"", "JSON object"});
    }

    @ParameterizedTest
    @MethodSource("badCreates")
    void badCreateIsRejectedAndWritesNothing(String body, String message) {
        Api.Response r = api.as(user, "POST", "/relays", body.isEmpty() ? null : body);
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.error()).contains(message);
        assertThat(counts()).isEqualTo(before);
    }

    @Test
    void takenSubdomainIs409() {
        Api.Response r = api.as(Keys.generate(), "POST", "/relays", body(q("Other"), q("taken-one"), q("free"), null));
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.error()).contains("already taken");
        assertThat(counts().get("relays")).isEqualTo(before.get("relays"));
    }

    @Test
    void badUpdatesAreRejectedAndChangeNothing() {
        for (String[] c : new String[][] {
            {"{\"name\":\"\"}", "name is required"},
            {"{\"subdomain\":\"api\"}", "reserved"},
            {"{\"plan\":\"enterprise\"}", "plan must be one of"},
            {"{\"tenant\":\"" + Keys.generate().pubkey() + "\"}", "unknown field 'tenant'"},
            {"{\"status\":\"active\"}", "unknown field 'status'"},
            {"{\"description\":\"" + "x".repeat(501) + "\"}", "at most 500"}
        }) {
            Api.Response r = api.as(user, "PUT", "/relays/" + relayId, c[0]);
            assertThat(r.status()).as(c[0]).isEqualTo(400);
            assertThat(r.error()).contains(c[1]);
        }
        Api.Response other = api.as(user, "POST", "/relays", body(q("Second"), q("second-one"), q("free"), null));
        Api.Response clash = api.as(
                user, "PUT", "/relays/" + other.json().at("/relay/id").asText(), "{\"subdomain\":\"taken-one\"}");
        assertThat(clash.status()).isEqualTo(409);
        assertThat(counts().get("relay_row")).isEqualTo(1L);
    }

    @Test
    void oversizedBodyIs413() {
        String huge = body(q("ok"), q("huge-one"), q("free"), "\"description\":" + q("x".repeat(70_000)));
        Api.Response r = api.as(user, "POST", "/relays", huge);
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.error()).contains("larger than");
        assertThat(counts()).isEqualTo(before);
    }

    @Test
    void sqlLookingSearchIsJustText() {
        Api.Response r = api.as(user, "GET", "/tenants/" + user.pubkey() + "/relays?q=%27%20OR%201%3D1%20--", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("total").asLong()).isZero();
        Api.Response pct = api.as(user, "GET", "/tenants/" + user.pubkey() + "/relays?q=%25", null);
        assertThat(pct.json().get("total").asLong()).isZero();
        Api.Response hit = api.as(user, "GET", "/tenants/" + user.pubkey() + "/relays?q=TAKEN", null);
        assertThat(hit.json().get("total").asLong()).isEqualTo(1);
        assertThat(api.as(user, "GET", "/tenants/" + user.pubkey() + "/relays?status=bogus", null)
                        .status())
                .isEqualTo(400);
        assertThat(api.as(user, "GET", "/tenants/" + user.pubkey() + "/relays?per_page=1000", null)
                        .status())
                .isEqualTo(400);
        assertThat(api.as(user, "GET", "/tenants/not-a-key/relays", null).status())
                .isEqualTo(400);
    }

    @Test
    void unicodeNamesAreKeptExactly() {
        String name = "Café ☕ \"quoted\" \\ 🚀 👩\u200D💻"; // a joiner inside an emoji sequence is fine
        Api.Response r = api.as(
                user,
                "POST",
                "/relays",
                body(q(name), q("unicode-one"), q("free"), "\"description\":" + q("line1\nline2")));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        Api.Response got =
                api.as(user, "GET", "/relays/" + r.json().at("/relay/id").asText(), null);
        assertThat(got.json().get("name").asText()).isEqualTo(name);
        assertThat(got.json().get("description").asText()).isEqualTo("line1\nline2");
    }

    @Test
    void concurrentCreatesOfOneSubdomainMakeExactlyOneRelay() throws Exception {
        try (var pool = Executors.newFixedThreadPool(8)) {
            List<Future<Integer>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Keys k = Keys.generate();
                results.add(pool.submit(
                        () -> api.as(k, "POST", "/relays", body(q("Race"), q("race-one"), q("free"), null))
                                .status()));
            }
            List<Integer> statuses = new java.util.ArrayList<>();
            for (Future<Integer> f : results) statuses.add(f.get());
            assertThat(statuses).containsOnly(201, 409);
            assertThat(statuses.stream().filter(s -> s == 201).count()).isEqualTo(1);
        }
        long rows = Inside.of(backend.app)
                .db()
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT count(*) FROM relays WHERE subdomain = 'race-one'")
                        .mapTo(Long.class)
                        .one());
        assertThat(rows).isEqualTo(1);
    }
}
