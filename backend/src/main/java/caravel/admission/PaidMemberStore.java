package caravel.admission;

import caravel.store.Columns;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** The owner of admission_members: every statement on it. */
public final class PaidMemberStore {
    private static final String COLUMNS = "relay_id, pubkey, status, mode, joined_at, paid_until, trial_used,"
            + " total_paid_sats, payments, last_paid_at, reminded_for, changed_at";

    private final Jdbi jdbi;

    public PaidMemberStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Optional<PaidMember> find(Handle h, String relayId, String pubkey) {
        return h.select(
                        "SELECT " + COLUMNS + " FROM admission_members WHERE relay_id = ? AND pubkey = ?",
                        relayId,
                        pubkey)
                .map(PaidMemberStore::row)
                .findOne();
    }

    public Optional<PaidMember> find(String relayId, String pubkey) {
        return jdbi.withHandle(h -> find(h, relayId, pubkey));
    }

    /** Everyone who joined the relay through its join page, newest first. */
    public List<PaidMember> list(String relayId) {
        return jdbi.withHandle(h -> h.select(
                        "SELECT " + COLUMNS
                                + " FROM admission_members WHERE relay_id = ? ORDER BY joined_at DESC, pubkey",
                        relayId)
                .map(PaidMemberStore::row)
                .list());
    }

    /** Inserts or replaces the person's row. */
    public void put(Handle h, PaidMember m) {
        h.execute("DELETE FROM admission_members WHERE relay_id = ? AND pubkey = ?", m.relayId(), m.pubkey());
        // trial_used is an integer column on both databases: the flag goes in as 1 or 0
        h.createUpdate("INSERT INTO admission_members (" + COLUMNS + ") VALUES (:relayId, :pubkey, :status.wire,"
                        + " :mode.wire, :joinedAt, :paidUntil, CASE WHEN :trialUsed THEN 1 ELSE 0 END, :totalPaidSats,"
                        + " :payments, :lastPaidAt, :remindedFor, :changedAt)")
                .bindMethods(m)
                .execute();
    }

    /**
     * Moves the person from {@code from} to {@code to}; false when their row was not in {@code from} any more (another
     * process or request changed it first), so a transition is taken once.
     */
    public boolean transition(
            Handle h, String relayId, String pubkey, PaidMember.Status from, PaidMember.Status to, long now) {
        return h.execute(
                        "UPDATE admission_members SET status = ?, changed_at = ? WHERE relay_id = ? AND pubkey = ? AND status = ?",
                        to.wire(),
                        now,
                        relayId,
                        pubkey,
                        from.wire())
                == 1;
    }

    /** Remembers that the renewal invoice for the period ending {@code periodEnd} was sent. */
    public void reminded(Handle h, String relayId, String pubkey, long periodEnd) {
        h.execute(
                "UPDATE admission_members SET reminded_for = ? WHERE relay_id = ? AND pubkey = ?",
                periodEnd,
                relayId,
                pubkey);
    }

    /**
     * Members in one of {@code statuses} whose period ends before {@code horizon} and who still need something done:
     * not sent the renewal for this period yet, or whose period has ended (grace, then lapse). Oldest first.
     */
    public List<PaidMember> due(Handle h, List<PaidMember.Status> statuses, long horizon, long now, int limit) {
        return h.createQuery("SELECT " + COLUMNS + " FROM admission_members WHERE status IN (<s>)"
                        + " AND paid_until IS NOT NULL AND paid_until < :horizon"
                        + " AND (reminded_for IS NULL OR reminded_for <> paid_until OR paid_until <= :now)"
                        + " ORDER BY paid_until LIMIT :l")
                .bindList("s", statuses.stream().map(PaidMember.Status::wire).toList())
                .bindMap(Map.of("horizon", horizon, "now", now, "l", limit))
                .map(PaidMemberStore::row)
                .list();
    }

    /** A member of a relay that no longer charges by the month: nothing more to pay, a member for good. */
    public void keepForGood(Handle h, String relayId, String pubkey, long now) {
        h.execute(
                "UPDATE admission_members SET paid_until = NULL, mode = 'once', changed_at = ?,"
                        + " status = CASE WHEN status = 'grace' THEN 'active' ELSE status END"
                        + " WHERE relay_id = ? AND pubkey = ?",
                now,
                relayId,
                pubkey);
    }

    /**
     * A relay's free trials: started since {@code since} (a trial started counts for its day whatever became of it,
     * unless the person paid), open (joining or on the relay, not paid), and of those the ones on the relay now.
     */
    public record TrialCounts(int startedSince, int open, int onRelay) {}

    public TrialCounts trialCounts(Handle h, String relayId, long since) {
        return h.select(
                        "SELECT"
                                + " COALESCE(SUM(CASE WHEN trial_used <> 0 AND payments = 0 AND joined_at >= ? THEN 1"
                                + " ELSE 0 END), 0) AS started,"
                                + " COALESCE(SUM(CASE WHEN status IN ('admitting', 'trial') AND payments = 0 THEN 1 ELSE 0"
                                + " END), 0) AS open,"
                                + " COALESCE(SUM(CASE WHEN status = 'trial' AND payments = 0 THEN 1 ELSE 0 END), 0) AS on_relay"
                                + " FROM admission_members WHERE relay_id = ?",
                        since,
                        relayId)
                .map((rs, ctx) -> new TrialCounts(rs.getInt("started"), rs.getInt("open"), rs.getInt("on_relay")))
                .one();
    }

    /** The relay's open trials (joining or on the relay, not paid), oldest first. */
    public List<PaidMember> openTrials(String relayId) {
        return jdbi.withHandle(h -> h.select(
                        "SELECT " + COLUMNS + " FROM admission_members WHERE relay_id = ?"
                                + " AND status IN ('admitting', 'trial') AND payments = 0 ORDER BY joined_at, pubkey",
                        relayId)
                .map(PaidMemberStore::row)
                .list());
    }

    /** The relay's rows by status: how many in each. */
    public java.util.Map<PaidMember.Status, Integer> counts(String relayId) {
        java.util.Map<PaidMember.Status, Integer> out = new java.util.EnumMap<>(PaidMember.Status.class);
        jdbi.useHandle(h -> h.select(
                        "SELECT status, COUNT(*) AS n FROM admission_members WHERE relay_id = ? GROUP BY status",
                        relayId)
                .map((rs, ctx) -> {
                    out.put(PaidMember.Status.of(rs.getString("status")), rs.getInt("n"));
                    return null;
                })
                .list());
        return out;
    }

    public void deleteRelay(Handle h, String relayId) {
        h.execute("DELETE FROM admission_members WHERE relay_id = ?", relayId);
    }

    private static PaidMember row(ResultSet rs, StatementContext ctx) throws SQLException {
        return new PaidMember(
                rs.getString("relay_id"),
                rs.getString("pubkey"),
                PaidMember.Status.of(rs.getString("status")),
                RelayAdmission.Mode.of(rs.getString("mode")),
                rs.getLong("joined_at"),
                Columns.nullableLong(rs, "paid_until"),
                rs.getInt("trial_used") != 0,
                rs.getLong("total_paid_sats"),
                rs.getInt("payments"),
                Columns.nullableLong(rs, "last_paid_at"),
                Columns.nullableLong(rs, "reminded_for"),
                rs.getLong("changed_at"));
    }
}
