package caravel.team;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import caravel.Inside;
import caravel.domain.Failure;
import caravel.moderation.Moderation;
import caravel.nostr.Keys;
import caravel.relayaccess.RelayAccess;
import caravel.store.Relay;
import caravel.testing.Api;
import caravel.testing.CommunityFixture;
import caravel.testing.Member;
import caravel.testing.Wait;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relay's own management keeps the team's rules (issue 53, R5-6). A team admin does not get zooid's management
 * right: over NIP-86 on the relay it can neither ban the owner nor lift a ban (zooid refuses it as it refuses anyone who
 * does not manage), and it still invites. Through Caravel the protections hold: a platform ban is the owner's alone to
 * lift on the relay, the team is not removed by an admin, and the owner's unban gives back the membership the ban
 * ended. The archived-line tests also run against a real zooid (ZOOID_BIN).
 */
@Tag("peer")
class TeamRelayManagementTest {
    /** zooid's "blocked: only relay admins can manage this relay.", as Caravel words the refusal it passes on. */
    static final String BLOCKED = "only relay admins can manage this relay";

    @TempDir
    Path dir;

    CommunityFixture fx;

    @AfterEach
    void stop() {
        if (fx != null) fx.close();
    }

    @AfterAll
    static void stopBridge() throws Exception {
        Member.shutdown();
    }

    Api.Response call(Keys who, String method, String path, String body) {
        return fx.api.as(who, method, "/relays/" + fx.relayId + path, body);
    }

    Relay relay() {
        return Inside.of(fx.backend.app).relayStore().find(fx.relayId).orElseThrow();
    }

    /** The relay's NIP-86 as {@code who} signs it (what a Nostr app of theirs sends). */
    RelayAccess.Target as(Keys who) {
        RelayAccess.Target t = Inside.of(fx.backend.app).community().access.target(relay());
        return new RelayAccess.Target(
                t.relayId(), t.host(), t.url(), t.httpOrigin(), t.wsUri(), t.hostHeader(), who, true);
    }

    JsonNode rpc(RelayAccess.Target t, String method, List<Object> params) {
        return Inside.of(fx.backend.app).community().rpc.call(t, method, params, "do it");
    }

    List<String> list(String method) {
        return rpc(Inside.of(fx.backend.app).community().access.target(relay()), method, List.of())
                .findValuesAsText("pubkey");
    }

    void addToTeam(Keys who, String role) {
        Api.Response added =
                call(fx.owner, "POST", "/team", "{\"pubkey\":\"" + who.pubkey() + "\",\"role\":\"" + role + "\"}");
        assertThat(added.status()).as(added.body()).isEqualTo(201);
    }

    /** Waits until zooid holds the relay's config and it passes {@code done}. */
    JsonNode zooidConfig(java.util.function.Predicate<JsonNode> done) {
        String schema = relay().schema();
        return Wait.until(
                "zooid's config of " + schema,
                Duration.ofSeconds(20),
                () -> fx.zooid().relay(schema),
                c -> c != null && done.test(c));
    }

    void refusedByTheRelay(RelayAccess.Target t, String method, List<Object> params) {
        assertThatThrownBy(() -> rpc(t, method, params))
                .isInstanceOf(Failure.class)
                .hasMessageContaining(BLOCKED);
    }

