package caravel.team;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.Inside;
import caravel.domain.RelayRole;
import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.BothDatabases;
import caravel.testing.TestBackend;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A relay's team through the API, tried as people who should not get through would: a moderator at billing, plan,
 * settings, deletion, team and transfer routes (403 role_forbidden), a stranger (404), a member removed (refused on the
 * very next request), an admin making admins or transferring, bad input (the owner as member, unknown roles, twice the
 * same key), and a role read fresh while GET /relays/:id keeps views (the owner's kept view never reaches a moderator).
 */
@BothDatabases
class TeamApiTest {
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

    static String create(Keys k, String sub) {
        Api.Response r =
                api.as(k, "POST", "/relays", "{\"name\":\"R\",\"subdomain\":\"" + sub + "\",\"plan\":\"free\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().at("/relay/id").asText();
    }

    static Api.Response add(Keys as, String relay, String who, String role) {
        return api.as(
                as, "POST", "/relays/" + relay + "/team", "{\"pubkey\":\"" + who + "\",\"role\":\"" + role + "\"}");
    }

    static void refusedForRole(Api.Response r, String role) {
        assertThat(r.status()).as(r.body()).isEqualTo(403);
        assertThat(r.json().path("code").asText()).isEqualTo(RelayRole.FORBIDDEN);
        assertThat(r.error()).contains("your role on this relay is " + role);
    }

    @Test
    void aModeratorModeratesAndIsRefusedTheRest() {
        Keys owner = Keys.generate(), mod = Keys.generate(), stranger = Keys.generate();
        String id = create(owner, "team-mod");
        String r = "/relays/" + id;
        // by npub: the key is stored as hex
        Api.Response added = add(owner, id, mod.npub(), "moderator");
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        assertThat(added.json().path("pubkey").asText()).isEqualTo(mod.pubkey());

        // the owner's view first, so a kept view exists when the moderator asks
        JsonNode ownerView = api.as(owner, "GET", r, null).json();
        assertThat(ownerView.path("role").asText()).isEqualTo("owner");
        assertThat(ownerView.path("actions").toString()).contains("deactivate");
        Api.Response modView = api.as(mod, "GET", r, null);
        assertThat(modView.status()).as(modView.body()).isEqualTo(200);
        assertThat(modView.json().path("role").asText()).isEqualTo("moderator");
        assertThat(modView.json().path("actions").size()).isZero();
        assertThat(modView.json().path("may").toString()).isEqualTo("[\"view\",\"moderate\"]");
        assertThat(api.as(owner, "GET", r, null).json().path("role").asText()).isEqualTo("owner");

        // what a moderator may: see, the team, the activity, and moderation routes get past the gate (this relay is
        // not provisioned: 409 from the route, not 403/404 from the gate)
        assertThat(api.as(mod, "GET", r + "/team", null).status()).isEqualTo(200);
        assertThat(api.as(mod, "GET", r + "/activity", null).status()).isEqualTo(200);
        for (String[] c : new String[][] {
            {"GET", r + "/bans", null},
            {"POST", r + "/bans", "{\"pubkey\":\"" + stranger.pubkey() + "\"}"},
            {"GET", r + "/reports", null},
            {"GET", r + "/invites", null},
        }) {
            Api.Response a = api.as(mod, c[0], c[1], c[2]);
            assertThat(a.status()).as(c[0] + " " + c[1] + ": " + a.body()).isNotIn(403, 404);
        }

        // what it may not: billing, plan, settings, deletion, team, transfer
        for (String[] c : new String[][] {
            {"PUT", r, "{\"name\":\"Mine\"}"},
            {"PUT", r, "{\"plan\":\"basic\"}"},
            {"GET", r + "/quote?plan=basic", null},
            {"POST", r + "/deactivate", null},
            {"GET", r + "/transfer", null},
            {"POST", r + "/transfer", "{\"pubkey\":\"" + mod.pubkey() + "\"}"},
            {"GET", r + "/admission/members", null},
            {"PUT", r + "/domain", "{\"domain\":\"relay.example.org\"}"},
            {"GET", r + "/export", null},
        }) refusedForRole(api.as(mod, c[0], c[1], c[2]), "moderator");
        refusedForRole(add(mod, id, stranger.pubkey(), "moderator"), "moderator");
        // a moderator making themselves admin
        Api.Response self = api.as(mod, "PUT", r + "/team/" + mod.pubkey(), "{\"role\":\"admin\"}");
        refusedForRole(self, "moderator");
        // the owner's account stays the owner's
        assertThat(api.as(mod, "GET", "/tenants/" + owner.pubkey() + "/invoices", null)
                        .status())
                .isEqualTo(404);
        assertThat(api.as(mod, "GET", "/tenants/" + owner.pubkey() + "/billing", null)
                        .status())
                .isEqualTo(404);

        // a stranger still learns nothing
        for (String path : List.of(r, r + "/team", r + "/bans", r + "/activity"))
            assertThat(api.as(stranger, "GET", path, null).status()).as(path).isEqualTo(404);
        assertThat(add(stranger, id, stranger.pubkey(), "admin").status()).isEqualTo(404);

        // the moderator's relays: this one, with its role
        JsonNode mine = api.as(mod, "GET", "/me/team-relays", null).json().path("items");
        assertThat(mine.size()).isEqualTo(1);
        assertThat(mine.get(0).path("id").asText()).isEqualTo(id);
        assertThat(mine.get(0).path("role").asText()).isEqualTo("moderator");

        // removed: refused on the very next request, the kept view included
        assertThat(api.as(owner, "DELETE", r + "/team/" + mod.pubkey(), null).status())
                .isEqualTo(204);
        assertThat(api.as(mod, "GET", r, null).status()).isEqualTo(404);
        assertThat(api.as(mod, "GET", r + "/bans", null).status()).isEqualTo(404);
        assertThat(api.as(mod, "GET", "/me/team-relays", null)
                        .json()
                        .path("items")
                        .size())
                .isZero();
    }

    @Test
    void anAdminRunsTheRelayButNotItsMoneyOrAdmins() {
        Keys owner = Keys.generate(), admin = Keys.generate(), mod = Keys.generate(), other = Keys.generate();
        String id = create(owner, "team-admin");
        String r = "/relays/" + id;
        assertThat(add(owner, id, admin.pubkey(), "admin").status()).isEqualTo(201);

        Api.Response renamed = api.as(admin, "PUT", r, "{\"name\":\"Renamed by the admin\"}");
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        assertThat(renamed.json().path("role").asText()).isEqualTo("admin");
        assertThat(renamed.json().path("actions").toString()).isEqualTo("[\"edit\"]");
        refusedForRole(api.as(admin, "PUT", r, "{\"plan\":\"basic\"}"), "admin");
        refusedForRole(api.as(admin, "POST", r + "/deactivate", null), "admin");
        refusedForRole(api.as(admin, "POST", r + "/transfer", "{\"pubkey\":\"" + admin.pubkey() + "\"}"), "admin");
        refusedForRole(api.as(admin, "GET", r + "/admission/members.csv", null), "admin");

        // an admin manages moderators, not admins
        assertThat(add(admin, id, mod.pubkey(), "moderator").status()).isEqualTo(201);
        refusedForRole(add(admin, id, other.pubkey(), "admin"), "admin");
        Api.Response promote = api.as(admin, "PUT", r + "/team/" + mod.pubkey(), "{\"role\":\"admin\"}");
        assertThat(promote.status()).isEqualTo(403);
        assertThat(promote.error()).contains("only the relay's owner");
        assertThat(api.as(owner, "PUT", r + "/team/" + mod.pubkey(), "{\"role\":\"admin\"}")
                        .json()
                        .path("role")
                        .asText())
                .isEqualTo("admin");
        Api.Response removeAdmin = api.as(admin, "DELETE", r + "/team/" + mod.pubkey(), null);
        assertThat(removeAdmin.status()).isEqualTo(403);

        // every action in the owner's activity names who did it
        JsonNode items = api.as(owner, "GET", r + "/activity", null).json().path("items");
        List<String> byAdmin = new ArrayList<>();
        items.forEach(a -> {
            if (a.path("actor").asText().equals(admin.pubkey()))
                byAdmin.add(a.path("kind").asText());
        });
        assertThat(byAdmin).contains("updated", "team_added");
        items.forEach(a -> {
            if (a.path("kind").asText().equals("team_changed"))
                assertThat(a.path("actor").asText()).isEqualTo(owner.pubkey());
        });

        // anyone may leave
        assertThat(api.as(admin, "DELETE", r + "/team/" + admin.pubkey(), null).status())
                .isEqualTo(204);
        assertThat(api.as(admin, "GET", r, null).status()).isEqualTo(404);
    }

    @Test
    void badTeamInputIsRefusedAndChangesNothing() {
        Keys owner = Keys.generate(), mod = Keys.generate();
        String id = create(owner, "team-bad");
        String r = "/relays/" + id;
        Api.Response ownerAsMember = add(owner, id, owner.pubkey(), "moderator");
        assertThat(ownerAsMember.status()).isEqualTo(400);
        assertThat(ownerAsMember.json().path("code").asText()).isEqualTo("owner_not_team");
        Api.Response unknown = add(owner, id, mod.pubkey(), "superuser");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().path("code").asText()).isEqualTo("unknown_role");
        assertThat(unknown.json().path("field").asText()).isEqualTo("role");
        assertThat(add(owner, id, "not-a-key", "moderator").status()).isEqualTo(400);
        assertThat(add(owner, id, mod.pubkey(), "moderator").status()).isEqualTo(201);
        Api.Response twice = add(owner, id, mod.pubkey(), "admin");
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.json().path("code").asText()).isEqualTo("already_on_team");
        Api.Response removeOwner = api.as(owner, "DELETE", r + "/team/" + owner.pubkey(), null);
        assertThat(removeOwner.status()).isEqualTo(400);
        assertThat(removeOwner.json().path("code").asText()).isEqualTo("owner_not_team");
        assertThat(api.as(owner, "PUT", r + "/team/" + Keys.generate().pubkey(), "{\"role\":\"admin\"}")
                        .status())
                .isEqualTo(404);
        // nothing of that changed the team
        JsonNode team = api.as(owner, "GET", r + "/team", null).json();
        assertThat(team.path("owner").asText()).isEqualTo(owner.pubkey());
        assertThat(team.path("items").size()).isEqualTo(1);
        assertThat(team.at("/items/0/role").asText()).isEqualTo("moderator");
    }

    @Test
    void twoChangesOfOneMemberAtOnceDoNotBothWin() {
        Keys owner = Keys.generate(), mod = Keys.generate();
        String id = create(owner, "team-race");
        assertThat(add(owner, id, mod.pubkey(), "moderator").status()).isEqualTo(201);
        TeamStore store = Inside.of(backend.app).teamStore();
        // both read "moderator"; the first write wins, the second finds the role changed and writes nothing
        boolean first = store.jdbi()
                .inTransaction(h -> store.changeRole(h, id, mod.pubkey(), RelayRole.MODERATOR, RelayRole.ADMIN));
        boolean second = store.jdbi().inTransaction(h -> store.remove(h, id, mod.pubkey(), RelayRole.MODERATOR));
        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(store.roleOf(id, mod.pubkey())).contains(RelayRole.ADMIN);
        // and through the API, many at once: every answer is a success or a clear conflict, the end state one role
        List<Thread> threads = new ArrayList<>();
        List<Integer> statuses = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 6; i++) {
            String role = i % 2 == 0 ? "moderator" : "admin";
            threads.add(Thread.ofVirtual()
                    .start(() -> statuses.add(api.as(
                                    owner,
                                    "PUT",
                                    "/relays/" + id + "/team/" + mod.pubkey(),
                                    "{\"role\":\"" + role + "\"}")
                            .status())));
        }
        threads.forEach(t -> {
            try {
                t.join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        assertThat(statuses).allMatch(s -> s == 200 || s == 409);
        assertThat(store.list(id)).hasSize(1);
    }
}
