package caravel.insight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import caravel.domain.Plans;
import caravel.domain.RelayStatus;
import caravel.nostr.Event;
import caravel.nostr.Keys;
import caravel.relayaccess.CommunityStore;
import caravel.store.Database;
import caravel.store.RelayStore;
import caravel.testing.BothDatabases;
import caravel.testing.ListRows;
import caravel.testing.MutableClock;
import caravel.testing.TestDatabases;
import caravel.testing.Wait;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin's busiest (events over 7 days) and fastest growing (members gained over 30 days) as the running windows
 * keep them (V89, {@link InsightWindowStore}), on SQLite or PostgreSQL as the suite runs. Every expected figure is worked
 * out here from the events handed over; the windows must follow the UTC day's turn to the second (with or without a
 * flush), a restart, a flush held back across midnight, the first roll after the migration on existing days, rollers
 * racing, and a relay's deletion.
 */
@BothDatabases
class InsightRankingsTest {
    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock();
    final Keys alice = Keys.generate(), relayKey = Keys.generate();
    int sent;

    Database db;
    InsightRecorder recorder;
    Insight insight;
    List<String> relays;

    void open() {
        db = TestDatabases.open(dir.resolve("insight.db"));
        recorder = new InsightRecorder(db.jdbi(), clock, id -> java.util.Optional.empty());
        insight = new Insight(db.jdbi(), clock, Plans.seed(), new CommunityStore(db.jdbi()));
    }

    /** Six relays at 10:00 UTC on 20 Nov 2026; relays.get(i) sorts before relays.get(i + 1). */
    void start() {
        clock.set(Instant.parse("2026-11-20T10:00:00Z"));
        open();
        ListRows.insert(db.jdbi(), 2, 6, 1);
        relays = db.jdbi()
                .withHandle(h -> h.select("SELECT id FROM relays ORDER BY id")
                        .mapTo(String.class)
                        .list());
    }

    /** A process stopping (its buffer written on a clean stop) and another starting on the same database. */
    void restart() {
        recorder.flush(); // as close() does for a started recorder (these tests flush by hand)
        recorder.close();
        db.close();
        open();
    }

    @AfterEach
    void close() {
        if (recorder != null) recorder.close();
        if (db != null) db.close();
    }

    Event post(Keys k) {
        return Event.sign(k, clock.seconds(), 1, List.of(), "post " + sent++);
    }

    Event join() {
        return Event.sign(relayKey, clock.seconds(), 8000, List.of(List.of("p", "member " + sent++)), "");
    }

    Event leave() {
        return Event.sign(relayKey, clock.seconds(), 8001, List.of(List.of("p", "member " + sent++)), "");
    }

    void posts(String relay, int n) {
        for (int i = 0; i < n; i++) recorder.accepted(relay, post(alice));
    }

