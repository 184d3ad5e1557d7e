package caravel.insight;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.domain.Plans;
import caravel.nostr.Event;
import caravel.nostr.Keys;
import caravel.relayaccess.CommunityStore;
import caravel.store.Database;
import caravel.store.Relay;
import caravel.store.RelayStore;
import caravel.testing.BothDatabases;
import caravel.testing.ListRows;
import caravel.testing.MutableClock;
import caravel.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The insight aggregates as the watch's events make them, on SQLite or PostgreSQL as the suite runs: every figure is
 * worked out here from the events handed over, then compared with the report. It tries what the watch can really do —
 * hand the same event over twice (in one buffer, and again after a reconnect), hand over events dated long ago or in
 * 2100, events of 5 MB — and what a crash or a refused flush costs.
 */
@BothDatabases
class InsightRecorderTest {
    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock();
    final Keys alice = Keys.generate(), bob = Keys.generate(), relayKey = Keys.generate();

    record Fixture(Database db, InsightRecorder recorder, Insight insight, RelayStore relays, List<Relay> all)
            implements AutoCloseable {
        @Override
        public void close() {
            recorder.close();
            db.close();
        }
    }

    Fixture open() {
        clock.set(Instant.parse("2026-11-20T10:00:00Z"));
        Database db = TestDatabases.open(dir.resolve("insight.db"));
        Jdbi jdbi = db.jdbi();
        ListRows.insert(jdbi, 3, 6, 1);
        RelayStore relays = new RelayStore(jdbi, db.dataSource());
        List<String> ids = jdbi.withHandle(h -> h.select("SELECT id FROM relays ORDER BY id")
                .mapTo(String.class)
                .list());
        List<Relay> all = new ArrayList<>();
        for (String id : ids) all.add(relays.find(id).orElseThrow());
        return new Fixture(
                db,
                new InsightRecorder(jdbi, clock, id -> relays.find(id).map(Relay::tenant)),
                new Insight(jdbi, clock, Plans.seed(), new CommunityStore(jdbi)),
                relays,
                all);
    }

    Event post(Keys k, int kind, String content) {
        return Event.sign(k, clock.seconds(), kind, List.of(), content);
    }

    Event memberList(int members) {
        List<List<String>> tags = new ArrayList<>();
        tags.add(List.of("-"));
        tags.add(List.of("member", relayKey.pubkey())); // the archived line lists the relay's own key
        for (int i = 0; i < members; i++)
            tags.add(List.of("member", Keys.generate().pubkey()));
        return Event.sign(relayKey, clock.seconds(), 13534, tags, "");
    }

    static InsightReport.Day day(InsightReport r, LocalDate d) {
        return r.days().stream()
                .filter(x -> x.date().equals(d.toString()))
                .findFirst()
                .orElseThrow();
    }

    LocalDate today() {
        return LocalDate.ofEpochDay(clock.seconds() / 86_400);
    }

