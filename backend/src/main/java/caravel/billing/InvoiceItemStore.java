package caravel.billing;

import caravel.store.Columns;
import caravel.store.Ids;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * The invoice_items table: the lines of invoices, each a relay on a plan for a period, and what they say about a relay
 * (whether a pending invoice bills it, how far its paid lines cover). Every statement runs on the caller's handle.
 */
public final class InvoiceItemStore {
    /**
     * One line of a new invoice: a relay on a plan at a monthly rate in sats, for [start, end), amount prorated;
     * fiat: the line's fiat figure (null without a bitcoin price).
     */
    public record NewItem(String relay, String plan, long rate, long start, long end, long amount, Long fiat) {}

    public void insertItems(Handle h, String invoice, List<NewItem> items) {
        if (items.isEmpty()) return;
        var batch = h.prepareBatch("""
                INSERT INTO invoice_items (id, invoice, relay, amount, period_start, period_end, plan, rate, fiat_amount)
                VALUES (:id, :invoice, :i.relay, :i.amount, :i.start, :i.end, :i.plan, :i.rate, :i.fiat)""");
        for (NewItem i : items)
            batch.bind("id", Ids.newId())
                    .bind("invoice", invoice)
                    .bindMethods("i", i)
                    .add();
        batch.execute();
    }

    /** The lines of the invoices {@code invoiceIds}, by invoice, each invoice's in the order of their periods. */
    Map<String, List<Invoice.Item>> of(Handle h, Collection<String> invoiceIds) {
        return h.createQuery("""
                        SELECT i.*, i.invoice AS inv, r.name AS relay_name FROM invoice_items i
                        JOIN relays r ON r.id = i.relay WHERE i.invoice IN (<ids>) ORDER BY i.period_start, i.id""")
                .bindList("ids", List.copyOf(invoiceIds))
                .map((rs, c) -> Map.entry(
                        rs.getString("inv"),
                        new Invoice.Item(
                                rs.getString("id"),
                                rs.getString("relay"),
                                rs.getString("relay_name"),
                                rs.getString("plan"),
                                rs.getLong("amount"),
                                rs.getLong("period_start"),
                                rs.getLong("period_end"),
                                Columns.nullableLong(rs, "fiat_amount"))))
                .collect(Collectors.groupingBy(
                        Map.Entry::getKey, Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
    }

    /** Whether a pending invoice has a line for the relay (whoever the invoice is addressed to). */
    public boolean pendingLineFor(Handle h, String relay) {
        return h.createQuery("""
                        SELECT count(*) FROM invoice_items i JOIN invoices v ON v.id = i.invoice
                        WHERE i.relay = :r AND v.status = :pending""")
                        .bindMethods(InvoiceStore.STATES)
                        .bind("r", relay)
                        .mapTo(Long.class)
                        .one()
                > 0;
    }

    /**
     * The end of the latest base charge covering t for this relay (t itself when none does). Paid items count, and
     * pending ones that bill service already given (their grace applies); an unpaid gated item (a first invoice or
     * an upgrade not yet paid) covers nothing.
     */
    public long coveredUntil(Handle h, String relay, long t) {
        return h.createQuery("""
                        SELECT max(i.period_end) FROM invoice_items i JOIN invoices v ON v.id = i.invoice
                        WHERE i.relay = :r AND (v.status = :paid OR (v.status = :pending AND v.gated = 0))
                          AND v.kind <> 'upgrade' AND i.period_start <= :t AND i.period_end > :t""")
                .bindMethods(InvoiceStore.STATES)
                .bind("r", relay)
                .bind("t", t)
                .mapTo(Long.class)
                .findOne()
                .orElse(t);
    }

    /** The pending invoices with a line for the relay, oldest first. */
    public List<String> pendingWithRelay(Handle h, String relay) {
        return h.select(
                        "SELECT i.id FROM invoices i WHERE i.status = 'pending' AND EXISTS (SELECT 1 FROM invoice_items it"
                                + " WHERE it.invoice = i.id AND it.relay = ?) ORDER BY i.created_at, i.id",
                        relay)
                .mapTo(String.class)
                .list();
    }
}
