package caravel.relays;

import caravel.domain.Epoch;
import caravel.jobs.Job;
import caravel.jobs.JobPayloads;
import caravel.jobs.JobQueue;
import caravel.jobs.JobRunner;
import caravel.relays.RelayStateMachine.Action;
import caravel.store.ActivityLog;
import caravel.store.Relay;
import caravel.store.RelayStore;
import caravel.zooid.NodePurge;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What follows a relay's deletion, as jobs (each safe to run again after a crash, and each a no-op once the relay is
 * no longer in the state it was queued for):
 *
 * <ol>
 *   <li>{@link Relays#JOB_RETIRE}: the final backup (read from the relay while zooid still serves it: an inactive relay
 *       cannot be read), then the sync that stops it. One attempt at the backup: a relay that cannot be read is stopped
 *       all the same, with the reason in its activity (its events stay in zooid's store until the purge);
 *   <li>{@link Relays#JOB_PURGE_TIMER}: due at the end of the undo window; queues the purge under the relay's key;
 *   <li>{@link Relays#JOB_PURGE}: the relay removed from its node ({@link NodePurge}: zooid's config, then its stored
 *       events and media when the operator configured a command for that), then the row marked purged, which frees its
 *       subdomain (the state machine's {@link Action#PURGE}), with what left the node and what stayed in its activity
 *       ({@link RelayPurge}).
 * </ol>
 *
 * @param node says whether the purge will remove the relay's stored data, for the note when the final backup fails
 */
public record RelayRetirement(
        Jdbi jdbi,
        Clock clock,
        RelayStore relayStore,
        ActivityLog activity,
        JobQueue jobs,
        RelayTransitions transitions,
        NodePurge node,
        FinalBackup backup) {
    private static final Logger log = LoggerFactory.getLogger(RelayRetirement.class);

    public void register(JobRunner runner) {
        runner.register(Relays.JOB_RETIRE, this::retire);
        runner.register(Relays.JOB_PURGE_TIMER, this::timer);
    }

    private void retire(Job job) {
        Relay r = RelayJob.relayOf(relayStore, job).orElse(null);
        if (r == null) return;
        if (r.deleted() && !r.deletion().purged()) {
            long now = Epoch.seconds(clock);
            String note;
            try {
                note = "Final backup written: " + backup.take(r, "relay deleted");
            } catch (Exception e) {
                log.warn("final backup of deleted relay {} failed: {}", r.id(), e.toString());
                note = "The final backup could not be written (" + e.getMessage() + "); the relay's events stay on the"
                        + " relay host until the purge" + (node.removesData() ? " removes them" : "");
            }
            String text = note;
            jdbi.useTransaction(
                    h -> activity.add(h, r.tenant(), r.id(), "final_backup", text, caravel.domain.Actor.SYSTEM, now));
        }
        // the stop (or, undone meanwhile, the relay back in service): a sync of whatever the row holds now
        jdbi.useTransaction(h -> transitions.enqueueSync(h, r.id()));
    }

    private void timer(Job job) {
        Relay r = RelayJob.relayOf(relayStore, job).orElse(null);
        if (r == null || !r.deleted() || r.deletion().purged()) return; // undone (or purged) meanwhile
        long due = r.deletion().undoUntil();
        String payload = JobPayloads.write(new RelayJob(r.id()));
        jdbi.useTransaction(h -> {
            if (Epoch.seconds(clock) < due) // deleted again after an undo: its window ends later
            jobs.enqueueAt(h, Relays.JOB_PURGE_TIMER, payload, Relays.purgeTimerKey(r.id()), 12, due * 1000);
            else jobs.enqueueNow(h, Relays.JOB_PURGE, payload, Relays.jobKey(r.id()), 12);
        });
    }
}
