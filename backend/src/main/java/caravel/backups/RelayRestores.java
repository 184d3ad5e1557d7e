package caravel.backups;

import caravel.accounts.RelayOrders;
import caravel.archive.Importer;
import caravel.domain.RelayRole;
import caravel.jobs.Job;
import caravel.jobs.JobHandler;
import caravel.jobs.JobRunner;
import caravel.relayparts.BackupSection;
import caravel.relayparts.Caller;
import caravel.store.Relay;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Restores a backup into a relay: the same relay (after an accident: first a preview of what would change, then
 * merge, which only adds, or replace, which also takes away members, bans and names the backup does not hold) or a
 * new relay made through the ordinary creation path (the plan, the quota, an invoice for a paid plan). A restore is a
 * durable job in steps (each part's file, then the events, then the media) whose progress and cursor are in
 * {@code relay_restores}; every step is idempotent, so a restore whose process died resumes where it was, and one that
 * gives up says which steps are in place.
 *
 * <p>Events are published again over the relay key's connection ({@link Importer}: already present ones are skipped).
 * zooid takes an event over a connection only from its author (and zaps and gift wraps for members), so members' own
 * events get in only through the operator's RESTORE_EVENTS_COMMAND, run first with the events file, which writes them
 * into the relay's zooid database as a move's copy does; without it they are counted as refused, in zooid's words.
 * Media is uploaded again as the relay key (Blossom keeps each blob by its hash, so links keep working).
 */
public record RelayRestores(RestorePreview preview, RestoreQueue queue, RestoreRun run) implements JobHandler {
    public static final String JOB = "backups.restore";
    /** The relay may still be waiting for its server (a new relay) or be reloading: tried for about an hour. */
    static final int ATTEMPTS = 30;

    record Run(String restore) {}

    /**
     * What a restore would do, and why it would be refused (empty when it would not). {@code eventsErased} and {@code
     * itemsErased}: the events and the parts' items (members, names, team seats) of people erased from the backup's
     * relay, which the restore leaves out (docs/erasure.md).
     */
    public record Preview(
            String backupId,
            String mode,
            long eventsTotal,
            long eventsPresent,
            long eventsErased,
            long itemsErased,
            long blobsTotal,
            long blobsPresent,
            long mediaBytes,
            Map<String, BackupSection.Change> parts,
            List<String> refusals) {
        public long eventsToAdd() {
            return eventsTotal - eventsErased - eventsPresent;
        }

        public long blobsToAdd() {
            return blobsTotal - blobsPresent;
        }
    }

    /** The fields of a new relay to restore into; its plan is checked against the backup first. */
    public record NewRelay(String name, String subdomain, String plan) {}

    /** Who asked, and whether the relay created became theirs: the restore and the new relay's order. */
    public record Started(RelayBackupStore.Restore restore, RelayOrders.Order order) {}

    public void register(JobRunner runner) {
        runner.register(JOB, this);
    }

    public Preview preview(Relay target, String backupId, String mode) throws IOException {
        return preview.preview(target, backupId, mode);
    }

    /**
     * Restores a backup of this relay into itself, as {@code caller}: each part applies only what the caller's role may
     * change (an admin's restore changes moderators, never admins), and says in the problems what it left. Refused
     * when the relay's plan cannot hold the backup.
     */
    public RelayBackupStore.Restore start(Relay target, String backupId, String mode, Caller caller)
            throws IOException {
        return queue.start(target, backupId, mode, caller);
    }

    /**
     * Restores a backup of {@code source} into a new relay of the same owner, made through the ordinary creation
     * path (quota, plan, invoice); the restore waits until the new relay is in service. The owner's alone: it creates
     * a relay in the owner's account and may charge it, so a team member is refused as forbidden ({@value RelayRole#FORBIDDEN}
     * before anything is read or made.
     */
    public Started startNew(Relay source, String backupId, NewRelay n, Caller caller) throws IOException {
        return queue.startNew(source, backupId, n, caller);
    }

    public Optional<RelayBackupStore.Restore> find(Relay r, String restoreId) {
        return queue.find(r, restoreId);
    }

    @Override
    public void run(Job job) throws Exception {
        run.run(job);
    }

    @Override
    public void onGiveUp(Job job, String error) {
        run.onGiveUp(job, error);
    }
}