    @Test
    void aTeamAdminCannotBanTheOwnerOverNip86AndStillInvites() throws Exception {
        fx = CommunityFixture.start(dir, CommunityFixture.Options.defaults().withoutDms(), "Harbour", "harbour");
        Keys admin = Keys.generate(), otherAdmin = Keys.generate();
        addToTeam(admin, "admin");
        addToTeam(otherAdmin, "admin");
        zooidConfig(c -> c.at("/roles/admin/pubkeys").toString().contains(otherAdmin.pubkey()));
        String owner = fx.owner.pubkey();

        // the attack of R5-6: the owner, the other admin, a platform-banned key; none of it is the admin's to do
        RelayAccess.Target byAdmin = as(admin);
        refusedByTheRelay(byAdmin, "banpubkey", List.of(owner, "mine now"));
        refusedByTheRelay(byAdmin, "banpubkey", List.of(otherAdmin.pubkey(), ""));
        refusedByTheRelay(byAdmin, "unallowpubkey", List.of(owner));
        refusedByTheRelay(byAdmin, "unbanpubkey", List.of(Keys.generate().pubkey()));
        assertThat(list("listallowedpubkeys")).contains(owner, admin.pubkey(), otherAdmin.pubkey());
        assertThat(list("listbannedpubkeys")).doesNotContain(owner, otherAdmin.pubkey());
        // the owner still manages over NIP-86
        assertThat(rpc(as(fx.owner), "listbannedpubkeys", List.of()).isArray()).isTrue();

        // the admin still invites from a Nostr app: the relay hands it a claim, which admits someone
        Member adminApp = new Member(admin, fx.relayUrl);
        JsonNode got = adminApp.query(true, "{\"kinds\":[28935]}");
        String claim = null;
        for (JsonNode e : got.path("events"))
            for (JsonNode t : e.path("tags"))
                if (t.path(0).asText().equals("claim")) claim = t.path(1).asText();
        assertThat(claim).as(got.toString()).isNotNull();
        Member friend = new Member(Keys.generate(), fx.relayUrl);
        assertThat(friend.join(claim).get("ok").asBoolean()).isTrue();
        Wait.until(
                "the friend a member",
                Duration.ofSeconds(10),
                () -> list("listallowedpubkeys").contains(friend.pubkey()));

        // through Caravel: the owner and the team are not the admin's to remove or ban
        assertThat(call(admin, "DELETE", "/members/" + owner, null).status()).isEqualTo(409);
        Api.Response removeAdmin = call(admin, "DELETE", "/members/" + otherAdmin.pubkey(), null);
        assertThat(removeAdmin.status()).as(removeAdmin.body()).isEqualTo(409);
        assertThat(removeAdmin.json().path("code").asText()).isEqualTo("team_member");
        assertThat(call(admin, "POST", "/bans", "{\"pubkey\":\"" + owner + "\"}")
                        .status())
                .isEqualTo(409);
        assertThat(list("listallowedpubkeys")).contains(owner, otherAdmin.pubkey());
    }

    @Test
    void theOwnersUnbanMakesABannedMemberAMemberAgainAndAStrangerStaysOut() throws Exception {
        fx = CommunityFixture.start(dir, CommunityFixture.Options.defaults().withoutDms(), "Quay", "quay");
        String claim =
                call(fx.owner, "GET", "/invite", null).json().get("claim").asText();
        Member alice = new Member(Keys.generate(), fx.relayUrl);
        assertThat(alice.join(claim).get("ok").asBoolean()).isTrue();
        Wait.until(
                "alice a member",
                Duration.ofSeconds(10),
                () -> list("listallowedpubkeys").contains(alice.pubkey()));
        Keys stranger = Keys.generate();
        for (String pk : List.of(alice.pubkey(), stranger.pubkey()))
            assertThat(call(fx.owner, "POST", "/bans", "{\"pubkey\":\"" + pk + "\",\"reason\":\"spam\"}")
                            .status())
                    .isEqualTo(201);
        assertThat(list("listallowedpubkeys")).doesNotContain(alice.pubkey());

        // no restore_membership asked for: alice was a member when banned, so she is one again
        Api.Response lifted = call(fx.owner, "DELETE", "/bans/" + alice.pubkey(), null);
        assertThat(lifted.status()).as(lifted.body()).isEqualTo(200);
        assertThat(lifted.json().path("membership_restored").asBoolean()).isTrue();
        assertThat(list("listallowedpubkeys")).contains(alice.pubkey());
        assertThat(list("listbannedpubkeys")).doesNotContain(alice.pubkey());
        assertThat(alice.publish(1, List.of(), "back").get("ok").asBoolean()).isTrue();
        String log = fx.api
                .as(fx.owner, "GET", "/relays/" + fx.relayId + "/activity", null)
                .body();
        assertThat(log).contains("a member again (a member when banned)");

        // the stranger was never a member: lifting the ban admits nobody
        Api.Response strangerLifted = call(fx.owner, "DELETE", "/bans/" + stranger.pubkey(), null);
        assertThat(strangerLifted.json().path("membership_restored").asBoolean())
                .isFalse();
        assertThat(list("listallowedpubkeys")).doesNotContain(stranger.pubkey());
    }

