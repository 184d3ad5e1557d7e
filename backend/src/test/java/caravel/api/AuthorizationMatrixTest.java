package caravel.api;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.Inside;
import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.BothDatabases;
import caravel.testing.TestBackend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every route × {anonymous, another tenant, owner, admin, suspended tenant}, against resources of "owner".
 * Other tenants' ids answer 404 (not 403) so they cannot be probed.
 */
@BothDatabases
class AuthorizationMatrixTest {
    @TempDir
    static Path dir;

    static TestBackend backend;
    static Api api;
    static final Keys owner = Keys.generate(), other = Keys.generate(), suspended = Keys.generate();
    static String relayId, invoiceId, suspendedRelayId;
    static int counter;

    enum Who {
        ANON,
        OTHER,
        OWNER,
        ADMIN,
        SUSPENDED
    }

    static caravel.testing.LocalDns dns;

    record Case(String method, String path, Supplier<String> body, Map<Who, Integer> expect) {}

    @BeforeAll
    static void setUp() throws Exception {
        dns = new caravel.testing.LocalDns(); // custom domains are checked against it: quick "no records" answers
        backend = new TestBackend(dir, env -> env.put("DNS_RESOLVERS", dns.address()));
        api = backend.api;
        relayId = create(owner, "owner-relay");
        suspendedRelayId = create(suspended, "suspended-relay");
        assertThat(api.as(other, "POST", "/tenants", null).status()).isEqualTo(201);
        assertThat(api.as(backend.admin, "PUT", "/tenants/" + suspended.pubkey(), "{\"status\":\"suspended\"}")
                        .status())
                .isEqualTo(200);
        invoiceId = "inv" + "aaaaaaaaaaaaa";
        // the owner's unpaid renewal invoice (with no wallet configured, nothing here could issue one)
        Inside.of(backend.app)
                .db()
                .jdbi()
                .useHandle(h -> Inside.of(backend.app)
                        .invoices()
                        .insert(h, invoiceId, owner.pubkey(), 10000, false, 1, 2, 1, 2, "renewal", false, 0, null));
    }

    @AfterAll
    static void tearDown() {
        backend.close();
        dns.close();
    }

