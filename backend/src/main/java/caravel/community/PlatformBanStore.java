package caravel.community;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** platform_bans and platform_ban_relays: each ban's progress, and what it did on each relay (so undo is exact). */
public final class PlatformBanStore {
    private final Jdbi jdbi;

    public PlatformBanStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Whether a ban or undo of this pubkey is under way. */
    public boolean inProgress(Handle h, String pubkey) {
        return h.createQuery(
                                "SELECT count(*) FROM platform_bans WHERE pubkey = :p AND status IN ('running', 'undoing')")
                        .bind("p", pubkey)
                        .mapTo(Integer.class)
                        .one()
                > 0;
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

    /** Relays where this ban is in place now. */
    public int countBanned(Handle h, String id) {
        return h.createQuery("SELECT count(*) FROM platform_ban_relays WHERE ban = :id AND state = 'banned'")
                .bind("id", id)
                .mapTo(Integer.class)
                .one();
    }

    /** Turns the ban into its undo, with fresh progress counted over {@code total} relays. */
    public void startUndo(Handle h, String id, int total, long now) {
        h.createUpdate(
                        "UPDATE platform_bans SET status = 'undoing', total = :t, done = 0, failed = 0, last_error = NULL, updated_at = :now WHERE id = :id")
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

    /** The relays an undo visits: where this ban is in place. */
    public List<String> bannedRelays(String id) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT relay FROM platform_ban_relays WHERE ban = :id AND state = 'banned' ORDER BY relay")
                .bind("id", id)
                .mapTo(String.class)
                .list());
    }

    /** The relays a ban still visits: provisioned ones it has not banned or skipped yet (a resumed job carries on). */
    public List<String> relaysToBan(String id) {
        return jdbi.withHandle(
                h -> h.createQuery("""
                        SELECT id FROM relays WHERE zooid_created = 1
                        AND id NOT IN (SELECT relay FROM platform_ban_relays WHERE ban = :id AND state IN ('banned', 'skipped'))
                        ORDER BY id""").bind("id", id).mapTo(String.class).list());
    }

    /** The ban or undo went through every relay; a status changed meanwhile (e.g. undone while banning) is kept. */
    public void finish(String id, boolean undo, long now) {
        jdbi.useHandle(h -> h.createUpdate(
                        "UPDATE platform_bans SET status = :st, updated_at = :now WHERE id = :id AND status = :cur")
                .bind("st", undo ? "undone" : "done")
                .bind("cur", undo ? "undoing" : "running")
                .bind("now", now)
                .bind("id", id)
                .execute());
    }

    /** What the ban did on one relay, and one more relay done in its progress. */
    public void recordRelay(Handle h, String id, String relay, String state, String error, long now) {
        h.createUpdate("""
                INSERT INTO platform_ban_relays (ban, relay, state, error) VALUES (:id, :relay, :state, :error)
                ON CONFLICT (ban, relay) DO UPDATE SET state = :state, error = :error""")
                .bind("id", id)
                .bind("relay", relay)
                .bind("state", state)
                .bind("error", error)
                .execute();
        h.createUpdate("""
                UPDATE platform_bans SET done = done + 1, failed = failed + :f, last_error = coalesce(:error, last_error), updated_at = :now
                WHERE id = :id""")
                .bind("f", state.equals("failed") ? 1 : 0)
                .bind("error", error)
                .bind("now", now)
                .bind("id", id)
                .execute();
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
                rs.getLong("updated_at"));
    }
}
