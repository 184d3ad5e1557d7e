package caravel.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.Inside;
import caravel.admission.PaidMember;
import caravel.admission.RelayAdmission;
import caravel.nostr.Event;
import caravel.nostr.Keys;
import caravel.relayaccess.SystemEvents;
import caravel.store.Relay;
import caravel.testing.AcceptingZooid;
import caravel.testing.Api;
import caravel.testing.MutableClock;
import caravel.testing.TestBackend;
import caravel.watch.MembershipWatcherTest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Hide after N reports" counts members who are not on a free trial (R5-11): two throw-away keys on a paid
 * admission's free trial report a post and it stays; two members who paid report it and it is hidden.
 */
class TrialReportsTest {
    @TempDir
    Path dir;

    final Keys owner = Keys.generate(), author = Keys.generate();

    @Test
    void trialMembersReportsAreShownButDoNotHide() {
        try (TestBackend b = new TestBackend(dir, env -> {}, AcceptingZooid.options(), new MutableClock())) {
            Api.Response made = b.api.as(
                    owner, "POST", "/relays", "{\"name\":\"Square\",\"subdomain\":\"square\",\"plan\":\"free\"}");
            assertThat(made.status()).as(made.body()).isEqualTo(201);
            String relayId = made.json().at("/relay/id").asText();
            MembershipWatcherTest.awaitServed(b, List.of(relayId));
            Api.Response set = b.api.as(owner, "PUT", "/relays/" + relayId + "/queue/settings", "{\"hide_after\":2}");
            assertThat(set.status()).as(set.body()).isEqualTo(200);

            Keys trialA = Keys.generate(), trialB = Keys.generate(), paidA = Keys.generate(), paidB = Keys.generate();
            memberList(b, relayId, 100, author, trialA, trialB, paidA, paidB);
            long now = b.clock.seconds();
            Inside.of(b.app).db().jdbi().useHandle(h -> {
                for (Keys t : List.of(trialA, trialB))
                    Inside.of(b.app).admission().members.put(h, member(relayId, t, PaidMember.Status.TRIAL, 0, now));
                for (Keys p : List.of(paidA, paidB))
                    Inside.of(b.app).admission().members.put(h, member(relayId, p, PaidMember.Status.ACTIVE, 1, now));
            });

            String post = "a".repeat(64), other = "b".repeat(64);
            report(b, relayId, trialA, post, now);
            report(b, relayId, trialB, post, now);
            assertThat(hideQueued(b, relayId, post))
                    .as("two trial keys hide nothing")
                    .isFalse();

            report(b, relayId, paidA, other, now);
            report(b, relayId, paidB, other, now);
            assertThat(hideQueued(b, relayId, other))
                    .as("two paying members hide it")
                    .isTrue();
        }
    }

    static PaidMember member(String relayId, Keys k, PaidMember.Status status, int payments, long now) {
        return new PaidMember(
                relayId,
                k.pubkey(),
                status,
                RelayAdmission.Mode.MONTHLY,
                now,
                now + 86_400,
                true,
                payments * 1000L,
                payments,
                payments == 0 ? null : now,
                null,
                now);
    }

    static void report(TestBackend b, String relayId, Keys reporter, String eventId, long now) {
        Inside.of(b.app)
                .community()
                .queueFeed
                .reportArrived(
                        relayId, Event.sign(reporter, now, 1984, List.of(List.of("e", eventId, "spam")), "spam"));
    }

    static boolean hideQueued(TestBackend b, String relayId, String eventId) {
        String key = QueueFeed.HIDE_JOB + ":" + relayId + ":" + eventId;
        return Inside.of(b.app)
                        .db()
                        .jdbi()
                        .withHandle(h -> h.select("SELECT count(*) FROM jobs WHERE dedupe_key = ?", key)
                                .mapTo(Long.class)
                                .one())
                > 0;
    }

    /** The relay's key writes its member list, as zooid does after each join: the member mirror learns it. */
    static void memberList(TestBackend b, String relayId, long createdAt, Keys... members) {
        Relay r = Inside.of(b.app).relayStore().find(relayId).orElseThrow();
        List<List<String>> tags = new ArrayList<>();
        tags.add(List.of("-"));
        for (Keys m : members) tags.add(List.of("member", m.pubkey()));
        Inside.of(b.app)
                .community()
                .names
                .memberList(
                        relayId,
                        Event.sign(
                                Inside.of(b.app).community().access.target(r).keys(),
                                createdAt,
                                SystemEvents.MEMBER_LIST,
                                tags,
                                ""));
    }
}
