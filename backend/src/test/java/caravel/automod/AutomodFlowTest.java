package caravel.automod;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.Inside;
import caravel.community.Community;
import caravel.jobs.Job;
import caravel.jobs.JobPayloads;
import caravel.jobs.JobQueue;
import caravel.moderation.QueueIntake;
import caravel.nostr.Event;
import caravel.nostr.Keys;
import caravel.store.Relay;
import caravel.testing.Api;
import caravel.testing.CommunityFixture;
import caravel.testing.Member;
import caravel.testing.Wait;
import caravel.watch.WatchedEvents;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Automatic rules against the zooid emulator over real sockets: the owner sets them through the API, a member posts
 * with nostr-tools, and the watch hands the event to the rules; a post with a blocked word is gone from the relay
 * within 5 s. The ways around them are tried on an engine of the test's own (same database and relay, a recording
 * queue): an event heard twice, the owner's post, a restored event, a relay that cannot be reached.
 */
@Tag("peer")
class AutomodFlowTest {
    @TempDir
    Path dir;

    CommunityFixture fx;
    Api api;
    String relayId;

    record Handed(String relayId, String eventId, QueueIntake.Cause cause, String detail) {}

    final List<Handed> queue = new CopyOnWriteArrayList<>();
    final QueueIntake recording =
            (relay, event, cause, detail) -> queue.add(new Handed(relay, event.id(), cause, detail));

    @AfterEach
    void stop() {
        if (fx != null) fx.close();
    }

    @AfterAll
    static void stopBridge() throws Exception {
        Member.shutdown();
    }

    Api.Response call(Keys who, String method, String body) {
        return api.as(who, method, "/relays/" + relayId + "/automod", body);
    }

    JsonNode ok(Api.Response r) {
        assertThat(r.status()).as(r.body()).isBetween(200, 299);
        return r.json();
    }

    static String rules(boolean blocked, String words, String patterns, boolean firstPosts, int count) {
        return "{\"blocked_enabled\":" + blocked + ",\"words\":" + words + ",\"patterns\":" + patterns
                + ",\"first_posts_enabled\":" + firstPosts + ",\"first_posts_count\":" + count
                + ",\"first_posts_days\":7}";
    }

    Member joinedMember() {
        Member m = new Member(Keys.generate(), fx.relayUrl);
        String claim = api.as(fx.owner, "GET", "/relays/" + relayId + "/invite", null)
                .json()
                .get("claim")
                .asText();
        assertThat(m.join(claim).get("ok").asBoolean()).isTrue();
        return m;
    }

    @Test
    void aPostWithABlockedWordIsGoneWithinFiveSecondsAndItsAuthorTold() throws Exception {
        fx = CommunityFixture.start(dir, "Town Square", "town");
        api = fx.api;
        relayId = fx.relayId;
        fx.watched();

        JsonNode off = ok(call(fx.owner, "GET", null));
        assertThat(off.get("blocked_enabled").asBoolean()).isFalse();
        assertThat(off.get("first_posts_enabled").asBoolean()).isFalse();
        assertThat(off.get("summary").get(0).asText()).contains("(off)");

        // refused at the field, nothing saved
        Api.Response bad = call(fx.owner, "PUT", rules(true, "[\"spam\"]", "[\"ok\",\"(unclosed\"]", false, 1));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("field").asText()).isEqualTo("patterns[1]");
        assertThat(bad.json().get("error").asText()).contains("Pattern 2").contains("character 1");
        assertThat(ok(call(fx.owner, "GET", null)).get("words")).isEmpty();
        // another tenant can neither read nor set this relay's rules
        Keys stranger = Keys.generate();
        assertThat(call(stranger, "GET", null).status()).isEqualTo(404);
        assertThat(call(stranger, "PUT", rules(true, "[\"x\"]", "[]", false, 1)).status())
                .isEqualTo(404);

