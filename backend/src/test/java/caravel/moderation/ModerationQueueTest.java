package caravel.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.Inside;
import caravel.community.Community;
import caravel.domain.Actor;
import caravel.nostr.Event;
import caravel.nostr.Keys;
import caravel.relayaccess.RelayAccess;
import caravel.relayaccess.RelaySocket;
import caravel.store.Relay;
import caravel.testing.Api;
import caravel.testing.CommunityFixture;
import caravel.testing.Member;
import caravel.testing.Wait;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The moderation queue against the zooid emulator, over real sockets: members report with their own keys, the watch
 * hears the reports, the hide after N reports takes a post off the relay, and the owner decides through the API;
 * every way a stranger or a second decision could cheat it is tried.
 */
@Tag("peer")
class ModerationQueueTest {
    @TempDir
    Path dir;

    CommunityFixture fx;
    Keys owner;
    Api api;
    String relayId;

    @AfterEach
    void stop() {
        if (fx != null) fx.close();
    }

    @AfterAll
    static void stopBridge() throws Exception {
        Member.shutdown();
    }

    Api.Response call(String method, String path, String body) {
        return api.as(owner, method, "/relays/" + relayId + path, body);
    }

    JsonNode ok(Api.Response r) {
        assertThat(r.status()).as(r.body()).isBetween(200, 299);
        return r.body().isEmpty() ? null : r.json();
    }

    JsonNode item(String id) {
        for (String state : List.of("waiting", "decided"))
            for (JsonNode i : ok(call("GET", "/queue?state=" + state, null)).get("items"))
                if (i.get("id").asText().equals(id)) return i;
        return null;
    }

    Community community() {
        return Inside.of(fx.backend.app).community();
    }

