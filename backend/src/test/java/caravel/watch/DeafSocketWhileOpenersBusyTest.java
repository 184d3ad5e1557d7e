package caravel.watch;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.nostr.Keys;
import caravel.testing.Member;
import caravel.testing.Wait;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A socket made deaf while the watch's openers are all busy (a large node, a restart: thousands of openings and NIP-11
 * reads queued) still has what it missed found and recorded: the deafness probe hands missed events over on a thread of
 * its own, not behind the openers' queue. The socket is made deaf by a rename to the same name from the owner's app
 * (zooid serves the relay from a new instance; Caravel wrote nothing, and the NIP-11 document shows nothing new), and
 * a report is then posted through the new instance.
 */
@Tag("peer")
class DeafSocketWhileOpenersBusyTest {
    @TempDir
    Path dir;

    @AfterAll
    static void stopBridge() throws Exception {
        Member.shutdown();
    }

    @Test
    void aReportMissedByADeafSocketIsRecordedWhileEveryOpenerIsBusy() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (WatchedRelay relay = WatchedRelay.start(dir, "Busy Square", "busy")) {
            MembershipWatcher watcher = relay.watcher;
            int opens = watcher.opens(relay.relayId);
            watcher.occupyOpeners(release);
            try {
                relay.renameFromAnApp("Busy Square");
                Member owner = new Member(relay.owner, relay.relayUrl);
                JsonNode report = Wait.until(
                        "a report accepted by the new instance",
                        Duration.ofSeconds(20),
                        () -> WatchedRelay.unlessRefused(() -> owner.publish(
                                1984, List.of(List.of("p", Keys.generate().pubkey())), "deaf")),
                        r -> r != null && r.get("ok").asBoolean());
                String id = report.at("/event/id").asText();
                Wait.until("the missed report recorded", Duration.ofSeconds(60), () -> relay.counted(id));
                assertThat(watcher.deafSocketsFound()).isPositive();
                assertThat(watcher.opens(relay.relayId))
                        .as("no opener was free to open the socket again: the hand-over did not need one")
                        .isEqualTo(opens);
            } finally {
                release.countDown();
            }
            // once the openers are free, the socket is opened again on the new instance
            Wait.until("the socket opened again", Duration.ofSeconds(30), () -> watcher.opens(relay.relayId) > opens);
        }
    }
}
