package caravel.admission;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** The owner of admission_invoices: every statement on it. */
public final class AdmissionInvoiceStore {
    private static final String COLUMNS = "id, relay_id, pubkey, purpose, amount_sats, bolt11, payment_hash, state,"
            + " created_at, expires_at, settled_at, checked_at, next_check_at, covers_until";

    private final Jdbi jdbi;

    public AdmissionInvoiceStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Optional<AdmissionInvoice> find(Handle h, String id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM admission_invoices WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> row(rs))
                .findOne();
    }

    /** The person's open invoice on the relay (at most one: a unique index). */
    public Optional<AdmissionInvoice> open(Handle h, String relayId, String pubkey) {
        return h.createQuery("SELECT " + COLUMNS + " FROM admission_invoices"
                        + " WHERE relay_id = :r AND pubkey = :p AND state = 'pending'")
                .bind("r", relayId)
                .bind("p", pubkey)
                .map((rs, ctx) -> row(rs))
                .findOne();
    }

    /** A relay's unpaid join invoices that can still be paid: how many, and when the first of them runs out. */
    public record OpenJoins(int count, Long firstExpiry) {}

    public OpenJoins openJoins(Handle h, String relayId, long now) {
        return h.createQuery("SELECT COUNT(*) AS n, MIN(expires_at) AS first FROM admission_invoices"
                        + " WHERE relay_id = :r AND state = 'pending' AND purpose = 'join' AND expires_at > :now")
                .bind("r", relayId)
                .bind("now", now)
                .map((rs, ctx) ->
                        new OpenJoins(rs.getInt("n"), rs.getObject("first") == null ? null : rs.getLong("first")))
                .one();
    }

    /** The open invoice a payment hash belongs to (a wallet's payment notification names only the hash). */
    public Optional<AdmissionInvoice> pendingByHash(Handle h, String paymentHash) {
        return h.createQuery("SELECT " + COLUMNS + " FROM admission_invoices"
                        + " WHERE payment_hash = :hash AND state = 'pending'")
                .bind("hash", paymentHash)
                .map((rs, ctx) -> row(rs))
                .findFirst();
    }

    /** Relays with an open invoice (whose owners' wallets are listened to), at most {@code limit}. */
    public List<String> relaysWithPending(Handle h, int limit) {
        return h.createQuery("SELECT DISTINCT relay_id FROM admission_invoices WHERE state = 'pending'"
                        + " ORDER BY relay_id LIMIT :limit")
                .bind("limit", limit)
                .mapTo(String.class)
                .list();
    }

    /** Fails on the open-invoice index when the person already has one (a concurrent join made it first). */
    public void insert(Handle h, AdmissionInvoice i) {
        h.createUpdate("INSERT INTO admission_invoices (" + COLUMNS + ") VALUES (:id, :relayId, :pubkey, :purpose,"
                        + " :amountSats, :bolt11, :paymentHash, :state, :createdAt, :expiresAt, :settledAt, :checkedAt,"
                        + " :nextCheckAt, :coversUntil)")
                .bind("id", i.id())
                .bind("relayId", i.relayId())
                .bind("pubkey", i.pubkey())
                .bind("purpose", i.purpose().wire())
                .bind("amountSats", i.amountSats())
                .bind("bolt11", i.bolt11())
                .bind("paymentHash", i.paymentHash())
                .bind("state", i.state().wire())
                .bind("createdAt", i.createdAt())
                .bind("expiresAt", i.expiresAt())
                .bind("settledAt", i.settledAt())
                .bind("checkedAt", i.checkedAt())
                .bind("nextCheckAt", i.nextCheckAt())
                .bind("coversUntil", i.coversUntil())
                .execute();
    }

    /** Marks a pending invoice paid; false when it was not pending any more (settled once, whoever asks twice). */
    public boolean markPaid(Handle h, String id, long settledAt, Long coversUntil) {
        return h.createUpdate("UPDATE admission_invoices SET state = 'paid', settled_at = :s, checked_at = :s,"
                                + " next_check_at = NULL, covers_until = :c WHERE id = :id AND state = 'pending'")
                        .bind("s", settledAt)
                        .bind("c", coversUntil)
                        .bind("id", id)
                        .execute()
                == 1;
    }

    /** Ends a pending invoice as expired or canceled; false when it was not pending. */
    public boolean end(Handle h, String id, AdmissionInvoice.State state, long now) {
        return h.createUpdate("UPDATE admission_invoices SET state = :st, checked_at = :now, next_check_at = NULL"
                                + " WHERE id = :id AND state = 'pending'")
                        .bind("st", state.wire())
                        .bind("now", now)
                        .bind("id", id)
                        .execute()
                == 1;
    }

    /** Records a check that found the invoice still pending, and when to ask again. */
    public void checked(Handle h, String id, long now, Long nextCheckAt) {
        h.createUpdate("UPDATE admission_invoices SET checked_at = :now, next_check_at = :n"
                        + " WHERE id = :id AND state = 'pending'")
                .bind("now", now)
                .bind("n", nextCheckAt)
                .bind("id", id)
                .execute();
    }

    /** Pending invoices whose next check is due, oldest due first. */
    public List<AdmissionInvoice> dueChecks(Handle h, long now, int limit) {
        return h.createQuery("SELECT " + COLUMNS + " FROM admission_invoices WHERE state = 'pending'"
                        + " AND next_check_at IS NOT NULL AND next_check_at <= :now ORDER BY next_check_at LIMIT :l")
                .bind("now", now)
                .bind("l", limit)
                .map((rs, ctx) -> row(rs))
                .list();
    }

    /** Settled admission payments on the relay since {@code since} (0: all time), in sats. */
    public long revenue(String relayId, long since) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COALESCE(SUM(amount_sats), 0) FROM admission_invoices"
                        + " WHERE relay_id = :r AND state = 'paid' AND settled_at >= :s")
                .bind("r", relayId)
                .bind("s", since)
                .mapTo(Long.class)
                .one());
    }

    public void deleteRelay(Handle h, String relayId) {
        h.createUpdate("DELETE FROM admission_invoices WHERE relay_id = :r")
                .bind("r", relayId)
                .execute();
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static AdmissionInvoice row(ResultSet rs) throws SQLException {
        return new AdmissionInvoice(
                rs.getString("id"),
                rs.getString("relay_id"),
                rs.getString("pubkey"),
                AdmissionInvoice.Purpose.valueOf(rs.getString("purpose").toUpperCase(Locale.ROOT)),
                rs.getLong("amount_sats"),
                rs.getString("bolt11"),
                rs.getString("payment_hash"),
                AdmissionInvoice.State.valueOf(rs.getString("state").toUpperCase(Locale.ROOT)),
                rs.getLong("created_at"),
                rs.getLong("expires_at"),
                nullableLong(rs, "settled_at"),
                nullableLong(rs, "checked_at"),
                nullableLong(rs, "next_check_at"),
                nullableLong(rs, "covers_until"));
    }
}
