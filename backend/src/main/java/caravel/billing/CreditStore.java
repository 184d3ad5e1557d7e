package caravel.billing;

import org.jdbi.v3.core.Handle;

/**
 * The tenant_credits table: a ledger of signed amounts per tenant (payments that arrived for invoices no longer
 * payable, credit applied to an invoice, credit returned from a cancelled one); the balance is their sum.
 */
public final class CreditStore {
    public long balance(Handle h, String tenant) {
        return h.createQuery("SELECT coalesce(sum(amount), 0) FROM tenant_credits WHERE tenant = :t")
                .bind("t", tenant)
                .mapTo(Long.class)
                .one();
    }

    /** One entry of the ledger, bound by name: paymentHash is the settled payment it came from, if any. */
    public record Entry(String tenant, long amount, String reason, String paymentHash, String invoice, long now) {}

    /** An entry about an invoice (negative: credit used). */
    public void add(Handle h, String tenant, long amount, String reason, String invoice, long now) {
        insert(h, new Entry(tenant, amount, reason, null, invoice, now));
    }

    /** Credit from a settled payment that could no longer pay its invoice. */
    public void addPayment(
            Handle h, String tenant, long amount, String reason, String paymentHash, String invoice, long now) {
        insert(h, new Entry(tenant, amount, reason, paymentHash, invoice, now));
    }

    private static void insert(Handle h, Entry e) {
        h.createUpdate("""
                        INSERT INTO tenant_credits (tenant, amount, reason, payment_hash, invoice, created_at)
                        VALUES (:tenant, :amount, :reason, :paymentHash, :invoice, :now)""").bindMethods(e).execute();
    }
}
