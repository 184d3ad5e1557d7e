package caravel.api;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.Inside;
import caravel.domains.RelayDomain;
import caravel.domains.ServedDomain;
import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.BothDatabases;
import caravel.testing.FakeCaddy;
import caravel.testing.LocalDns;
import caravel.testing.TestBackend;
import caravel.testing.Wait;
import caravel.testing.ZooidEmulator;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Custom domains over real HTTP, against the zooid emulator and a DNS server on 127.0.0.1 (DNS_RESOLVERS): set,
 * verified only with both records, served (relay view, /tls/ask), lost after three background misses or at once on the
 * owner's check, back when the records return, removed; and what a stranger, another tenant or a cheaper plan gets.
 */
@Tag("peer")
@BothDatabases
class CustomDomainApiTest {
    static final String PLANS = "[{\"id\":\"free\",\"name\":\"Free\",\"price\":0,\"members\":10},"
            + "{\"id\":\"small\",\"name\":\"Small\",\"price\":0,\"members\":10,\"custom_domain\":false}]";

    @TempDir
    Path dir;

    final Keys zooidKey = Keys.generate(), owner = Keys.generate(), other = Keys.generate();
    ZooidEmulator zooid;
    LocalDns dns;
    /** The proxy: a verified domain is the relay's address once its route is there. */
    FakeCaddy caddy;

    TestBackend backend;
    Api api;

    @AfterEach
    void stop() throws Exception {
        if (backend != null) backend.close();
        if (zooid != null) zooid.close();
        if (dns != null) dns.close();
        if (caddy != null) caddy.close();
    }

    private void start() throws Exception {
        zooid = new ZooidEmulator(dir.resolve("zooid"), zooidKey.pubkey(), 0);
        dns = new LocalDns();
        caddy = new FakeCaddy();
        backend = new TestBackend(dir, env -> {
            env.put("CADDY_ADMIN_URL", caddy.url());
            env.put("ZOOID_API_URL", "http://127.0.0.1:" + zooid.port);
            env.put("ZOOID_RELAY_ORIGIN", "http://127.0.0.1:" + zooid.port);
            env.put("ZOOID_API_SECRET", zooidKey.secretHex());
            env.put("DNS_RESOLVERS", dns.address());
            env.put("DOMAIN_CHECK_SECONDS", "60");
            env.put("PLANS", PLANS);
        });
        api = backend.api;
    }

    private int ask(String domain) {
        return api.send("GET", "/tls/ask?domain=" + URLEncoder.encode(domain, StandardCharsets.UTF_8), null, null)
                .status();
    }

