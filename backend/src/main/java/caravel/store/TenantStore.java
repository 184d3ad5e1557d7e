package caravel.store;

import caravel.domain.Rail;
import caravel.json.Json;
import com.fasterxml.jackson.core.type.TypeReference;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/** tenants table: every statement on it, the card rail's columns included. */
public final class TenantStore {
    private static final String SELECT =
            "SELECT t.*, (SELECT count(*) FROM relays r WHERE r.tenant = t.pubkey) AS relay_count";
    private final Jdbi jdbi;

    public TenantStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** A row of {@link #SELECT}, read by column name into the record's components (nwc_url_enc into nwcUrlEnc, …). */
    private static final RowMapper<Tenant> TENANT = ConstructorMapper.of(Tenant.class);

    public Optional<Tenant> find(String pubkey) {
        return jdbi.withHandle(h -> find(h, pubkey));
    }

    public Optional<Tenant> find(Handle h, String pubkey) {
        return h.select(SELECT + " FROM tenants t WHERE t.pubkey = ?", pubkey)
                .map(TENANT)
                .findOne();
    }

    /**
     * Whether the tenant is suspended, reading only its status (a relay's offered actions ask on every read;
     * {@link #find} also counts the tenant's relays). An unknown tenant is not suspended.
     */
    public boolean suspended(Handle h, String pubkey) {
        return Sql.bool(
                h,
                "reading the status of tenant " + pubkey,
                "SELECT status = 'suspended' FROM tenants WHERE pubkey = ?",
                pubkey);
    }

    /** Inserts the tenant if absent; returns true when it was created now. */
    public boolean ensure(Handle h, String pubkey, long now) {
        return h.createUpdate("INSERT INTO tenants (pubkey, status, created_at, updated_at) VALUES (:pubkey, 'active',"
                                + " :now, :now) ON CONFLICT(pubkey) DO NOTHING")
                        .bind("pubkey", pubkey)
                        .bind("now", now)
                        .execute()
                == 1;
    }

    /** The admin tenant list's order, newest first; the pubkey (unique) orders tenants created in the same second. */
    public static final SortKey<Tenant> LIST_ORDER = new SortKey<>(
            "tenants",
            List.of(
                    SortKey.integer("t.created_at", SortKey.Order.DESC, Tenant::createdAt),
                    SortKey.text("t.pubkey", SortKey.Order.ASC, Tenant::pubkey)));

    /** @param pubkeyPrefix a hex prefix of the pubkey (callers turn npubs into hex first) */
    public Page<Tenant> list(String pubkeyPrefix, String status, Page.Request req) {
        boolean every = pubkeyPrefix == null || pubkeyPrefix.isBlank();
        Filters f = new Filters()
                // a range on the primary key (pubkeys are lowercase hex; 'g' sorts after every hex digit), not a scan
                .apply(g -> every
                        ? g
                        : g.raw(
                                "t.pubkey >= :q_lo AND t.pubkey < :q_hi",
                                java.util.Map.of("q_lo", pubkeyPrefix, "q_hi", pubkeyPrefix + "g")))
                .eq("t.status", "status", status);
        return jdbi.withHandle(h -> every
                // every tenant, or those in one status: the maintained total, not a count of the table
                ? f.page(
                        h,
                        SELECT,
                        "FROM tenants t",
                        LIST_ORDER,
                        req,
                        TENANT,
                        new Filters.Counted(ListTotals.of(h, "tenants", status)))
                : f.page(h, SELECT, "FROM tenants t", LIST_ORDER, req, TENANT, Long.MAX_VALUE));
    }

    public void setStatus(Handle h, String pubkey, String status, long now) {
        set(h, pubkey, "status", status, now);
    }

    /** Records where the tenant's hosting app returns after a payment page (null forgets it). */
    public void setReturnUrl(Handle h, String pubkey, String url, long now) {
        set(h, pubkey, "return_url", url, now);
    }

    public void setAutopayBudget(Handle h, String pubkey, Long sats, long now) {
        set(h, pubkey, "autopay_budget", sats, now);
    }

    public void setNwcUrl(Handle h, String pubkey, String sealedOrNull, long now) {
        set(h, pubkey, "nwc_url_enc", sealedOrNull, now);
    }

    /** One column of the tenant's row, and its updated_at; {@code column} is always one of this class's literals. */
    private static void set(Handle h, String pubkey, String column, Object value, long now) {
        h.execute("UPDATE tenants SET " + column + " = ?, updated_at = ? WHERE pubkey = ?", value, now, pubkey);
    }

    /** Sets the tenant's billing anchor unless it has one: the first charge (or card subscription) anchors its cycles. */
    public void setBillingAnchorIfAbsent(Handle h, String pubkey, long anchor, long now) {
        h.execute(
                "UPDATE tenants SET billing_anchor = ?, updated_at = ? WHERE pubkey = ? AND billing_anchor IS NULL",
                anchor,
                now,
                pubkey);
    }

    /** Claims the renewal of the cycle starting at cycleStart once; false when that cycle (or a later one) was claimed. */
    public boolean claimRenewal(Handle h, String pubkey, long cycleStart) {
        return h.execute(
                        "UPDATE tenants SET renewed_cycle_start = ? WHERE pubkey = ? AND coalesce(renewed_cycle_start, 0) < ?",
                        cycleStart,
                        pubkey,
                        cycleStart)
                == 1;
    }

    /** A billed tenant's anchor and the start of the last cycle it was renewed for (null: never renewed). */
    public record RenewalState(String pubkey, long anchor, Long renewedCycleStart) {}

    /**
     * Billed tenants whose last renewed cycle (or, never renewed, whose anchor) started at or before cutoff, oldest
     * first: read through the index tenants_renewal_due (migration V41).
     */
    public java.util.List<RenewalState> renewalStatesUpTo(Handle h, long cutoff) {
        return h.select("""
                        SELECT pubkey, billing_anchor, renewed_cycle_start FROM tenants
                        WHERE billing_anchor IS NOT NULL AND coalesce(renewed_cycle_start, billing_anchor) <= ?
                        ORDER BY coalesce(renewed_cycle_start, billing_anchor), pubkey""", cutoff)
                .map((rs, c) -> {
                    long renewed = rs.getLong(3);
                    return new RenewalState(rs.getString(1), rs.getLong(2), rs.wasNull() ? null : renewed);
                })
                .list();
    }

    // The card rail's columns. Stripe's rules live in caravel.stripe; the rows they change are this table's, so the
    // statements are here, with the rest of the tenants table's SQL.

    public Optional<CardAccount> cardAccount(Handle h, String tenant) {
        return h.select("""
                        SELECT pubkey, billing_rail, next_rail, stripe_customer_id, stripe_subscription_id, stripe_quantities, card_error
                        FROM tenants WHERE pubkey = ?""", tenant)
                .map((rs, c) -> new CardAccount(
                        rs.getString(1),
                        Rail.of(rs.getString(2)),
                        Rail.of(rs.getString(3)),
                        rs.getString(4),
                        rs.getString(5),
                        readQuantities(rs.getString(6)),
                        rs.getString(7)))
                .findOne();
    }

    public Optional<String> tenantByStripeCustomer(Handle h, String customer) {
        if (customer == null) return Optional.empty();
        return h.select("SELECT pubkey FROM tenants WHERE stripe_customer_id = ?", customer)
                .mapTo(String.class)
                .findOne();
    }

    public boolean onCard(Handle h, String tenant) {
        return h.select("SELECT billing_rail = ? FROM tenants WHERE pubkey = ?", Rail.CARD.wire(), tenant)
                .mapTo(Boolean.class)
                .findOne()
                .orElse(false);
    }

    /** Sets the Stripe customer only if none is set yet: the first writer wins, so a tenant never has two. */
    public boolean setStripeCustomerIfAbsent(Handle h, String tenant, String customer, long now) {
        return h.execute(
                        "UPDATE tenants SET stripe_customer_id = ?, updated_at = ? WHERE pubkey = ? AND stripe_customer_id IS NULL",
                        customer,
                        now,
                        tenant)
                == 1;
    }

    public void setStripeSubscription(
            Handle h, String tenant, String subscription, Map<String, Long> quantities, long now) {
        // a subscription seen (or ended) retires the Checkout session handed out: the next one starts afresh
        h.execute("""
                UPDATE tenants SET stripe_subscription_id = ?, stripe_quantities = ?, updated_at = ?,
                  stripe_checkout_id = NULL, stripe_checkout_url = NULL, stripe_checkout_at = NULL
                WHERE pubkey = ?""", subscription, subscription == null ? null : writeQuantities(quantities), now, tenant);
    }

    public void setRail(Handle h, String tenant, Rail rail, Rail nextRail, long now) {
        h.execute(
                "UPDATE tenants SET billing_rail = ?, next_rail = ?, updated_at = ? WHERE pubkey = ?",
                rail.wire(),
                nextRail == null ? null : nextRail.wire(),
                now,
                tenant);
    }

    public void setCardError(Handle h, String tenant, String error) {
        h.execute("UPDATE tenants SET card_error = ? WHERE pubkey = ?", error, tenant);
    }

    /** Card tenants with a subscription: the periodic check compares what they should pay for with what Stripe has. */
    public List<String> tenantsWithStripeSubscription(Handle h) {
        return h.createQuery("SELECT pubkey FROM tenants WHERE stripe_subscription_id IS NOT NULL ORDER BY pubkey")
                .mapTo(String.class)
                .list();
    }

    public Optional<CardCheckout> cardCheckout(Handle h, String tenant) {
        return h.select(
                        "SELECT stripe_checkout_id, stripe_checkout_url, stripe_checkout_at FROM tenants WHERE pubkey = ?",
                        tenant)
                .map((rs, c) -> new CardCheckout(
                        rs.getString(1), rs.getString(2), rs.getObject(3) == null ? null : rs.getLong(3)))
                .findOne();
    }

    public void setCardCheckout(Handle h, String tenant, String id, String url, long now) {
        h.execute(
                "UPDATE tenants SET stripe_checkout_id = ?, stripe_checkout_url = ?, stripe_checkout_at = ? WHERE pubkey = ?",
                id,
                url,
                now,
                tenant);
    }

    public void clearCardCheckout(Handle h, String tenant) {
        h.execute(
                "UPDATE tenants SET stripe_checkout_id = NULL, stripe_checkout_url = NULL, stripe_checkout_at = NULL WHERE pubkey = ?",
                tenant);
    }

    /** The stored quantities: unreadable JSON counts as unknown (empty), which the next Stripe check overwrites. */
    static Map<String, Long> readQuantities(String json) {
        if (json == null || json.isBlank()) return Map.of();
        try {
            return Json.MAPPER.readValue(json, new TypeReference<TreeMap<String, Long>>() {});
        } catch (Exception e) {
            return Map.of();
        }
    }

    static String writeQuantities(Map<String, Long> q) {
        try {
            return Json.MAPPER.writeValueAsString(new TreeMap<>(q));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