    @Test
    void reportsHideAfterNMembersAndTheTeamDecides() throws Exception {
        fx = CommunityFixture.start(dir, "Town Square", "town");
        owner = fx.owner;
        api = fx.api;
        relayId = fx.relayId;
        fx.watched();
        String claim = ok(call("GET", "/invite", null)).get("claim").asText();
        Member alice = new Member(Keys.generate(), fx.relayUrl);
        List<Member> reporters = new ArrayList<>();
        for (int i = 0; i < 3; i++) reporters.add(new Member(Keys.generate(), fx.relayUrl));
        assertThat(alice.join(claim).get("ok").asBoolean()).isTrue();
        for (Member m : reporters)
            assertThat(m.join(claim).get("ok").asBoolean()).isTrue();
        Member bob = reporters.get(0), carol = reporters.get(1), dave = reporters.get(2);
        // the member mirror must know them before their reports count
        Wait.until(
                "members mirrored",
                Duration.ofSeconds(15),
                () -> List.of(alice, bob, carol, dave).stream()
                        .allMatch(m -> new caravel.names.RelayMemberStore(
                                        Inside.of(fx.backend.app).db().jdbi())
                                .isMember(relayId, m.pubkey())),
                b -> b);

        // the settings: off by default, N ≥ 2, and a stranger cannot read or change them
        assertThat(ok(call("GET", "/queue/settings", null)).get("hide_after").isNull())
                .isTrue();
        Api.Response one = call("PUT", "/queue/settings", "{\"hide_after\":1}");
        assertThat(one.status()).isEqualTo(400);
        assertThat(one.json().get("field").asText()).isEqualTo("hide_after");
        Keys stranger = Keys.generate();
        assertThat(api.as(stranger, "PUT", "/relays/" + relayId + "/queue/settings", "{\"hide_after\":2}")
                        .status())
                .isEqualTo(404);
        JsonNode set = ok(call("PUT", "/queue/settings", "{\"hide_after\":3}"));
        assertThat(set.get("hide_after").asInt()).isEqualTo(3);
        assertThat(set.get("digest").asBoolean()).isTrue();

        JsonNode post = alice.publish(1, List.of(), "buy cheap pills");
        String postId = post.at("/event/id").asText();

        // bob reports the post five times: five reports, one member
        for (int i = 0; i < 5; i++)
            assertThat(bob.publish(
                                    1984,
                                    List.of(List.of("e", postId, "spam"), List.of("p", alice.pubkey())),
                                    "spam " + i)
                            .get("ok")
                            .asBoolean())
                    .isTrue();
        JsonNode it = Wait.until(
                "five reports queued",
                Duration.ofSeconds(10),
                () -> item(postId),
                i -> i != null && i.get("reports").asInt() == 5);
        assertThat(it.get("member_reporters").asInt()).isEqualTo(1);
        assertThat(it.get("status").asText()).isEqualTo("reported");
        assertThat(it.at("/event/content").asText()).isEqualTo("buy cheap pills");
        assertThat(it.get("author").asText()).isEqualTo(alice.pubkey());

        // a non-member's report (as the watch would hand it: zooid refuses non-members' writes, but a relay open to
        // public writing does not) is shown and not counted
        Keys outsider = Keys.generate();
        Event outside =
                Event.sign(outsider, fx.clock.seconds(), 1984, List.of(List.of("e", postId, "spam")), "from outside");
        community().queueFeed.reportArrived(relayId, outside);
        community().queueFeed.reportArrived(relayId, outside); // heard again after a resubscribe: once
        it = item(postId);
        assertThat(it.get("reports").asInt()).isEqualTo(6);
        assertThat(it.get("reporters").asInt()).isEqualTo(2);
        assertThat(it.get("member_reporters").asInt()).isEqualTo(1);

        // carol: two members, still shown; dave: three, the post is hidden within seconds
        carol.publish(1984, List.of(List.of("e", postId, "spam")), "");
        Wait.until(
                "two members",
                Duration.ofSeconds(10),
                () -> item(postId),
                i -> i.get("member_reporters").asInt() == 2);
        assertThat(item(postId).get("status").asText()).isEqualTo("reported");
        long reported = System.nanoTime();
        dave.publish(1984, List.of(List.of("e", postId, "spam")), "");
        Wait.until(
                "hidden on the relay",
                Duration.ofSeconds(10),
                () -> bob.query(true, "{\"ids\":[\"" + postId + "\"]}").get("events"),
                e -> e.isEmpty());
        long hiddenMs = (System.nanoTime() - reported) / 1_000_000;
        System.out.println("moderation queue: hidden " + hiddenMs + " ms after the third member's report");
        assertThat(hiddenMs).as("hidden within seconds").isLessThan(10_000);
        it = Wait.until(
                "hidden in the queue",
                Duration.ofSeconds(5),
                () -> item(postId),
                i -> i.get("status").asText().equals("hidden"));
        assertThat(it.get("cause").asText()).isEqualTo("hidden_after_reports");
        assertThat(it.at("/event/content").asText()).isEqualTo("buy cheap pills"); // kept whole
        assertThat(ok(call("GET", "/queue/count", null)).get("waiting").asInt()).isEqualTo(1);
        // the author cannot put it back by sending it again: the relay refuses the banned id
        Event kept = Event.fromJson(Api.JSON.readTree(
                community().queue.store().item(relayId, postId).orElseThrow().eventJson()));
        assertThat(kept.id()).isEqualTo(postId);
        assertThat(publishAs(alice.keys, kept).accepted()).isFalse();

        // a stranger cannot decide it, alone or in bulk
        assertThat(api.as(stranger, "POST", "/relays/" + relayId + "/queue/items/" + postId, "{\"action\":\"restore\"}")
                        .status())
                .isEqualTo(404);
        assertThat(api.as(
                                stranger,
                                "POST",
                                "/relays/" + relayId + "/queue/decisions",
                                "{\"items\":[\"" + postId + "\"],\"action\":\"dismiss\"}")
                        .status())
                .isEqualTo(404);

        // restore: allowed again; zooid takes the event only from its author, who can now send the same event back
        JsonNode restored = ok(call("POST", "/queue/items/" + postId, "{\"action\":\"restore\"}"));
        assertThat(restored.get("outcome").asText()).isEqualTo("done");
        assertThat(restored.get("decision").asText()).isEqualTo("restored");
        assertThat(restored.get("decided_by").asText()).isEqualTo(owner.pubkey());
        var back = publishAs(alice.keys, kept);
        assertThat(back.accepted()).as(back.message()).isTrue();
        assertThat(bob.query(true, "{\"ids\":[\"" + postId + "\"]}").get("events"))
                .hasSize(1);
        assertThat(ok(call("GET", "/queue/count", null)).get("waiting").asInt()).isEqualTo(0);
        // deciding it again: refused with who decided, nothing done twice
        Api.Response again = call("POST", "/queue/items/" + postId, "{\"action\":\"delete\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("code").asText()).isEqualTo("already_decided");
        assertThat(again.json().get("error").asText()).contains("already decided by", "restored");
        assertThat(bob.query(true, "{\"ids\":[\"" + postId + "\"]}").get("events"))
                .hasSize(1);
        // the decision is in the activity log with who made it
        assertThat(count("SELECT count(*) FROM activity WHERE kind = 'queue_decided' AND actor = ?", owner.pubkey()))
                .isEqualTo(1);

        // restore of an event never removed: refused
        String second =
                alice.publish(1, List.of(), "a fine post").at("/event/id").asText();
        bob.publish(1984, List.of(List.of("e", second, "other")), "I just dislike it");
        Wait.until("second item", Duration.ofSeconds(10), () -> item(second), i -> i != null);
        Api.Response notRemoved = call("POST", "/queue/items/" + second, "{\"action\":\"restore\"}");
        assertThat(notRemoved.status()).isEqualTo(409);
        assertThat(notRemoved.json().get("code").asText()).isEqualTo("not_removed");

        // two decisions at once: one is done, the other is told who decided
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Api.Response>> both = new ArrayList<>();
        for (String action : List.of("dismiss", "delete"))
            both.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return call("POST", "/queue/items/" + second, "{\"action\":\"" + action + "\"}");
            }));
        go.countDown();
        List<Integer> statuses =
                both.stream().map(f -> f.join().status()).sorted().toList();
        assertThat(statuses).containsExactly(200, 409);
        JsonNode decided = item(second);
        assertThat(decided.get("state").asText()).isEqualTo("decided");
        assertThat(count("SELECT count(*) FROM activity WHERE kind = 'queue_decided'"))
                .isEqualTo(2);

        // an automatic removal (as the automatic rules hand it over): listed with its cause, undone by restore
        Event spam = Event.fromJson(alice.publish(1, List.of(), "free crypto").get("event"));
        Relay relay = Inside.of(fx.backend.app).relayStore().find(relayId).orElseThrow();
        community().content.deleteEvent(relay, spam.id(), "blocked word: crypto", Actor.SYSTEM);
        community().queueFeed.removed(relayId, spam, QueueIntake.Cause.BLOCKED_WORDS, "blocked word: crypto");
        community().queueFeed.removed(relayId, spam, QueueIntake.Cause.BLOCKED_WORDS, "blocked word: crypto");
        JsonNode removed = item(spam.id());
        assertThat(removed.get("status").asText()).isEqualTo("removed");
        assertThat(removed.get("cause").asText()).isEqualTo("blocked_words");
        assertThat(removed.at("/event/content").asText()).isEqualTo("free crypto");

        // bulk with a mix: a valid item, a malformed id, an unknown one, an already decided one
        String third = alice.publish(1, List.of(), "meh").at("/event/id").asText();
        carol.publish(1984, List.of(List.of("e", third, "other")), "");
        Wait.until("third item", Duration.ofSeconds(10), () -> item(third), i -> i != null);
        String unknown = "ab".repeat(32);
        JsonNode bulk = ok(call(
                "POST",
                "/queue/decisions",
                "{\"action\":\"dismiss\",\"items\":[\"" + third + "\",\"nothex\",\"" + unknown + "\",\"" + second
                        + "\",\"" + spam.id() + "\"]}"));
        List<String> outcomes = new ArrayList<>();
        for (JsonNode o : bulk.get("outcomes")) outcomes.add(o.get("outcome").asText());
        assertThat(outcomes).containsExactly("done", "invalid", "not_found", "already_decided", "done");
        assertThat(item(third).get("decision").asText()).isEqualTo("dismissed");
        // a dismissed removal stays removed; its undo is still a restore decision no one can make twice
        assertThat(item(spam.id()).get("status").asText()).isEqualTo("removed");
        assertThat(bulk.get("waiting").asInt()).isEqualTo(0);

        // a report acted on in the Reports tab decides its row in the queue too
        String fourth = alice.publish(1, List.of(), "more spam").at("/event/id").asText();
        String fourthReport = bob.publish(1984, List.of(List.of("e", fourth, "spam")), "")
                .at("/event/id")
                .asText();
        Wait.until("fourth item", Duration.ofSeconds(10), () -> item(fourth), i -> i != null);
        ok(call("POST", "/reports/" + fourthReport, "{\"action\":\"delete_event\"}"));
        JsonNode viaTab = item(fourth);
        assertThat(viaTab.get("state").asText()).isEqualTo("decided");
        assertThat(viaTab.get("decision").asText()).isEqualTo("deleted");

        // the digest replaced the per-report DM: the owner was told once within the hour
        Wait.until(
                "digest to the owner",
                Duration.ofSeconds(20),
                () -> fx.dmsTo(owner),
                l -> l.stream()
                        .anyMatch(m -> m.contains("wait in the moderation queue of Town Square")
                                || m.contains("waits in the moderation queue of Town Square")));
        int digests = count(
                "SELECT count(*) FROM jobs WHERE kind = 'dm.send' AND dedupe_key LIKE ?",
                "dm:queue-digest:" + relayId + ":%");
        assertThat(digests).isEqualTo(1);
    }

    int count(String sql, Object... args) {
        return Inside.of(fx.backend.app)
                .db()
                .jdbi()
                .withHandle(h -> h.select(sql, args).mapTo(Integer.class).one());
    }

    /** Publishes a signed event over a socket signed in as {@code keys} (the author's app sending it again). */
    caravel.nostr.RelayMessage.Ok publishAs(Keys keys, Event e) {
        Relay relay = Inside.of(fx.backend.app).relayStore().find(relayId).orElseThrow();
        RelayAccess.Target t = community().access.target(relay);
        RelayAccess.Target as = new RelayAccess.Target(
                t.relayId(), t.host(), t.url(), t.httpOrigin(), t.wsUri(), t.hostHeader(), keys, true);
        try (RelaySocket s = RelaySocket.open(community().http, as, Duration.ofSeconds(10))) {
            return s.publish(e, Duration.ofSeconds(10));
        }
    }
}
