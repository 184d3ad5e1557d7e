package caravel.billing;

import caravel.domain.InvoiceStatus;
import caravel.domain.Rail;
import caravel.store.Columns;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * An invoice's row as {@link InvoiceStore} reads and writes it: the row read into an {@link Invoice}, and the new rows
 * bound by name (public only so JDBI may read them).
 */
public final class InvoiceRows {
    private InvoiceRows() {}

    /** An invoice from its row ({@code SELECT *}), without its lines. */
    static Invoice invoice(ResultSet rs) throws SQLException {
        return new Invoice(
                rs.getString("id"),
                rs.getString("tenant"),
                rs.getLong("amount"),
                InvoiceStatus.of(rs.getString("status")),
                rs.getLong("created_at"),
                rs.getLong("due_at"),
                Columns.nullableLong(rs, "paid_at"),
                rs.getString("bolt11"),
                rs.getString("payment_hash"),
                Columns.nullableLong(rs, "expires_at"),
                rs.getString("kind"),
                Columns.nullableLong(rs, "autopay_started_at"),
                rs.getString("autopay_error"),
                List.of(),
                rs.getLong("credit_applied"),
                rs.getInt("gated") != 0,
                rs.getString("paid_hash"),
                rs.getString("autopay_hold"),
                Columns.nullableLong(rs, "waived_at"),
                Rail.of(rs.getString("rail")),
                Columns.nullableLong(rs, "period_start"),
                Columns.nullableLong(rs, "period_end"),
                Rail.of(rs.getString("rail")) == Rail.CARD
                        ? new Invoice.Card(
                                rs.getString("currency"),
                                rs.getString("stripe_invoice_id"),
                                rs.getString("hosted_invoice_url"),
                                rs.getString("payment_error"))
                        : null,
                rs.getString("fiat_currency") == null
                        ? null
                        : new Invoice.Fiat(
                                rs.getString("fiat_currency"), rs.getLong("fiat_amount"), rs.getString("btc_price")));
    }

    /** A new Lightning invoice's row, bound by name. */
    public record NewInvoice(
            String id,
            String tenant,
            long amount,
            String status,
            long now,
            long dueAt,
            Long paidAt,
            long periodStart,
            long periodEnd,
            String kind,
            int gated,
            long creditApplied,
            Invoice.Fiat fiat) {
        public String fiatCurrency() {
            return fiat == null ? null : fiat.currency();
        }

        public Long fiatAmount() {
            return fiat == null ? null : fiat.amount();
        }

        public String btcPrice() {
            return fiat == null ? null : fiat.btcPrice();
        }
    }

    /** A new card invoice's row, bound by name. */
    public record NewCardInvoice(
            String id,
            String tenant,
            long amount,
            long created,
            Long periodStart,
            Long periodEnd,
            String kind,
            int gated,
            String currency,
            String stripeInvoiceId,
            String hostedInvoiceUrl) {}
}
