package caravel.billing;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.testing.BothDatabases;
import caravel.testing.TwoProcessCrashLoop;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two backend processes on one database, killed at random (one, or both one after the other) and started again during
 * provisioning, renewals, payment confirmation and autopay (see {@link TwoProcessCrashLoop}): nothing lost, nothing
 * charged twice, no renewal or provisioning done twice, every relay in a lifecycle state. Written for PostgreSQL (the
 * suite's second run); on SQLite the two processes share one file, as a single machine may run them. 4 cycles here;
 * {@code -Dcrash.twoprocess.cycles=N} for a long run.
 */
@Tag("slow")
@Tag("peer")
@BothDatabases
class TwoProcessCrashTest {
    @TempDir
    Path dir;

    @Test
    void twoProcessesKilledAtRandomLoseAndRepeatNothing() throws Exception {
        TwoProcessCrashLoop.Report r =
                TwoProcessCrashLoop.run(dir, Integer.getInteger("crash.twoprocess.cycles", 4), System.out::println);
        r.checks().forEach(c -> System.out.println("check: " + c));
        r.findings().forEach(f -> System.out.println("finding: " + f));
        assertThat(r.kills())
                .as("kills: one per even cycle, two per odd one")
                .isEqualTo(r.cycles() / 2 * 3 + r.cycles() % 2);
        assertThat(r.renewalRuns()).as("months passed").isPositive();
        assertThat(r.checks()).hasSize(8);
        assertThat(r.violations()).as("invariant violations").isEmpty();
    }
}
