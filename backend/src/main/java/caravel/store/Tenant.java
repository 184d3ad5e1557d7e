package caravel.store;

/**
 * A tenants row. nwcUrlEnc stays sealed; only billing opens it. autopayBudget: sats per cycle autopay may spend on
 * charges a session creates (null: the tenant's monthly total). returnUrl: where the tenant's hosting app (Flotilla) asked
 * to be sent back after a payment page, kept only for an allowed origin (null otherwise).
 */
public record Tenant(
        String pubkey,
        String status,
        String nwcUrlEnc,
        String stripeCustomerId,
        Long billingAnchor,
        long createdAt,
        long updatedAt,
        int relayCount,
        Long autopayBudget,
        String returnUrl) {
    public boolean suspended() {
        return "suspended".equals(status);
    }
}
