package caravel.billing;

import caravel.billing.InvoiceStore.Stamp;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The invoice_payments table: every bolt11 an invoice ever had, kept whatever happens to the invoice (a payment to it
 * is still credited), and whether each was settled. Every statement runs on the caller's handle.
 */
public final class InvoicePaymentStore {
    /** A bolt11 handed out for an invoice (see {@link #insertPayment}). */
    public record NewPayment(
            String paymentHash, String invoice, String tenant, String bolt11, long amount, long now, long expiresAt) {}

    /** A bolt11 handed out for an invoice, kept whatever happens to the invoice (a payment to it is still credited). */
    public void insertPayment(Handle h, NewPayment p) {
        h.createUpdate("""
                        INSERT INTO invoice_payments (payment_hash, invoice, tenant, bolt11, amount, created_at, expires_at)
                        VALUES (:paymentHash, :invoice, :tenant, :bolt11, :amount, :now, :expiresAt)
                        ON CONFLICT (payment_hash) DO NOTHING""").bindMethods(p).execute();
    }

    public record Payment(String invoice, String tenant, long amount, long createdAt) {}

    public Optional<Payment> payment(Handle h, String paymentHash) {
        return h.createQuery("SELECT invoice, tenant, amount, created_at FROM invoice_payments WHERE payment_hash = :p")
                .bind("p", paymentHash)
                .map((rs, c) -> new Payment(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)))
                .findOne();
    }

    /** The invoice's payment hashes that could still settle (not settled, not checked after expiry), newest first. */
    public List<String> openHashes(Handle h, String invoice) {
        return h.createQuery("""
                        SELECT payment_hash FROM invoice_payments WHERE invoice = :i AND settled_at IS NULL
                          AND (checked_at IS NULL OR checked_at <= expires_at) ORDER BY created_at DESC""").bind("i", invoice).mapTo(String.class).list();
    }

    /**
     * At most {@code limit} payment hashes that could still settle, fairly: never-checked ones first (NULL sorts
     * first; oldest first), then the least recently checked.
     */
    public List<String> hashesToPoll(Handle h, int limit) {
        return h.createQuery("""
                        SELECT payment_hash FROM invoice_payments WHERE settled_at IS NULL AND (checked_at IS NULL OR checked_at <= expires_at)
                        ORDER BY checked_at NULLS FIRST, created_at, rowid LIMIT :n""").bind("n", limit).mapTo(String.class).list();
    }

    public boolean isUnsettled(Handle h, String paymentHash) {
        return h.createQuery("SELECT count(*) FROM invoice_payments WHERE payment_hash = :p AND settled_at IS NULL")
                        .bind("p", paymentHash)
                        .mapTo(Integer.class)
                        .one()
                > 0;
    }

    public void markChecked(Handle h, String paymentHash, long now) {
        h.createUpdate("UPDATE invoice_payments SET checked_at = :now WHERE payment_hash = :id")
                .bindMethods(new Stamp(paymentHash, now))
                .execute();
    }

    /** Marks the payment settled once; false when it was settled already (the one statement that decides crediting). */
    public boolean markSettled(Handle h, String paymentHash, long now) {
        return h.createUpdate(
                                "UPDATE invoice_payments SET settled_at = :now WHERE payment_hash = :id AND settled_at IS NULL")
                        .bindMethods(new Stamp(paymentHash, now))
                        .execute()
                == 1;
    }

    /** What a settled payment went to: "invoice" or "credit". */
    public void setCreditedAs(Handle h, String paymentHash, String creditedAs) {
        h.execute("UPDATE invoice_payments SET credited_as = ? WHERE payment_hash = ?", creditedAs, paymentHash);
    }

    /** Lightning payments settled, all time (to their invoice or as tenant credit). */
    long settled(Handle h) {
        return h.createQuery("SELECT count(*) FROM invoice_payments WHERE settled_at IS NOT NULL")
                .mapTo(Long.class)
                .one();
    }
}
