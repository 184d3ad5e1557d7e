package caravel.automod;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.Inside;
import caravel.nostr.Event;
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
 * The rules leave the team's posts alone from the team's very next change, not from the rules' next periodic refresh:
 * the team tells the rules when it changes (the port {@code caravel.team.TeamChanges}, wired in App). Events are
 * handed to the rules as the watch would hand them; a removal is seen as its claim (the relay is not provisioned, so
 * the removal's NIP-86 call itself fails and is retried by its job, which no case here waits for).
 */
class TeamExemptionTest {
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

    /** A post by {@code author} with the blocked word, heard by the rules; whether they claimed it for removal. */
    static boolean removed(String relayId, Keys author, String text) {
        Event e = author.sign(System.currentTimeMillis() / 1000, 1, List.of(), text);
        Inside.of(backend.app).community().automod.listener().accepted(relayId, e);
        return Inside.of(backend.app)
                        .db()
                        .jdbi()
                        .withHandle(h -> h.createQuery(
                                        "SELECT COUNT(*) FROM automod_removals WHERE relay_id = ? AND event_id = ?")
                                .bind(0, relayId)
                                .bind(1, e.id())
                                .mapTo(Integer.class)
                                .one())
                > 0;
    }

    @Test
    void aKeyAddedToTheTeamIsLeftAloneAtOnceAndCheckedAgainOnceRemoved() {
        Keys owner = Keys.generate(), helper = Keys.generate(), member = Keys.generate();
        Api.Response created =
                api.as(owner, "POST", "/relays", "{\"name\":\"R\",\"subdomain\":\"exempt\",\"plan\":\"free\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().at("/relay/id").asText();
        Api.Response rules = api.as(
                owner,
                "PUT",
                "/relays/" + id + "/automod",
                "{\"blocked_enabled\":true,\"words\":[\"spam\"],\"patterns\":[],\"first_posts_enabled\":false,"
                        + "\"first_posts_count\":1,\"first_posts_days\":7}");
        assertThat(rules.status()).as(rules.body()).isEqualTo(200);

        // the rules are compiled (and the team read) by the first post they hear
        assertThat(removed(id, helper, "spam one")).isTrue();
        assertThat(removed(id, owner, "spam by the owner")).isFalse();

        Api.Response added = api.as(
                owner,
                "POST",
                "/relays/" + id + "/team",
                "{\"pubkey\":\"" + helper.pubkey() + "\",\"role\":\"moderator\"}");
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        assertThat(removed(id, helper, "spam two")).as("a team member's post").isFalse();
        assertThat(removed(id, member, "spam three")).as("anyone else's").isTrue();

        // a role change keeps them exempt; removal from the team ends it on the next post
        assertThat(api.as(owner, "PUT", "/relays/" + id + "/team/" + helper.pubkey(), "{\"role\":\"admin\"}")
                        .status())
                .isEqualTo(200);
        assertThat(removed(id, helper, "spam four")).isFalse();
        assertThat(api.as(owner, "DELETE", "/relays/" + id + "/team/" + helper.pubkey(), null)
                        .status())
                .isEqualTo(204);
        assertThat(removed(id, helper, "spam five"))
                .as("after removal from the team")
                .isTrue();
    }
}
