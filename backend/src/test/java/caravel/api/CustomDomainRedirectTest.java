package caravel.api;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.BothDatabases;
import caravel.testing.FakeCaddy;
import caravel.testing.FreeRelays;
import caravel.testing.LocalDns;
import caravel.testing.TestBackend;
import caravel.testing.ZooidEmulator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A custom domain its relay let go (changed or removed while verified) answers NIP-11 with redirect_to the relay's
 * address now for RELAY_REDIRECT_SECONDS, and keeps being allowed a certificate meanwhile (the redirect is read over
 * TLS). Attacked as a stranger would: a domain they set and never proved, their claim (pending) on someone's old
 * domain, a look-alike name, a page request; and it ends when another relay proves the name, for a deleted relay,
 * and after the period.
 */
@Tag("peer")
@BothDatabases
class CustomDomainRedirectTest {
    static final String OLD = "relay.hikers.org", NEW = "club.hikers.org";
    static final String NIP11 = "application/nostr+json";

    @TempDir
    Path dir;

    final Keys zooidKey = Keys.generate(), owner = Keys.generate(), stranger = Keys.generate();
    ZooidEmulator zooid;
    LocalDns dns;
    FakeCaddy caddy;
    TestBackend backend;
    Api api;

    @BeforeEach
    void start() throws Exception {
        zooid = new ZooidEmulator(dir.resolve("zooid"), zooidKey.pubkey(), 0);
        dns = new LocalDns();
        caddy = new FakeCaddy();
        backend = new TestBackend(dir, env -> {
            zooid.pointAt(env, zooidKey);
            env.put("DNS_RESOLVERS", dns.address());
            env.put("DOMAIN_CHECK_SECONDS", "60");
            env.put("CADDY_ADMIN_URL", caddy.url());
            env.put("RELAY_REDIRECT_SECONDS", String.valueOf(Duration.ofDays(30).toSeconds()));
        });
        api = backend.api;
    }

    @AfterEach
    void stop() throws Exception {
        if (backend != null) backend.close();
        if (zooid != null) zooid.close();
        if (dns != null) dns.close();
        if (caddy != null) caddy.close();
    }

    /** A GET of "/" with another Host: {status, body}. */
    String[] get(String host, String accept) throws IOException {
        caravel.testing.RawHttp.Answer a = caravel.testing.RawHttp.getRoot(backend.app.port(), host, accept);
        return new String[] {Integer.toString(a.status()), a.body()};
    }

    /** The redirect_to a NIP-11 read of {@code host} answers, or null when it answers none (and then a 404). */
    String redirectOf(String host) throws IOException {
        String[] r = get(host, NIP11);
        if (!r[0].equals("200")) {
            assertThat(r[0])
                    .as("a NIP-11 read of " + host + " that redirects nowhere")
                    .isEqualTo("404");
            assertThat(r[1]).doesNotContain("redirect_to");
            return null;
        }
        return Api.JSON.readTree(r[1]).get("redirect_to").asText();
    }

    int tlsAsk(String domain) {
        return api.send("GET", "/tls/ask?domain=" + URLEncoder.encode(domain, StandardCharsets.UTF_8), null, null)
                .status();
    }

    String relay(Keys who, String subdomain) {
        return FreeRelays.create(api, who, "Relay " + subdomain, subdomain);
    }

    /** Sets the domain; with {@code prove}, its records go into DNS and the owner's check verifies it. */
    JsonNode setDomain(Keys who, String id, String subdomain, String domain, boolean prove) {
        Api.Response set = api.as(who, "PUT", "/relays/" + id + "/domain", "{\"domain\":\"" + domain + "\"}");
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        if (!prove) return set.json();
        String token = set.json().at("/records/1/value").asText();
        dns.cname(domain, subdomain + ".relays.test").txt("_caravel." + domain, token);
        Api.Response check = api.as(who, "POST", "/relays/" + id + "/domain/check", null);
        assertThat(check.status()).as(check.body()).isEqualTo(200);
        assertThat(check.json().get("state").asText()).isEqualTo("verified");
        return check.json();
    }

