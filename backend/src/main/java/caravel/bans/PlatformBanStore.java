package caravel.bans;

import caravel.domain.Actor;
import caravel.store.Batches;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * platform_bans and platform_ban_relays: each ban's progress, and what it did on each relay (so undo is exact): the
 * ban's outcome, whether the pubkey was a member there, what the relay's owner did since, and the undo's outcome.
 */
public final class PlatformBanStore {
    private final Jdbi jdbi;

    public PlatformBanStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** Whether a ban of this pubkey stands (running or done) or an undo of one is under way. */
    public boolean inProgress(Handle h, String pubkey) {
        return h.select(
                                "SELECT count(*) FROM platform_bans WHERE pubkey = ? AND status IN ('running', 'done', 'undoing')",
                                pubkey)
                        .mapTo(Integer.class)
                        .one()
                > 0;
    }

    /** The statuses of a platform ban that stands: being applied, or applied (it keeps reaching relays). */
    static final String STANDING = "status IN ('running', 'done')";

    /**
     * Whether a platform ban of the pubkey stands on the relay: one that stands, unless the relay's owner lifted it on
     * their relay themselves (their decision, which the ban's undo also leaves).
     */
    public boolean standsOn(String relay, String pubkey) {
        return jdbi.withHandle(h -> h.select(
                                "SELECT count(*) FROM platform_bans b WHERE b.pubkey = ? AND b." + STANDING
                                        + " AND NOT EXISTS (SELECT 1 FROM platform_ban_relays x WHERE x.ban = b.id"
                                        + " AND x.relay = ? AND x.owner_acted = 'unbanned')",
                                pubkey,
                                relay)
                        .mapTo(Integer.class)
                        .one())
                > 0;
    }

    /** The standing bans that have not reached the relay yet (it was off, failed, or is new). */
    public List<String> standingNotOn(String relay) {
        return jdbi.withHandle(h -> h.select(
                        "SELECT id FROM platform_bans WHERE " + STANDING
                                + " AND id NOT IN (SELECT ban FROM platform_ban_relays WHERE relay = ? AND state IN "
                                + REACHED + ") ORDER BY created_at, id",
                        relay)
                .mapTo(String.class)
                .list());
    }

    /** The states of a relay a ban has reached: it is in place there, or needs not be (the relay is theirs). */
    private static final String REACHED = "('banned', 'already_banned', 'skipped')";

    /** A done ban is applied again (a relay came back, a new one, a retry): it is running until that pass ends. */
    public boolean reopen(String id, long now) {
        return jdbi.withHandle(h -> h.execute(
                        "UPDATE platform_bans SET status = 'running', updated_at = ? WHERE id = ? AND status = 'done'",
                        now,
                        id))
                > 0;
    }

    /** A pass of the ban starts over {@code total} relays: its progress counts from zero. */
    public void passTotal(String id, int total, long now) {
        restartProgress(id, "running", total, now);
    }

    /** One relay passed without a call: it is off now, and the ban reaches it when it is served again. */
    public void passedOff(String id, long now) {
        jdbi.useHandle(h -> progress(h, id, false, null, now));
    }

    /** The next retry of relays the pass failed on (null: none waits for a retry), and how many retries ran. */
    public void retry(String id, int retries, Long nextRetryAt, long now) {
        jdbi.useHandle(h -> h.execute(
                "UPDATE platform_bans SET retries = ?, next_retry_at = ?, updated_at = ? WHERE id = ?",
                retries,
                nextRetryAt,
                now,
                id));
    }

    /** Provisioned relays the ban has not reached yet (empty once it is undone). */
    public int countWaiting(String id) {
        return jdbi.withHandle(h -> h.select(
                        "SELECT count(*) FROM relays WHERE zooid_created = 1"
                                + " AND EXISTS (SELECT 1 FROM platform_bans WHERE id = ? AND " + STANDING + ")"
                                + " AND id NOT IN (SELECT relay FROM platform_ban_relays WHERE ban = ? AND state IN "
                                + REACHED + ")",
                        id,
                        id)
                .mapTo(Integer.class)
                .one());
    }

    public void insertRunning(Handle h, String id, String pubkey, String reason, int total, Actor actor, long now) {
        h.execute("""
                INSERT INTO platform_bans (id, pubkey, reason, status, total, created_by, created_at, updated_at)
                VALUES (?, ?, ?, 'running', ?, ?, ?, ?)""", id, pubkey, reason, total, actor.key(), now, now);
    }

    /** What the ban did on one relay, and what its undo did there (null before the undo visits it). */
    public record RelayRow(
            String relay,
            String state,
            String error,
            Boolean wasMember,
            String ownerActed,
            String undoState,
            String undoError) {}

    /**
     * Where the ban is, or may be, in place: banned, about to be, or the ban was sent and its answer was lost (a
     * failure after the membership was read; unbanning where the ban did not land changes nothing).
     */
    private static final String MAY_BE_BANNED =
            "(state IN ('banning', 'banned') OR (state = 'failed' AND was_member IS NOT NULL))";

