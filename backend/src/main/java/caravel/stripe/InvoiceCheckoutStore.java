package caravel.stripe;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
import org.jdbi.v3.core.result.ResultIterable;

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

    /** A row read by column name into the record's components (session_id is the session's id). */
    private static final RowMapper<Session> SESSION = ConstructorMapper.of(Session.class);

    public void insert(Handle h, Session s) {
        h.createUpdate("""
                        INSERT INTO invoice_checkouts (session_id, invoice, tenant, url, amount, currency, created_at, paid_at)
                        VALUES (:id, :invoice, :tenant, :url, :amount, :currency, :createdAt, NULL)""").bindMethods(s).execute();
    }

    public Optional<Session> find(Handle h, String sessionId) {
        return sessions(h, "session_id = ?", sessionId).findOne();
    }

    /** The invoice's sessions, newest first. */
    public List<Session> forInvoice(Handle h, String invoice) {
        return sessions(h, "invoice = ? ORDER BY created_at DESC, session_id", invoice)
                .list();
    }

    /** The tenant's sessions not seen paid yet (what reconciling the account asks Stripe about). */
    public List<Session> unpaidForTenant(Handle h, String tenant) {
        return sessions(h, "tenant = ? AND paid_at IS NULL ORDER BY created_at", tenant)
                .list();
    }

    /** The sessions matching {@code where} (one of this class's literals, with positional parameters). */
    private static ResultIterable<Session> sessions(Handle h, String where, Object... args) {
        return h.select(
                        "SELECT session_id AS id, invoice, tenant, url, amount, currency, created_at, paid_at"
                                + " FROM invoice_checkouts WHERE " + where,
                        args)
                .map(SESSION);
    }

    /** Whether a paid session paid this invoice (its method is then the card). */
    public boolean paidInvoice(Handle h, String invoice) {
        return h.select("SELECT count(*) FROM invoice_checkouts WHERE invoice = ? AND paid_at IS NOT NULL", invoice)
                        .mapTo(Long.class)
                        .one()
                > 0;
    }

    /** Records the session as paid once: false when it was recorded already. */
    public boolean markPaid(Handle h, String sessionId, long now) {
        return h.execute(
                        "UPDATE invoice_checkouts SET paid_at = ? WHERE session_id = ? AND paid_at IS NULL",
                        now,
                        sessionId)
                == 1;
    }
}
