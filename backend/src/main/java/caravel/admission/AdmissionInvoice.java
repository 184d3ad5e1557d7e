package caravel.admission;

/** An invoice the relay owner's wallet made for a person (a row of admission_invoices). */
public record AdmissionInvoice(
        String id,
        String relayId,
        String pubkey,
        Purpose purpose,
        long amountSats,
        String bolt11,
        String paymentHash,
        State state,
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

    public enum State {
        PENDING,
        PAID,
        EXPIRED,
        CANCELED;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
