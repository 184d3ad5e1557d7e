package caravel.stripe;

import caravel.store.TenantStore;
import org.jdbi.v3.core.Handle;

/**
 * What an event's state, fetched fresh from Stripe ({@link WebhookCalls}), changes inside the event's transaction: the
 * subscription first ({@link CardLedger}), since an invoice counts only for a subscription the tenant took up, then
 * the invoice ({@link CardInvoiceMirror}); each only while its customer is still the tenant's.
 */
public record WebhookEffects(TenantStore tenants, CardLedger ledger, CardInvoiceMirror mirror) {
    void apply(Handle h, String tenant, WebhookCalls.Fresh fresh, long now) {
        StripeGateway.Subscription s = fresh.subscription();
        StripeGateway.StripeInvoice inv = fresh.invoice();
        if (s != null
                && tenant.equals(tenants.tenantByStripeCustomer(h, s.customer()).orElse(null)))
            ledger.applySubscription(h, tenant, s, now);
        if (inv != null
                && tenant.equals(
                        tenants.tenantByStripeCustomer(h, inv.customer()).orElse(null)))
            mirror.applyInvoice(h, tenant, inv, fresh.failure(), now);
    }
}
