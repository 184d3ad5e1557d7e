package caravel.backups;

import caravel.store.Relay;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/** V87's tables: relays' backups ({@code relay_backups}), their owners' schedules and the restores made from them. */
public final class RelayBackupStore {
    private final Jdbi jdbi;

    public RelayBackupStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** One backup. status: queued, running, done, failed. reason: scheduled, manual, final, upload. */
    public record Backup(
            String id,
            String relayId,
            String tenant,
            String reason,
            String status,
            String storage,
            String location,
            long events,
            long blobs,
            long mediaBytes,
            long members,
            long bans,
            long names,
            long bytes,
            String manifestSha256,
            String mediaNote,
            String error,
            int attempts,
            String actor,
            long createdAt,
            Long finishedAt) {
        /**
         * A backup of the relay just begun ({@code status} queued or running), stored at {@code relay/id}: nothing
         * counted yet, what {@link #insert} writes.
         */
        public static Backup begun(
                String id, Relay r, String reason, String status, String storage, String actor, long createdAt) {
            return new Backup(
                    id,
                    r.id(),
                    r.tenant(),
                    reason,
                    status,
                    storage,
                    r.id() + "/" + id,
                    0,
                    0,
                    0,
                    0,
                    0,
                    0,
                    0,
                    null,
                    null,
                    null,
                    0,
                    actor,
                    createdAt,
                    null);
        }
    }

    /** What a finished backup holds. */
    public record Counts(long events, long blobs, long mediaBytes, long members, long bans, long names, long bytes) {}

    private static final RowMapper<Backup> BACKUP = ConstructorMapper.of(Backup.class);
    private static final String COLUMNS = "id, relay_id, tenant, reason, status, storage, location, events, blobs,"
            + " media_bytes, members, bans, names, bytes, manifest_sha256, media_note, error, attempts, actor,"
            + " created_at, finished_at";

    public void insert(Handle h, Backup b) {
        h.createUpdate("INSERT INTO relay_backups (" + COLUMNS + ") VALUES (:id, :relayId, :tenant, :reason, :status,"
                        + " :storage, :location, 0, 0, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0, :actor, :createdAt, NULL)")
                .bindMethods(b)
                .execute();
    }

    /** As {@link #insert(Handle, Backup)}, in a transaction of its own. */
    public void insert(Backup b) {
        jdbi.useTransaction(h -> insert(h, b));
    }

    public Optional<Backup> find(String id) {
        return jdbi.withHandle(h -> h.select("SELECT " + COLUMNS + " FROM relay_backups WHERE id = ?", id)
                .map(BACKUP)
                .findOne());
    }

    /** The relay's backups, newest first. */
    public List<Backup> byRelay(String relayId) {
        return jdbi.withHandle(h -> h.select(
                        "SELECT " + COLUMNS
                                + " FROM relay_backups WHERE relay_id = ? ORDER BY created_at DESC, id DESC",
                        relayId)
                .map(BACKUP)
                .list());
    }

    /** The relay's backup that is queued or running (taken now or scheduled), if one is: a second is not queued. */
    public Optional<String> underWay(Handle h, String relayId) {
        return h.select("""
                        SELECT id FROM relay_backups
                        WHERE relay_id = ? AND status IN ('queued', 'running') AND reason IN ('manual', 'scheduled')
                        ORDER BY created_at DESC, id DESC LIMIT 1""", relayId).mapTo(String.class).findOne();
    }

    /** A backup attempt begins: it is running, and one more attempt was made. */
    public void started(String id) {
        jdbi.useHandle(h -> h.execute(
                "UPDATE relay_backups SET status = 'running', attempts = attempts + 1, error = NULL WHERE id = ?", id));
    }

    /** The attempt failed; the job tries again (status stays running until it gives up). */
    public void attemptFailed(String id, String error) {
        jdbi.useHandle(h -> h.execute("UPDATE relay_backups SET error = ? WHERE id = ?", error, id));
    }

    public void failed(Handle h, String id, String error, long now) {
        h.execute(
                "UPDATE relay_backups SET status = 'failed', error = ?, finished_at = ? WHERE id = ?", error, now, id);
    }

    public void done(String id, Counts c, String manifestSha256, String mediaNote, long now) {
        jdbi.useHandle(h -> h.execute(
                """
                UPDATE relay_backups SET status = 'done', events = ?, blobs = ?, media_bytes = ?, members = ?, bans = ?,
                       names = ?, bytes = ?, manifest_sha256 = ?, media_note = ?, error = NULL, finished_at = ?
                WHERE id = ?""",
                c.events(),
                c.blobs(),
                c.mediaBytes(),
                c.members(),
                c.bans(),
                c.names(),
                c.bytes(),
                manifestSha256,
                mediaNote,
                now,
                id));
    }

    public void delete(String id) {
        jdbi.useHandle(h -> h.execute("DELETE FROM relay_backups WHERE id = ?", id));
    }

