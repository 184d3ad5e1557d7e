package caravel.jobs;

import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/**
 * The jobs package put together: the queue every part enqueues on, the shared runner, and a runner only for work that
 * waits on tenants' own wallets (autopay), with its own slots, so a black-holing wallet never delays provisioning, DMs
 * or other tenants' billing on the shared runner. Periodic work runs once per period across processes.
 */
public record JobRunners(JobQueue queue, JobRunner shared, JobRunner wallets, Periodic periodic)
        implements AutoCloseable {

    /** The wallet runner's timings are the shared runner's; its slots are {@code walletConcurrency}. */
    public static JobRunners assemble(Jdbi jdbi, Clock clock, JobRunner.Settings settings, int walletConcurrency) {
        JobRunner shared = new JobRunner(jdbi, clock, settings);
        JobRunner wallets = new JobRunner(
                jdbi,
                clock,
                new JobRunner.Settings(
                        settings.pollMs(),
                        settings.leaseMs(),
                        settings.backoffBaseMs(),
                        settings.backoffMaxMs(),
                        walletConcurrency));
        JobQueue queue = new JobQueue(clock, () -> {
            shared.wake();
            wallets.wake();
        });
        return new JobRunners(queue, shared, wallets, new Periodic(jdbi, queue, clock));
    }

    public void start() {
        shared.start();
        wallets.start();
    }

    public boolean isRunning() {
        return shared.isRunning() && wallets.isRunning();
    }

    /** Claim-loop passes completed by the slower of the two runners. */
    public long passes() {
        return Math.min(shared.passes(), wallets.passes());
    }

    @Override
    public void close() {
        shared.close();
        wallets.close();
    }
}
