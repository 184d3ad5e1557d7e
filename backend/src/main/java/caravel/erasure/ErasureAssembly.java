package caravel.erasure;

import caravel.domains.CustomDomains;
import caravel.insight.Insight;
import caravel.jobs.JobPayloads;
import caravel.jobs.JobQueue;
import caravel.jobs.JobRunner;
import caravel.names.RelayMemberStore;
import caravel.nostr.Event;
import caravel.relayaccess.RelayAccess;
import caravel.relayaccess.RelayCalls;
import caravel.relayaccess.RelayKeySockets;
import caravel.relayparts.RelayParts;
import caravel.robot.Robot;
import caravel.store.ActivityLog;
import caravel.store.RelayStore;
import caravel.team.Team;
import caravel.watch.VanishRequestsHeard;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/**
 * The erasure package wired: {@link Erasures} (what the API calls), its job ({@link ErasureRun}), the handler of the
 * requests to vanish the watch heard ({@link VanishRequestsHeard}), and the part that holds the record.
 */
public final class ErasureAssembly {
    /** The packages an erasure reaches: the relay as itself, its addresses, its team, and the relay parts. */
    public record Neighbours(
            RelayAccess access,
            RelayKeySockets sockets,
            RelayCalls calls,
            CustomDomains domains,
            Team team,
            RelayParts parts,
            Insight insight) {}

    public final Erasures erasures;
    public final ErasurePart part;
    public final ErasureStore store;
    private final ErasureRun run;
    private final RelayStore relays;

    public ErasureAssembly(
            Jdbi jdbi,
            Clock clock,
            JobQueue jobs,
            RelayStore relays,
            ActivityLog activity,
            Robot robot,
            OlderBackups backups,
            Neighbours n) {
        this.store = new ErasureStore(jdbi);
        this.relays = relays;
        var targets = new ErasureTargets(
                relays,
                n.domains(),
                new RelayMemberStore(jdbi),
                n.team(),
                n.insight(),
                v -> store.relaysOf(v.pubkey(), v.untilS()));
        this.erasures = new Erasures(store, jobs, targets, n.access(), n.team(), activity, clock);
        this.part = new ErasurePart();
        var notices = new ErasureNotices(activity, robot, backups, n.access(), clock);
        this.run = new ErasureRun(store, new EventRemoval(n.sockets(), n.calls()), n.parts(), relays, notices, clock);
    }

    /** The erasure's job, and the requests to vanish heard on relays (each checked, then honoured or ignored). */
    public void register(JobRunner runner) {
        runner.register(Erasures.JOB, run);
        runner.register(VanishRequestsHeard.JOB, job -> {
            VanishRequestsHeard.Heard heard = JobPayloads.read(job.payload(), VanishRequestsHeard.Heard.class);
            relays.find(heard.relay())
                    .ifPresent(r -> erasures.heard(r, Event.fromJson(caravel.json.Json.parse(heard.event()))));
        });
    }
}
