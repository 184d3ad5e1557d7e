package caravel.stripe;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** The invoice_checkouts table: one-off Stripe Checkout sessions that pay a single invoice by card. */
public final class InvoiceCheckoutStore {
    /** @param amount what the card is charged, in the currency's minor unit */
    public record Session(
            String id,
            String invoice,
            String tenant,
            String url,
            long amount,
            String currency,
            long createdAt,
            Long paidAt) {}

    private static final String COLUMNS = "session_id, invoice, tenant, url, amount, currency, created_at, paid_at";

    public void insert(Handle h, Session s) {
        h.createUpdate("INSERT INTO invoice_checkouts (" + COLUMNS
                        + ") VALUES (:id, :invoice, :tenant, :url, :amount, :currency, :created, NULL)")
                .bind("id", s.id())
                .bind("invoice", s.invoice())
                .bind("tenant", s.tenant())
                .bind("url", s.url())
                .bind("amount", s.amount())
                .bind("currency", s.currency())
                .bind("created", s.createdAt())
                .execute();
    }

    public Optional<Session> find(Handle h, String sessionId) {
        return h.createQuery("SELECT " + COLUMNS + " FROM invoice_checkouts WHERE session_id = :id")
                .bind("id", sessionId)
                .map((rs, c) -> map(rs))
                .findOne();
    }

    /** The invoice's sessions, newest first. */
    public List<Session> forInvoice(Handle h, String invoice) {
        return h.createQuery("SELECT " + COLUMNS
                        + " FROM invoice_checkouts WHERE invoice = :i ORDER BY created_at DESC, session_id")
                .bind("i", invoice)
                .map((rs, c) -> map(rs))
                .list();
    }

    /** The tenant's sessions not seen paid yet (what reconciling the account asks Stripe about). */
    public List<Session> unpaidForTenant(Handle h, String tenant) {
        return h.createQuery("SELECT " + COLUMNS
                        + " FROM invoice_checkouts WHERE tenant = :t AND paid_at IS NULL ORDER BY created_at")
                .bind("t", tenant)
                .map((rs, c) -> map(rs))
                .list();
    }

    /** Whether a paid session paid this invoice (its method is then the card). */
    public boolean paidInvoice(Handle h, String invoice) {
        return h.createQuery("SELECT count(*) FROM invoice_checkouts WHERE invoice = :i AND paid_at IS NOT NULL")
                        .bind("i", invoice)
                        .mapTo(Long.class)
                        .one()
                > 0;
    }

    /** Records the session as paid once: false when it was recorded already. */
    public boolean markPaid(Handle h, String sessionId, long now) {
        return h.createUpdate("UPDATE invoice_checkouts SET paid_at = :now WHERE session_id = :id AND paid_at IS NULL")
                        .bind("now", now)
                        .bind("id", sessionId)
                        .execute()
                == 1;
    }

    private static Session map(java.sql.ResultSet rs) throws java.sql.SQLException {
        long paid = rs.getLong("paid_at");
        Long paidAt = rs.wasNull() ? null : paid; // asked at once: wasNull is about the last column read
        return new Session(
                rs.getString("session_id"),
                rs.getString("invoice"),
                rs.getString("tenant"),
                rs.getString("url"),
                rs.getLong("amount"),
                rs.getString("currency"),
                rs.getLong("created_at"),
                paidAt);
    }
}
