package caravel.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A join page waiting on its standing is woken by a change told for its relay, not by its re-read's timer. */
class StandingChangesTest {
    static final long HOUR = TimeUnit.HOURS.toMillis(1);

    @Test
    void aWaitEndsWhenAChangeIsToldForItsRelay() throws Exception {
        StandingChanges changes = new StandingChanges();
        long seen = changes.seen("relay-a");
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> {
            try {
                changes.await("relay-a", seen, HOUR);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        changes.changed("relay-b"); // another relay's change: counted for it alone
        assertThat(changes.seen("relay-a")).isEqualTo(seen);
        changes.changed("relay-a");
        waiting.get(30, TimeUnit.SECONDS);
        assertThat(changes.seen("relay-a")).isNotEqualTo(seen);
    }

    @Test
    void aChangeToldBeforeTheWaitBeganEndsItAtOnce() throws Exception {
        StandingChanges changes = new StandingChanges();
        long seen = changes.seen("relay-a"); // read with the standing
        changes.changed("relay-a"); // committed between the read and the wait
        CompletableFuture.runAsync(() -> {
                    try {
                        changes.await("relay-a", seen, HOUR);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .get(30, TimeUnit.SECONDS);
    }
}
