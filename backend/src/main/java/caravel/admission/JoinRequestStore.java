package caravel.admission;

import caravel.domain.Actor;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** The owner of relay_join_settings and join_requests: every statement on them. */
public final class JoinRequestStore {
    private static final String COLUMNS =
            "id, relay_id, pubkey, message, source, status, created_at, decided_at, decided_by";

    /** A relay's join settings: whether strangers ask to join, and the terms they read first. */
    public record Settings(String relayId, boolean askToJoin, String terms, long updatedAt) {
        static Settings none(String relayId) {
            return new Settings(relayId, false, "", 0);
        }
    }

    private final Jdbi jdbi;

    public JoinRequestStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Settings settings(String relayId) {
        return jdbi.withHandle(h -> settings(h, relayId));
    }

    public Settings settings(Handle h, String relayId) {
        return h.select(
                        "SELECT relay_id, ask_to_join, terms, updated_at FROM relay_join_settings WHERE relay_id = ?",
                        relayId)
                .map((rs, ctx) -> new Settings(
                        rs.getString("relay_id"),
                        rs.getInt("ask_to_join") != 0,
                        rs.getString("terms"),
                        rs.getLong("updated_at")))
                .findOne()
                .orElseGet(() -> Settings.none(relayId));
    }

    public void putSettings(Handle h, Settings s) {
        h.execute("DELETE FROM relay_join_settings WHERE relay_id = ?", s.relayId());
        h.execute(
                "INSERT INTO relay_join_settings (relay_id, ask_to_join, terms, updated_at) VALUES (?, ?, ?, ?)",
                s.relayId(),
                s.askToJoin() ? 1 : 0,
                s.terms(),
                s.updatedAt());
    }

    /** Inserts a request; false when the key has an open request on the relay already (the unique index). */
    public boolean insert(Handle h, JoinRequest r) {
        if (open(h, r.relayId(), r.pubkey()).isPresent()) return false;
        h.createUpdate("INSERT INTO join_requests (" + COLUMNS + ") VALUES (:id, :relayId, :pubkey, :message,"
                        + " :source.wire, :status.wire, :createdAt, :decidedAt, :decidedBy)")
                .bindMethods(r)
                .execute();
        return true;
    }

    public Optional<JoinRequest> find(String relayId, String id) {
        return jdbi.withHandle(
                h -> h.select("SELECT " + COLUMNS + " FROM join_requests WHERE relay_id = ? AND id = ?", relayId, id)
                        .map(JoinRequestStore::row)
                        .findOne());
    }

    /** The key's open request on the relay (pending or being decided). */
    public Optional<JoinRequest> open(Handle h, String relayId, String pubkey) {
        return h.select(
                        "SELECT " + COLUMNS + " FROM join_requests WHERE relay_id = ? AND pubkey = ? AND status IN"
                                + " ('pending', 'deciding')",
                        relayId,
                        pubkey)
                .map(JoinRequestStore::row)
                .findOne();
    }

    /** The key's newest request on the relay, whatever its state. */
    public Optional<JoinRequest> latest(String relayId, String pubkey) {
        return jdbi.withHandle(h -> latest(h, relayId, pubkey));
    }

    public Optional<JoinRequest> latest(Handle h, String relayId, String pubkey) {
        return h.select(
                        "SELECT " + COLUMNS + " FROM join_requests WHERE relay_id = ? AND pubkey = ?"
                                // an open request is newer than every decided one (one open at a time), also within
                                // the same second, where ids (random) do not order them
                                + " ORDER BY created_at DESC,"
                                + " CASE WHEN status IN ('pending', 'deciding') THEN 0 ELSE 1 END, id DESC LIMIT 1",
                        relayId,
                        pubkey)
                .map(JoinRequestStore::row)
                .findOne();
    }

    /** The relay's open requests, oldest first, at most {@code limit}. */
    public List<JoinRequest> pending(String relayId, int limit) {
        return jdbi.withHandle(h -> h.select(
                        "SELECT " + COLUMNS + " FROM join_requests WHERE relay_id = ? AND status IN ('pending',"
                                + " 'deciding') ORDER BY created_at, id LIMIT ?",
                        relayId,
                        limit)
                .map(JoinRequestStore::row)
                .list());
    }

    public int pendingCount(String relayId) {
        return jdbi.withHandle(
                h -> h.select("SELECT COUNT(*) FROM join_requests WHERE relay_id = ? AND status = 'pending'", relayId)
                        .mapTo(Integer.class)
                        .one());
    }

    /**
     * Moves a request from one state to another, only if it is in {@code from} now: the compare-and-set that lets one
     * of two concurrent decisions through.
     */
    public boolean transition(
            Handle h, String relayId, String id, JoinRequest.Status from, JoinRequest.Status to, long at, Actor by) {
        boolean reopened = to == JoinRequest.Status.PENDING;
        return h.execute(
                        "UPDATE join_requests SET status = ?, decided_at = ?, decided_by = ? WHERE relay_id = ? AND"
                                + " id = ? AND status = ?",
                        to.wire(),
                        reopened ? null : at,
                        reopened ? null : by.key(),
                        relayId,
                        id,
                        from.wire())
                == 1;
    }

    /**
     * Whether a newcomer may buy membership on the relay: it does not ask to join, or the key's newest request was
     * approved (on a priced relay approval means "may pay"; a later denial or a new pending request takes it back).
     */
    public boolean mayBuy(String relayId, String pubkey) {
        return jdbi.withHandle(h -> !settings(h, relayId).askToJoin()
                || latest(h, relayId, pubkey)
                        .map(r -> r.status() == JoinRequest.Status.TO_PAY || r.status() == JoinRequest.Status.APPROVED)
                        .orElse(false));
    }

    private static JoinRequest row(ResultSet rs, StatementContext ctx) throws SQLException {
        long decided = rs.getLong("decided_at");
        Long decidedAt = rs.wasNull() ? null : decided;
        return new JoinRequest(
                rs.getString("id"),
                rs.getString("relay_id"),
                rs.getString("pubkey"),
                rs.getString("message"),
                JoinRequest.Source.of(rs.getString("source")),
                JoinRequest.Status.of(rs.getString("status")),
                rs.getLong("created_at"),
                decidedAt,
                rs.getString("decided_by"));
    }

    /**
     * Removes relay {@code relayId}'s join requests and their settings for good, in the caller's transaction (the
     * relay's purge).
     */
    public void removeRelay(Handle h, String relayId) {
        h.execute("DELETE FROM join_requests WHERE relay_id = ?", relayId);
        h.execute("DELETE FROM relay_join_settings WHERE relay_id = ?", relayId);
    }
}
