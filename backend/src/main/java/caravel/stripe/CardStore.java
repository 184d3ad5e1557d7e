package caravel.stripe;

import org.jdbi.v3.core.Handle;

/**
 * The stripe_events table (webhook events handled, so a redelivery is a no-op) and the stripe_subscriptions table
 * (the subscriptions a tenant took up). The card rail's columns of tenants belong to store.TenantStore.
 */
public final class CardStore {
    /** Remembers that the tenant took up this subscription (its invoices count for the tenant from now on). */
    public void adoptSubscription(Handle h, String subscription, String tenant, long now) {
        h.createUpdate(
                        "INSERT INTO stripe_subscriptions (id, tenant, adopted_at) VALUES (:s, :t, :now) ON CONFLICT (id) DO NOTHING")
                .bind("s", subscription)
                .bind("t", tenant)
                .bind("now", now)
                .execute();
    }

    public boolean adopted(Handle h, String subscription, String tenant) {
        return h.createQuery("SELECT count(*) FROM stripe_subscriptions WHERE id = :s AND tenant = :t")
                        .bind("s", subscription)
                        .bind("t", tenant)
                        .mapTo(Integer.class)
                        .one()
                > 0;
    }

    public boolean eventSeen(Handle h, String id) {
        return h.createQuery("SELECT count(*) FROM stripe_events WHERE id = :id")
                        .bind("id", id)
                        .mapTo(Integer.class)
                        .one()
                > 0;
    }

    /** Records a webhook event as handled; false when it was recorded already (a concurrent delivery). */
    public boolean recordEvent(Handle h, String id, String type, Long stripeCreated, long now) {
        return h.createUpdate(
                                "INSERT INTO stripe_events (id, type, stripe_created, received_at) VALUES (:id, :type, :c, :now) ON CONFLICT (id) DO NOTHING")
                        .bind("id", id)
                        .bind("type", type)
                        .bind("c", stripeCreated == null ? 0 : stripeCreated)
                        .bind("now", now)
                        .execute()
                == 1;
    }
}
