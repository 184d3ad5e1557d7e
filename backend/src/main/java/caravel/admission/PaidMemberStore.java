package caravel.admission;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** The owner of admission_members: every statement on it. */
public final class PaidMemberStore {
    private static final String COLUMNS = "relay_id, pubkey, status, mode, joined_at, paid_until, trial_used,"
            + " total_paid_sats, payments, last_paid_at, reminded_for, changed_at";

    private final Jdbi jdbi;

    public PaidMemberStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Optional<PaidMember> find(Handle h, String relayId, String pubkey) {
        return h.createQuery("SELECT " + COLUMNS + " FROM admission_members WHERE relay_id = :r AND pubkey = :p")
                .bind("r", relayId)
                .bind("p", pubkey)
                .map((rs, ctx) -> row(rs))
                .findOne();
    }

    public Optional<PaidMember> find(String relayId, String pubkey) {
        return jdbi.withHandle(h -> find(h, relayId, pubkey));
    }

    /** Everyone who joined the relay through its join page, newest first. */
    public List<PaidMember> list(String relayId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM admission_members WHERE relay_id = :r"
                        + " ORDER BY joined_at DESC, pubkey")
                .bind("r", relayId)
                .map((rs, ctx) -> row(rs))
                .list());
    }

    /** Inserts or replaces the person's row. */
    public void put(Handle h, PaidMember m) {
        h.createUpdate("DELETE FROM admission_members WHERE relay_id = :r AND pubkey = :p")
                .bind("r", m.relayId())
                .bind("p", m.pubkey())
                .execute();
        h.createUpdate("INSERT INTO admission_members (" + COLUMNS + ") VALUES (:relayId, :pubkey, :status, :mode,"
                        + " :joinedAt, :paidUntil, :trialUsed, :totalPaidSats, :payments, :lastPaidAt,"
                        + " :remindedFor, :changedAt)")
                .bind("relayId", m.relayId())
                .bind("pubkey", m.pubkey())
                .bind("status", m.status().wire())
                .bind("mode", m.mode().wire())
                .bind("joinedAt", m.joinedAt())
                .bind("paidUntil", m.paidUntil())
                .bind("trialUsed", m.trialUsed() ? 1 : 0)
                .bind("totalPaidSats", m.totalPaidSats())
                .bind("payments", m.payments())
                .bind("lastPaidAt", m.lastPaidAt())
                .bind("remindedFor", m.remindedFor())
                .bind("changedAt", m.changedAt())
                .execute();
    }

    /**
     * Moves the person from {@code from} to {@code to}; false when their row was not in {@code from} any more (another
     * process or request changed it first), so a transition is taken once.
     */
    public boolean transition(
            Handle h, String relayId, String pubkey, PaidMember.Status from, PaidMember.Status to, long now) {
        return h.createUpdate("UPDATE admission_members SET status = :to, changed_at = :now"
                                + " WHERE relay_id = :r AND pubkey = :p AND status = :from")
                        .bind("to", to.wire())
                        .bind("now", now)
                        .bind("r", relayId)
                        .bind("p", pubkey)
                        .bind("from", from.wire())
                        .execute()
                == 1;
    }

    /** Remembers that the renewal invoice for the period ending {@code periodEnd} was sent. */
    public void reminded(Handle h, String relayId, String pubkey, long periodEnd) {
        h.createUpdate("UPDATE admission_members SET reminded_for = :e WHERE relay_id = :r AND pubkey = :p")
                .bind("e", periodEnd)
                .bind("r", relayId)
                .bind("p", pubkey)
                .execute();
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
                .bind("horizon", horizon)
                .bind("now", now)
                .bind("l", limit)
                .map((rs, ctx) -> row(rs))
                .list();
    }

    /** A member of a relay that no longer charges by the month: nothing more to pay, a member for good. */
    public void keepForGood(Handle h, String relayId, String pubkey, long now) {
        h.createUpdate("UPDATE admission_members SET paid_until = NULL, mode = 'once', changed_at = :now,"
                        + " status = CASE WHEN status = 'grace' THEN 'active' ELSE status END"
                        + " WHERE relay_id = :r AND pubkey = :p")
                .bind("now", now)
                .bind("r", relayId)
                .bind("p", pubkey)
                .execute();
    }

    /**
     * A relay's free trials: started since {@code since} (a trial started counts for its day whatever became of it,
     * unless the person paid), open (joining or on the relay, not paid), and of those the ones on the relay now.
     */
    public record TrialCounts(int startedSince, int open, int onRelay) {}

    public TrialCounts trialCounts(Handle h, String relayId, long since) {
        return h.createQuery("SELECT"
                        + " COALESCE(SUM(CASE WHEN trial_used <> 0 AND payments = 0 AND joined_at >= :since THEN 1"
                        + " ELSE 0 END), 0) AS started,"
                        + " COALESCE(SUM(CASE WHEN status IN ('admitting', 'trial') AND payments = 0 THEN 1 ELSE 0"
                        + " END), 0) AS open,"
                        + " COALESCE(SUM(CASE WHEN status = 'trial' AND payments = 0 THEN 1 ELSE 0 END), 0) AS on_relay"
                        + " FROM admission_members WHERE relay_id = :r")
                .bind("r", relayId)
                .bind("since", since)
                .map((rs, ctx) -> new TrialCounts(rs.getInt("started"), rs.getInt("open"), rs.getInt("on_relay")))
                .one();
    }

    /** The relay's open trials (joining or on the relay, not paid), oldest first. */
    public List<PaidMember> openTrials(String relayId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM admission_members WHERE relay_id = :r"
                        + " AND status IN ('admitting', 'trial') AND payments = 0 ORDER BY joined_at, pubkey")
                .bind("r", relayId)
                .map((rs, ctx) -> row(rs))
                .list());
    }

    /** The relay's rows by status: how many in each. */
    public java.util.Map<PaidMember.Status, Integer> counts(String relayId) {
        java.util.Map<PaidMember.Status, Integer> out = new java.util.EnumMap<>(PaidMember.Status.class);
        jdbi.useHandle(h -> h.createQuery(
                        "SELECT status, COUNT(*) AS n FROM admission_members WHERE relay_id = :r GROUP BY status")
                .bind("r", relayId)
                .map((rs, ctx) -> {
                    out.put(PaidMember.Status.of(rs.getString("status")), rs.getInt("n"));
                    return null;
                })
                .list());
        return out;
    }

    public void deleteRelay(Handle h, String relayId) {
        h.createUpdate("DELETE FROM admission_members WHERE relay_id = :r")
                .bind("r", relayId)
                .execute();
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static PaidMember row(ResultSet rs) throws SQLException {
        return new PaidMember(
                rs.getString("relay_id"),
                rs.getString("pubkey"),
                PaidMember.Status.of(rs.getString("status")),
                RelayAdmission.Mode.of(rs.getString("mode")),
                rs.getLong("joined_at"),
                nullableLong(rs, "paid_until"),
                rs.getInt("trial_used") != 0,
                rs.getLong("total_paid_sats"),
                rs.getInt("payments"),
                nullableLong(rs, "last_paid_at"),
                nullableLong(rs, "reminded_for"),
                rs.getLong("changed_at"));
    }
}
