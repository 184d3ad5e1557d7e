package caravel.community;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.nostr.Keys;
import caravel.testing.TestBackend;
import caravel.testing.Wait;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The membership watcher at scale: which relays it keeps, and what an outage of zooid costs. */
class MembershipWatcherTest {
    @TempDir
    Path dir;

    /**
     * zooid's server down (connections refused): the watcher must not try every served relay on every pass — on a large
     * platform that is one failed connection (and log line) per relay per backoff step.
     */
    @Test
    void anUnreachableZooidCostsOneRoundOfOpenersNotOneConnectionPerRelay() throws Exception {
        // nothing listens on port 9: every relay socket is refused, as when zooid is down
        try (TestBackend b = new TestBackend(dir, env -> env.put("ZOOID_RELAY_ORIGIN", "http://127.0.0.1:9"))) {
            int relays = 40;
            for (int i = 0; i < relays; i++)
                b.api.as(
                        Keys.generate(),
                        "POST",
                        "/relays",
                        "{\"name\":\"Outage " + i + "\",\"subdomain\":\"outage-" + i + "\",\"plan\":\"free\"}");
            // served as far as Caravel knows (zooid accepted them before it went down)
            b.app.db.jdbi().useHandle(h -> h.execute("UPDATE relays SET status = 'active', zooid_created = 1"));
            MembershipWatcher watcher = b.app.community.watcher;
            watcher.reconcileNow();
            Wait.until("a first attempt", Duration.ofSeconds(10), watcher::attempts, n -> n > 0);
            for (int pass = 0; pass < 5; pass++) {
                long done = watcher.passesCompleted();
                watcher.reconcileNow();
                Wait.until("one more pass", Duration.ofSeconds(10), () -> watcher.passesCompleted() > done);
            }
            // every opener a pass started has ended (refused) before the attempts are counted
            Wait.until("no subscription being opened", Duration.ofSeconds(20), () -> watcher.opening() == 0);
            // at most the openers already under way when the first refusal came back
            assertThat(watcher.attempts()).isBetween(1, 8);
        }
    }

    /** Between whole reads, the served set follows only the tenants that changed: each change must still be seen. */
    @Test
    void theServedSetFollowsEachChangeBetweenWholeReads() throws Exception {
        try (TestBackend b = new TestBackend(dir, env -> env.put("ZOOID_RELAY_ORIGIN", "http://127.0.0.1:9"))) {
            String[] ids = new String[3];
            for (int i = 0; i < ids.length; i++)
                ids[i] = b.api.as(
                                Keys.generate(),
                                "POST",
                                "/relays",
                                "{\"name\":\"Kept " + i + "\",\"subdomain\":\"kept-" + i + "\",\"plan\":\"free\"}")
                        .json()
                        .at("/relay/id")
                        .asText();
            var jdbi = b.app.db.jdbi();
            MembershipWatcher watcher = b.app.community.watcher;
            java.util.function.Consumer<String> set = sql -> jdbi.useHandle(h -> h.execute(sql));
            set.accept("UPDATE relays SET status = 'active', zooid_created = 1 WHERE id IN ('" + ids[0] + "', '"
                    + ids[1] + "')");
            watcher.reconcileNow();
            Wait.until(
                    "the first two kept",
                    Duration.ofSeconds(10),
                    () -> watcher.tracks(ids[0]) && watcher.tracks(ids[1]));
            assertThat(watcher.tracks(ids[2])).isFalse();
            // each later change reaches the set through its tenant's version, not a whole read
            set.accept("UPDATE relays SET status = 'suspended' WHERE id = '" + ids[0] + "'");
            set.accept("UPDATE relays SET status = 'active', zooid_created = 1 WHERE id = '" + ids[2] + "'");
            watcher.reconcileNow();
            Wait.until(
                    "the change seen", Duration.ofSeconds(10), () -> !watcher.tracks(ids[0]) && watcher.tracks(ids[2]));
            assertThat(watcher.tracks(ids[1])).isTrue();
            assertThat(watcher.fullReads()).isEqualTo(1);
        }
    }
}
