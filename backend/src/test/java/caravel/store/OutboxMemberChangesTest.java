package caravel.store;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.testing.BothDatabases;
import caravel.testing.TestDatabases;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A member's joins and leaves are told once each (OutboxStore.addMemberChange): by the member's own columns, exactly,
 * and never twice when two writers tell the same change at the same moment (the unique index of V124: on PostgreSQL
 * both writers read "nothing told yet" before either commits).
 */
@BothDatabases
class OutboxMemberChangesTest {
    @TempDir
    Path dir;

    /** A thread each: the common pool may have one thread on a small machine, and the writers must overlap. */
    static final java.util.concurrent.Executor THREADS =
            r -> Thread.ofPlatform().start(r);

    static final String RELAY = "relay-1", TENANT = "owner";
    static final String ALICE = "npub1alicexx…aaaaaa", BOB = "npub1bobxxxx…bbbbbb";

    static Map<String, Object> data(String message) {
        Map<String, Object> d = new HashMap<>();
        d.put("activity", "member_added");
        d.put("message", message);
        return d;
    }

    /**
     * The member's changes in the order they were told: each row names the change it follows (member_after, '' for the
     * first), so the chain gives the order even when two rows share a millisecond.
     */
    static List<String> told(Database db, String member) {
        Map<String, Map<String, Object>> byAfter = new HashMap<>();
        db.jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT id, kind, member_after FROM webhook_outbox WHERE relay_id = :r AND member = :m")
                        .bind("r", RELAY)
                        .bind("m", member)
                        .mapToMap()
                        .list())
                .forEach(row -> byAfter.put((String) row.get("member_after"), row));
        List<String> out = new java.util.ArrayList<>();
        for (var row = byAfter.get(""); row != null; row = byAfter.get((String) row.get("id")))
            out.add((String) row.get("kind"));
        assertThat(out)
                .as("every told change of " + member + " is on one chain")
                .hasSize(byAfter.size());
        return out;
    }

    @Test
    void eachMembersStateIsToldOnceByItsOwnColumn() {
        try (Database db = TestDatabases.open(dir.resolve("outbox.db"))) {
            OutboxStore outbox = new OutboxStore(db.jdbi());
            db.jdbi().useTransaction(h -> {
                outbox.addMemberChange(
                        h, TENANT, RELAY, "member.joined", ALICE, data("Member " + ALICE + " added"), null, null);
                // Bob's line names Alice too (a message that quotes her): it says nothing of Alice's own state
                outbox.addMemberChange(
                        h,
                        TENANT,
                        RELAY,
                        "member.joined",
                        BOB,
                        data("Member " + BOB + " added by " + ALICE),
                        null,
                        null);
                outbox.addMemberChange(h, TENANT, RELAY, "member.joined", ALICE, data("again"), null, null);
            });
            assertThat(told(db, ALICE)).containsExactly("member.joined");
            assertThat(told(db, BOB)).containsExactly("member.joined");
            db.jdbi()
                    .useTransaction(h -> outbox.addMemberChange(
                            h, TENANT, RELAY, "member.left", ALICE, data("Member " + ALICE + " removed"), null, null));
            db.jdbi()
                    .useTransaction(h -> outbox.addMemberChange(
                            h, TENANT, RELAY, "member.joined", ALICE, data("Member " + ALICE + " added"), null, null));
            assertThat(told(db, ALICE)).containsExactly("member.joined", "member.left", "member.joined");
            assertThat(told(db, BOB)).containsExactly("member.joined");
        }
    }

    static long due(Database db, String member) {
        return db.jdbi()
                .withHandle(
                        h -> h.createQuery("SELECT created_ms FROM webhook_outbox WHERE relay_id = :r AND member = :m")
                                .bind("r", RELAY)
                                .bind("m", member)
                                .mapTo(Long.class)
                                .one());
    }

    /**
     * A change heard from the relay that nobody here asked for (a join by invite claimed on the relay) is due at once;
     * the echo of a change this process asked the relay for waits for Caravel's own line, which then takes its place.
     */
    @Test
    void onlyTheEchoOfAChangeAskedHereWaitsForCaravelsLine() {
        try (Database db = TestDatabases.open(dir.resolve("echo.db"))) {
            OutboxStore outbox = new OutboxStore(db.jdbi());
            long heardAt = System.currentTimeMillis();
            db.jdbi()
                    .useTransaction(h -> outbox.addMemberChange(
                            h, TENANT, RELAY, "member.joined", ALICE, data("heard"), "relay:a", heardAt));
            long afterAlice = System.currentTimeMillis();
            assertThat(due(db, ALICE))
                    .as("an invite's join, asked by no one here")
                    .isLessThanOrEqualTo(afterAlice);

            MembershipEchoes.expect(RELAY, BOB, System.currentTimeMillis());
            long beforeBob = System.currentTimeMillis();
            db.jdbi()
                    .useTransaction(h -> outbox.addMemberChange(
                            h, TENANT, RELAY, "member.joined", BOB, data("echo"), "relay:b", heardAt));
            assertThat(due(db, BOB))
                    .as("the echo of an add asked here")
                    .isGreaterThanOrEqualTo(beforeBob + OutboxStore.HEARD_GRACE_MS);
            db.jdbi()
                    .useTransaction(h -> outbox.addMemberChange(
                            h, TENANT, RELAY, "member.joined", BOB, data("Caravel's line"), null, null));
            assertThat(told(db, BOB)).containsExactly("member.joined");
            String told = db.jdbi()
                    .withHandle(h -> h.createQuery("SELECT data FROM webhook_outbox WHERE member = :m")
                            .bind("m", BOB)
                            .mapTo(String.class)
                            .one());
            assertThat(told).as("Caravel's line took the echo's place").contains("Caravel's line");
        }
    }

    /** Waits for the other writer to start, then a moment more, so it has read what this one has not committed. */
    static void pause(CountDownLatch started) {
        try {
            started.await(10, TimeUnit.SECONDS);
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void twoWritersTellingTheSameJoinAtOnceMakeOneEvent() throws Exception {
        try (Database db = TestDatabases.open(dir.resolve("race.db"))) {
            OutboxStore outbox = new OutboxStore(db.jdbi());
            CountDownLatch firstWrote = new CountDownLatch(1);
            CountDownLatch secondStarted = new CountDownLatch(1);
            CompletableFuture<Void> first = CompletableFuture.runAsync(
                    () -> db.jdbi().<RuntimeException>useTransaction(h -> {
                        outbox.addMemberChange(
                                h, TENANT, RELAY, "member.joined", ALICE, data("by the API"), null, null);
                        firstWrote.countDown();
                        // the second writer reads before this commits (PostgreSQL: it sees nothing told yet)
                        pause(secondStarted);
                    }),
                    THREADS);
            assertThat(firstWrote.await(10, TimeUnit.SECONDS)).isTrue();
            // the second writes outside a transaction (as ActivityLog's own-handle lines do): its read waits for no
            // lock, so it reads before the first commits, and its insert then waits for the first's commit
            CompletableFuture<Void> second = CompletableFuture.runAsync(
                    () -> {
                        secondStarted.countDown();
                        db.jdbi()
                                .useHandle(h -> outbox.addMemberChange(
                                        h,
                                        TENANT,
                                        RELAY,
                                        "member.joined",
                                        ALICE,
                                        data("by a second process"),
                                        null,
                                        null));
                    },
                    THREADS);
            first.get(20, TimeUnit.SECONDS);
            second.get(20, TimeUnit.SECONDS);
            assertThat(told(db, ALICE)).containsExactly("member.joined");
        }
    }
}
