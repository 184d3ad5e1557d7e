package caravel.store;

/** A tenants row. nwcUrlEnc stays sealed; only billing opens it. */
public record Tenant(String pubkey, String status, String nwcUrlEnc, String stripeCustomerId, Long billingAnchor,
                     long createdAt, long updatedAt, int relayCount) {
    public boolean suspended() { return "suspended".equals(status); }
}