    @Test
    void eventsArePerDayByKindWithPostsAuthorsBytesJoinsAndTopPosters() {
        try (Fixture f = open()) {
            Relay r = f.all().get(0);
            List<Event> sent = new ArrayList<>();
            sent.add(post(alice, 1, "hello"));
            sent.add(post(alice, 9, "chat héllo ✓"));
            sent.add(post(bob, 1111, "a comment"));
            sent.add(post(bob, 7, "+"));
            sent.add(Event.sign(relayKey, clock.seconds(), 8000, List.of(List.of("p", alice.pubkey())), ""));
            sent.add(Event.sign(relayKey, clock.seconds(), 8001, List.of(List.of("p", bob.pubkey())), ""));
            sent.add(memberList(4));
            for (Event e : sent) f.recorder().accepted(r.id(), e);
            f.recorder().flush();
            // the next day: alice posts again; bob's events stay on yesterday
            clock.advance(Duration.ofDays(1));
            f.recorder().accepted(r.id(), post(alice, 1, "day two"));
            f.recorder().flush();

            InsightReport rep = f.insight().forRelay(r);
            assertThat(rep.days()).hasSize(30);
            assertThat(rep.days().getLast().date()).isEqualTo(today().toString());
            InsightReport.Day first = day(rep, today().minusDays(1)), second = day(rep, today());
            assertThat(first.events()).isEqualTo(7);
            assertThat(first.posts()).as("kinds 1, 9 and 1111").isEqualTo(3);
            assertThat(first.joins()).isEqualTo(1);
            assertThat(first.leaves()).isEqualTo(1);
            assertThat(first.authors())
                    .as("alice and bob; the relay's own events are not a member's")
                    .isEqualTo(2);
            long bytes = 0;
            for (Event e : sent) bytes += e.toJsonString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            // the estimate leaves out JSON escapes only; these events have none
            assertThat(first.bytes()).isEqualTo(bytes);
            assertThat(second.events()).isEqualTo(1);
            assertThat(second.authors()).isEqualTo(1);
            assertThat(rep.active().days7()).isEqualTo(2);
            assertThat(rep.active().days30()).isEqualTo(2);
            assertThat(rep.topPosters().getFirst().pubkey()).isEqualTo(alice.pubkey());
            assertThat(rep.topPosters().getFirst().events()).isEqualTo(3);
            assertThat(rep.kinds().getFirst()).isEqualTo(new InsightReport.KindCount(1, 2));
            assertThat(rep.kinds()).hasSize(7);
            assertThat(rep.members().count())
                    .as("the last list's members less the relay's key")
                    .isEqualTo(4);
            assertThat(rep.members().joins30()).isEqualTo(1);
            assertThat(rep.storage().eventBytes()).isEqualTo(bytes + second.bytes());
            assertThat(rep.storage().mediaBytes()).isNull();
            assertThat(rep.watchedSince()).isEqualTo(today().minusDays(1).toString());
            assertThat(rep.months()).hasSize(12);
            assertThat(rep.months().getLast().events()).isEqualTo(8);
            // another relay saw nothing
            InsightReport other = f.insight().forRelay(f.all().get(1));
            assertThat(other.days().stream()
                            .mapToLong(InsightReport.Day::events)
                            .sum())
                    .isZero();
            assertThat(other.watchedSince()).isNull();
            assertThat(other.members().count()).isNull();

            String csv = f.insight().csv(r);
            String[] lines = csv.split("\r\n");
            assertThat(lines[0]).isEqualTo(InsightCsv.HEADER);
            assertThat(lines).hasSize(1 + 366);
            assertThat(lines[lines.length - 2]).startsWith(today().minusDays(1) + ",7,3," + bytes + ",1,1,2,0,0");
        }
    }

    @Test
    void anEventHandedOverTwiceCountsOnceInOneBufferAndAfterAReconnect() {
        try (Fixture f = open()) {
            Relay r = f.all().get(0);
            Event e = post(alice, 1, "once");
            f.recorder().accepted(r.id(), e);
            f.recorder().accepted(r.id(), e);
            f.recorder().flush();
            // the watch subscribes again after a lost socket and the relay sends it again, later
            clock.advance(Duration.ofMinutes(5));
            f.recorder().accepted(r.id(), e);
            f.recorder().flush();
            // the same event on another relay is that relay's
            f.recorder().accepted(f.all().get(1).id(), e);
            f.recorder().flush();
            InsightReport rep = f.insight().forRelay(r);
            assertThat(day(rep, today()).events()).isEqualTo(1);
            assertThat(rep.topPosters().getFirst().events()).isEqualTo(1);
            assertThat(rep.storage().eventBytes()).isEqualTo(day(rep, today()).bytes());
            assertThat(day(f.insight().forRelay(f.all().get(1)), today()).events())
                    .isEqualTo(1);
            assertThat(f.recorder().flushed()).isEqualTo(2);
        }
    }

