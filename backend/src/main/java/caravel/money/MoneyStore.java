package caravel.money;

import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * The money view's reads. Its own tables (money_revenue, money_relays, money_owners, money_moves) are written only
 * by the triggers of migration V80, in the same transaction as the invoices and relays they sum, so every figure
 * here is a read of a few dozen rows however large the platform; the invoices themselves are read only where few
 * rows qualify and an index finds them (the open invoices, the failed automatic payments).
 */
final class MoneyStore {
    /** One month's payments made one way, in one fiat currency ('' for none). */
    record RevenueRow(long month, String way, String fiatCurrency, long invoices, long sats, long fiat) {}

    /** How many relays are on a plan in a status. */
    record PlanCount(String plan, String status, long relays) {}

    /** Relays that moved, in a month, from being served on one plan to another ('' for not served). */
    record MoveRow(long month, String fromPlan, String toPlan, long relays) {}

    /** How many invoices have a failed or held automatic payment, and how many of those are still unpaid. */
    record FailureCount(long total, long unpaid) {}

    List<RevenueRow> revenueSince(Handle h, long month) {
        return h.select(
                        "SELECT month, way, fiat_currency, invoices, sats, fiat FROM money_revenue WHERE month >= ?"
                                + " ORDER BY month, way, fiat_currency",
                        month)
                .map((rs, c) -> new RevenueRow(
                        rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5), rs.getLong(6)))
                .list();
    }

    List<PlanCount> relaysByPlan(Handle h) {
        return h.select("SELECT plan, status, n FROM money_relays WHERE n > 0 ORDER BY plan, status")
                .map((rs, c) -> new PlanCount(rs.getString(1), rs.getString(2), rs.getLong(3)))
                .list();
    }

    List<MoveRow> movesSince(Handle h, long month) {
        return h.select(
                        "SELECT month, from_plan, to_plan, n FROM money_moves WHERE month >= ?"
                                + " ORDER BY month, from_plan, to_plan",
                        month)
                .map((rs, c) -> new MoveRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4)))
                .list();
    }

    /** The people with at least one relay. */
    long owners(Handle h) {
        return h.select("SELECT coalesce(sum(n), 0) FROM money_owners")
                .mapTo(Long.class)
                .one();
    }

    /** Everyone who ever signed in (a tenants row each; their total is kept in list_totals, V68). */
    long signedIn(Handle h) {
        return h.select("SELECT coalesce(sum(n), 0) FROM list_totals WHERE list = 'tenants'")
                .mapTo(Long.class)
                .one();
    }

    /**
     * The unpaid invoices by rail and currency, with those overdue: for service already given (not a first invoice
     * or an upgrade that waits for payment), not waived, due at or before {@code overdueBy}.
     */
    List<MoneyReport.Open> open(Handle h, long overdueBy) {
        return h.select("""
                        SELECT rail, currency, count(*), coalesce(sum(amount - credit_applied), 0),
                               coalesce(sum(CASE WHEN gated = 0 AND waived_at IS NULL AND due_at <= ? THEN 1 ELSE 0 END), 0),
                               coalesce(sum(CASE WHEN gated = 0 AND waived_at IS NULL AND due_at <= ?
                                                 THEN amount - credit_applied ELSE 0 END), 0)
                        FROM invoices WHERE status = 'pending' GROUP BY rail, currency ORDER BY rail, currency""", overdueBy, overdueBy)
                .map((rs, c) -> new MoneyReport.Open(
                        rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6)))
                .list();
    }

    /** The overdue invoices (as {@link #open}), the longest overdue first, at most {@code limit}. */
    List<MoneyReport.Overdue> overdue(Handle h, long overdueBy, int limit) {
        return h.select("""
                        SELECT id, tenant, rail, currency, amount - credit_applied, due_at FROM invoices
                        WHERE status = 'pending' AND gated = 0 AND due_at <= ? AND waived_at IS NULL
                        ORDER BY due_at, id LIMIT ?""", overdueBy, limit)
                .map((rs, c) -> new MoneyReport.Overdue(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getLong(5),
                        rs.getLong(6)))
                .list();
    }

    /**
     * The invoices whose automatic payment failed or was held back, newest first, at most {@code limit}: autopay's
     * error, a card charge's error, or autopay holding it over the tenant's budget. The condition is the partial
     * index invoices_payment_failures' own (V80), so only those rows are read.
     */
    List<MoneyReport.FailedPayment> failures(Handle h, int limit) {
        return h.select("""
                        SELECT id, tenant, rail, currency, amount - credit_applied, status,
                               CASE WHEN autopay_error IS NOT NULL THEN 'autopay_failed'
                                    WHEN payment_error IS NOT NULL THEN 'card_declined' ELSE 'autopay_held' END,
                               coalesce(autopay_error, payment_error, autopay_hold),
                               coalesce(autopay_started_at, created_at)
                        FROM invoices
                        WHERE autopay_error IS NOT NULL OR payment_error IS NOT NULL OR autopay_hold IS NOT NULL
                        ORDER BY created_at DESC, id LIMIT ?""", limit)
                .map((rs, c) -> new MoneyReport.FailedPayment(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getLong(5),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getString(8),
                        rs.getLong(9)))
                .list();
    }

    FailureCount failureCount(Handle h) {
        return h.select("""
                        SELECT count(*), coalesce(sum(CASE WHEN status = 'pending' THEN 1 ELSE 0 END), 0) FROM invoices
                        WHERE autopay_error IS NOT NULL OR payment_error IS NOT NULL OR autopay_hold IS NOT NULL""")
                .map((rs, c) -> new FailureCount(rs.getLong(1), rs.getLong(2)))
                .one();
    }
}