    private String create(Keys who, String sub, String plan) {
        Api.Response r = api.as(
                who,
                "POST",
                "/relays",
                "{\"name\":\"Relay " + sub + "\",\"subdomain\":\"" + sub + "\",\"plan\":\"" + plan + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String id = r.json().at("/relay/id").asText();
        Wait.until(
                "relay " + id + " active",
                Duration.ofSeconds(20),
                () -> api.as(who, "GET", "/relays/" + id, null).json(),
                v -> v.get("status").asText().equals("active")
                        && v.at("/sync/state").asText().equals("synced"));
        return id;
    }

    private Api.Response put(Keys who, String id, String domain) {
        return api.as(who, "PUT", "/relays/" + id + "/domain", "{\"domain\":" + Api.json(domain) + "}");
    }

    private JsonNode check(Keys who, String id) {
        Api.Response r = api.as(who, "POST", "/relays/" + id + "/domain/check", null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private JsonNode relay(String id) {
        return api.as(owner, "GET", "/relays/" + id, null).json();
    }

    private void records(String domain, String canonical, String token) {
        dns.cname(domain, canonical).txt("_caravel." + domain, "caravel-verify=" + token);
    }

    private RelayDomain row(String id) {
        return Inside.of(backend.app).domains().of(id).orElseThrow();
    }

    /** Moves the clock past the background run's period and waits for a check of the relay's domain after it. */
    private RelayDomain backgroundCheck(String id) {
        long before = row(id).checkedAt() == null ? 0 : row(id).checkedAt();
        backend.clock.advance(Duration.ofSeconds(3601));
        return Wait.until(
                "a background check of " + id,
                Duration.ofSeconds(20),
                () -> row(id),
                d -> d.checkedAt() != null && d.checkedAt() > before);
    }

    private boolean activity(String id, String kind) {
        for (JsonNode a :
                api.as(owner, "GET", "/relays/" + id + "/activity", null).json().get("items"))
            if (a.get("kind").asText().equals(kind)) return true;
        return false;
    }

    @Test
    void aDomainIsServedOnceBothRecordsProveItAndNoLongerOnceTheyAreGone() throws Exception {
        start();
        String id = create(owner, "team", "free");
        Api.Response set = put(owner, id, " Relay.Hikers.ORG. ");
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        JsonNode d = set.json();
        assertThat(d.get("domain").asText()).isEqualTo("relay.hikers.org");
        assertThat(d.get("state").asText()).isEqualTo("pending");
        assertThat(d.get("problem").asText()).contains("no CNAME");
        assertThat(d.at("/records/0/type").asText()).isEqualTo("CNAME");
        assertThat(d.at("/records/0/name").asText()).isEqualTo("relay.hikers.org");
        assertThat(d.at("/records/0/value").asText()).isEqualTo("team.relays.test");
        assertThat(d.at("/records/0/purpose").asText()).isEqualTo("route");
        assertThat(d.at("/records/1/type").asText()).isEqualTo("TXT");
        assertThat(d.at("/records/1/name").asText()).isEqualTo("_caravel.relay.hikers.org");
        String txt = d.at("/records/1/value").asText();
        assertThat(txt).matches("caravel-verify=[0-9a-f]{32}");
        String token = txt.substring("caravel-verify=".length());
        assertThat(d.get("checked_at").isNull()).isFalse();
        assertThat(relay(id).at("/custom_domain/state").asText()).isEqualTo("pending");
        assertThat(relay(id).get("public_url").asText())
                .isEqualTo(relay(id).get("url").asText());
        assertThat(ask("relay.hikers.org")).isEqualTo(404);

        // the CNAME alone is no proof of ownership: a freed subdomain's new holder would otherwise inherit the name
        dns.cname("relay.hikers.org", "team.relays.test");
        JsonNode c = check(owner, id);
        assertThat(c.get("state").asText()).isEqualTo("pending");
        assertThat(c.get("problem").asText()).contains("TXT");
        assertThat(ask("relay.hikers.org")).isEqualTo(404);
        // nor is the TXT record beside a CNAME to another relay
        dns.cname("relay.hikers.org", "other.relays.test").txt("_caravel.relay.hikers.org", "caravel-verify=" + token);
        c = check(owner, id);
        assertThat(c.get("state").asText()).isEqualTo("pending");
        assertThat(c.get("problem").asText()).contains("other.relays.test");
        // a TXT record with another token neither
        dns.cname("relay.hikers.org", "team.relays.test").txt("_caravel.relay.hikers.org", "caravel-verify=00");
        assertThat(check(owner, id).get("state").asText()).isEqualTo("pending");

        // both: verified and served, through a CNAME chain of the owner's own too
        dns.cname("relay.hikers.org", "edge.hikers.net").cname("edge.hikers.net", "team.relays.test");
        dns.txt("_caravel.relay.hikers.org", "other=1", "caravel-verify=" + token);
        c = check(owner, id);
        assertThat(c.get("state").asText()).isEqualTo("verified");
        assertThat(c.get("problem").isNull()).isTrue();
        assertThat(c.get("verified_at").asLong()).isPositive();
        assertThat(relay(id).get("public_url").asText()).isEqualTo("wss://relay.hikers.org/");
        assertThat(caddy.customMappings().toString()).contains("relay.hikers.org");
        assertThat(Inside.of(backend.app).domains().served()).containsExactly(new ServedDomain("relay.hikers.org", id));
        assertThat(activity(id, "domain_verified")).isTrue();
        assertThat(ask("relay.hikers.org")).isEqualTo(200);
        assertThat(ask("RELAY.Hikers.org")).isEqualTo(200);
        // the canonical host keeps its certificate throughout
        assertThat(ask("team.relays.test")).isEqualTo(200);
        for (String name : new String[] {
            "relay.hikers.org.", // a trailing dot is never a TLS server name
            "x.relay.hikers.org", // a name under it is not it
            "hikers.org",
            "relay.hikers.org:443",
            "relay.hikers.org.evil.com",
            "\u212Aelay.hikers.org",
            "relay.hikers.org\u0000",
        }) assertThat(ask(name)).as(name).isEqualTo(404);

        // setting the same domain again keeps its token and state
        Api.Response again = put(owner, id, "relay.hikers.org");
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.json().at("/records/1/value").asText()).isEqualTo(txt);
        assertThat(again.json().get("state").asText()).isEqualTo("verified");

        // the records go: two background misses keep it served (a DNS hiccup), the third loses it
        dns.remove("relay.hikers.org").remove("_caravel.relay.hikers.org");
        RelayDomain b = backgroundCheck(id);
        assertThat(b.state()).isEqualTo("verified");
        assertThat(b.misses()).isEqualTo(1);
        assertThat(ask("relay.hikers.org")).isEqualTo(200);
        assertThat(backgroundCheck(id).misses()).isEqualTo(2);
        b = backgroundCheck(id);
        assertThat(b.state()).isEqualTo("lost");
        assertThat(ask("relay.hikers.org")).isEqualTo(404);
        assertThat(ask("team.relays.test")).isEqualTo(200);
        assertThat(relay(id).get("public_url").asText())
                .isEqualTo(relay(id).get("url").asText());
        assertThat(relay(id).at("/custom_domain/state").asText()).isEqualTo("lost");
        assertThat(Inside.of(backend.app).domains().served()).isEmpty();
        assertThat(caddy.customMappings()).isEmpty();
        assertThat(activity(id, "domain_lost")).isTrue();

        // back when the records return
        records("relay.hikers.org", "team.relays.test", token);
        assertThat(check(owner, id).get("state").asText()).isEqualTo("verified");
        assertThat(ask("relay.hikers.org")).isEqualTo(200);

        // the owner's own check believes DNS at once
        dns.remove("relay.hikers.org");
        assertThat(check(owner, id).get("state").asText()).isEqualTo("lost");
        assertThat(ask("relay.hikers.org")).isEqualTo(404);

        // removed: no domain, the canonical address stays
        records("relay.hikers.org", "team.relays.test", token);
        assertThat(check(owner, id).get("state").asText()).isEqualTo("verified");
        assertThat(api.as(owner, "DELETE", "/relays/" + id + "/domain", null).status())
                .isEqualTo(204);
        assertThat(relay(id).get("custom_domain").isNull()).isTrue();
        // the old domain keeps a certificate while it redirects to the relay (RELAY_REDIRECT_SECONDS,
        // CustomDomainRedirectTest), and none after
        assertThat(ask("relay.hikers.org")).isEqualTo(200);
        assertThat(ask("team.relays.test")).isEqualTo(200);
        assertThat(api.as(owner, "POST", "/relays/" + id + "/domain/check", null)
                        .status())
                .isEqualTo(404);
        // set again: a new token
        Api.Response fresh = put(owner, id, "relay.hikers.org");
        assertThat(fresh.json().at("/records/1/value").asText()).isNotEqualTo(txt);
        assertThat(fresh.json().get("state").asText()).isEqualTo("pending");
        backend.clock.advance(Duration.ofDays(30).plusSeconds(1));
        assertThat(ask("relay.hikers.org")).isEqualTo(404);
    }

    @Test
    void strangersInvalidNamesAndPlansWithoutDomainsAreRefused() throws Exception {
        start();
        String id = create(owner, "team", "free");
        // another tenant: the relay does not exist for them
        assertThat(put(other, id, "relay.hikers.org").status()).isEqualTo(404);
        assertThat(api.as(other, "POST", "/relays/" + id + "/domain/check", null)
                        .status())
                .isEqualTo(404);
        assertThat(api.as(other, "DELETE", "/relays/" + id + "/domain", null).status())
                .isEqualTo(404);
        assertThat(api.send("PUT", "/relays/" + id + "/domain", "{\"domain\":\"relay.hikers.org\"}", null)
                        .status())
                .isEqualTo(401);
        // an administrator may
        assertThat(put(backend.admin, id, "relay.hikers.org").status()).isEqualTo(200);

        for (String bad : new String[] {
            "",
            "hikers", // one label
            "1.2.3.4", // an address
            "team.relays.test", // the platform's own names
            "x.team.relays.test",
            "relays.test",
            "127.0.0.1",
            "a..hikers.org",
            "-a.hikers.org",
            "a-.hikers.org",
            "r\u00e9lay.hikers.org", // not ASCII: the xn-- form is how it is written
            "\u212Aite.hikers.org",
            "relay_1.hikers.org",
            "relay.hikers.org/x",
            "x".repeat(64) + ".org",
            "abcdefghi.".repeat(26) + "org",
        }) {
            Api.Response r = put(owner, id, bad);
            assertThat(r.status()).as("'%s': %s", bad, r.body()).isEqualTo(400);
            assertThat(r.json().get("field").asText()).isEqualTo("domain");
        }
        assertThat(put(owner, id, "xn--rlay-bpa.hikers.org").status()).isEqualTo(200);
        Api.Response unknown = api.as(owner, "PUT", "/relays/" + id + "/domain", "{\"domain\":\"a.org\",\"x\":1}");
        assertThat(unknown.status()).isEqualTo(400);

        // a plan without custom domains
        String small = create(owner, "small", "small");
        Api.Response gated = put(owner, small, "small.hikers.org");
        assertThat(gated.status()).as(gated.body()).isEqualTo(403);
        assertThat(gated.json().get("code").asText()).isEqualTo("not_in_plan");
        assertThat(gated.json().get("field").asText()).isEqualTo("domain");
    }

    @Test
    void oneDomainOneRelay() throws Exception {
        start();
        String a = create(owner, "alpha", "free");
        String b = create(other, "bravo", "free");
        // both may claim it while nobody has proved it
        String tokenA =
                put(owner, a, "shared.hikers.org").json().at("/records/1/value").asText();
        String tokenB =
                put(other, b, "shared.hikers.org").json().at("/records/1/value").asText();
        assertThat(tokenA).isNotEqualTo(tokenB);
        // the records name alpha: alpha is served
        dns.cname("shared.hikers.org", "alpha.relays.test").txt("_caravel.shared.hikers.org", tokenA);
        assertThat(check(owner, a).get("state").asText()).isEqualTo("verified");
        assertThat(check(other, b).get("state").asText()).isEqualTo("pending");
        // the records move to bravo while alpha still holds it: bravo waits, alpha is still the one served
        dns.cname("shared.hikers.org", "bravo.relays.test").txt("_caravel.shared.hikers.org", tokenA, tokenB);
        JsonNode waiting = check(other, b);
        assertThat(waiting.get("state").asText()).isEqualTo("pending");
        assertThat(waiting.get("problem").asText()).contains("another relay");
        assertThat(Inside.of(backend.app).domains().served()).containsExactly(new ServedDomain("shared.hikers.org", a));
        // a third relay cannot even set a domain another relay is served at
        String c = create(other, "charlie", "free");
        Api.Response taken = put(other, c, "SHARED.hikers.org.");
        assertThat(taken.status()).as(taken.body()).isEqualTo(409);
        assertThat(taken.json().get("code").asText()).isEqualTo("domain_taken");
        // alpha's owner looks: lost; then bravo's proof counts
        assertThat(check(owner, a).get("state").asText()).isEqualTo("lost");
        assertThat(check(other, b).get("state").asText()).isEqualTo("verified");
        assertThat(Inside.of(backend.app).domains().served()).containsExactly(new ServedDomain("shared.hikers.org", b));
        assertThat(ask("shared.hikers.org")).isEqualTo(200);

        // two checks racing for the name (both relays' records visible): only one is ever served
        api.as(other, "DELETE", "/relays/" + b + "/domain", null);
        put(other, b, "race.hikers.org");
        put(owner, a, "race.hikers.org");
        String ta = row(a).token(), tb = row(b).token();
        dns.txt("_caravel.race.hikers.org", "caravel-verify=" + ta, "caravel-verify=" + tb);
        for (int round = 0; round < 5; round++) {
            // the CNAME flips between the two while both check at once
            dns.cname("race.hikers.org", round % 2 == 0 ? "alpha.relays.test" : "bravo.relays.test");
            Thread t1 = Thread.ofVirtual().start(() -> api.as(owner, "POST", "/relays/" + a + "/domain/check", null));
            Thread t2 = Thread.ofVirtual().start(() -> api.as(other, "POST", "/relays/" + b + "/domain/check", null));
            t1.join();
            t2.join();
            long verified = java.util.stream.Stream.of(row(a), row(b))
                    .filter(RelayDomain::verified)
                    .count();
            assertThat(verified).isLessThanOrEqualTo(1);
            assertThat(Inside.of(backend.app).domains().served()).hasSizeLessThanOrEqualTo(1);
        }
    }
}
