package caravel.admission;

import caravel.domain.InvoiceStatus;

/**
 * An invoice the relay owner's wallet made for a person (a row of admission_invoices). Its state is the invoice
 * lifecycle's ({@code caravel.invoice}); void is stored as 'canceled' there (see AdmissionInvoiceStore).
 */
public record AdmissionInvoice(
        String id,
        String relayId,
        String pubkey,
        Purpose purpose,
        long amountSats,
        String bolt11,
        String paymentHash,
        InvoiceStatus state,
        long createdAt,
        long expiresAt,
        Long settledAt,
        Long checkedAt,
        Long nextCheckAt,
        Long coversUntil) {

    public enum Purpose {
        JOIN,
        RENEWAL;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
