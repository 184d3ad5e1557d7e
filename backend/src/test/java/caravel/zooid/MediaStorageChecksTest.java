package caravel.zooid;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.testing.MutableClock;
import caravel.testing.Wait;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** When MediaStorage asks zooid: soon again while it cannot tell, rarely once it can, never for a reader. */
class MediaStorageChecksTest {
    @Test
    void retriesWhileUnknownThenSettlesAndReadersNeverProbe() throws Exception {
        ArrayDeque<ZooidLine.Probe> answers = new ArrayDeque<>(List.of(
                ZooidLine.Probe.unknown("zooid is unreachable: connection refused"),
                ZooidLine.Probe.unknown("zooid is unreachable: connection refused")));
        AtomicInteger probes = new AtomicInteger();
        MediaStorage m = new MediaStorage(
                true,
                () -> {
                    probes.incrementAndGet();
                    ZooidLine.Probe p = answers.poll();
                    return p != null ? p : ZooidLine.Probe.of(ZooidLine.NEWER);
                },
                new MutableClock(),
                Duration.ofHours(1),
                Duration.ofMillis(20));
        assertThat(m.status().state()).isEqualTo(MediaStorage.State.UNKNOWN);
        assertThat(m.status().checkedAt()).isEmpty();
        try (m) {
            m.start();
            Wait.until("S3 in effect", Duration.ofSeconds(5), () -> m.status().state() == MediaStorage.State.S3);
            // the loop now waits the hour-long recheck, not the short retry: no further probe comes before it
            Wait.until(
                    "the loop waiting for the recheck",
                    Duration.ofSeconds(5),
                    m::nextCheckIn,
                    w -> Duration.ofHours(1).equals(w));
            // two unknown answers, then the one that told
            assertThat(probes.get()).isEqualTo(3);
            for (int i = 0; i < 100; i++) m.status();
            assertThat(probes.get()).isEqualTo(3);
        }
    }

    @Test
    void withoutS3NothingIsProbed() {
        AtomicInteger probes = new AtomicInteger();
        MediaStorage m = new MediaStorage(
                false,
                () -> {
                    probes.incrementAndGet();
                    return ZooidLine.Probe.of(ZooidLine.ARCHIVED);
                },
                new MutableClock(),
                Duration.ofMillis(10),
                Duration.ofMillis(10));
        try (m) {
            m.start();
            assertThat(m.check().state()).isEqualTo(MediaStorage.State.LOCAL);
            assertThat(probes.get()).isZero();
        }
    }
}