    static String create(Keys k, String sub) {
        Api.Response r =
                api.as(k, "POST", "/relays", "{\"name\":\"R\",\"subdomain\":\"" + sub + "\",\"plan\":\"free\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().at("/relay/id").asText();
    }

    static Keys keys(Who w) {
        return switch (w) {
            case ANON -> null;
            case OTHER -> other;
            case OWNER -> owner;
            case ADMIN -> backend.admin;
            case SUSPENDED -> suspended;
        };
    }

    static Map<Who, Integer> ex(int anon, int other, int owner, int admin, int suspended) {
        return Map.of(Who.ANON, anon, Who.OTHER, other, Who.OWNER, owner, Who.ADMIN, admin, Who.SUSPENDED, suspended);
    }

    static Supplier<String> newRelayBody() {
        return () -> "{\"name\":\"New\",\"subdomain\":\"matrix-" + ++counter + "\",\"plan\":\"free\"}";
    }

    @TestFactory
    List<DynamicTest> matrix() {
        String o = owner.pubkey(), r = "/relays/" + relayId;
        List<Case> cases = List.of(
                new Case("GET", "/healthz", null, ex(200, 200, 200, 200, 200)),
                // no zooid answers here, so not ready, whoever asks; /metrics does not exist without METRICS_TOKEN,
                // and no key or session (an admin's either) opens it
                new Case("GET", "/readyz", null, ex(503, 503, 503, 503, 503)),
                new Case("GET", "/metrics", null, ex(404, 404, 404, 404, 404)),
                new Case("GET", "/config", null, ex(200, 200, 200, 200, 200)),
                new Case("GET", "/plans", null, ex(200, 200, 200, 200, 200)),
                new Case("GET", "/plans/basic", null, ex(200, 200, 200, 200, 200)),
                new Case("GET", "/identity", null, ex(401, 200, 200, 200, 200)),
                new Case("POST", "/auth/session", null, ex(401, 201, 201, 201, 201)),
                new Case("GET", "/tenants", null, ex(401, 403, 403, 200, 403)),
                new Case("POST", "/tenants", null, ex(401, 200, 200, 201, 200)),
                new Case("GET", "/tenants/" + o, null, ex(401, 404, 200, 200, 404)),
                new Case("PUT", "/tenants/" + o, () -> "{\"nwc_url\":null}", ex(401, 404, 200, 200, 404)),
                new Case("PUT", "/tenants/" + o, () -> "{\"status\":\"active\"}", ex(401, 404, 403, 200, 404)),
                new Case("GET", "/tenants/" + o + "/relays", null, ex(401, 404, 200, 200, 404)),
                new Case("GET", "/tenants/" + o + "/invoices", null, ex(401, 404, 200, 200, 404)),
                new Case("GET", "/tenants/" + o + "/stripe/session", null, ex(401, 404, 503, 503, 404)),
                new Case("GET", "/relays", null, ex(401, 403, 403, 200, 403)),
                new Case("POST", "/relays", newRelayBody(), ex(401, 201, 201, 201, 403)),
                new Case("GET", r, null, ex(401, 404, 200, 200, 404)),
                new Case(
                        "PUT", r, () -> "{\"description\":\"changed " + ++counter + "\"}", ex(401, 404, 200, 200, 404)),
                new Case("POST", r + "/deactivate", null, ex(401, 404, 200, 200, 404)),
                new Case("POST", r + "/reactivate", null, ex(401, 404, 200, 200, 404)),
                // deleting is the owner's alone (an administrator is refused); a wrong confirmation deletes nothing
                new Case("POST", r + "/delete", () -> "{\"confirm\":\"not-it\"}", ex(401, 404, 400, 403, 404)),
                new Case("POST", r + "/undelete", null, ex(401, 404, 409, 403, 404)),
                new Case("GET", r + "/activity", null, ex(401, 404, 200, 200, 404)),
                new Case("GET", r + "/quote?plan=free", null, ex(401, 404, 200, 200, 404)),
                new Case("GET", r + "/quote?plan=gold", null, ex(401, 404, 400, 400, 404)),
                // NIP-05 names: the owner's list, names taken back; a signed-in key's own memberships
                new Case("GET", r + "/names", null, ex(401, 404, 200, 200, 404)),
                new Case("DELETE", r + "/names/nobody", null, ex(401, 404, 404, 404, 404)),
                new Case("GET", "/me/memberships", null, ex(401, 200, 200, 200, 200)),
                new Case("DELETE", "/me/memberships/" + relayId + "/name", null, ex(401, 404, 404, 404, 404)),
                // nostr.json needs no key; this listener's own host is no relay's
                new Case("GET", "/.well-known/nostr.json?name=x", null, ex(404, 404, 404, 404, 404)),
                new Case("POST", r + "/unsuspend", null, ex(401, 403, 403, 409, 403)),
                // the relay's own domain: its owner or an administrator (DNS is not asked: no server answers here)
                new Case(
                        "PUT",
                        r + "/domain",
                        () -> "{\"domain\":\"matrix" + ++counter + ".example.org\"}",
                        ex(401, 404, 200, 200, 404)),
                new Case("POST", r + "/domain/check", null, ex(401, 404, 200, 200, 404)),
                new Case("DELETE", r + "/domain", null, ex(401, 404, 204, 204, 404)),
                // paid admission: the owner's settings and paying members (an administrator may read them and stop
                // sales); a join page's facts for anyone; a person's own standing, join and check for any signed-in
                // key (the relay is free, so joining is refused for what it is, not for who asks)
                new Case("GET", r + "/admission", null, ex(401, 404, 200, 200, 404)),
                new Case("PUT", r + "/admission", () -> "{\"mode\":\"free\"}", ex(401, 404, 200, 200, 404)),
                new Case("GET", r + "/admission/members", null, ex(401, 404, 200, 200, 404)),
                new Case("GET", r + "/admission/members.csv", null, ex(401, 404, 200, 200, 404)),
                new Case("GET", "/admissions/owner-relay", null, ex(200, 200, 200, 200, 200)),
                new Case("GET", "/admissions/nowhere", null, ex(404, 404, 404, 404, 404)),
                new Case("GET", "/admissions/owner-relay/me", null, ex(401, 200, 200, 200, 200)),
                new Case("POST", "/admissions/owner-relay/join", null, ex(401, 409, 409, 409, 409)),
                new Case("POST", "/admissions/owner-relay/check", null, ex(401, 200, 200, 200, 200)),
                new Case("GET", "/admissions/nowhere/me", null, ex(401, 404, 404, 404, 404)),
                new Case("GET", "/quote?plan=free", null, ex(401, 200, 200, 200, 403)),
                new Case("GET", "/tenants/" + o + "/billing", null, ex(401, 404, 200, 200, 404)),
                new Case("GET", "/subdomains/free-name", null, ex(401, 200, 200, 200, 200)),
                new Case("GET", "/invoices/" + invoiceId, null, ex(401, 404, 200, 200, 404)),
                new Case("GET", "/invoices/" + invoiceId + "/receipt", null, ex(401, 404, 409, 409, 404)),
                // only the owner's own fresh signature may pay from its wallet (no platform wallet here: 503)
                new Case("POST", "/invoices/" + invoiceId + "/pay", null, ex(401, 404, 503, 403, 404)),
                new Case("GET", "/admin/platform", null, ex(401, 403, 403, 200, 403)),
                new Case("GET", "/admin/money", null, ex(401, 403, 403, 200, 403)),
                new Case("GET", "/admin/money.csv", null, ex(401, 403, 403, 200, 403)),
                new Case("GET", "/relays/doesnotexist0000", null, ex(401, 404, 404, 404, 404)));
        List<DynamicTest> tests = new ArrayList<>();
        for (Case c : cases) {
            for (Who w : Who.values()) {
                tests.add(DynamicTest.dynamicTest(c.method() + " " + c.path() + " as " + w, () -> {
                    Api.Response resp = api.as(
                            keys(w),
                            c.method(),
                            c.path(),
                            c.body() == null ? null : c.body().get());
                    assertThat(resp.status())
                            .as(resp.body())
                            .isEqualTo(c.expect().get(w));
                    if (resp.status() >= 400) assertThat(resp.error()).isNotBlank();
                }));
            }
        }
        return tests;
    }

    /** A suspended tenant reads its own things and may not create or change them. */
    @TestFactory
    List<DynamicTest> suspendedTenantOnItsOwnRows() {
        String s = suspended.pubkey(), r = "/relays/" + suspendedRelayId;
        List<Case> cases = List.of(
                new Case("GET", "/tenants/" + s, null, Map.of(Who.SUSPENDED, 200)),
                new Case("GET", "/tenants/" + s + "/relays", null, Map.of(Who.SUSPENDED, 200)),
                new Case("GET", "/tenants/" + s + "/invoices", null, Map.of(Who.SUSPENDED, 200)),
                new Case("GET", r, null, Map.of(Who.SUSPENDED, 200)),
                new Case("GET", r + "/activity", null, Map.of(Who.SUSPENDED, 200)),
                new Case("PUT", r, () -> "{\"name\":\"x\"}", Map.of(Who.SUSPENDED, 403)),
                new Case("PUT", r + "/domain", () -> "{\"domain\":\"s.example.org\"}", Map.of(Who.SUSPENDED, 403)),
                new Case("DELETE", r + "/domain", null, Map.of(Who.SUSPENDED, 403)),
                new Case("GET", r + "/admission", null, Map.of(Who.SUSPENDED, 200)),
                new Case("GET", r + "/admission/members", null, Map.of(Who.SUSPENDED, 200)),
                new Case(
                        "PUT",
                        r + "/admission",
                        () -> "{\"mode\":\"once\",\"price_sats\":100}",
                        Map.of(Who.SUSPENDED, 403)),
                new Case("POST", r + "/reactivate", null, Map.of(Who.SUSPENDED, 403)),
                new Case("PUT", "/tenants/" + s, () -> "{\"status\":\"active\"}", Map.of(Who.SUSPENDED, 403)));
        return cases.stream()
                .map(c -> DynamicTest.dynamicTest(c.method() + " " + c.path(), () -> {
                    Api.Response resp = api.as(
                            suspended,
                            c.method(),
                            c.path(),
                            c.body() == null ? null : c.body().get());
                    assertThat(resp.status())
                            .as(resp.body())
                            .isEqualTo(c.expect().get(Who.SUSPENDED));
                }))
                .toList();
    }

    /** Suspending a tenant deactivated its relays. */
    @org.junit.jupiter.api.Test
    void suspensionDeactivatedTheTenantsRelays() {
        Api.Response r = api.as(backend.admin, "GET", "/relays/" + suspendedRelayId, null);
        assertThat(r.json().get("status").asText()).isEqualTo("inactive");
    }
}
