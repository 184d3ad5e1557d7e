package caravel.members;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.testing.BothDatabases;
import caravel.testing.Wait;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Holds of joins waiting for their allowance check: who is told when, and listings that wait for a check. */
@BothDatabases
class MembershipChangesTest {
    @Test
    void aJoinIsToldWhenTheCheckThatSawItEndsNotAnEarlierOne() throws Exception {
        MembershipChanges c = new MembershipChanges((tenant, relay, from) -> {});
        List<String> told = new CopyOnWriteArrayList<>();
        AutoCloseable listening = c.listen("t1", told::add);
        long earlierCheck = System.nanoTime();
        c.joined("t1", "r1");
        assertThat(c.heldUntil("r1")).isGreaterThan(System.currentTimeMillis());
        // a check that started before the join cannot have decided on it
        c.checked("t1", "r1", earlierCheck, System.currentTimeMillis() - 1_000);
        assertThat(c.heldUntil("r1")).isPositive();
        assertThat(told).isEmpty();
        c.checked("t1", "r1", System.nanoTime(), System.currentTimeMillis());
        assertThat(c.heldUntil("r1")).isZero();
        assertThat(told).containsExactly("r1");
        // a leave is told at once; another tenant's listener hears nothing of it
        c.changed("t2", "r9");
        c.changed("t1", "r1");
        assertThat(told).containsExactly("r1", "r1");
        listening.close();
        c.changed("t1", "r1");
        assertThat(told).hasSize(2); // closed listeners are not told
    }

    @Test
    void changesAreToldToEveryProcessAndAnotherProcesssCheckEndsOnlyTheHoldsItSaw() throws Exception {
        List<String> everywhere = new CopyOnWriteArrayList<>();
        MembershipChanges c = new MembershipChanges((tenant, relay, from) -> everywhere.add(tenant + "/" + relay));
        c.changed("t1", "r1"); // a leave heard here
        c.checked("t1", "r2", System.nanoTime(), System.currentTimeMillis()); // a check run here, hold or not
        c.checked(null, "gone", System.nanoTime(), System.currentTimeMillis()); // the relay was deleted
        assertThat(everywhere).containsExactly("t1/r1", "t1/r2");

        // a join heard here, checked by another process: its check started before the join → the hold stays
        c.joined("t1", "r3");
        long heardAt = System.currentTimeMillis();
        c.toldElsewhere("r3", heardAt - 500);
        assertThat(c.heldUntil("r3")).isPositive();
        c.toldElsewhere("r3", heardAt + 1);
        assertThat(c.heldUntil("r3")).isZero();

        // a told-everywhere that fails (a busy database) does not fail the check or the leave
        MembershipChanges failing = new MembershipChanges((tenant, relay, from) -> {
            throw new IllegalStateException("database is locked");
        });
        failing.joined("t1", "r1");
        failing.checked("t1", "r1", System.nanoTime(), System.currentTimeMillis());
        failing.changed("t1", "r1");
        assertThat(failing.heldUntil("r1")).isZero();
    }

    @Test
    void aListingWaitsForAPendingCheckAndForAJoinAboutToBeHeard() throws Exception {
        MembershipChanges c = new MembershipChanges((tenant, relay, from) -> {});
        assertThat(c.awaitChecked("r1", 0)).isFalse(); // nothing pending: no wait

        c.joined("t1", "r1");
        long waits = c.waits();
        CompletableFuture<Boolean> listing = CompletableFuture.supplyAsync(() -> c.awaitChecked("r1", 0));
        Wait.until("the listing waiting", Duration.ofSeconds(5), () -> c.waits() > waits);
        assertThat(listing).isNotDone();
        c.checked("t1", "r1", System.nanoTime(), System.currentTimeMillis());
        assertThat(listing.get(5, TimeUnit.SECONDS)).isTrue();

        // over the allowance with no hold yet: the join's hold appears a moment later and is waited for
        long before = c.waits();
        CompletableFuture<Boolean> over = CompletableFuture.supplyAsync(() -> c.awaitChecked("r1", 2_000));
        Wait.until("the listing waiting for a hold", Duration.ofSeconds(5), () -> c.waits() > before);
        c.joined("t1", "r1");
        // woken by the join, it saw the hold and waits again, now for the check
        Wait.until("the listing waiting for the check", Duration.ofSeconds(5), () -> c.waits() > before + 1);
        assertThat(over).isNotDone();
        c.checked("t1", "r1", System.nanoTime(), System.currentTimeMillis());
        assertThat(over.get(5, TimeUnit.SECONDS)).isTrue();

        // none appears: the listing goes on after the short wait
        long t = System.nanoTime();
        assertThat(c.awaitChecked("r1", 200)).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - t)).isBetween(Duration.ofMillis(150), Duration.ofSeconds(2));
    }
}
