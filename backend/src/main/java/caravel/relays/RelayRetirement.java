package caravel.relays;

import caravel.jobs.Job;
import caravel.jobs.JobPayloads;
import caravel.jobs.JobRunner;
import caravel.relayparts.Lifecycle;
import caravel.relayparts.RelayParts;
import caravel.relays.RelayStateMachine.Action;
import caravel.relays.RelayStateMachine.Actor;
import caravel.store.Relay;
import caravel.zooid.NodePurge;
import java.util.Optional;
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
 *       subdomain (the state machine's {@link Action#PURGE}), with what left the node and what stayed in its activity.
 * </ol>
 */
public record RelayRetirement(RelayDeps d, NodePurge node, FinalBackup backup, RelayParts parts) {
    private static final Logger log = LoggerFactory.getLogger(RelayRetirement.class);

    public void register(JobRunner runner) {
        runner.register(Relays.JOB_RETIRE, this::retire);
        runner.register(Relays.JOB_PURGE_TIMER, this::timer);
        runner.register(Relays.JOB_PURGE, new caravel.jobs.JobHandler() {
            @Override
            public void run(Job job) {
                purge(job);
            }

            @Override
            public void onGiveUp(Job job, String error) {
                purgeGivenUp(job);
            }
        });
    }

    private Optional<Relay> relayOf(Job job) {
        return d.relayStore()
                .find(JobPayloads.read(job.payload(), RelayJob.class).relay());
    }

    private void retire(Job job) {
        Relay r = relayOf(job).orElse(null);
        if (r == null) return;
        if (r.deleted() && !r.deletion().purged()) {
            long now = d.clock().millis() / 1000;
            String note;
            try {
                note = "Final backup written: " + backup.take(r, "relay deleted");
            } catch (Exception e) {
                log.warn("final backup of deleted relay {} failed: {}", r.id(), e.toString());
                note = "The final backup could not be written (" + e.getMessage() + "); the relay's events stay on the"
                        + " relay host until the purge" + (node.removesData() ? " removes them" : "");
            }
            String text = note;
            d.jdbi()
                    .useTransaction(h -> d.activity()
                            .add(h, r.tenant(), r.id(), "final_backup", text, caravel.domain.Actor.SYSTEM, now));
        }
        // the stop (or, undone meanwhile, the relay back in service): a sync of whatever the row holds now
        d.jdbi().useTransaction(h -> d.transitions().enqueueSync(h, r.id()));
    }

    private void timer(Job job) {
        Relay r = relayOf(job).orElse(null);
        if (r == null || !r.deleted() || r.deletion().purged()) return; // undone (or purged) meanwhile
        long due = r.deletion().undoUntil();
        String payload = JobPayloads.write(new RelayJob(r.id()));
        d.jdbi().useTransaction(h -> {
            if (d.clock().millis() / 1000 < due) // deleted again after an undo: its window ends later
            d.jobs().enqueueAt(h, Relays.JOB_PURGE_TIMER, payload, Relays.purgeTimerKey(r.id()), 12, due * 1000);
            else d.jobs().enqueueNow(h, Relays.JOB_PURGE, payload, Relays.jobKey(r.id()), 12);
        });
    }

    private void purge(Job job) {
        Relay r = relayOf(job).orElse(null);
        if (r == null || !r.deleted() || r.deletion().purged()) return;
        if (d.clock().millis() / 1000 < r.deletion().undoUntil()) return; // the timer comes back
        NodePurge.Outcome left = node.remove(r);
        d.jdbi().useTransaction(h -> {
            Relay purged = d.transitions()
                    .apply(
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
    private void purgeGivenUp(Job job) {
        Relay r = relayOf(job).orElse(null);
        if (r == null || !r.deleted() || r.deletion().purged()) return;
        long now = d.clock().millis() / 1000;
        d.jdbi()
                .useTransaction(h -> d.activity()
                        .add(
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
