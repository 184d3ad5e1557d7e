package caravel;

import caravel.billing.Notices;
import caravel.config.Config;
import caravel.jobs.JobHandler;
import caravel.jobs.JobRunner;
import caravel.robot.Robot;
import caravel.stripe.StripeGateway;
import caravel.stripe.StripeJavaGateway;
import caravel.zooid.ZooidClient;
import java.time.Clock;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The parts of an {@link App} that tests and benchmarks replace, each given as how to make it; production makes each
 * from the settings
 * ({@link #defaults()}). Tests build these with {@code caravel.testing.AppOptions}.
 *
 * @param jobs the job runners' timings, from the settings (production's take the lease from LEASE_MS)
 * @param zooid wraps the zooid client relay code calls (a benchmark times it, a test accepts every call)
 * @param provisioningJobs wraps the handler of provisioning and sync jobs
 */
public record Options(
        Function<Config, JobRunner.Settings> jobs,
        Robot.Settings robot,
        BiFunction<Config, Clock, Wallets> wallets,
        Function<Config.Stripe, StripeGateway> stripe,
        Function<Robot, Notices> notices,
        UnaryOperator<ZooidClient> zooid,
        UnaryOperator<JobHandler> provisioningJobs) {
    /**
     * Default job timings and robot, NIP-47 wallets from the settings, stripe-java against STRIPE_API_BASE,
     * billing notices sent as the robot's DMs to the tenant (durable jobs, never twice per key), zooid as built.
     */
    public static Options defaults() {
        return new Options(
                config -> JobRunner.Settings.defaults().leasing(config.lease()),
                Robot.Settings.defaults(),
                Wallets::nwc,
                s -> new StripeJavaGateway(s.secretKey(), s.apiBase()),
                robot -> (h, tenant, relayId, message, key) -> robot.sendDm(h, tenant, message, tenant, relayId, key),
                UnaryOperator.identity(),
                UnaryOperator.identity());
    }
}
