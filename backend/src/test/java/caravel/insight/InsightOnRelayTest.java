package caravel.insight;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.CommunityFixture;
import caravel.testing.Member;
import caravel.testing.Wait;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * A relay's insight from real traffic: members join the relay the zooid emulator serves (nostr-tools, their own keys,
 * an invite claim) and post; once the recorder flushes, the owner's GET /relays/:id/insight counts the posts, the
 * joins, the authors and the member list, and the CSV has the day. Another tenant reads nothing of it (404, as for a
 * relay that does not exist), an administrator may, and only an administrator reads the platform's overview.
 */
@Tag("peer")
class InsightOnRelayTest {
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

    JsonNode insight(Keys as) {
        Api.Response r = fx.api.as(as, "GET", "/relays/" + fx.relayId + "/insight", null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    /** Starts the fixture with its relay, waits until the watch listens on it, and returns the relay's invite claim. */
    String watchedRelay(String name, String subdomain) throws Exception {
        fx = CommunityFixture.start(dir, CommunityFixture.Options.defaults().withoutDms(), name, subdomain);
        fx.watched();
        return fx.api
                .as(fx.owner, "GET", "/relays/" + fx.relayId + "/invite", null)
                .json()
                .get("claim")
                .asText();
    }

    static JsonNode today(JsonNode insight) {
        JsonNode days = insight.get("days");
        return days.get(days.size() - 1);
    }

    @Test
    void postsOnTheRelayShowInItsInsightAfterTheFlush() throws Exception {
        String claim = watchedRelay("Town Square", "town");
        Member alice = new Member(Keys.generate(), fx.relayUrl), bob = new Member(Keys.generate(), fx.relayUrl);
        assertThat(alice.join(claim).get("ok").asBoolean()).isTrue();
        assertThat(bob.join(claim).get("ok").asBoolean()).isTrue();
        for (int i = 0; i < 3; i++)
            assertThat(alice.publish(1, List.of(), "hello " + i).get("ok").asBoolean())
                    .isTrue();
        assertThat(bob.publish(7, List.of(), "+").get("ok").asBoolean()).isTrue();

        JsonNode seen = Wait.until(
                "posts counted",
                Duration.ofSeconds(20),
                () -> insight(fx.owner),
                j -> today(j).get("posts").asLong() >= 3
                        && today(j).get("joins").asLong() >= 2
                        && j.at("/active/days7").asLong() >= 2);
        JsonNode day = today(seen);
        assertThat(day.get("date").asText())
                .isEqualTo(LocalDate.ofEpochDay(fx.clock.seconds() / 86_400).toString());
        assertThat(day.get("posts").asLong()).isEqualTo(3);
        // joins are the relay's member-added events: zooid may write more than one for a person (seen: 4 for 2)
        assertThat(day.get("joins").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(seen.at("/active/days7").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(seen.at("/top_posters/0/pubkey").asText()).isEqualTo(alice.pubkey());
        assertThat(seen.at("/top_posters/0/events").asLong()).isGreaterThanOrEqualTo(3);
        assertThat(seen.at("/storage/event_bytes").asLong()).isPositive();
        assertThat(seen.at("/storage/media_bytes").isNull()).isTrue();
        Wait.until(
                "the member list counted",
                Duration.ofSeconds(20),
                () -> insight(fx.owner).at("/members/count"),
                n -> n.isNumber() && n.asLong() >= 2);
        assertThat(seen.at("/members/cap").asInt()).isEqualTo(10);

        Api.Response csv = fx.api.as(fx.owner, "GET", "/relays/" + fx.relayId + "/insight.csv", null);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.body())
                .startsWith(InsightCsv.HEADER + "\r\n")
                .contains(day.get("date").asText() + ",");

        // another tenant: nothing, as for a relay that does not exist
        Keys stranger = Keys.generate();
        for (String path : List.of("/insight", "/insight.csv"))
            assertThat(fx.api
                            .as(stranger, "GET", "/relays/" + fx.relayId + path, null)
                            .status())
                    .isEqualTo(404);
        assertThat(fx.api
                        .as(stranger, "GET", "/relays/no-such-relay/insight", null)
                        .status())
                .isEqualTo(404);
        assertThat(fx.api
                        .send("GET", "/relays/" + fx.relayId + "/insight", null, null)
                        .status())
                .isEqualTo(401);
        // the platform's administrator reads it, and the overview; the owner does not read the overview
        assertThat(insight(fx.backend.admin).at("/members/cap").asInt()).isEqualTo(10);
        assertThat(fx.api.as(fx.owner, "GET", "/admin/insight", null).status()).isEqualTo(403);
        Api.Response overview = fx.api.as(fx.backend.admin, "GET", "/admin/insight", null);
        assertThat(overview.status()).as(overview.body()).isEqualTo(200);
        assertThat(overview.json().at("/busiest/0/relay_id").asText()).isEqualTo(fx.relayId);
    }

    static long posts(JsonNode insight) {
        long n = 0;
        for (JsonNode d : insight.get("days")) n += d.get("posts").asLong();
        return n;
    }

    /**
     * zooid serves the relay from a new instance after each config write, so the watch closes its socket and subscribes
     * again a moment later. A post stored in between must still count.
     */
    @Test
    void aPostStoredWhileTheWatchSubscribesAgainAfterAConfigWriteIsCounted() throws Throwable {
        postBetweenSockets("Harbour", "harbour", () -> fx.watcher().configWritten(fx.relayId));
    }

    /** zooid restarts: the watch's socket drops and is opened again a moment later. A post stored in between counts. */
    @Test
    void aPostStoredWhileTheWatchReconnectsAfterZooidRestartedIsCounted() throws Throwable {
        postBetweenSockets("Quay", "quay", () -> fx.restartZooid());
    }

    /**
     * A member posts; {@code endSocket} ends the watch's socket; the backend's clock is ten seconds further on by the
     * time the new subscription opens (a slow reopen, or a client whose clock is behind), so a subscription asking only
     * for events from its own opening would hear neither the post made now nor the reaction after it.
     */
    void postBetweenSockets(String name, String subdomain, Executable endSocket) throws Throwable {
        String claim = watchedRelay(name, subdomain);
        Member alice = new Member(Keys.generate(), fx.relayUrl);
        assertThat(alice.join(claim).get("ok").asBoolean()).isTrue();
        assertThat(alice.publish(1, List.of(), "before").get("ok").asBoolean()).isTrue();
        Wait.until("the first post counted", Duration.ofSeconds(20), () -> posts(insight(fx.owner)), n -> n == 1);

        int opens = fx.watcher().opens(fx.relayId);
        endSocket.execute();
        fx.clock.advance(Duration.ofSeconds(10));
        assertThat(alice.publish(1, List.of(), "between sockets").get("ok").asBoolean())
                .isTrue();
        Wait.until(
                "subscribed again", Duration.ofSeconds(15), () -> fx.watcher().opens(fx.relayId), n -> n > opens);
        // a reaction after it: handed over after what the new subscription found stored, so once it counts, they have
        assertThat(alice.publish(7, List.of(), "+").get("ok").asBoolean()).isTrue();
        JsonNode after = Wait.until(
                "the reaction counted",
                Duration.ofSeconds(20),
                () -> insight(fx.owner),
                j -> j.get("kinds").findValuesAsText("kind").contains("7"));
        // the post between the sockets counts, and the first, handed over again by the new subscription, still once
        assertThat(posts(after)).isEqualTo(2);
    }
}
