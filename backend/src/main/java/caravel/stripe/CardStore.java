package caravel.stripe;

import org.jdbi.v3.core.Handle;

/**
 * The stripe_events table (webhook events handled, so a redelivery is a no-op) and the stripe_subscriptions table
 * (the subscriptions a tenant took up). The card rail's columns of tenants belong to store.TenantStore.
 */
public final class CardStore {
    /** Remembers that the tenant took up this subscription (its invoices count for the tenant from now on). */
    public void adoptSubscription(Handle h, String subscription, String tenant, long now) {
        h.execute(
                "INSERT INTO stripe_subscriptions (id, tenant, adopted_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING",
                subscription,
                tenant,
                now);
    }

    public boolean adopted(Handle h, String subscription, String tenant) {
        return h.select("SELECT count(*) FROM stripe_subscriptions WHERE id = ? AND tenant = ?", subscription, tenant)
                        .mapTo(Integer.class)
                        .one()
                > 0;
    }

    public boolean eventSeen(Handle h, String id) {
        return h.select("SELECT count(*) FROM stripe_events WHERE id = ?", id)
                        .mapTo(Integer.class)
                        .one()
                > 0;
    }

    /** Records a webhook event as handled; false when it was recorded already (a concurrent delivery). */
    public boolean recordEvent(Handle h, String id, String type, Long stripeCreated, long now) {
        return h.execute(
                        "INSERT INTO stripe_events (id, type, stripe_created, received_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
                        id,
                        type,
                        stripeCreated == null ? 0L : stripeCreated,
                        now)
                == 1;
    }
}