    /** When the relay's last backup that was not an upload was asked for (to know when the next is due). */
    public Optional<Long> lastTakenAt(Handle h, String relayId) {
        return h.select("""
                        SELECT MAX(created_at) FROM relay_backups
                        WHERE relay_id = ? AND reason <> 'upload' AND status <> 'failed'""", relayId).mapTo(Long.class).findOne();
    }

    // ------------------------------------------------------------------------------------------------ schedules

    /** The owner's schedule: daily, weekly or off (daily when never set). */
    public String schedule(String relayId) {
        return jdbi.withHandle(h -> h.select("SELECT every FROM relay_backup_schedules WHERE relay_id = ?", relayId)
                .mapTo(String.class)
                .findOne()
                .orElse("daily"));
    }

    public String schedule(Handle h, String relayId) {
        return h.select("SELECT every FROM relay_backup_schedules WHERE relay_id = ?", relayId)
                .mapTo(String.class)
                .findOne()
                .orElse("daily");
    }

    public void setSchedule(String relayId, String every, long now) {
        jdbi.useHandle(h -> h.execute("""
                INSERT INTO relay_backup_schedules (relay_id, every, updated_at) VALUES (?, ?, ?)
                ON CONFLICT (relay_id) DO UPDATE SET every = excluded.every, updated_at = excluded.updated_at""", relayId, every, now));
    }

    // ------------------------------------------------------------------------------------------------ restores

    /**
     * A restore's progress. status: queued, running, done, failed. step: see {@link RestoreRun#steps}. {@code actor}
     * started it with {@code actorRole} (owner, admin, moderator) on the relay: every step applies as that caller.
     */
    public record Restore(
            String id,
            String relayId,
            String tenant,
            String backupId,
            String mode,
            String status,
            String step,
            long cursor,
            long eventsTotal,
            long eventsDone,
            long eventsRefused,
            long blobsTotal,
            long blobsDone,
            long membersDone,
            long bansDone,
            long namesDone,
            String problems,
            String error,
            String actor,
            long createdAt,
            long updatedAt,
            String actorRole) {}

    private static final RowMapper<Restore> RESTORE = ConstructorMapper.of(Restore.class);
    private static final String RESTORE_COLUMNS = "id, relay_id, tenant, backup_id, mode, status, step, cursor,"
            + " events_total, events_done, events_refused, blobs_total, blobs_done, members_done, bans_done,"
            + " names_done, problems, error, actor, created_at, updated_at, actor_role";

    public void insertRestore(Handle h, Restore r) {
        h.createUpdate("INSERT INTO relay_restores (" + RESTORE_COLUMNS + ") VALUES (:id, :relayId, :tenant,"
                        + " :backupId, :mode, :status, :step, 0, :eventsTotal, 0, 0, :blobsTotal, 0, 0, 0, 0, NULL, NULL,"
                        + " :actor, :createdAt, :updatedAt, :actorRole)")
                .bindMethods(r)
                .execute();
    }

    public Optional<Restore> findRestore(String id) {
        return jdbi.withHandle(h -> h.select("SELECT " + RESTORE_COLUMNS + " FROM relay_restores WHERE id = ?", id)
                .map(RESTORE)
                .findOne());
    }

    public List<Restore> restoresOf(String relayId, int limit) {
        return jdbi.withHandle(h -> h.select(
                        "SELECT " + RESTORE_COLUMNS
                                + " FROM relay_restores WHERE relay_id = ? ORDER BY created_at DESC, id DESC LIMIT ?",
                        relayId,
                        limit)
                .map(RESTORE)
                .list());
    }

    /** A step finished (or part of it, at {@code cursor}): what it did is added to the totals in the same write. */
    public void progress(String id, String status, String step, long cursor, Progress p, long now) {
        jdbi.useHandle(h -> h.execute(
                """
                UPDATE relay_restores SET status = ?, step = ?, cursor = ?, events_done = ?, events_refused = ?,
                       blobs_done = ?, members_done = ?, bans_done = ?, names_done = ?, problems = ?, updated_at = ?
                WHERE id = ?""",
                status,
                step,
                cursor,
                p.eventsDone(),
                p.eventsRefused(),
                p.blobsDone(),
                p.membersDone(),
                p.bansDone(),
                p.namesDone(),
                p.problems(),
                now,
                id));
    }

    /** The running totals a restore writes with each step. */
    public record Progress(
            long eventsDone,
            long eventsRefused,
            long blobsDone,
            long membersDone,
            long bansDone,
            long namesDone,
            String problems) {}

    public void restoreEnded(String id, String status, String error, long now) {
        jdbi.useHandle(h -> h.execute(
                "UPDATE relay_restores SET status = ?, error = ?, updated_at = ? WHERE id = ?",
                status,
                error,
                now,
                id));
    }

    /** The database, for a caller's transaction around this store's writes and its own. */
    public Jdbi jdbi() {
        return jdbi;
    }
}
