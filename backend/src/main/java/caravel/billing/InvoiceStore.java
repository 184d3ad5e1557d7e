package caravel.billing;

import caravel.store.Filters;
import caravel.store.Page;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** invoices and invoice_items tables. */
public final class InvoiceStore {
    private final Jdbi jdbi;

    public InvoiceStore(Jdbi jdbi) { this.jdbi = jdbi; }

    private static Long nullableLong(ResultSet rs, String col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : v;
    }

    private static Invoice mapInvoice(ResultSet rs) throws SQLException {
        return new Invoice(rs.getString("id"), rs.getString("tenant"), rs.getLong("amount"), rs.getString("status"),
                rs.getLong("created_at"), rs.getLong("due_at"), nullableLong(rs, "paid_at"), rs.getString("bolt11"),
                rs.getString("payment_hash"), nullableLong(rs, "expires_at"), rs.getString("kind"),
                nullableLong(rs, "autopay_started_at"), rs.getString("autopay_error"), List.of(), rs.getLong("credit_applied"),
                rs.getInt("gated") != 0, rs.getString("paid_hash"), rs.getString("autopay_hold"), nullableLong(rs, "waived_at"),
                rs.getString("rail"), nullableLong(rs, "period_start"), nullableLong(rs, "period_end"),
                "card".equals(rs.getString("rail")) ? new Invoice.Card(rs.getString("currency"), rs.getString("stripe_invoice_id"),
                        rs.getString("hosted_invoice_url"), rs.getString("payment_error")) : null);
    }

    public Optional<Invoice> find(String id) {
        return jdbi.withHandle(h -> find(h, id));
    }

    public Optional<Invoice> find(Handle h, String id) {
        return h.createQuery("SELECT * FROM invoices WHERE id = :id").bind("id", id).map((rs, c) -> mapInvoice(rs)).findOne()
                .map(inv -> withItems(h, List.of(inv)).get(0));
    }

    public Page<Invoice> forTenant(String tenant, String status, Page.Request req) {
        return jdbi.withHandle(h -> {
            Page<Invoice> p = new Filters().eq("tenant", "tenant", tenant).eq("status", "status", status)
                    .page(h, "SELECT *", "FROM invoices", "created_at DESC, id", req, (rs, c) -> mapInvoice(rs));
            return new Page<>(withItems(h, p.items()), p.total(), p.page(), p.perPage());
        });
    }

    private List<Invoice> withItems(Handle h, List<Invoice> invoices) {
        if (invoices.isEmpty()) return invoices;
        Map<String, List<Invoice.Item>> items = h.createQuery("""
                        SELECT i.*, i.invoice AS inv, r.name AS relay_name FROM invoice_items i
                        JOIN relays r ON r.id = i.relay WHERE i.invoice IN (<ids>) ORDER BY i.period_start, i.id""")
                .bindList("ids", invoices.stream().map(Invoice::id).toList())
                .map((rs, c) -> Map.entry(rs.getString("inv"), new Invoice.Item(rs.getString("id"), rs.getString("relay"),
                        rs.getString("relay_name"), rs.getString("plan"), rs.getLong("amount"), rs.getLong("period_start"), rs.getLong("period_end"))))
                .collect(Collectors.groupingBy(Map.Entry::getKey, Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
        return invoices.stream().map(i -> new Invoice(i.id(), i.tenant(), i.amount(), i.status(), i.createdAt(), i.dueAt(),
                i.paidAt(), i.bolt11(), i.paymentHash(), i.expiresAt(), i.kind(), i.autopayStartedAt(), i.autopayError(),
                items.getOrDefault(i.id(), List.of()), i.creditApplied(), i.gated(), i.paidHash(), i.autopayHold(), i.waivedAt(),
                i.rail(), i.periodStart(), i.periodEnd(), i.card())).toList();
    }

    /** Whether the tenant has an invoice still unpaid that was due at or before {@code dueBy} (gated and waived ones never count). */
    public boolean overdue(Handle h, String tenant, long dueBy) {
        return h.createQuery("""
                        SELECT count(*) FROM invoices WHERE tenant = :t AND status = 'pending' AND gated = 0 AND waived_at IS NULL
                          AND due_at <= :by""")
                .bind("t", tenant).bind("by", dueBy).mapTo(Integer.class).one() > 0;
    }
}