    @Test
    void eventsDatedLongAgoOrIn2100CountOnTheDayTheyArrivedAndMakeNoRowsElsewhere() {
        try (Fixture f = open()) {
            Relay r = f.all().get(0);
            long y2100 = Instant.parse("2100-01-01T00:00:00Z").getEpochSecond();
            Event future = Event.sign(alice, y2100, 1, List.of(), "from the future");
            Event past = Event.sign(alice, 1_000_000_000L, 1, List.of(), "from 2001");
            f.recorder().accepted(r.id(), future);
            f.recorder().accepted(r.id(), past);
            f.recorder().flush();
            clock.advance(Duration.ofHours(1));
            f.recorder().accepted(r.id(), future); // dated ahead: a new subscription asks for it again
            f.recorder().flush();
            assertThat(day(f.insight().forRelay(r), today()).events()).isEqualTo(2);
            long today = clock.seconds() / 86_400;
            Jdbi jdbi = f.db().jdbi();
            long elsewhere = jdbi.withHandle(h -> h.select("SELECT count(*) FROM insight_days WHERE day <> ?", today)
                    .mapTo(Long.class)
                    .one());
            assertThat(elsewhere).isZero();
            long newest = jdbi.withHandle(h -> h.select("SELECT max(day) FROM insight_platform_days")
                    .mapTo(Long.class)
                    .one());
            assertThat(newest).isEqualTo(today);
            // the id dated 2100 is not kept until 2100
            long keep = jdbi.withHandle(h -> h.select("SELECT max(keep_until) FROM insight_seen")
                    .mapTo(Long.class)
                    .one());
            assertThat(keep).isLessThan(clock.seconds() + Duration.ofDays(40).toSeconds());
        }
    }

    @Test
    void aHugeEventIsMeasuredNotKept() {
        try (Fixture f = open()) {
            Relay r = f.all().get(0);
            String content = "x".repeat(5 * 1024 * 1024);
            Event big = post(alice, 1, content);
            f.recorder().accepted(r.id(), big);
            f.recorder().flush();
            long bytes = day(f.insight().forRelay(r), today()).bytes();
            assertThat(bytes).isEqualTo(big.toJsonString().length());
            assertThat(bytes).isGreaterThan(5L * 1024 * 1024);
        }
    }

