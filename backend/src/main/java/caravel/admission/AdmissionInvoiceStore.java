package caravel.admission;

import caravel.domain.InvoiceStatus;
import caravel.invoice.InvoiceLedger;
import caravel.store.Columns;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * The owner of admission_invoices: every statement on it. Its states are the invoice lifecycle's; moving one on
 * (paid, expired, canceled) is the lifecycle's to ask ({@link InvoiceLedger}).
 */
public final class AdmissionInvoiceStore implements InvoiceLedger<AdmissionInvoiceStore.Covers> {
    private static final String COLUMNS = "id, relay_id, pubkey, purpose, amount_sats, bolt11, payment_hash, state,"
            + " created_at, expires_at, settled_at, checked_at, next_check_at, covers_until";

    /**
     * "Still pending", spelled from the shared state as a literal rather than a parameter: the partial indexes on
     * pending invoices (the open invoice of a person, a pending payment hash) are used only for a query that names
     * the same literal.
     */
    private static final String PENDING = "state = '" + InvoiceStatus.PENDING.wire() + "'";

    private static final RowMapper<AdmissionInvoice> ROW = (rs, ctx) -> new AdmissionInvoice(
            rs.getString("id"),
            rs.getString("relay_id"),
            rs.getString("pubkey"),
            AdmissionInvoice.Purpose.valueOf(rs.getString("purpose").toUpperCase(Locale.ROOT)),
            rs.getLong("amount_sats"),
            rs.getString("bolt11"),
            rs.getString("payment_hash"),
            state(rs.getString("state")),
            rs.getLong("created_at"),
            rs.getLong("expires_at"),
            Columns.nullableLong(rs, "settled_at"),
            Columns.nullableLong(rs, "checked_at"),
            Columns.nullableLong(rs, "next_check_at"),
            Columns.nullableLong(rs, "covers_until"));

    private final Jdbi jdbi;

    public AdmissionInvoiceStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * The state as this table spells it: void is 'canceled' here (the table's CHECK constraint predates the shared
     * state, and renaming stored rows buys nothing).
     */
    static String column(InvoiceStatus s) {
        return s == InvoiceStatus.VOID ? "canceled" : s.wire();
    }

    static InvoiceStatus state(String column) {
        return "canceled".equals(column) ? InvoiceStatus.VOID : InvoiceStatus.of(column);
    }

    public Optional<AdmissionInvoice> find(Handle h, String id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM admission_invoices WHERE id = :id")
                .bind("id", id)
                .map(ROW)
                .findOne();
    }

    /** The person's open invoice on the relay (at most one: a unique index). */
    public Optional<AdmissionInvoice> open(Handle h, String relayId, String pubkey) {
        return h.createQuery("SELECT " + COLUMNS + " FROM admission_invoices"
                        + " WHERE relay_id = :r AND pubkey = :p AND " + PENDING)
                .bind("r", relayId)
                .bind("p", pubkey)
                .map(ROW)
                .findOne();
    }

    /** A relay's unpaid join invoices that can still be paid: how many, and when the first of them runs out. */
    public record OpenJoins(int count, Long firstExpiry) {}

    public OpenJoins openJoins(Handle h, String relayId, long now) {
        return h.createQuery("SELECT COUNT(*) AS n, MIN(expires_at) AS first FROM admission_invoices"
                        + " WHERE relay_id = :r AND " + PENDING + " AND purpose = 'join' AND expires_at > :now")
                .bind("r", relayId)
                .bind("now", now)
                .map((rs, ctx) -> new OpenJoins(rs.getInt("n"), Columns.nullableLong(rs, "first")))
                .one();
    }

    /** The open invoice a payment hash belongs to (a wallet's payment notification names only the hash). */
    public Optional<AdmissionInvoice> pendingByHash(Handle h, String paymentHash) {
        return h.createQuery("SELECT " + COLUMNS + " FROM admission_invoices WHERE payment_hash = :hash AND " + PENDING)
                .bind("hash", paymentHash)
                .map(ROW)
                .findFirst();
    }

    /** Relays with an open invoice (whose owners' wallets are listened to), at most {@code limit}. */
    public List<String> relaysWithPending(Handle h, int limit) {
        return h.createQuery("SELECT DISTINCT relay_id FROM admission_invoices WHERE " + PENDING
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
                .bindMethods(i)
                .bind("purpose", i.purpose().wire())
                .bind("state", column(i.state()))
                .execute();
    }

    /** What a settled admission payment records: the end of the period it pays for (null: admission for good). */
    public record Covers(Long until) {}

    /**
     * What a check or a move of a pending invoice writes: its state, when it was settled and checked, when to ask
     * again, and the period a payment covers. One statement, conditional on the invoice being pending.
     */
    public record Change(String id, String state, Long settledAt, long checkedAt, Long nextCheckAt, Long coversUntil) {}

    private boolean change(Handle h, Change c) {
        return h.createUpdate("UPDATE admission_invoices SET state = :state, settled_at = :settledAt,"
                                + " checked_at = :checkedAt, next_check_at = :nextCheckAt, covers_until = :coversUntil"
                                + " WHERE id = :id AND " + PENDING)
                        .bindMethods(c)
                        .execute()
                == 1;
    }

    /** Marks a pending invoice paid; false when it was not pending any more (settled once, whoever asks twice). */
    @Override
    public boolean markPaid(Handle h, String id, long at, Covers covers) {
        return change(h, new Change(id, column(InvoiceStatus.PAID), at, at, null, covers.until()));
    }

    /** Ends a pending invoice as expired or canceled; false when it was not pending. */
    @Override
    public boolean close(Handle h, String id, InvoiceStatus to, long now) {
        return change(h, new Change(id, column(to), null, now, null, null));
    }

    /** Records a check that found the invoice still pending, and when to ask again. */
    public void checked(Handle h, String id, long now, Long nextCheckAt) {
        change(h, new Change(id, column(InvoiceStatus.PENDING), null, now, nextCheckAt, null));
    }

    /** Pending invoices whose next check is due, oldest due first. */
    public List<AdmissionInvoice> dueChecks(Handle h, long now, int limit) {
        return h.createQuery("SELECT " + COLUMNS + " FROM admission_invoices WHERE " + PENDING
                        + " AND next_check_at IS NOT NULL AND next_check_at <= :now ORDER BY next_check_at LIMIT :l")
                .bind("now", now)
                .bind("l", limit)
                .map(ROW)
                .list();
    }

    /** Settled admission payments on the relay since {@code since} (0: all time), in sats. */
    public long revenue(String relayId, long since) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COALESCE(SUM(amount_sats), 0) FROM admission_invoices"
                        + " WHERE relay_id = :r AND state = '" + column(InvoiceStatus.PAID) + "' AND settled_at >= :s")
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
}
