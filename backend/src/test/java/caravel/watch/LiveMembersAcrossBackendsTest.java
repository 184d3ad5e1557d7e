package caravel.watch;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.Inside;
import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.BothDatabases;
import caravel.testing.CommunityFixture;
import caravel.testing.LiveStream;
import caravel.testing.Member;
import caravel.testing.TestBackend;
import caravel.testing.Wait;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two backend processes on one database: a join or leave that one process's watcher hears reaches the live stream of
 * the other process as promptly as its own, well before the stream's periodic count (20 s); a join past the plan's
 * allowance is shown on both as its refusal beside the full count, never as a count above it. Without the changes
 * told through the database, the other process's page waited for its periodic count.
 */
@Tag("peer")
@BothDatabases
class LiveMembersAcrossBackendsTest {
    @TempDir
    Path dir;

    @AfterAll
    static void stopBridge() throws Exception {
        Member.shutdown();
    }

    @Test
    void joinsAndLeavesHeardByOneProcessReachTheOthersPagePromptly() throws Exception {
        try (CommunityFixture fx = CommunityFixture.start(dir, "Two Halls", "twohalls");
                TestBackend other = new TestBackend(dir, env -> {
                    Map<String, String> same = new java.util.HashMap<>(fx.backend.env);
                    same.keySet().removeAll(Set.of("PORT", "PUBLIC_URL"));
                    env.putAll(same);
                })) {
            String relayId = fx.relayId;
            MembershipWatcher a = Inside.of(fx.backend.app).community().watcher,
                    b = Inside.of(other.app).community().watcher;
            a.reconcileNow();
            b.reconcileNow();
            Wait.until(
                    "one of the two processes watching the relay",
                    Duration.ofSeconds(30),
                    () -> a.watching(relayId) ^ b.watching(relayId),
                    w -> w);
            Api api = fx.api;
            String claim = api.as(fx.owner, "GET", "/relays/" + relayId + "/invite", null)
                    .json()
                    .get("claim")
                    .asText();
            String token = api.as(fx.owner, "POST", "/auth/session", null)
                    .json()
                    .get("token")
                    .asText();
            try (LiveStream onA = new LiveStream(api.base(), "/live", "Bearer " + token);
                    LiveStream onB = new LiveStream(other.api.base(), "/live", "Bearer " + token)) {
                List<LiveStream> pages = List.of(onA, onB);
                for (LiveStream page : pages)
                    page.until("the first count", Duration.ofSeconds(10), s -> members(s, relayId) == 0);

                Member alice = new Member(Keys.generate(), fx.relayUrl);
                long t = System.nanoTime();
                assertThat(alice.join(claim).get("ok").asBoolean()).isTrue();
                String watcher = a.watching(relayId) ? "A" : "B";
                for (LiveStream page : pages)
                    promptly(
                            page,
                            "alice's join counted (watched by " + watcher + ", page on " + (page == onA ? "A" : "B")
                                    + ")",
                            t,
                            s -> members(s, relayId) == 1);

                t = System.nanoTime();
                assertThat(alice.publish(28936, List.of(), "").get("ok").asBoolean())
                        .isTrue();
                for (LiveStream page : pages) promptly(page, "alice's leave counted", t, s -> members(s, relayId) == 0);

                for (int i = 0; i < 10; i++)
                    assertThat(api.as(
                                            fx.owner,
                                            "POST",
                                            "/relays/" + relayId + "/members",
                                            "{\"pubkey\":\"" + Keys.generate().pubkey() + "\"}")
                                    .status())
                            .isBetween(200, 299);
                for (LiveStream page : pages)
                    page.until("the relay full", Duration.ofSeconds(25), s -> members(s, relayId) == 10);

                Member extra = new Member(Keys.generate(), fx.relayUrl);
                t = System.nanoTime();
                assertThat(extra.join(claim).get("ok").asBoolean()).isTrue();
                for (LiveStream page : pages) {
                    List<Integer> seen = new ArrayList<>();
                    JsonNode refused = promptly(page, "the refusal", t, s -> {
                        seen.add(members(s, relayId));
                        return s.at("/member_refusals/" + relayId).asLong(0) > 0;
                    });
                    assertThat(seen).as("counts pushed until the refusal").allMatch(n -> n <= 10);
                    assertThat(members(refused, relayId)).isEqualTo(10);
                }
            }
        }
    }

    private static int members(JsonNode state, String relayId) {
        return state.at("/members/" + relayId).asInt(-1);
    }

    /** The next state satisfying {@code done}, which must come well before the periodic count. */
    private static JsonNode promptly(
            LiveStream live, String what, long since, java.util.function.Predicate<JsonNode> done)
            throws InterruptedException {
        JsonNode s = live.until(what, LiveMembersTest.PROMPT.plusSeconds(4), done);
        assertThat(Duration.ofNanos(System.nanoTime() - since))
                .as(what)
                .isLessThan(LiveMembersTest.PROMPT.plusSeconds(4));
        return s;
    }
}