    @Test
    void aRefusedFlushKeepsTheBufferForTheNext() {
        try (Fixture f = open()) {
            Relay r = f.all().get(0);
            f.db().jdbi().useHandle(h -> h.execute("ALTER TABLE insight_platform_days RENAME TO insight_gone"));
            f.recorder().accepted(r.id(), post(alice, 1, "kept"));
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> f.recorder().flush())
                    .isInstanceOf(RuntimeException.class);
            f.db().jdbi().useHandle(h -> h.execute("ALTER TABLE insight_gone RENAME TO insight_platform_days"));
            f.recorder().flush();
            assertThat(day(f.insight().forRelay(r), today()).events()).isEqualTo(1);
            assertThat(f.recorder().dropped()).isZero();
        }
    }

    @Test
    void theAdminSeesTheLargestBusiestGrowingAndNearTheirCap() {
        try (Fixture f = open()) {
            // ListRows gives relay i the plan free/basic/growth by i % 3 and a status active/inactive/... by i % 4
            Relay freeActive = f.all().stream()
                    .filter(x -> x.plan().equals("free") && x.status() == caravel.domain.RelayStatus.ACTIVE)
                    .findFirst()
                    .orElseThrow();
            Relay other = f.all().stream()
                    .filter(x -> !x.id().equals(freeActive.id()))
                    .findFirst()
                    .orElseThrow();
            // the free plan's cap is 10: 9 members is 90 %
            f.recorder().accepted(freeActive.id(), memberList(9));
            for (int i = 0; i < 3; i++)
                f.recorder()
                        .accepted(
                                freeActive.id(),
                                Event.sign(relayKey, clock.seconds(), 8000, List.of(List.of("p", "x" + i)), ""));
            for (int i = 0; i < 5; i++) f.recorder().accepted(other.id(), post(bob, 1, "busy " + i));
            f.recorder().accepted(other.id(), memberList(2));
            f.recorder().flush();
            InsightOverview o = f.insight().overview();
            assertThat(o.days()).hasSize(30);
            assertThat(o.days().getLast().events()).isEqualTo(4 + 6);
            assertThat(o.largest().getFirst().relayId()).isEqualTo(freeActive.id());
            assertThat(o.largest().getFirst().value()).isEqualTo(9);
            assertThat(o.busiest().getFirst().relayId()).isEqualTo(other.id());
            assertThat(o.busiest().getFirst().value()).isEqualTo(6);
            assertThat(o.growing()).hasSize(1);
            assertThat(o.growing().getFirst().value()).isEqualTo(3);
            assertThat(o.nearLimits()).hasSize(1);
            assertThat(o.nearLimits().getFirst().relayId()).isEqualTo(freeActive.id());
            assertThat(o.nearLimits().getFirst().used()).isEqualTo(0.9);
            // the metrics' per-plan sums: every event and member once, whichever plans the two relays are on
            var plans = f.insight().byPlan();
            assertThat(plans.stream().mapToLong(Insight.PlanFigures::events).sum())
                    .isEqualTo(10);
            assertThat(plans.stream().mapToLong(Insight.PlanFigures::members).sum())
                    .isEqualTo(11);
            assertThat(plans.stream().mapToLong(Insight.PlanFigures::relays).sum())
                    .isEqualTo(2);
        }
    }

    @Test
    void mediaIsWhatTheLatestBackupCountedAndAnOlderCountArrivingLateChangesNothing() {
        try (Fixture f = open()) {
            Relay r = f.all().get(0);
            InsightReport.Storage none = f.insight().forRelay(r).storage();
            assertThat(none.mediaBytes()).isNull();
            assertThat(none.mediaNote()).isEqualTo(Insight.MEDIA_NOTE);

            long at = clock.seconds();
            f.insight().mediaCounted(r.id(), 5_000_000, 12, at);
            f.insight().mediaCounted(r.id(), 1_000, 1, at - 86_400); // an older backup finishing late
            InsightReport.Storage counted = f.insight().forRelay(r).storage();
            assertThat(counted.mediaBytes()).isEqualTo(5_000_000L);
            assertThat(counted.mediaFiles()).isEqualTo(12L);
            assertThat(counted.mediaCountedAt()).isEqualTo(at);
            assertThat(counted.mediaNote()).isEqualTo(Insight.MEDIA_COUNTED_NOTE);

            f.insight().mediaCounted(r.id(), 0, 0, at + 60); // everything removed since
            assertThat(f.insight().forRelay(r).storage().mediaBytes()).isZero();
            assertThat(f.insight().forRelay(f.all().get(1)).storage().mediaBytes())
                    .as("another relay's media is its own")
                    .isNull();
        }
    }

    @Test
    void theOwnerAndTheRelaysKeyAreNoJoinsAndNoMembers() {
        try (Fixture f = open()) {
            Relay r = f.all().get(0);
            String owner = r.tenant();
            // provisioning adds the relay's key and the owner; then alice joins
            f.recorder()
                    .accepted(
                            r.id(),
                            Event.sign(relayKey, clock.seconds(), 8000, List.of(List.of("p", relayKey.pubkey())), ""));
            f.recorder()
                    .accepted(r.id(), Event.sign(relayKey, clock.seconds(), 8000, List.of(List.of("p", owner)), ""));
            f.recorder()
                    .accepted(
                            r.id(),
                            Event.sign(relayKey, clock.seconds(), 8000, List.of(List.of("p", alice.pubkey())), ""));
            List<List<String>> tags = new ArrayList<>();
            tags.add(List.of("-"));
            for (String m : List.of(relayKey.pubkey(), owner, alice.pubkey(), bob.pubkey()))
                tags.add(List.of("member", m));
            f.recorder().accepted(r.id(), Event.sign(relayKey, clock.seconds(), 13534, tags, ""));
            f.recorder().flush();

            InsightReport rep = f.insight().forRelay(r);
            assertThat(day(rep, today()).joins()).as("alice alone joined").isEqualTo(1);
            assertThat(rep.members().joins30()).isEqualTo(1);
            assertThat(rep.members().count())
                    .as("as the Members card counts: the members besides the owner (and the relay's key)")
                    .isEqualTo(2);
        }
    }
}