    @Test
    void aPlatformBanIsLiftedOnTheRelayByItsOwnerNeverByTheTeam() throws Exception {
        fx = CommunityFixture.start(dir, CommunityFixture.Options.defaults().withoutDms(), "Pier", "pier");
        Keys admin = Keys.generate(), moderator = Keys.generate(), spammer = Keys.generate();
        addToTeam(admin, "admin");
        addToTeam(moderator, "moderator");
        Api.Response started = fx.api.as(
                fx.backend.admin,
                "POST",
                "/admin/platform-bans",
                "{\"pubkey\":\"" + spammer.pubkey() + "\",\"reason\":\"spam\"}");
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        Wait.until(
                "the platform ban on the relay",
                Duration.ofSeconds(30),
                () -> list("listbannedpubkeys").contains(spammer.pubkey()));

        for (Keys team : List.of(admin, moderator)) {
            Api.Response refused = call(team, "DELETE", "/bans/" + spammer.pubkey(), null);
            assertThat(refused.status()).as(refused.body()).isEqualTo(403);
            assertThat(refused.json().path("code").asText()).isEqualTo(Moderation.PLATFORM_BAN);
            assertThat(refused.error()).contains("only the relay's owner");
        }
        assertThat(list("listbannedpubkeys")).contains(spammer.pubkey());
        // the owner may: their relay, their decision (as before)
        Api.Response byOwner = call(fx.owner, "DELETE", "/bans/" + spammer.pubkey(), null);
        assertThat(byOwner.status()).as(byOwner.body()).isEqualTo(200);
        assertThat(list("listbannedpubkeys")).doesNotContain(spammer.pubkey());
    }

    @Test
    void onTheNewerLineARoleTheOwnerMadeOverNip86SurvivesCaravelsWrites() throws Exception {
        fx = CommunityFixture.start(
                dir, CommunityFixture.Options.defaults().zooid("newer").withoutDms(), "Dock", "dock");
        fx.zooid().requireEmulator("the newer line");
        // the owner makes a role from a Nostr app, named as Caravel's own role is on the archived line
        assertThat(rpc(as(fx.owner), "createrole", List.of("moderator", "Night watch"))
                        .asBoolean())
                .isTrue();
        zooidConfig(c -> c.at("/roles/moderator/label").asText().equals("Night watch"));

        // Caravel writes the config: a team moderator added, an edit, the moderator removed again
        Keys moderator = Keys.generate();
        addToTeam(moderator, "moderator");
        JsonNode withTeam = zooidConfig(
                c -> c.at("/roles/caravel_moderator/pubkeys").toString().contains(moderator.pubkey()));
        assertThat(withTeam.at("/roles/moderator/label").asText()).isEqualTo("Night watch");
        assertThat(withTeam.at("/roles/moderator/pubkeys").toString()).doesNotContain(moderator.pubkey());
        assertThat(call(fx.owner, "DELETE", "/team/" + moderator.pubkey(), null).status())
                .isEqualTo(204);
        JsonNode after = zooidConfig(c -> !c.path("roles").has("caravel_moderator"));
        assertThat(after.at("/roles/moderator/label").asText()).isEqualTo("Night watch");
        assertThat(after.path("roles").has("caravel_admin")).isTrue();
    }

    @Test
    void onTheNewerLineMembersInviteThroughMemberMethods() throws Exception {
        fx = CommunityFixture.start(
                dir, CommunityFixture.Options.defaults().zooid("newer").withoutDms(), "Wharf", "wharf");
        fx.zooid().requireEmulator("the newer line");
        String claim =
                call(fx.owner, "GET", "/invite", null).json().get("claim").asText();
        Keys aliceKeys = Keys.generate();
        Member alice = new Member(aliceKeys, fx.relayUrl);
        assertThat(alice.join(claim).get("ok").asBoolean()).isTrue();
        Wait.until(
                "alice a member",
                Duration.ofSeconds(10),
                () -> list("listallowedpubkeys").contains(alice.pubkey()));
        refusedByTheRelay(as(aliceKeys), "createclaim", List.of());

        Api.Response on =
                fx.api.as(fx.owner, "PUT", "/relays/" + fx.relayId, "{\"settings\":{\"members_can_invite\":true}}");
        assertThat(on.status()).as(on.body()).isEqualTo(200);
        zooidConfig(c -> c.at("/management/member_methods").toString().contains("createclaim"));
        String hers = Wait.until(
                "alice's claim",
                Duration.ofSeconds(10),
                () -> {
                    try {
                        return rpc(as(aliceKeys), "createclaim", List.of()).asText();
                    } catch (Failure reloading) {
                        return ""; // zooid reloads the relay after the write
                    }
                },
                c -> !c.isEmpty());
        Member friend = new Member(Keys.generate(), fx.relayUrl);
        assertThat(friend.join(hers).get("ok").asBoolean()).isTrue();

        Api.Response off =
                fx.api.as(fx.owner, "PUT", "/relays/" + fx.relayId, "{\"settings\":{\"members_can_invite\":false}}");
        assertThat(off.status()).as(off.body()).isEqualTo(200);
        zooidConfig(c -> !c.path("management").has("member_methods"));
        refusedByTheRelay(as(aliceKeys), "createclaim", List.of());
    }
}
