package caravel.api;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.FakeCaddy;
import caravel.testing.FreeRelays;
import caravel.testing.LocalDns;
import caravel.testing.TestBackend;
import caravel.testing.ZooidEmulator;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one rule for a relay's address (issue 43): a verified custom domain becomes the address shown — the relay view's
 * public_url, the invite link and its QR code, the join page's relay_url — only while the proxy routes it. Attacked with
 * no proxy at all (./caravel run, or production without CADDY_ADMIN_URL), a proxy that fails, one restarted without the
 * custom-domain site, and a domain removed and set again.
 */
@Tag("peer")
class CustomDomainAddressTest {
    static final String DOMAIN = "relay.hikers.org";

    @TempDir
    Path dir;

    final Keys zooidKey = Keys.generate(), owner = Keys.generate();
    ZooidEmulator zooid;
    LocalDns dns;
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

    private void start(Consumer<java.util.Map<String, String>> more) throws Exception {
        zooid = new ZooidEmulator(dir.resolve("zooid"), zooidKey.pubkey(), 0);
        dns = new LocalDns();
        backend = new TestBackend(dir, env -> {
            env.put("ZOOID_API_URL", "http://127.0.0.1:" + zooid.port);
            env.put("ZOOID_RELAY_ORIGIN", "http://127.0.0.1:" + zooid.port);
            env.put("ZOOID_API_SECRET", zooidKey.secretHex());
            env.put("DNS_RESOLVERS", dns.address());
            env.put("DOMAIN_CHECK_SECONDS", "60");
            more.accept(env);
        });
        api = backend.api;
    }

    /** A free relay "team", active, with DOMAIN set and both its records in DNS; the check's answer. */
    private String relayWithVerifiedDomain() {
        String id = FreeRelays.create(api, owner, "Hikers", "team");
        Api.Response set = api.as(owner, "PUT", "/relays/" + id + "/domain", "{\"domain\":\"" + DOMAIN + "\"}");
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        String token = set.json().at("/records/1/value").asText().substring("caravel-verify=".length());
        dns.cname(DOMAIN, "team.relays.test").txt("_caravel." + DOMAIN, "caravel-verify=" + token);
        assertThat(check(id).get("state").asText()).isEqualTo("verified");
        return id;
    }

    private JsonNode check(String id) {
        Api.Response r = api.as(owner, "POST", "/relays/" + id + "/domain/check", null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private JsonNode relay(String id) {
        return api.as(owner, "GET", "/relays/" + id, null).json();
    }

    /** Every address the pages show for the relay is {@code url}: relay view, invite link and QR, join page. */
    private void everyAddressIs(String id, String url) {
        JsonNode v = relay(id);
        assertThat(v.get("public_url").asText()).as("relay view").isEqualTo(url);
        Api.Response invite = api.as(owner, "GET", "/relays/" + id + "/invite", null);
        assertThat(invite.status()).as(invite.body()).isEqualTo(200);
        assertThat(invite.json().get("relay_url").asText()).as("invite").isEqualTo(url);
        assertThat(invite.json().get("url").asText())
                .as("invite link")
                .contains("r=" + URLEncoder.encode(url, StandardCharsets.UTF_8));
        assertThat(api.send("GET", "/admissions/team", null, null)
                        .json()
                        .get("relay_url")
                        .asText())
                .as("join page")
                .isEqualTo(url);
    }

    @Test
    void aVerifiedDomainThatNothingRoutesNeverBecomesTheAddress() throws Exception {
        start(env -> {}); // no CADDY_ADMIN_URL: ./caravel run, or a production setup without it
        String id = relayWithVerifiedDomain();
        String canonical = relay(id).get("url").asText();
        assertThat(canonical).isEqualTo("wss://team.relays.test");
        everyAddressIs(id, canonical);
        JsonNode d = relay(id).get("custom_domain");
        assertThat(d.get("state").asText()).isEqualTo("verified");
        assertThat(d.get("in_use").asBoolean()).isFalse();
        // the owner is told plainly why, and that the old address keeps working
        assertThat(d.get("not_routed").asText())
                .contains("no proxy routes custom domains")
                .contains("CADDY_ADMIN_URL")
                .contains(canonical)
                .contains("keeps working");
        // what Caddy would ask still says yes: a proxy added later can get the certificate at once
        assertThat(api.send("GET", "/tls/ask?domain=" + DOMAIN, null, null).status())
                .isEqualTo(200);
    }

    @Test
    void theDomainIsTheAddressOnlyWhileTheProxyHoldsItsRoute() throws Exception {
        caddy = new FakeCaddy().failWith(500); // routing fails from the start
        start(env -> env.put("CADDY_ADMIN_URL", caddy.url()));
        String id = relayWithVerifiedDomain();
        String canonical = relay(id).get("url").asText();
        everyAddressIs(id, canonical);
        JsonNode d = relay(id).get("custom_domain");
        assertThat(d.get("in_use").asBoolean()).isFalse();
        assertThat(d.get("not_routed").asText())
                .contains("could not be given its route")
                .contains("500");

        // the proxy is back: the owner's "Check now" writes the route, and the domain is the address
        caddy.failWith(0);
        JsonNode checked = check(id);
        assertThat(checked.get("in_use").asBoolean()).isTrue();
        assertThat(checked.get("not_routed").isNull()).isTrue();
        assertThat(caddy.customMappings().toString()).contains(DOMAIN).contains("team.relays.test");
        everyAddressIs(id, "wss://" + DOMAIN + "/");

        // Caddy restarted from an old Caddyfile without the custom-domain site: nothing routes the domain any more
        caddy.restart(false);
        checked = check(id);
        assertThat(checked.get("in_use").asBoolean()).isFalse();
        assertThat(checked.get("not_routed").asText()).contains("no map to {caravel_custom_upstream}");
        everyAddressIs(id, canonical);
        // restarted with it: written again, in use again
        caddy.restart(true);
        assertThat(check(id).get("in_use").asBoolean()).isTrue();
        everyAddressIs(id, "wss://" + DOMAIN + "/");

        // removed: the route goes with it, and the same domain set again starts over (new token, pending)
        assertThat(api.as(owner, "DELETE", "/relays/" + id + "/domain", null).status())
                .isEqualTo(204);
        assertThat(caddy.customMappings()).isEmpty();
        everyAddressIs(id, canonical);
        Api.Response again = api.as(owner, "PUT", "/relays/" + id + "/domain", "{\"domain\":\"" + DOMAIN + "\"}");
        assertThat(again.json().get("state").asText()).isEqualTo("pending");
        assertThat(again.json().get("in_use").asBoolean()).isFalse();
        assertThat(again.json().get("not_routed").isNull()).isTrue();
        everyAddressIs(id, canonical);
    }
}
