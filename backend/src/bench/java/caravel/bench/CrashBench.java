package caravel.bench;

import caravel.testing.BillingCrashLoop;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * ./caravel bench crash: CRASH_CYCLES (50) kill -9 cycles of the backend process during renewal runs, payment
 * confirmation and autopay against the local stack (see BillingCrashLoop), then the invariant checks. Prints cycles,
 * kills, each check and any violation; exits 1 on a violation.
 */
public final class CrashBench {
    private CrashBench() {}

    public static void main(String[] args) throws Exception {
        int cycles = Integer.parseInt(System.getenv().getOrDefault("CRASH_CYCLES", "50"));
        Path dir = Files.createTempDirectory("caravel-crash");
        long t0 = System.nanoTime();
        BillingCrashLoop.Report r = BillingCrashLoop.run(dir, cycles, line -> {
            if (line.endsWith("killed") && line.contains("cycle ")) System.out.println(line);
        });
        System.out.printf(
                "cycles %d, kills %d, months passed (renewal runs) %d, %.0f s%n",
                r.cycles(), r.kills(), r.renewalRuns(), (System.nanoTime() - t0) / 1e9);
        for (String c : r.checks()) System.out.println("check: " + c);
        for (String f : r.findings()) System.out.println("finding: " + f);
        for (String v : r.violations()) System.out.println("VIOLATION: " + v);
        System.out.println(
                r.violations().isEmpty() ? "no violations" : r.violations().size() + " violations");
        System.exit(r.violations().isEmpty() ? 0 : 1);
    }
}