    static Map<String, Long> values(List<InsightOverview.RelayFigure> ranking) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (var r : ranking) out.put(r.relayId(), r.value());
        return out;
    }

    Map<String, Long> busiest() {
        return values(insight.overview().busiest());
    }

    Map<String, Long> growing() {
        return values(insight.overview().growing());
    }

    /** Sets the clock to {@code days} days after the start's day at hh:mm:ss UTC. */
    void at(int days, String time) {
        clock.set(Instant.parse("2026-11-20T" + time + "Z").plus(Duration.ofDays(days)));
    }

    @Test
    void theRankingsFollowEachFlush() {
        start();
        String a = relays.get(0), b = relays.get(1), c = relays.get(2);
        posts(a, 3);
        posts(b, 5);
        recorder.accepted(c, join());
        recorder.accepted(c, join());
        recorder.accepted(c, leave());
        recorder.flush();
        assertThat(busiest()).containsExactly(Map.entry(b, 5L), Map.entry(a, 3L), Map.entry(c, 3L));
        assertThat(growing()).as("joins less leaves; only relays that gained").containsExactly(Map.entry(c, 1L));
        // the next flush adds to the same windows; a relay that lost members is not growing
        posts(a, 4);
        recorder.accepted(b, leave());
        recorder.accepted(a, join());
        recorder.flush();
        assertThat(busiest()).containsExactly(Map.entry(a, 8L), Map.entry(b, 6L), Map.entry(c, 3L));
        assertThat(growing()).containsExactly(Map.entry(a, 1L), Map.entry(c, 1L));
        // ties are ordered by id, as before
        posts(c, 5);
        recorder.flush();
        assertThat(busiest()).containsExactly(Map.entry(a, 8L), Map.entry(c, 8L), Map.entry(b, 6L));
    }

    @Test
    void anEventLeavesTheBusiestWhenItsDayFallsOutOfTheSevenDaysToTheSecond() {
        start();
        String a = relays.get(0), b = relays.get(1);
        posts(a, 4); // day 0
        recorder.flush();
        at(3, "12:00:00");
        posts(b, 2); // day 3
        recorder.flush();
        // day 6 is the last of day 0's seven
        at(6, "23:59:59");
        recorder.flush();
        assertThat(busiest()).containsExactly(Map.entry(a, 4L), Map.entry(b, 2L));
        // midnight: day 0 is 8 days ago counted with today; no flush has run since, the view itself moves the windows
        at(7, "00:00:00");
        assertThat(busiest()).containsExactly(Map.entry(b, 2L));
        posts(a, 1);
        recorder.flush();
        assertThat(busiest()).containsExactly(Map.entry(b, 2L), Map.entry(a, 1L));
        at(10, "00:00:00");
        recorder.flush(); // nothing buffered: the recorder's daily turn moves the windows
        long windowsDay = db.jdbi().withHandle(h -> new InsightWindowStore().day(h));
        assertThat(windowsDay).isEqualTo(today());
        assertThat(busiest()).containsExactly(Map.entry(a, 1L));
        at(14, "00:00:00");
        assertThat(busiest()).isEmpty();
        assertThat(growing()).isEmpty();
    }

    @Test
    void aJoinLeavesTheGrowingWhenItsDayFallsOutOfTheThirtyDaysAndSoDoesALeave() {
        start();
        String a = relays.get(0), b = relays.get(1);
        recorder.accepted(a, join()); // day 0
        recorder.accepted(b, leave()); // day 0: b lost one
        recorder.flush();
        at(10, "08:00:00");
        recorder.accepted(b, join());
        recorder.accepted(b, join()); // day 10: b gained two, one net over the 30 days
        recorder.flush();
        at(29, "23:59:59");
        assertThat(growing()).containsExactly(Map.entry(a, 1L), Map.entry(b, 1L));
        at(30, "00:00:00"); // day 0 is 31 days old counted with today
        assertThat(growing())
                .as("a's join is out; b's leave is out, so b has gained two")
                .containsExactly(Map.entry(b, 2L));
        at(40, "00:00:00");
        assertThat(growing()).isEmpty();
    }

    @Test
    void aRestartMidDayAndAStopAcrossDaysKeepTheWindows() {
        start();
        String a = relays.get(0), b = relays.get(1);
        posts(a, 2);
        recorder.accepted(a, join());
        recorder.flush();
        posts(b, 1);
        restart(); // b's post was buffered: written on the clean stop
        at(0, "18:00:00");
        posts(b, 4);
        recorder.flush();
        assertThat(busiest()).containsExactly(Map.entry(b, 5L), Map.entry(a, 3L));
        assertThat(growing()).containsExactly(Map.entry(a, 1L));
        // down for five days, then up again: the first flush moves the windows over the days missed
        recorder.close();
        db.close();
        at(5, "09:00:00");
        open();
        posts(a, 1);
        recorder.flush();
        assertThat(busiest()).containsExactly(Map.entry(b, 5L), Map.entry(a, 4L));
        // down for over a month: the windows are summed anew from the days kept
        restart();
        at(45, "09:00:00");
        restart();
        assertThat(busiest()).isEmpty();
        posts(b, 1);
        recorder.flush();
        assertThat(busiest()).containsExactly(Map.entry(b, 1L));
    }

    @Test
    void aFlushHeldBackAcrossMidnightCountsItsDaysWhereTheyStillAre() {
        start();
        String a = relays.get(0), b = relays.get(1);
        at(0, "23:59:58");
        posts(a, 3);
        recorder.accepted(b, join());
        // the database refuses the flush; the buffer waits
        db.jdbi().useHandle(h -> h.execute("ALTER TABLE insight_platform_days RENAME TO insight_gone"));
        assertThatThrownBy(() -> recorder.flush()).isInstanceOf(RuntimeException.class);
        at(7, "00:00:01"); // day 0 is now just out of the seven days, not out of the thirty
        db.jdbi().useHandle(h -> h.execute("ALTER TABLE insight_gone RENAME TO insight_platform_days"));
        posts(b, 1);
        recorder.flush();
        assertThat(busiest()).as("day 0's events are past the seven days").containsExactly(Map.entry(b, 1L));
        assertThat(growing()).containsExactly(Map.entry(b, 1L));
        // and when they fall out later, nothing is subtracted twice
        at(30, "00:00:00");
        assertThat(growing()).isEmpty();
        assertThat(windowRows()).allSatisfy((relay, w) -> assertThat(w).containsExactly(0L, 0L));
    }

    @Test
    void theFirstRollAfterTheMigrationSumsTheDaysAlreadyKept() {
        start();
        String a = relays.get(0), b = relays.get(1);
        posts(a, 2);
        recorder.flush();
        at(20, "10:00:00");
        recorder.accepted(b, join());
        posts(b, 1);
        recorder.flush();
        // a database migrated to V89 with insight_days already there: no windows yet, their day not known
        db.jdbi().useHandle(h -> {
            h.execute("DELETE FROM insight_windows");
            h.execute("UPDATE insight_windows_day SET day = -1");
        });
        assertThat(busiest()).containsExactly(Map.entry(b, 2L));
        assertThat(growing()).containsExactly(Map.entry(b, 1L));
        assertThat(windowRows().get(a))
                .as("a's posts are 20 days old: past the seven days, and no joins in the thirty")
                .containsExactly(0L, 0L);
    }

    /** Days 0 to 6: 2^d posts and a join each, so a day subtracted twice or missed shows in the sums. */
    String sevenDays() {
        String a = relays.get(0);
        for (int d = 0; d < 7; d++) {
            at(d, "12:00:00");
            posts(a, 1 << d);
            recorder.accepted(a, join());
            recorder.flush();
        }
        return a;
    }

    @Test
    void rollersRacingAtMidnightMoveTheWindowsOnce() throws Exception {
        start();
        String a = sevenDays();
        at(9, "00:00:01"); // days 0, 1 and 2 fall out of the seven: posts 8 + 16 + 32 + 64, and 4 joins
        posts(a, 1000);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Object>> racers = new ArrayList<>();
            for (int i = 0; i < 3; i++) racers.add(() -> insight.overview());
            racers.add(() -> {
                recorder.flush();
                return null;
            });
            for (Future<Object> f : pool.invokeAll(racers)) f.get();
        } finally {
            pool.shutdownNow();
        }
        assertThat(busiest()).containsExactly(Map.entry(a, 124L + 1000));
        assertThat(growing()).containsExactly(Map.entry(a, 7L));
    }

    /**
     * The interleaving the race above may or may not hit, made to happen: a second roller (another process's flush or
     * view) starts while the first has rolled and not committed. It must wait for the first (the one writer at a time
     * of both databases: SQLite's IMMEDIATE transactions, PostgreSQL's advisory write lock) and find the day taken.
     */
    @Test
    void aRollerThatWaitedOnAnotherFindsTheDayTakenAndSubtractsNothing() throws Exception {
        start();
        String a = sevenDays();
        at(9, "00:00:01");
        long today = today();
        InsightWindowStore windows = new InsightWindowStore();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Handle first = db.jdbi().open()) {
            first.begin();
            assertThat(windows.roll(first, today)).isEqualTo(today);
            Future<Long> second = pool.submit(() -> db.jdbi().inTransaction(h -> windows.roll(h, today)));
            if (TestDatabases.onPostgres())
                Wait.until(
                        "the second roller waiting on the first's lock",
                        Duration.ofSeconds(10),
                        () -> db.jdbi()
                                        .withHandle(h -> h.select(
                                                        "SELECT count(*) FROM pg_stat_activity"
                                                                + " WHERE datname = current_database() AND wait_event_type = 'Lock'")
                                                .mapTo(Long.class)
                                                .one())
                                > 0);
            else Thread.sleep(300); // SQLite says nothing of who waits: time enough to be waiting
            first.commit();
            assertThat(second.get()).isEqualTo(today);
        } finally {
            pool.shutdownNow();
        }
        assertThat(busiest()).containsExactly(Map.entry(a, 124L));
        assertThat(growing()).containsExactly(Map.entry(a, 7L));
    }

    @Test
    void aDeletedOrPurgedRelayLeavesTheRankingsAndAnUndoBringsItBack() {
        start();
        String a = relays.get(0), b = relays.get(1);
        posts(a, 5);
        recorder.accepted(a, join());
        recorder.accepted(a, memberList(7));
        posts(b, 1);
        recorder.flush();
        assertThat(busiest()).containsKeys(a, b);
        RelayStore store = new RelayStore(db.jdbi(), db.dataSource());
        long now = clock.seconds();
        db.jdbi().useHandle(h -> store.writeDeletion(h, a, now, RelayStatus.ACTIVE, now));
        InsightOverview o = insight.overview();
        assertThat(values(o.busiest())).containsExactly(Map.entry(b, 1L));
        assertThat(o.growing()).isEmpty();
        assertThat(o.largest()).extracting(InsightOverview.RelayFigure::relayId).doesNotContain(a);
        // undone within the window: back, with what it had
        db.jdbi().useHandle(h -> store.writeDeletion(h, a, null, null, now));
        assertThat(busiest()).containsExactly(Map.entry(a, 7L), Map.entry(b, 1L));
        assertThat(insight.overview().largest().getFirst().relayId()).isEqualTo(a);
        // deleted again and purged: the purge keeps its insight rows (the relay's row stays too), the rankings do not
        // show them, then or later
        db.jdbi().useHandle(h -> {
            store.writeDeletion(h, a, now, RelayStatus.ACTIVE, now);
            assertThat(store.markPurged(h, a, now)).isTrue();
        });
        at(3, "10:00:00");
        o = insight.overview();
        assertThat(values(o.busiest())).containsExactly(Map.entry(b, 1L));
        assertThat(o.growing()).isEmpty();
        assertThat(o.largest()).extracting(InsightOverview.RelayFigure::relayId).doesNotContain(a);
    }

    /** What the recorder held is written: each buffered event ({relay, day, member change}) moves into the day sums. */
    static void written(List<Object[]> buffered, Map<String, Map<Long, long[]>> flushed) {
        for (Object[] e : buffered) {
            long[] d = flushed.computeIfAbsent((String) e[0], k -> new HashMap<>())
                    .computeIfAbsent((Long) e[1], k -> new long[2]);
            d[0]++;
            d[1] += (Long) e[2];
        }
        buffered.clear();
    }

    /**
     * Random traffic over 80 days on six relays — events, joins and leaves, flushes at random moments, days skipped,
     * a month's stop, restarts, views — checked after every step against the sums of what was flushed, per day.
     */
    @Test
    void theWindowsEqualTheSumsOfTheFlushedDaysWhateverTheOrder() {
        start();
        Random rnd = new Random(45);
        Map<String, Map<Long, long[]>> flushed = new HashMap<>(); // relay → day → {events, joins - leaves}
        List<Object[]> buffered = new ArrayList<>();
        int checks = 0;
        for (int step = 0; step < 400; step++) {
            int what = rnd.nextInt(20);
            if (step == 200) clock.advance(Duration.ofDays(33)); // a month's stop, buffer and all
            if (what < 10) {
                String relay = relays.get(rnd.nextInt(relays.size()));
                int kind = rnd.nextInt(6);
                recorder.accepted(relay, kind == 0 ? join() : kind == 1 ? leave() : post(alice));
                buffered.add(new Object[] {relay, today(), kind == 0 ? 1L : kind == 1 ? -1L : 0L});
            } else if (what < 14) {
                recorder.flush();
                written(buffered, flushed);
            } else if (what < 17) {
                clock.advance(Duration.ofMinutes(rnd.nextInt(36 * 60)));
            } else if (what == 17) {
                restart(); // the buffer is written on the clean stop
                written(buffered, flushed);
            } else {
                long today = today();
                Map<String, Long> events = new HashMap<>(), gained = new HashMap<>();
                flushed.forEach((relay, days) -> days.forEach((day, d) -> {
                    if (day > today - 7) events.merge(relay, d[0], Long::sum);
                    if (day > today - 30) gained.merge(relay, d[1], Long::sum);
                }));
                InsightOverview o = insight.overview();
                assertThat(values(o.busiest())).as("step %d", step).isEqualTo(ranked(events));
                assertThat(values(o.growing())).as("step %d", step).isEqualTo(ranked(gained));
                checks++;
            }
        }
        assertThat(checks).isGreaterThan(30);
    }

    /** The expected ranking: positive figures, the highest first, ties by id. */
    static Map<String, Long> ranked(Map<String, Long> sums) {
        Map<String, Long> out = new LinkedHashMap<>();
        sums.entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(Insight.RANKED)
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    long today() {
        return Math.floorDiv(clock.seconds(), 86_400);
    }

    Event memberList(int members) {
        List<List<String>> tags = new ArrayList<>();
        for (int i = 0; i < members; i++)
            tags.add(List.of("member", Keys.generate().pubkey()));
        return Event.sign(relayKey, clock.seconds(), 13534, tags, "");
    }

    Map<String, long[]> windowRows() {
        Jdbi jdbi = db.jdbi();
        Map<String, long[]> out = new HashMap<>();
        jdbi.useHandle(h -> h.select("SELECT relay_id, events_7d, gained_30d FROM insight_windows")
                .map((rs, c) -> out.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)}))
                .list());
        return out;
    }
}
