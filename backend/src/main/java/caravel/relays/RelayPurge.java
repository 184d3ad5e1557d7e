package caravel.relays;

import caravel.domain.Epoch;
import caravel.jobs.Job;
import caravel.jobs.JobHandler;
import caravel.jobs.JobRunner;
import caravel.relayparts.Lifecycle;
import caravel.relayparts.RelayParts;
import caravel.relays.RelayStateMachine.Action;
import caravel.relays.RelayStateMachine.Actor;
import caravel.store.ActivityLog;
import caravel.store.Relay;
import caravel.store.RelayStore;
import caravel.zooid.NodePurge;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/**
 * A deleted relay's purge ({@link Relays#JOB_PURGE}, queued by {@link RelayRetirement}'s timer once the undo window
 * ends): the relay removed from its node ({@link NodePurge}), then the row marked purged, which frees its subdomain
 * (the state machine's {@link Action#PURGE}); each relay part removes its rows in the same transaction. Safe to run
 * again after a crash, and a no-op once the relay is purged or undone.
 *
 * @param parts the relay parts, told of the purge in its transaction
 */
public record RelayPurge(
        Jdbi jdbi,
        Clock clock,
        RelayStore relayStore,
        ActivityLog activity,
        RelayTransitions transitions,
        NodePurge node,
        RelayParts parts)
        implements JobHandler {
    public void register(JobRunner runner) {
        runner.register(Relays.JOB_PURGE, this);
    }

    @Override
    public void run(Job job) {
        Relay r = RelayJob.relayOf(relayStore, job).orElse(null);
        if (r == null || !r.deleted() || r.deletion().purged()) return;
        if (Epoch.seconds(clock) < r.deletion().undoUntil()) return; // the timer comes back
        NodePurge.Outcome left = node.remove(r);
        jdbi.useTransaction(h -> {
            Relay purged = transitions.apply(
                    h,
                    r.id(),
                    Action.PURGE,
                    Actor.PROVISIONING,
                    null,
                    (left.dataRemoved() ? "Relay removed for good: " : "Relay purged: ") + left.words()
                            + "; its subdomain " + r.subdomain()
                            + " is free again and it no longer counts towards the account's relays");
            // each part removes its rows of the relay (or keeps them, saying why) in the same transaction
            parts.react(h, Lifecycle.Event.of(Lifecycle.PURGED, purged, caravel.domain.Actor.SYSTEM));
        });
    }

    /**
     * The purge failed at every attempt (the job's log says why): the relay stays deleted and keeps its subdomain; its
     * activity says so, in words that name nothing of the platform's inside.
     */
    @Override
    public void onGiveUp(Job job, String error) {
        Relay r = RelayJob.relayOf(relayStore, job).orElse(null);
        if (r == null || !r.deleted() || r.deletion().purged()) return;
        long now = Epoch.seconds(clock);
        jdbi.useTransaction(h -> activity.add(
                h,
                r.tenant(),
                r.id(),
                "purge_failed",
                "The relay could not be removed from the relay host after " + job.attempts()
                        + " attempts (the platform's log says why): it stays deleted and keeps its"
                        + " subdomain",
                caravel.domain.Actor.SYSTEM,
                now));
    }
}