    /** The rows an undo still has to visit: where the ban may be in place and no undo finished there. */
    private static final String TO_UNDO =
            "ban = ? AND " + MAY_BE_BANNED + " AND (undo_state IS NULL OR undo_state IN ('failed', 'cap_full'))";

    /** Relays an undo of this ban would still visit. */
    public int countToUndo(Handle h, String id) {
        return h.select("SELECT count(*) FROM platform_ban_relays WHERE " + TO_UNDO, id)
                .mapTo(Integer.class)
                .one();
    }

    public List<RelayRow> toUndo(String id) {
        return jdbi.withHandle(
                h -> h.select("SELECT * FROM platform_ban_relays WHERE " + TO_UNDO + " ORDER BY relay", id)
                        .map(PlatformBanStore::relayRow)
                        .list());
    }

    public Optional<RelayRow> row(String id, String relay) {
        return jdbi.withHandle(h -> h.select("SELECT * FROM platform_ban_relays WHERE ban = ? AND relay = ?", id, relay)
                .map(PlatformBanStore::relayRow)
                .findOne());
    }

    /** Every relay this ban visited, with the outcome of the ban and of its undo there. */
    public List<RelayRow> rows(String id) {
        return jdbi.withHandle(h -> h.select("SELECT * FROM platform_ban_relays WHERE ban = ? ORDER BY relay", id)
                .map(PlatformBanStore::relayRow)
                .list());
    }

    /**
     * The ban is about to be sent to this relay, the pubkey being a member there or not: recorded first, so a job
     * resumed after a crash knows the ban found on the relay may be its own (and whom to restore on undo).
     */
    public void banning(String id, String relay, boolean wasMember) {
        jdbi.useHandle(h -> h.execute("""
                INSERT INTO platform_ban_relays (ban, relay, state, was_member) VALUES (?, ?, 'banning', ?)
                ON CONFLICT (ban, relay) DO UPDATE SET state = 'banning', error = NULL, was_member = excluded.was_member""", id, relay, wasMember ? 1 : 0));
    }

    /**
     * The relay's owner (or an administrator working on that one relay) banned, unbanned or removed the pubkey there
     * while a platform ban of it is in place: the undo then leaves that relay as they left it. A ban or unban is the
     * stronger decision: a later removal does not turn it back into "lift the ban".
     */
    public void ownerActed(String relay, String pubkey, String what) {
        jdbi.useHandle(h -> ownerActed(h, relay, pubkey, what));
    }

    public void ownerActed(Handle h, String relay, String pubkey, String what) {
        h.execute(
                "UPDATE platform_ban_relays"
                        + " SET owner_acted = CASE WHEN ? = 'removed' AND owner_acted IS NOT NULL"
                        + " THEN owner_acted ELSE ? END"
                        + " WHERE relay = ? AND (" + MAY_BE_BANNED + " OR state = 'already_banned')"
                        + " AND (undo_state IS NULL OR undo_state IN ('failed', 'cap_full'))"
                        + " AND ban IN (SELECT id FROM platform_bans WHERE pubkey = ?)",
                what,
                what,
                relay,
                pubkey);
    }

    /** Turns the ban into its undo, with fresh progress counted over {@code total} relays. */
    public void startUndo(Handle h, String id, int total, long now) {
        h.execute(
                "UPDATE platform_bans SET status = 'undoing', total = ?, done = 0, failed = 0, last_error = NULL,"
                        + " retries = 0, next_retry_at = NULL, updated_at = ? WHERE id = ?",
                total,
                now,
                id);
    }

    /**
     * The bans window's actors started in its range, oldest first, a batch at a time
     * (the administrators' activity export).
     */
    public void eachStartedBetween(Batches.Window window, Consumer<List<Status>> each) {
        Batches.byActors(
                "SELECT * FROM platform_bans WHERE created_by IN (%s) AND created_at >= ? AND created_at < ?"
                        + " AND (created_at > ? OR (created_at = ? AND id > ?)) ORDER BY created_at, id LIMIT ?",
                Status::createdAt,
                Status::id,
                window,
                (sql, args) -> jdbi.withHandle(
                        h -> h.select(sql, args).map(PlatformBanStore::map).list()),
                each);
    }

