package caravel.billing;

import java.util.Collection;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * What tenants owe, read from the invoices: the invoices past their due date that renewals remind of, suspend for or
 * let an administrator waive, upgrades whose period lapsed unpaid, and the unpaid invoices the account page lists.
 * Reads only (the invoices are {@link InvoiceStore}'s); every statement runs on the caller's handle.
 */
public final class OwedInvoiceStore {
    /** The window of {@link #inGrace}: invoices within {@code reminderBefore} of the end of their grace. */
    public record Window(long now, long grace, long reminderBefore, String inactive) {
        /** The start of the UTC day of {@code now}: an invoice due before it is overdue ({@link #overdueFrom}). */
        public long today() {
            return now - Math.floorMod(now, DAY);
        }
    }

    private static final long DAY = 86_400;

    /**
     * When an invoice due at {@code dueAt} is overdue: once the day it is due on (UTC) is over. The invoice names its
     * due date as a day ("is due 10 Feb 2027"), so its payer reads it as "by the end of that day"; a renewal is due the
     * moment its cycle starts, and is not told overdue in the second it was issued.
     */
    public static long overdueFrom(long dueAt) {
        return dueAt - Math.floorMod(dueAt, DAY) + DAY;
    }

    /** Upgrade invoices still pending whose period ended, at most {@code limit}, the longest lapsed first. */
    public List<String> lapsingUpgrades(Handle h, long now, int limit) {
        return h.createQuery("""
                        SELECT v.id FROM relays r JOIN invoices v ON v.id = r.upgrade_invoice
                        WHERE v.status = :pending AND v.period_end <= :now ORDER BY v.period_end LIMIT :n""")
                .bindMethods(InvoiceStore.STATES)
                .bind("now", now)
                .bind("n", limit)
                .mapTo(String.class)
                .list();
    }

    /**
     * An invoice that is newly overdue, or needs a reminder or a suspension, with one paid relay of its tenant still to
     * suspend (null: none). {@code overdue}: it was told overdue already.
     */
    public record GraceRow(String invoice, String tenant, long dueAt, Long remindedAt, String relay, boolean overdue) {}

    /**
     * Overdue notices, reminders and suspensions, read in one query: each pending invoice for service given past its
     * due date and not told overdue yet, or within {@code reminderBefore} of the end of its grace and not reminded yet,
     * or past its grace, joined to the paid relays still to suspend (on a plan in {@code paidPlans}, served or inactive
     * without a hold). Overdue: from {@link #overdueFrom} on.
     */
    public List<GraceRow> inGrace(
            Handle h,
            long now,
            long grace,
            long reminderBefore,
            Collection<String> paidPlans,
            Collection<String> servedStatuses,
            String inactiveStatus) {
        return h.createQuery("""
                        SELECT v.id, v.tenant, v.due_at, v.reminded_at, r.id AS relay, v.overdue_at
                        FROM invoices v
                        LEFT JOIN relays r ON r.tenant = v.tenant AND v.due_at + :grace <= :now AND r.plan IN (<paidPlans>)
                             AND (r.status IN (<served>) OR (r.status = :inactive AND r.hold IS NULL))
                        WHERE v.status = :pending AND v.gated = 0 AND v.waived_at IS NULL AND v.due_at < :today
                          AND (v.overdue_at IS NULL OR (v.due_at + :grace - :reminderBefore <= :now
                               AND (v.reminded_at IS NULL OR r.id IS NOT NULL)))
                        ORDER BY v.due_at, v.id""")
                .bindMethods(InvoiceStore.STATES)
                .bindMethods(new Window(now, grace, reminderBefore, inactiveStatus))
                .bindList("paidPlans", List.copyOf(paidPlans))
                .bindList("served", List.copyOf(servedStatuses))
                .map((rs, c) -> new GraceRow(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getLong(3),
                        rs.getObject(4) == null ? null : rs.getLong(4),
                        rs.getString(5),
                        rs.getObject(6) != null))
                .list();
    }

    /** Pending invoices for service given whose grace ended by {@code now} and that no administrator waived yet. */
    public List<String> waivable(Handle h, String tenant, long grace, long now) {
        return h.createQuery("""
                        SELECT id FROM invoices WHERE tenant = :t AND status = :pending AND gated = 0 AND waived_at IS NULL AND due_at + :g <= :now""")
                .bindMethods(InvoiceStore.STATES)
                .bind("t", tenant)
                .bind("g", grace)
                .bind("now", now)
                .mapTo(String.class)
                .list();
    }

    /** Whether the tenant owes a Lightning invoice for service already given (gated ones wait for payment instead). */
    public boolean owesOnLightning(Handle h, String tenant) {
        return h.createQuery(
                                "SELECT count(*) FROM invoices WHERE tenant = :t AND rail = 'lightning' AND status = :pending AND gated = 0")
                        .bindMethods(InvoiceStore.STATES)
                        .bind("t", tenant)
                        .mapTo(Integer.class)
                        .one()
                > 0;
    }

    /** A pending invoice as the account page lists it: what is left to pay, when it was due, whether it was waived. */
    public record Unpaid(String id, long amountDue, long dueAt, boolean waived, String kind) {}

    /** An Unpaid from its columns in order: id, amount due, due_at, waived_at, kind. */
    private static final RowMapper<Unpaid> UNPAID = (rs, c) ->
            new Unpaid(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getObject(4) != null, rs.getString(5));

    /** Pending invoices for service given that were due by {@code dueBy}, oldest due first. */
    public List<Unpaid> dueBy(Handle h, String tenant, long dueBy) {
        return h.createQuery("""
                        SELECT id, amount - credit_applied AS due, due_at, waived_at, kind FROM invoices
                        WHERE tenant = :t AND status = :pending AND gated = 0 AND due_at <= :now ORDER BY due_at""")
                .bindMethods(InvoiceStore.STATES)
                .bind("t", tenant)
                .bind("now", dueBy)
                .map(UNPAID)
                .list();
    }

    /** Pending gated invoices (what new relays and upgrades wait for), oldest first. */
    public List<Unpaid> awaitingPayment(Handle h, String tenant) {
        return h.createQuery("""
                        SELECT id, amount - credit_applied, due_at, waived_at, kind FROM invoices WHERE tenant = :t AND status = :pending AND gated = 1
                        ORDER BY created_at""")
                .bindMethods(InvoiceStore.STATES)
                .bind("t", tenant)
                .map(UNPAID)
                .list();
    }
}