        JsonNode set = ok(call(fx.owner, "PUT", rules(true, "[\"spam\"]", "[\"bit\\\\.ly/\\\\w+\"]", false, 1)));
        assertThat(set.get("words").get(0).asText()).isEqualTo("spam");
        assertThat(set.get("patterns").get(0).asText()).isEqualTo("bit\\.ly/\\w+");
        assertThat(set.get("summary").get(0).asText())
                .contains("1 blocked word")
                .contains("1 pattern");

        Member alice = joinedMember();
        JsonNode fine = alice.publish(1, List.of(), "hello everyone");
        JsonNode post = alice.publish(1, List.of(), "buy SPAM here");
        assertThat(post.get("ok").asBoolean()).as(post.toString()).isTrue();
        String postId = post.at("/event/id").asText();
        Wait.until(
                "the post with a blocked word is gone",
                Duration.ofSeconds(5),
                () -> alice.query(true, "{\"ids\":[\"" + postId + "\"]}")
                                .get("events")
                                .size()
                        == 0);
        // the other post stands
        String fineId = fine.at("/event/id").asText();
        assertThat(alice.query(true, "{\"ids\":[\"" + fineId + "\"]}").get("events"))
                .hasSize(1);
        // the author is told why, by the robot
        Wait.until(
                "alice told why",
                Duration.ofSeconds(15),
                () -> fx.dmsTo(alice.keys).stream().anyMatch(m -> m.contains("the blocked word \"spam\"")));
        // a second removal within the hour tells her nothing more
        JsonNode again = alice.publish(1, List.of(), "see bit.ly/cheap");
        String againId = again.at("/event/id").asText();
        Wait.until(
                "the post matching a pattern is gone",
                Duration.ofSeconds(5),
                () -> alice.query(true, "{\"ids\":[\"" + againId + "\"]}")
                                .get("events")
                                .size()
                        == 0);
        fx.backend.awaitJobsSettled();
        assertThat(fx.dmsTo(alice.keys).stream().filter(m -> m.contains("removed automatically")))
                .hasSize(1);
    }

    @Test
    void theRulesCannotBeCheated() throws Exception {
        fx = CommunityFixture.start(dir, CommunityFixture.Options.defaults().withoutDms(), "Town Square", "town");
        api = fx.api;
        relayId = fx.relayId;
        ok(call(fx.owner, "PUT", rules(true, "[\"spam\"]", "[]", true, 1)));
        Inside app = Inside.of(fx.backend.app);
        Relay relay = app.relayStore().find(relayId).orElseThrow();
        Keys relayKeys = app.community().access.target(relay).keys();
        Keys alice = Keys.generate();
        // the retry job of the test's own engine is due in ten minutes: the app's runner never takes it here
        try (AutomaticRules rules = ownRules(app, new JobQueue(fx.clock, () -> {}), recording, 600_000)) {
            WatchedEvents listener = rules.listener();

            // the owner's post with a blocked word stays, and so does the relay's own
            listener.accepted(relayId, fx.owner.sign(fx.clock.seconds(), 1, List.of(), "spam spam"));
            listener.accepted(relayId, relayKeys.sign(fx.clock.seconds(), 1, List.of(), "spam"));
            // a report quoting the word is not a post
            listener.accepted(relayId, alice.sign(fx.clock.seconds(), 1984, List.of(), "they wrote spam"));

            // the same event heard twice: removed once, one queue item
            Event spam = alice.sign(fx.clock.seconds(), 1, List.of(List.of("title", "x")), "SPAM!");
            listener.accepted(relayId, spam);
            listener.accepted(relayId, spam);
            Wait.until("handed to the queue", Duration.ofSeconds(5), () -> queue.size() == 1);
            assertThat(queue.get(0))
                    .isEqualTo(new Handed(
                            relayId, spam.id(), QueueIntake.Cause.BLOCKED_WORDS, "contains the blocked word \"spam\""));
            AutomodStore store = new AutomodStore(app.db().jdbi());
            assertThat(store.removal(relayId, spam.id()).orElseThrow().removedAt())
                    .isNotNull();
            rules.removals().complete(relayId, spam.id()); // the retry job, once everything is done
            assertThat(queue).hasSize(1);

            // restored by the team and heard again: not removed again
            assertThat(rules.restored(relayId, spam.id())).isTrue();
            listener.accepted(relayId, spam);
            Thread.sleep(300);
            assertThat(queue).hasSize(1);

            // the relay cannot be reached: nothing is lost; the job removes it once the relay is back
            fx.stopZooid();
            Event later = alice.sign(fx.clock.seconds(), 1111, List.of(), "more spam");
            listener.accepted(relayId, later);
            Wait.until(
                    "the immediate attempt failed",
                    Duration.ofSeconds(20),
                    () -> rules.removals().failedNow() >= 1);
            assertThat(queue).hasSize(1);
            assertThat(store.removal(relayId, later.id()).orElseThrow().removedAt())
                    .isNull();
            fx.startZooidAgain();
            String payload = JobPayloads.write(new Removals.Payload(relayId, later.id()));
            rules.removals().run(new Job(1, Removals.JOB, payload, 1, Removals.MAX_ATTEMPTS));
            assertThat(queue).hasSize(2);
            assertThat(queue.get(1).eventId()).isEqualTo(later.id());
            assertThat(store.removal(relayId, later.id()).orElseThrow().removedAt())
                    .isNotNull();

            // first posts: a member the relay added just now has their first post held, not the second
            Keys newbie = Keys.generate();
            listener.accepted(
                    relayId, relayKeys.sign(fx.clock.seconds(), 8000, List.of(List.of("p", newbie.pubkey())), ""));
            Event first = newbie.sign(fx.clock.seconds(), 1, List.of(), "hi all");
            Event second = newbie.sign(fx.clock.seconds() + 1, 1, List.of(), "hi again");
            listener.accepted(relayId, first);
            listener.accepted(relayId, second);
            Wait.until("the first post held", Duration.ofSeconds(5), () -> queue.size() == 3);
            assertThat(queue.get(2).eventId()).isEqualTo(first.id());
            assertThat(queue.get(2).cause()).isEqualTo(QueueIntake.Cause.FIRST_POST_HELD);
            assertThat(queue.get(2).detail()).contains("The first post of a member who joined less than 7 days ago");
            // a member Caravel never heard join (an old member) is not held
            listener.accepted(relayId, Keys.generate().sign(fx.clock.seconds(), 1, List.of(), "hello"));
            Thread.sleep(300);
            assertThat(queue).hasSize(3);

            // the owner turns the rules off: nothing is removed from then on
            ok(call(fx.owner, "PUT", rules(false, "[\"spam\"]", "[]", false, 1)));
            rules.rulesChanged(relayId);
            listener.accepted(relayId, alice.sign(fx.clock.seconds(), 1, List.of(), "spam again"));
            Thread.sleep(300);
            assertThat(queue).hasSize(3);
        }
    }

    /**
     * An engine of the test's own, wired as the app wires its rules (the same stores, relay access and activity), with
     * the test's job queue and intake and the retry job due after {@code retryAfterMs}.
     */
    private AutomaticRules ownRules(Inside app, JobQueue jobs, QueueIntake intake, long retryAfterMs) {
        Community c = app.community();
        var store = new AutomodStore(app.db().jdbi());
        var completion = new RemovalCompletion(
                app.relayStore(), c.calls, c.store, c.outcomes, app.robot(), store, intake, fx.clock);
        var removals = new Removals(store, jobs, fx.clock, retryAfterMs, completion);
        var engine = new RuleEngine(app.relayStore(), c.access, fx.clock, store, removals, TeamKeys.NONE);
        return new AutomaticRules(store, removals, engine, c.outcomes, fx.clock);
    }
}
