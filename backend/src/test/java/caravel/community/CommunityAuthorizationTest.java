package caravel.community;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.TestBackend;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every community route against a relay of "owner" that zooid does not have yet: anonymous → 401, another tenant →
 * 404 (ids cannot be probed), owner and admin → past authorization (409: not provisioned), bad input → 400 first
 * where the body is checked before the relay; platform bans are for administrators only.
 */
class CommunityAuthorizationTest {
    @TempDir
    static Path dir;

    static TestBackend backend;
    static Api api;
    static final Keys owner = Keys.generate(), other = Keys.generate();
    static String relay;
    static final String PK = Keys.generate().pubkey(), EV = "a".repeat(64);

    @BeforeAll
    static void setUp() {
        backend = new TestBackend(dir); // zooid unreachable: the relay stays unprovisioned
        api = backend.api;
        relay = api.as(owner, "POST", "/relays", "{\"name\":\"R\",\"subdomain\":\"authz\",\"plan\":\"free\"}")
                .json()
                .at("/relay/id")
                .asText();
    }

    @AfterAll
    static void tearDown() {
        backend.close();
    }

    record Route(String method, String path, String body) {}

    static List<Route> routes() {
        String r = "/relays/" + relay;
        return List.of(
                new Route("GET", r + "/members", null),
                new Route("POST", r + "/members", "{\"pubkey\":\"" + PK + "\"}"),
                new Route("DELETE", r + "/members/" + PK, null),
                new Route("GET", r + "/capabilities", null),
                new Route("GET", r + "/invite", null),
                new Route("GET", r + "/invites", null),
                new Route("POST", r + "/invites", "{\"code\":\"ABC\"}"),
                new Route("DELETE", r + "/invites/ABC", null),
                new Route("GET", r + "/bans", null),
                new Route("POST", r + "/bans", "{\"pubkey\":\"" + PK + "\",\"reason\":\"x\"}"),
                new Route("DELETE", r + "/bans/" + PK, null),
                new Route("GET", r + "/reports", null),
                new Route("POST", r + "/reports/" + EV, "{\"action\":\"dismiss\"}"),
                new Route("GET", r + "/events", null),
                new Route("DELETE", r + "/events/" + EV, null),
                new Route("POST", r + "/events/" + EV + "/allow", null),
                new Route("GET", r + "/deleted-events", null),
                new Route("GET", r + "/export", null));
    }

    @Test
    void everyRelayRouteIsTheOwnersOrAnAdministrators() {
        for (Route route : routes()) {
            String what = route.method() + " " + route.path();
            assertThat(api.as(null, route.method(), route.path(), route.body()).status())
                    .as("anonymous " + what)
                    .isEqualTo(401);
            assertThat(api.as(other, route.method(), route.path(), route.body()).status())
                    .as("other tenant " + what)
                    .isEqualTo(404);
            Api.Response mine = api.as(owner, route.method(), route.path(), route.body());
            assertThat(mine.status()).as("owner " + what + " " + mine.body()).isEqualTo(409);
            assertThat(mine.error()).isEqualTo("the relay is not provisioned yet");
            assertThat(api.as(backend.admin, route.method(), route.path(), route.body())
                            .status())
                    .as("admin " + what)
                    .isEqualTo(409);
        }
        assertThat(api.as(owner, "GET", "/relays/nosuchrelayxxxxx/bans", null).status())
                .isEqualTo(404);
    }

    @Test
    void platformBansAreForAdministrators() {
        assertThat(api.as(owner, "GET", "/admin/platform-bans", null).status()).isEqualTo(403);
        assertThat(api.as(owner, "POST", "/admin/platform-bans", "{\"pubkey\":\"" + PK + "\"}")
                        .status())
                .isEqualTo(403);
        assertThat(api.as(null, "GET", "/admin/platform-bans", null).status()).isEqualTo(401);
        Api.Response bad = api.as(backend.admin, "POST", "/admin/platform-bans", "{\"pubkey\":\"nope\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.error()).contains("pubkey");
        assertThat(api.as(backend.admin, "POST", "/admin/platform-bans", "{\"pubkey\":\"" + PK + "\",\"extra\":1}")
                        .status())
                .isEqualTo(400);
        assertThat(api.as(backend.admin, "GET", "/admin/platform-bans/nosuch", null)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void openReportCountsAreOnlyYourOwn() {
        assertThat(api.as(owner, "GET", "/reports/open", null)
                        .json()
                        .get("counts")
                        .isObject())
                .isTrue();
        assertThat(api.as(other, "GET", "/reports/open?tenant=" + owner.pubkey(), null)
                        .status())
                .isEqualTo(403);
        assertThat(api.as(backend.admin, "GET", "/reports/open?tenant=" + owner.pubkey(), null)
                        .status())
                .isEqualTo(200);
        assertThat(api.as(owner, "GET", "/reports/open?all=true", null).status())
                .isEqualTo(403);
        assertThat(api.as(backend.admin, "GET", "/reports/open?all=true", null).status())
                .isEqualTo(200);
    }
}
