package caravel.community;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * platform_bans and platform_ban_relays: each ban's progress, and what it did on each relay (so undo is exact): the
 * ban's outcome, whether the pubkey was a member there, what the relay's owner did since, and the undo's outcome.
 */
public final class PlatformBanStore {
    private final Jdbi jdbi;

    public PlatformBanStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Whether a ban of this pubkey stands (running or done) or an undo of one is under way. */
    public boolean inProgress(Handle h, String pubkey) {
        return h.createQuery("SELECT count(*) FROM platform_bans WHERE pubkey = :p"
                                + " AND status IN ('running', 'done', 'undoing')")
                        .bind("p", pubkey)
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
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM platform_bans b WHERE b.pubkey = :p AND b."
                                + STANDING
                                + " AND NOT EXISTS (SELECT 1 FROM platform_ban_relays x WHERE x.ban = b.id"
                                + " AND x.relay = :r AND x.owner_acted = 'unbanned')")
                        .bind("p", pubkey)
                        .bind("r", relay)
                        .mapTo(Integer.class)
                        .one())
                > 0;
    }

    /** The standing bans that have not reached the relay yet (it was off, failed, or is new). */
    public List<String> standingNotOn(String relay) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id FROM platform_bans WHERE " + STANDING
                        + " AND id NOT IN (SELECT ban FROM platform_ban_relays WHERE relay = :r AND state IN "
                        + REACHED + ") ORDER BY created_at, id")
                .bind("r", relay)
                .mapTo(String.class)
                .list());
    }

    /** The states of a relay a ban has reached: it is in place there, or needs not be (the relay is theirs). */
    private static final String REACHED = "('banned', 'already_banned', 'skipped')";

    /** A done ban is applied again (a relay came back, a new one, a retry): it is running until that pass ends. */
    public boolean reopen(String id, long now) {
        return jdbi.withHandle(h -> h.createUpdate(
                                "UPDATE platform_bans SET status = 'running', updated_at = :now WHERE id = :id AND status = 'done'")
                        .bind("now", now)
                        .bind("id", id)
                        .execute())
                > 0;
    }

    /** A pass of the ban starts over {@code total} relays: its progress counts from zero. */
    public void passTotal(String id, int total, long now) {
        jdbi.useHandle(h -> h.createUpdate(
                        "UPDATE platform_bans SET total = :t, done = 0, failed = 0, last_error = NULL, updated_at = :now WHERE id = :id AND status = 'running'")
                .bind("t", total)
                .bind("now", now)
                .bind("id", id)
                .execute());
    }

    /** One relay passed without a call: it is off now, and the ban reaches it when it is served again. */
    public void passedOff(String id, long now) {
        jdbi.useHandle(h -> progress(h, id, false, null, now));
    }

    /** The next retry of relays the pass failed on (null: none waits for a retry), and how many retries ran. */
    public void retry(String id, int retries, Long nextRetryAt, long now) {
        jdbi.useHandle(h -> h.createUpdate(
                        "UPDATE platform_bans SET retries = :n, next_retry_at = :at, updated_at = :now WHERE id = :id")
                .bind("n", retries)
                .bind("at", nextRetryAt)
                .bind("now", now)
                .bind("id", id)
                .execute());
    }

    /** Provisioned relays the ban has not reached yet (empty once it is undone). */
    public int countWaiting(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM relays WHERE zooid_created = 1"
                        + " AND EXISTS (SELECT 1 FROM platform_bans WHERE id = :id AND " + STANDING + ")"
                        + " AND id NOT IN (SELECT relay FROM platform_ban_relays WHERE ban = :id AND state IN "
                        + REACHED + ")")
                .bind("id", id)
                .mapTo(Integer.class)
                .one());
    }

    public void insertRunning(Handle h, String id, String pubkey, String reason, int total, String actor, long now) {
        h.createUpdate("""
                INSERT INTO platform_bans (id, pubkey, reason, status, total, created_by, created_at, updated_at)
                VALUES (:id, :p, :reason, 'running', :total, :by, :now, :now)""")
                .bind("id", id)
                .bind("p", pubkey)
                .bind("reason", reason)
                .bind("total", total)
                .bind("by", actor)
                .bind("now", now)
                .execute();
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
            "ban = :id AND " + MAY_BE_BANNED + " AND (undo_state IS NULL OR undo_state IN ('failed', 'cap_full'))";

    /** Relays an undo of this ban would still visit. */
    public int countToUndo(Handle h, String id) {
        return h.createQuery("SELECT count(*) FROM platform_ban_relays WHERE " + TO_UNDO)
                .bind("id", id)
                .mapTo(Integer.class)
                .one();
    }

    public List<RelayRow> toUndo(String id) {
        return jdbi.withHandle(
                h -> h.createQuery("SELECT * FROM platform_ban_relays WHERE " + TO_UNDO + " ORDER BY relay")
                        .bind("id", id)
                        .map((rs, c) -> row(rs))
                        .list());
    }

    public Optional<RelayRow> row(String id, String relay) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM platform_ban_relays WHERE ban = :id AND relay = :r")
                .bind("id", id)
                .bind("r", relay)
                .map((rs, c) -> row(rs))
                .findOne());
    }

    /** Every relay this ban visited, with the outcome of the ban and of its undo there. */
    public List<RelayRow> rows(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM platform_ban_relays WHERE ban = :id ORDER BY relay")
                .bind("id", id)
                .map((rs, c) -> row(rs))
                .list());
    }

    /**
     * The ban is about to be sent to this relay, the pubkey being a member there or not: recorded first, so a job
     * resumed after a crash knows the ban found on the relay may be its own (and whom to restore on undo).
     */
    public void banning(String id, String relay, boolean wasMember) {
        jdbi.useHandle(h -> h.createUpdate("""
                INSERT INTO platform_ban_relays (ban, relay, state, was_member) VALUES (:id, :relay, 'banning', :m)
                ON CONFLICT (ban, relay) DO UPDATE SET state = 'banning', error = NULL, was_member = :m""")
                .bind("id", id)
                .bind("relay", relay)
                .bind("m", wasMember ? 1 : 0)
                .execute());
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
        h.createUpdate("UPDATE platform_ban_relays"
                        + " SET owner_acted = CASE WHEN :what = 'removed' AND owner_acted IS NOT NULL"
                        + " THEN owner_acted ELSE :what END"
                        + " WHERE relay = :relay AND (" + MAY_BE_BANNED + " OR state = 'already_banned')"
                        + " AND (undo_state IS NULL OR undo_state IN ('failed', 'cap_full'))"
                        + " AND ban IN (SELECT id FROM platform_bans WHERE pubkey = :p)")
                .bind("what", what)
                .bind("relay", relay)
                .bind("p", pubkey)
                .execute();
    }

    /** Turns the ban into its undo, with fresh progress counted over {@code total} relays. */
    public void startUndo(Handle h, String id, int total, long now) {
        h.createUpdate(
                        "UPDATE platform_bans SET status = 'undoing', total = :t, done = 0, failed = 0, last_error = NULL,"
                                + " retries = 0, next_retry_at = NULL, updated_at = :now WHERE id = :id")
                .bind("t", total)
                .bind("now", now)
                .bind("id", id)
                .execute();
    }

    public List<PlatformBans.Status> recent() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM platform_bans ORDER BY created_at DESC, id LIMIT 200")
                .map((rs, c) -> map(rs))
                .list());
    }

    public Optional<PlatformBans.Status> find(String id) {
        return jdbi.withHandle(h -> find(h, id));
    }

    public Optional<PlatformBans.Status> find(Handle h, String id) {
        return h.createQuery("SELECT * FROM platform_bans WHERE id = :id")
                .bind("id", id)
                .map((rs, c) -> map(rs))
                .findOne();
    }

    /**
     * The relays a ban still visits: provisioned ones it has not banned, found banned or skipped yet (a resumed job
     * carries on, including where it was about to ban when it stopped).
     */
    public List<String> relaysToBan(String id) {
        return jdbi.withHandle(
                h -> h.createQuery("""
                        SELECT id FROM relays WHERE zooid_created = 1
                        AND id NOT IN (SELECT relay FROM platform_ban_relays WHERE ban = :id
                                       AND state IN ('banned', 'already_banned', 'skipped'))
                        ORDER BY id""").bind("id", id).mapTo(String.class).list());
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
        jdbi.useHandle(h -> h.createUpdate(
                        "UPDATE platform_bans SET total = :t, done = 0, failed = 0, last_error = NULL, updated_at = :now WHERE id = :id AND status = 'undoing'")
                .bind("t", total)
                .bind("now", now)
                .bind("id", id)
                .execute());
    }

    /** The ban or undo went through every relay; a status changed meanwhile (e.g. undone while banning) is kept. */
    public boolean finish(String id, boolean undo, long now) {
        return jdbi.withHandle(h -> h.createUpdate(
                                "UPDATE platform_bans SET status = :st, updated_at = :now WHERE id = :id AND status = :cur")
                        .bind("st", undo ? "undone" : "done")
                        .bind("cur", undo ? "undoing" : "running")
                        .bind("now", now)
                        .bind("id", id)
                        .execute())
                > 0;
    }

    /** What the ban did on one relay, and one more relay done in its progress. */
    public void recordRelay(
            Handle h, String id, String relay, String state, Boolean wasMember, String error, long now) {
        h.createUpdate("""
                INSERT INTO platform_ban_relays (ban, relay, state, error, was_member) VALUES (:id, :relay, :state, :error, :m)
                ON CONFLICT (ban, relay) DO UPDATE SET state = :state, error = :error, was_member = :m""")
                .bind("id", id)
                .bind("relay", relay)
                .bind("state", state)
                .bind("error", error)
                .bind("m", wasMember == null ? null : wasMember ? 1 : 0)
                .execute();
        progress(h, id, state.equals("failed"), error, now);
    }

    /** What the undo did on one relay, and one more relay done in its progress (a relay left full counts as failed). */
    public void recordUndo(Handle h, String id, String relay, String undoState, String error, long now) {
        h.createUpdate(
                        "UPDATE platform_ban_relays SET undo_state = :st, undo_error = :error WHERE ban = :id AND relay = :relay")
                .bind("id", id)
                .bind("relay", relay)
                .bind("st", undoState)
                .bind("error", error)
                .execute();
        progress(h, id, undoState.equals("failed") || undoState.equals("cap_full"), error, now);
    }

    private static void progress(Handle h, String id, boolean failed, String error, long now) {
        h.createUpdate("""
                UPDATE platform_bans SET done = done + 1, failed = failed + :f, last_error = coalesce(:error, last_error), updated_at = :now
                WHERE id = :id""")
                .bind("f", failed ? 1 : 0)
                .bind("error", error)
                .bind("now", now)
                .bind("id", id)
                .execute();
    }

    private static RelayRow row(java.sql.ResultSet rs) throws java.sql.SQLException {
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

    private static PlatformBans.Status map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new PlatformBans.Status(
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
}
