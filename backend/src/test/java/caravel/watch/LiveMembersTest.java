package caravel.watch;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.Inside;
import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.CommunityFixture;
import caravel.testing.LiveStream;
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
 * Joins, leaves and refusals reach an open page's live stream as the membership watcher hears them on the relay,
 * well before the stream's periodic count (20 s): a join past the free plan's allowance shows as its refusal beside
 * the full count, never as a count above the allowance.
 */
@Tag("peer")
class LiveMembersTest {
    /** Much less than the periodic count of an open stream (LiveRoutes.MEMBERS_MILLIS, 20 s). */
    static final Duration PROMPT = Duration.ofSeconds(4);

    @TempDir
    Path dir;

    CommunityFixture fx;
    Keys owner;
    Api api;
    String relayId, relayUrl;

    @AfterEach
    void stop() {
        if (fx != null) fx.close();
    }

    @AfterAll
    static void stopBridge() throws Exception {
        Member.shutdown();
    }

    JsonNode ok(Api.Response r) {
        assertThat(r.status()).as(r.body()).isBetween(200, 299);
        return r.body().isEmpty() ? null : r.json();
    }

    int members(JsonNode state) {
        return state.at("/members/" + relayId).asInt(-1);
    }

    long newestRefusal(JsonNode state) {
        return state.at("/member_refusals/" + relayId).asLong(0);
    }

    /** The next state that satisfies {@code done}, which must come within {@link #PROMPT} of {@code since}. */
    JsonNode promptly(LiveStream live, String what, long since, java.util.function.Predicate<JsonNode> done)
            throws InterruptedException {
        JsonNode s = live.until(what, PROMPT.plusSeconds(2), done);
        assertThat(Duration.ofNanos(System.nanoTime() - since)).as(what).isLessThan(PROMPT);
        return s;
    }

    @Test
    void joinsLeavesAndARefusalArePushedAsTheWatcherHearsThem() throws Exception {
        fx = CommunityFixture.start(dir, "Live Hall", "hall");
        owner = fx.owner;
        api = fx.api;
        relayId = fx.relayId;
        relayUrl = fx.relayUrl;
        // a new relay's first joins are heard too: it is watched right after zooid took its config, not at the
        // watcher's next pass (every 15 s)
        MembershipWatcher watcher = Inside.of(fx.backend.app).community().watcher;
        long active = System.nanoTime();
        Wait.until("watcher subscribed", Duration.ofSeconds(15), () -> watcher.watching(relayId), w -> w);
        assertThat(Duration.ofNanos(System.nanoTime() - active)).isLessThan(PROMPT);
        String claim = ok(api.as(owner, "GET", "/relays/" + relayId + "/invite", null))
                .get("claim")
                .asText();
        String token =
                ok(api.as(owner, "POST", "/auth/session", null)).get("token").asText();

        try (LiveStream live = new LiveStream(api.base(), "/live", "Bearer " + token)) {
            live.until("the first count", Duration.ofSeconds(10), s -> members(s) == 0);

            // a join with the invite, from a member's own Nostr app
            Member alice = new Member(Keys.generate(), relayUrl);
            long t = System.nanoTime();
            assertThat(alice.join(claim).get("ok").asBoolean()).isTrue();
            promptly(live, "alice's join counted", t, s -> members(s) == 1);

            // she leaves
            t = System.nanoTime();
            assertThat(alice.publish(28936, List.of(), "").get("ok").asBoolean())
                    .isTrue();
            promptly(live, "alice's leave counted", t, s -> members(s) == 0);

            // the free plan's 10, added by the owner in Caravel
            t = System.nanoTime();
            for (int i = 0; i < 10; i++)
                ok(api.as(
                        owner,
                        "POST",
                        "/relays/" + relayId + "/members",
                        "{\"pubkey\":\"" + Keys.generate().pubkey() + "\"}"));
            promptly(live, "the relay full", t, s -> members(s) == 10);

            // an 11th joins with the invite: zooid admits them, Caravel reverses it; the page sees the refusal beside
            // the full count, and no count above the allowance on the way
            Member extra = new Member(Keys.generate(), relayUrl);
            t = System.nanoTime();
            assertThat(extra.join(claim).get("ok").asBoolean()).isTrue();
            java.util.List<Integer> seen = new java.util.ArrayList<>();
            JsonNode refused = promptly(live, "the refusal", t, s -> {
                seen.add(members(s));
                return newestRefusal(s) > 0;
            });
            assertThat(seen).as("counts pushed until the refusal").allMatch(n -> n <= 10);
            assertThat(members(refused)).isEqualTo(10);
            Wait.until(
                    "the join reversed on the relay",
                    Duration.ofSeconds(10),
                    () -> ok(api.as(owner, "GET", "/relays/" + relayId + "/members", null))
                            .get("items")
                            .findValuesAsText("pubkey"),
                    m -> !m.contains(extra.pubkey()));
            // and nothing later shows the refused member counted
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> live.until("a count other than 10", Duration.ofSeconds(2), s -> members(s) != 10))
                    .isInstanceOf(AssertionError.class);
        }
    }
}
