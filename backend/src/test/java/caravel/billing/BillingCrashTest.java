package caravel.billing;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.testing.BillingCrashLoop;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the backend process at random points of renewal runs, payment confirmation and autopay, with the local
 * stack's NWC wallets (see {@link BillingCrashLoop}; {@code ./caravel bench crash} runs 50 cycles). Invariants after
 * the last restart: every settled payment credited, no invoice paid twice, each tenant wallet charged exactly what the
 * platform received for its invoices, one renewal per tenant and cycle, no billing job failed or left behind, every
 * relay in a lifecycle state and none suspended once everything is paid.
 */
@Tag("slow")
@Tag("peer")
class BillingCrashTest {
    @TempDir
    Path dir;

    @Test
    void killedDuringRenewalsConfirmationsAndAutopayLosesAndRepeatsNothing() throws Exception {
        BillingCrashLoop.Report r =
                BillingCrashLoop.run(dir, Integer.getInteger("crash.billing.cycles", 4), System.out::println);
        r.checks().forEach(c -> System.out.println("check: " + c));
        r.findings().forEach(f -> System.out.println("finding: " + f));
        assertThat(r.kills()).isEqualTo(r.cycles());
        assertThat(r.checks()).hasSize(6);
        assertThat(r.violations()).as("invariant violations").isEmpty();
    }
}
