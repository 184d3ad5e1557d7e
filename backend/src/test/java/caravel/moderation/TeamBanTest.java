package caravel.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.nostr.Keys;
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
 * A ban on someone of the relay's team would not hold (zooid adds and unbans the keys its config's roles name on every
 * reload of that config), so it is refused, with what to do instead, wherever a ban is asked for: the bans route and
 * the moderation queue's ban of a post's author. Nothing is banned meanwhile; once off the team, the ban goes through.
 * Also: a moderator's open report counts (GET /reports/open) include the relays they help run, until removed.
 */
@Tag("peer")
class TeamBanTest {
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

    static void refusedAsTeam(Api.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(409);
        assertThat(r.json().path("code").asText()).isEqualTo(Moderation.TEAM_MEMBER);
        assertThat(r.error()).contains("remove them from the team first");
    }

    @Test
    void aTeamMemberIsBannedNeitherByTheRouteNorByTheQueueUntilOffTheTeam() throws Exception {
        fx = CommunityFixture.start(dir, "Town Square", "town");
        fx.watched();
        Keys owner = fx.owner;
        String claim = call(owner, "GET", "/invite", null).json().get("claim").asText();
        Member alice = new Member(Keys.generate(), fx.relayUrl);
        Member bob = new Member(Keys.generate(), fx.relayUrl);
        assertThat(alice.join(claim).get("ok").asBoolean()).isTrue();
        assertThat(bob.join(claim).get("ok").asBoolean()).isTrue();
        Keys admin = Keys.generate();
        for (String[] m : List.of(new String[] {alice.pubkey(), "moderator"}, new String[] {admin.pubkey(), "admin"}))
            assertThat(call(owner, "POST", "/team", "{\"pubkey\":\"" + m[0] + "\",\"role\":\"" + m[1] + "\"}")
                            .status())
                    .isEqualTo(201);

        // the bans route: the owner, an admin, by hex or npub, for good or for an hour
        long inAnHour = System.currentTimeMillis() / 1000 + 3600;
        refusedAsTeam(call(owner, "POST", "/bans", "{\"pubkey\":\"" + alice.pubkey() + "\",\"reason\":\"spam\"}"));
        refusedAsTeam(call(admin, "POST", "/bans", "{\"pubkey\":\"" + alice.keys.npub() + "\"}"));
        refusedAsTeam(
                call(owner, "POST", "/bans", "{\"pubkey\":\"" + alice.pubkey() + "\",\"until\":" + inAnHour + "}"));

        // the queue: bob reports alice's post; banning its author is refused, the item still waits
        String postId = alice.publish(1, List.of(), "a post").at("/event/id").asText();
        assertThat(bob.publish(1984, List.of(List.of("e", postId, "spam"), List.of("p", alice.pubkey())), "spam")
                        .get("ok")
                        .asBoolean())
                .isTrue();
        Wait.until(
                "the report queued",
                Duration.ofSeconds(15),
                () -> call(owner, "GET", "/queue", null).json().get("items"),
                items -> items.toString().contains(postId));
        // the moderator's open report counts include the relay they help run (a stranger's do not)
        Wait.until(
                "the report counted for the moderator",
                Duration.ofSeconds(10),
                () -> fx.api.as(alice.keys, "GET", "/reports/open", null).json().path("counts"),
                counts -> counts.path(fx.relayId).asInt() == 1);
        assertThat(fx.api
                        .as(Keys.generate(), "GET", "/reports/open", null)
                        .json()
                        .path("counts")
                        .has(fx.relayId))
                .isFalse();
        refusedAsTeam(call(owner, "POST", "/queue/items/" + postId, "{\"action\":\"ban\"}"));
        JsonNode bulk = call(owner, "POST", "/queue/decisions", "{\"action\":\"ban\",\"items\":[\"" + postId + "\"]}")
                .json();
        assertThat(bulk.at("/outcomes/0/outcome").asText()).as(bulk.toString()).isNotEqualTo("done");
        assertThat(bulk.at("/outcomes/0/message").asText()).contains("remove them from the team first");
        assertThat(call(owner, "GET", "/queue", null).json().get("items").toString())
                .contains(postId);
        assertThat(call(owner, "GET", "/bans", null).json().get("items").toString())
                .doesNotContain(alice.pubkey());

        // off the team, the same ban goes through
        assertThat(call(owner, "DELETE", "/team/" + alice.pubkey(), null).status())
                .isEqualTo(204);
        assertThat(fx.api
                        .as(alice.keys, "GET", "/reports/open", null)
                        .json()
                        .path("counts")
                        .has(fx.relayId))
                .isFalse();
        assertThat(call(owner, "POST", "/bans", "{\"pubkey\":\"" + alice.pubkey() + "\"}")
                        .status())
                .isEqualTo(201);
        assertThat(call(owner, "GET", "/bans", null).json().get("items").toString())
                .contains(alice.pubkey());
    }
}
