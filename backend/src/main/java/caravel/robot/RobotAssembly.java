package caravel.robot;

import caravel.config.Config;
import caravel.jobs.JobQueue;
import caravel.jobs.JobRunner;
import caravel.net.OutboundPolicy;
import caravel.nostr.RelayClient;
import caravel.store.ActivityLog;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/**
 * The robot put together with its relay client. Its network work (profile, DMs) runs only in jobs, never on request
 * threads.
 */
public record RobotAssembly(RelayClient client, Robot robot) implements AutoCloseable {

    public static RobotAssembly assemble(
            Config config, Jdbi jdbi, JobQueue jobs, ActivityLog activity, Clock clock, Robot.Settings settings) {
        RelayClient client = relayClient(config, settings);
        return new RobotAssembly(client, new Robot(config.robot(), client, jdbi, jobs, activity, clock, settings));
    }

    /**
     * Recipients' inbox relays are strangers' data, so the outbound policy applies to all but the robot's own relays,
     * and the robot answers NIP-42 AUTH only to its own relays.
     */
    private static RelayClient relayClient(Config config, Robot.Settings settings) {
        var robotRelays = config.robot().allRelays();
        return new RelayClient(
                config.robot().keys(),
                settings.relay(),
                OutboundPolicy.of(config.limits().outboundAllowLocal()).trusting(robotRelays),
                robotRelays::contains);
    }

    public void register(JobRunner runner) {
        robot.register(runner);
    }

    /** Queues the profile check; the job runner publishes it in the background. */
    public void start() {
        robot.start();
    }

    @Override
    public void close() {
        robot.close();
        client.close(); // ends in-flight relay waits at once, so running jobs finish (and retry later)
    }
}
