package caravel.moderation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import caravel.domain.Actor;
import caravel.store.Database;
import caravel.testing.BothDatabases;
import caravel.testing.TestDatabases;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The queue's rows on SQLite or PostgreSQL as the suite runs: a decision's compare-and-set lets exactly one of many
 * concurrent deciders through, a report counts once and only from a member, a rule's removal never undoes a decision
 * being carried out, the waiting count and the filters read what the rows say.
 */
@BothDatabases
class QueueStoreTest {
    @TempDir
    Path dir;

    static final String R = "relay-1", OTHER = "relay-2";
    static final String EV = "e".repeat(64), EV2 = "f".repeat(64);
    static final String ALICE = "a".repeat(64), BOB = "b".repeat(64), CAROL = "c".repeat(64);

    static boolean yes(Database db, java.util.function.Function<org.jdbi.v3.core.Handle, Boolean> f) {
        return db.jdbi().inTransaction(f::apply);
    }

    @Test
    void oneOfManyConcurrentDecidersClaimsAnItem() throws Exception {
        try (Database db = TestDatabases.open(dir.resolve("q.db"))) {
            QueueStore s = new QueueStore(db.jdbi());
            db.jdbi().useTransaction(h -> s.openItem(h, R, EV, EV, ALICE, false, 10));
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<Boolean>> all = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String actor = "actor" + i;
                all.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return db.jdbi().inTransaction(h -> s.claim(h, R, EV, "dismissed", Actor.person(actor), 11));
                }));
            }
            go.countDown();
            assertThat(all.stream().filter(CompletableFuture::join).count()).isEqualTo(1);
            QueueStore.Item it = s.item(R, EV).orElseThrow();
            assertThat(it.state()).isEqualTo("deciding");
            String winner = it.decidedBy();
            // only the winner finishes or releases it
            db.jdbi().useTransaction(h -> s.decided(h, R, EV, Actor.person("someone-else"), false, null, 12));
            assertThat(s.item(R, EV).orElseThrow().state()).isEqualTo("deciding");
            db.jdbi().useTransaction(h -> s.release(h, R, EV, Actor.person(winner), 12));
            assertThat(s.item(R, EV).orElseThrow().state()).isEqualTo("waiting");
            assertThat(yes(db, h -> s.claim(h, R, EV, "deleted", Actor.person("x"), 13)))
                    .isTrue();
            db.jdbi().useTransaction(h -> s.decided(h, R, EV, Actor.person("x"), true, null, 14));
            QueueStore.Item done = s.item(R, EV).orElseThrow();
            assertThat(done.state()).isEqualTo("decided");
            assertThat(done.decision()).isEqualTo("deleted");
            assertThat(done.decidedBy()).isEqualTo("x");
            assertThat(yes(db, h -> s.claim(h, R, EV, "dismissed", Actor.person("y"), 15)))
                    .isFalse();
            // a new report reopens a dismissed or restored item only, never a deleted one
            db.jdbi().useTransaction(h -> s.openItem(h, R, EV, EV, ALICE, true, 16));
            assertThat(s.item(R, EV).orElseThrow().state()).isEqualTo("decided");
        }
    }

    @Test
    void reportsCountOncePerMemberAndTheFiltersReadTheRows() {
        try (Database db = TestDatabases.open(dir.resolve("r.db"))) {
            QueueStore s = new QueueStore(db.jdbi());
            db.jdbi().useTransaction(h -> {
                for (int i = 0; i < 5; i++) s.report(h, R, ("1" + i).repeat(32), EV, BOB, true, "spam", "", 1, 20 + i);
                assertThat(s.report(h, R, "10".repeat(32), EV, BOB, true, "spam", "", 1, 30))
                        .isFalse();
                s.report(h, R, "20".repeat(32), EV, CAROL, false, "spam", "", 1, 20); // not a member
                s.report(h, OTHER, "30".repeat(32), EV, ALICE, true, "spam", "", 1, 20); // another relay
                s.openItem(h, R, EV, EV, ALICE, true, 20);
                assertThat(s.memberReporters(h, R, EV, 0)).isEqualTo(1);
                assertThat(s.memberReporters(h, R, EV, 24)).isEqualTo(1);
                assertThat(s.memberReporters(h, R, EV, 25)).isZero(); // reports before the last decision do not count
                s.removedItem(h, R, EV2, EV2, ALICE, "{}", "blocked_words", "word", 21);
                assertThat(s.waiting(h, R)).isEqualTo(2);
                assertThat(s.waiting(h, OTHER)).isZero();
                assertThat(s.waitingByCause(h, R))
                        .extracting(QueueStore.CauseCount::cause)
                        .containsExactlyInAnyOrder(null, "blocked_words");
            });
            assertThat(s.items(R, false, "blocked_words", 10))
                    .extracting(QueueStore.Item::item)
                    .containsExactly(EV2);
            assertThat(s.items(R, false, "reports", 10))
                    .extracting(QueueStore.Item::item)
                    .containsExactly(EV);
            assertThat(s.items(R, false, null, 10)).hasSize(2);
            assertThat(s.items(R, true, null, 10)).isEmpty();
            assertThat(s.reports(R, List.of(EV)).get(EV)).hasSize(6);
            // a hide marks only a waiting item not yet removed
            assertThat(yes(db, h -> s.hidden(h, R, EV, "{}", "hidden", 40))).isTrue();
            assertThat(yes(db, h -> s.hidden(h, R, EV, "{}", "hidden", 41))).isFalse();
            // a rule's removal arriving while a decision is carried out leaves that decision in place
            db.jdbi().useTransaction(h -> s.claim(h, R, EV2, "restored", Actor.person("x"), 50));
            db.jdbi().useTransaction(h -> s.removedItem(h, R, EV2, EV2, ALICE, "{}", "blocked_words", "again", 51));
            QueueStore.Item it = s.item(R, EV2).orElseThrow();
            assertThat(it.state()).isEqualTo("deciding");
            assertThat(it.decision()).isEqualTo("restored");
        }
    }

    @Test
    void settingsAreOffUntilSetAndNeverBelowTwo() {
        try (Database db = TestDatabases.open(dir.resolve("s.db"))) {
            QueueStore s = new QueueStore(db.jdbi());
            assertThat(s.settings(R)).isEqualTo(QueueStore.Settings.DEFAULTS);
            assertThat(s.settings(R).hideAfter()).isNull();
            db.jdbi()
                    .useTransaction(h -> s.saveSettings(h, R, new QueueStore.Settings(3, false), Actor.person("o"), 1));
            assertThat(s.settings(R)).isEqualTo(new QueueStore.Settings(3, false));
            assertThatThrownBy(() -> db.jdbi()
                            .useTransaction(
                                    h -> s.saveSettings(h, R, new QueueStore.Settings(1, true), Actor.person("o"), 2)))
                    .isInstanceOf(Exception.class);
            assertThat(s.settings(R)).isEqualTo(new QueueStore.Settings(3, false));
        }
    }
}