    public List<Status> recent() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM platform_bans ORDER BY created_at DESC, id LIMIT 200")
                .map(PlatformBanStore::map)
                .list());
    }

    public Optional<Status> find(String id) {
        return jdbi.withHandle(h -> find(h, id));
    }

    public Optional<Status> find(Handle h, String id) {
        return h.select("SELECT * FROM platform_bans WHERE id = ?", id)
                .map(PlatformBanStore::map)
                .findOne();
    }

    /**
     * The relays a ban still visits: provisioned ones it has not banned, found banned or skipped yet (a resumed job
     * carries on, including where it was about to ban when it stopped).
     */
    public List<String> relaysToBan(String id) {
        return jdbi.withHandle(
                h -> h.select("""
                        SELECT id FROM relays WHERE zooid_created = 1
                        AND id NOT IN (SELECT relay FROM platform_ban_relays WHERE ban = ? AND state IN %s)
                        ORDER BY id""".formatted(REACHED), id).mapTo(String.class).list());
    }

    /** The relays a standing ban has not reached yet, as {@link #relaysToBan} (none once it is undone). */
    public List<String> waitingRelays(String id) {
        return find(id).map(s -> s.status().equals("running") || s.status().equals("done"))
                        .orElse(false)
                ? relaysToBan(id)
                : List.of();
    }

    /** The undo starts over the relays it will visit now (a ban stopped midway may have added some since it was asked). */
    public void undoTotal(String id, int total, long now) {
        restartProgress(id, "undoing", total, now);
    }

    /** A pass (of the ban, or of its undo) starts over {@code total} relays while the ban is in {@code status}. */
    private void restartProgress(String id, String status, int total, long now) {
        jdbi.useHandle(h -> h.execute(
                "UPDATE platform_bans SET total = ?, done = 0, failed = 0, last_error = NULL, updated_at = ?"
                        + " WHERE id = ? AND status = ?",
                total,
                now,
                id,
                status));
    }

    /** The ban or undo went through every relay; a status changed meanwhile (e.g. undone while banning) is kept. */
    public boolean finish(String id, boolean undo, long now) {
        return jdbi.withHandle(h -> h.execute(
                        "UPDATE platform_bans SET status = ?, updated_at = ? WHERE id = ? AND status = ?",
                        undo ? "undone" : "done",
                        now,
                        id,
                        undo ? "undoing" : "running"))
                > 0;
    }

    /** What the ban did on one relay, and one more relay done in its progress. */
    public void recordRelay(
            Handle h, String id, String relay, String state, Boolean wasMember, String error, long now) {
        h.execute("""
                INSERT INTO platform_ban_relays (ban, relay, state, error, was_member) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (ban, relay) DO UPDATE
                SET state = excluded.state, error = excluded.error, was_member = excluded.was_member""", id, relay, state, error, wasMember == null ? null : wasMember ? 1 : 0);
        progress(h, id, state.equals("failed"), error, now);
    }

    /** What the undo did on one relay, and one more relay done in its progress (a relay left full counts as failed). */
    public void recordUndo(Handle h, String id, String relay, String undoState, String error, long now) {
        h.execute(
                "UPDATE platform_ban_relays SET undo_state = ?, undo_error = ? WHERE ban = ? AND relay = ?",
                undoState,
                error,
                id,
                relay);
        progress(h, id, undoState.equals("failed") || undoState.equals("cap_full"), error, now);
    }

    private static void progress(Handle h, String id, boolean failed, String error, long now) {
        h.execute("""
                UPDATE platform_bans SET done = done + 1, failed = failed + ?, last_error = coalesce(?, last_error), updated_at = ?
                WHERE id = ?""", failed ? 1 : 0, error, now, id);
    }

    private static RelayRow relayRow(java.sql.ResultSet rs, StatementContext ctx) throws java.sql.SQLException {
        int m = rs.getInt("was_member");
        Boolean wasMember = rs.wasNull() ? null : m != 0;
        return new RelayRow(
                rs.getString("relay"),
                rs.getString("state"),
                rs.getString("error"),
                wasMember,
                rs.getString("owner_acted"),
                rs.getString("undo_state"),
                rs.getString("undo_error"));
    }

    private static Status map(java.sql.ResultSet rs, StatementContext ctx) throws java.sql.SQLException {
        return new Status(
                rs.getString("id"),
                rs.getString("pubkey"),
                rs.getString("reason"),
                rs.getString("status"),
                rs.getInt("total"),
                rs.getInt("done"),
                rs.getInt("failed"),
                rs.getString("last_error"),
                rs.getString("created_by"),
                rs.getLong("created_at"),
                rs.getLong("updated_at"),
                0,
                rs.getInt("retries"),
                nextRetry(rs));
    }

    private static Long nextRetry(java.sql.ResultSet rs) throws java.sql.SQLException {
        long at = rs.getLong("next_retry_at");
        return rs.wasNull() ? null : at;
    }

    /** A platform ban and its progress over the relays, as its rows hold them. */
    public record Status(
            String id,
            String pubkey,
            String reason,
            String status,
            int total,
            int done,
            int failed,
            String lastError,
            String createdBy,
            long createdAt,
            long updatedAt,
            int waiting,
            int retries,
            Long nextRetryAt) {
        public Status withWaiting(int n) {
            return new Status(
                    id,
                    pubkey,
                    reason,
                    status,
                    total,
                    done,
                    failed,
                    lastError,
                    createdBy,
                    createdAt,
                    updatedAt,
                    n,
                    retries,
                    nextRetryAt);
        }
    }
}
