package caravel.stripe;

import caravel.domain.Rail;
import caravel.json.Json;
import com.fasterxml.jackson.core.type.TypeReference;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;

/**
 * The card columns of tenants (rail, Stripe ids, the subscription's last known quantities, the last card refusal,
 * the Checkout session handed out), and the stripe_events and stripe_subscriptions tables.
 */
public final class CardStore {
    /**
     * @param quantities plan id → quantity as Stripe last reported it (empty when unknown)
     */
    public record CardAccount(
            String tenant,
            Rail rail,
            Rail nextRail,
            String customer,
            String subscription,
            Map<String, Long> quantities,
            String cardError) {
        public boolean onCard() {
            return rail == Rail.CARD;
        }
    }

    public Optional<CardAccount> find(Handle h, String tenant) {
        return h.createQuery("""
                        SELECT pubkey, billing_rail, next_rail, stripe_customer_id, stripe_subscription_id, stripe_quantities, card_error
                        FROM tenants WHERE pubkey = :t""")
                .bind("t", tenant)
                .map((rs, c) -> new CardAccount(
                        rs.getString(1),
                        Rail.of(rs.getString(2)),
                        Rail.of(rs.getString(3)),
                        rs.getString(4),
                        rs.getString(5),
                        parse(rs.getString(6)),
                        rs.getString(7)))
                .findOne();
    }

    public Optional<String> tenantByCustomer(Handle h, String customer) {
        if (customer == null) return Optional.empty();
        return h.createQuery("SELECT pubkey FROM tenants WHERE stripe_customer_id = :c")
                .bind("c", customer)
                .mapTo(String.class)
                .findOne();
    }

    public boolean onCard(Handle h, String tenant) {
        return h.createQuery("SELECT billing_rail = :card FROM tenants WHERE pubkey = :t")
                .bind("card", Rail.CARD.wire())
                .bind("t", tenant)
                .mapTo(Boolean.class)
                .findOne()
                .orElse(false);
    }

    /** Sets the customer only if none is set yet: the first writer wins, so a tenant never has two. */
    public boolean setCustomerIfAbsent(Handle h, String tenant, String customer, long now) {
        return h.createUpdate(
                                "UPDATE tenants SET stripe_customer_id = :c, updated_at = :now WHERE pubkey = :t AND stripe_customer_id IS NULL")
                        .bind("c", customer)
                        .bind("t", tenant)
                        .bind("now", now)
                        .execute()
                == 1;
    }

    public void setSubscription(Handle h, String tenant, String subscription, Map<String, Long> quantities, long now) {
        // a subscription seen (or ended) retires the Checkout session handed out: the next one starts afresh
        h.createUpdate("""
                        UPDATE tenants SET stripe_subscription_id = :s, stripe_quantities = :q, updated_at = :now,
                          stripe_checkout_id = NULL, stripe_checkout_url = NULL, stripe_checkout_at = NULL
                        WHERE pubkey = :t""")
                .bind("s", subscription)
                .bind("q", subscription == null ? null : write(quantities))
                .bind("t", tenant)
                .bind("now", now)
                .execute();
    }

    public void setRail(Handle h, String tenant, Rail rail, Rail nextRail, long now) {
        h.createUpdate("UPDATE tenants SET billing_rail = :r, next_rail = :n, updated_at = :now WHERE pubkey = :t")
                .bind("r", rail.wire())
                .bind("n", nextRail == null ? null : nextRail.wire())
                .bind("t", tenant)
                .bind("now", now)
                .execute();
    }

    public void setCardError(Handle h, String tenant, String error) {
        h.createUpdate("UPDATE tenants SET card_error = :e WHERE pubkey = :t")
                .bind("e", error)
                .bind("t", tenant)
                .execute();
    }

    /** Card tenants with a subscription: the periodic check compares what they should pay for with what Stripe has. */
    public java.util.List<String> tenantsWithSubscription(Handle h) {
        return h.createQuery("SELECT pubkey FROM tenants WHERE stripe_subscription_id IS NOT NULL ORDER BY pubkey")
                .mapTo(String.class)
                .list();
    }

    /**
     * The Checkout session last handed out to the tenant (all null when none is open).
     * @param createdAt when it was handed out (epoch seconds): a session for a switch from Lightning starts its
     *                  subscription's trial at the end of the cycle it was created in
     */
    public record Checkout(String id, String url, Long createdAt) {}

    public Optional<Checkout> checkout(Handle h, String tenant) {
        return h.createQuery(
                        "SELECT stripe_checkout_id, stripe_checkout_url, stripe_checkout_at FROM tenants WHERE pubkey = :t")
                .bind("t", tenant)
                .map((rs, c) ->
                        new Checkout(rs.getString(1), rs.getString(2), rs.getObject(3) == null ? null : rs.getLong(3)))
                .findOne();
    }

    public void setCheckout(Handle h, String tenant, String id, String url, long now) {
        h.createUpdate(
                        "UPDATE tenants SET stripe_checkout_id = :id, stripe_checkout_url = :u, stripe_checkout_at = :now WHERE pubkey = :t")
                .bind("id", id)
                .bind("u", url)
                .bind("now", now)
                .bind("t", tenant)
                .execute();
    }

    public void clearCheckout(Handle h, String tenant) {
        h.createUpdate(
                        "UPDATE tenants SET stripe_checkout_id = NULL, stripe_checkout_url = NULL, stripe_checkout_at = NULL WHERE pubkey = :t")
                .bind("t", tenant)
                .execute();
    }

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

    static Map<String, Long> parse(String json) {
        if (json == null || json.isBlank()) return Map.of();
        try {
            return Json.MAPPER.readValue(json, new TypeReference<TreeMap<String, Long>>() {});
        } catch (Exception e) {
            return Map.of();
        }
    }

    static String write(Map<String, Long> q) {
        try {
            return Json.MAPPER.writeValueAsString(new TreeMap<>(q));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