    @Test
    void aChangedOrRemovedDomainRedirectsToTheRelaysAddressForThePeriod() throws Exception {
        String id = relay(owner, "team");
        assertThat(setDomain(owner, id, "team", OLD, true).get("in_use").asBoolean())
                .isTrue();
        // served now: zooid's to answer (the proxy routes it); Caravel redirects nothing
        assertThat(redirectOf(OLD)).isNull();
        assertThat(tlsAsk(OLD)).isEqualTo(200);

        // changed: the old domain redirects to the relay's address now (its own, while the new one is pending) and
        // keeps
        // its certificate; the new one, unproven, gets none
        setDomain(owner, id, "team", NEW, false);
        assertThat(redirectOf(OLD)).isEqualTo("wss://team.relays.test");
        assertThat(redirectOf(OLD + ":443")).as("with a port").isEqualTo("wss://team.relays.test");
        assertThat(redirectOf("RELAY.Hikers.ORG")).as("in any case").isEqualTo("wss://team.relays.test");
        assertThat(tlsAsk(OLD)).isEqualTo(200);
        assertThat(tlsAsk(NEW)).isEqualTo(404);
        String[] info = get(OLD, NIP11);
        assertThat(Api.JSON.readTree(info[1]).get("name").asText()).isEqualTo("Relay team");
        // the new domain proven and routed: the old one follows to it
        dns.remove(OLD).remove("_caravel." + OLD);
        assertThat(setDomain(owner, id, "team", NEW, true).get("in_use").asBoolean())
                .isTrue();
        assertThat(redirectOf(OLD)).isEqualTo("wss://" + NEW + "/");

        // only a NIP-11 read, of exactly that name
        assertThat(get(OLD, "text/html")[1]).doesNotContain("redirect_to");
        assertThat(redirectOf("x." + OLD)).isNull();
        assertThat(redirectOf(OLD + ".evil.example")).isNull();
        assertThat(redirectOf("hikers.org")).isNull();
        assertThat(tlsAsk("x." + OLD)).isEqualTo(404);

        // removed: the domain it was served at redirects to its own address
        assertThat(api.as(owner, "DELETE", "/relays/" + id + "/domain", null).status())
                .isEqualTo(204);
        assertThat(redirectOf(NEW)).isEqualTo("wss://team.relays.test");
        assertThat(redirectOf(OLD)).isEqualTo("wss://team.relays.test");
        assertThat(tlsAsk(NEW)).isEqualTo(200);

        // a deleted relay redirects nowhere (and gets no certificate); brought back, its old domains redirect again
        Api.Response deleted = api.as(owner, "POST", "/relays/" + id + "/delete", "{\"confirm\":\"team\"}");
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
        assertThat(redirectOf(NEW)).isNull();
        assertThat(tlsAsk(NEW)).isEqualTo(404);
        Api.Response undone = api.as(owner, "POST", "/relays/" + id + "/undelete", null);
        assertThat(undone.status()).as(undone.body()).isEqualTo(200);
        assertThat(redirectOf(NEW)).isEqualTo("wss://team.relays.test");

        // after the period: nothing, and no certificate
        backend.clock.advance(Duration.ofDays(30).plusSeconds(1));
        assertThat(redirectOf(OLD)).isNull();
        assertThat(redirectOf(NEW)).isNull();
        assertThat(tlsAsk(OLD)).isEqualTo(404);
        assertThat(tlsAsk(NEW)).isEqualTo(404);
    }

    @Test
    void aStrangerCannotMakeANameRedirectToTheirRelay() throws Exception {
        String mine = relay(stranger, "evil");
        // a name they set but never proved: letting it go leaves nothing behind
        setDomain(stranger, mine, "evil", "relay.victim.org", false);
        assertThat(api.as(stranger, "DELETE", "/relays/" + mine + "/domain", null)
                        .status())
                .isEqualTo(204);
        assertThat(redirectOf("relay.victim.org")).isNull();
        assertThat(tlsAsk("relay.victim.org")).isEqualTo(404);
        // changed away from an unproven name: the same
        setDomain(stranger, mine, "evil", "other.victim.org", false);
        setDomain(stranger, mine, "evil", "third.victim.org", false);
        assertThat(redirectOf("other.victim.org")).isNull();

        // the owner's relay lets its proven domain go
        String id = relay(owner, "team");
        setDomain(owner, id, "team", OLD, true);
        assertThat(api.as(owner, "DELETE", "/relays/" + id + "/domain", null).status())
                .isEqualTo(204);
        assertThat(redirectOf(OLD)).isEqualTo("wss://team.relays.test");
        // the stranger claims it: a claim they cannot prove changes nothing (the old TXT token is the owner's)
        setDomain(stranger, mine, "evil", OLD, false);
        dns.cname(OLD, "evil.relays.test");
        Api.Response check = api.as(stranger, "POST", "/relays/" + mine + "/domain/check", null);
        assertThat(check.json().get("state").asText()).isEqualTo("pending");
        assertThat(redirectOf(OLD)).isEqualTo("wss://team.relays.test");

        // whoever proves the name (both records: they hold its DNS) has it: the old redirect ends for good
        String token = check.json().at("/records/1/value").asText();
        dns.txt("_caravel." + OLD, token);
        check = api.as(stranger, "POST", "/relays/" + mine + "/domain/check", null);
        assertThat(check.json().get("state").asText()).isEqualTo("verified");
        assertThat(redirectOf(OLD)).as("served at the new holder now").isNull();
        assertThat(tlsAsk(OLD)).isEqualTo(200);
        // and when its records go, it is not handed back to the relay that let it go
        dns.remove(OLD).remove("_caravel." + OLD);
        check = api.as(stranger, "POST", "/relays/" + mine + "/domain/check", null);
        assertThat(check.json().get("state").asText()).isEqualTo("lost");
        assertThat(redirectOf(OLD)).isNull();
        assertThat(tlsAsk(OLD)).isEqualTo(404);
    }
}
