package caravel.testing;

import caravel.Options;
import caravel.Wallets;
import caravel.billing.Notices;
import caravel.config.Config;
import caravel.jobs.JobHandler;
import caravel.jobs.JobRunner;
import caravel.robot.Robot;
import caravel.stripe.StripeGateway;
import caravel.zooid.ZooidClient;
import java.time.Clock;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/** Builds the {@link Options} a test or benchmark runs the backend with: each part left unset is production's. */
public final class AppOptions {
    private static final Options PRODUCTION = Options.defaults();

    private Function<Config, JobRunner.Settings> jobs = PRODUCTION.jobs();
    private Robot.Settings robot = PRODUCTION.robot();
    private BiFunction<Config, Clock, Wallets> wallets = PRODUCTION.wallets();
    private Function<Config.Stripe, StripeGateway> stripe = PRODUCTION.stripe();
    private Function<Robot, Notices> notices = PRODUCTION.notices();
    private UnaryOperator<ZooidClient> zooid = PRODUCTION.zooid();
    private UnaryOperator<JobHandler> provisioningJobs = PRODUCTION.provisioningJobs();

    private AppOptions() {}

    public static AppOptions builder() {
        return new AppOptions();
    }

    public AppOptions jobs(JobRunner.Settings jobs) {
        this.jobs = config -> jobs;
        return this;
    }

    public AppOptions robot(Robot.Settings robot) {
        this.robot = robot;
        return this;
    }

    /** These wallets in place of NIP-47 wallets from the settings. */
    public AppOptions wallets(Wallets wallets) {
        this.wallets = (config, clock) -> wallets;
        return this;
    }

    /** This gateway in place of stripe-java (the card rail is built only when the STRIPE_* settings are present). */
    public AppOptions stripe(StripeGateway gateway) {
        this.stripe = settings -> gateway;
        return this;
    }

    /** These notices in place of the robot's DMs. */
    public AppOptions notices(Notices notices) {
        this.notices = r -> notices;
        return this;
    }

    public AppOptions provisioningProbe(ProvisioningProbe probe) {
        this.zooid = probe::zooid;
        this.provisioningJobs = probe::provisioningJobs;
        return this;
    }

    public Options build() {
        return new Options(jobs, robot, wallets, stripe, notices, zooid, provisioningJobs);
    }
}
