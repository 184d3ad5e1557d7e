package caravel.stripe;

import caravel.billing.Notices;
import caravel.domain.Actor;
import caravel.domain.Epoch;
import caravel.jobs.JobHandler;
import caravel.jobs.JobPayloads;
import caravel.store.ActivityLog;
import caravel.store.CardAccount;
import caravel.store.TenantStore;
import caravel.stripe.CardBilling.PayResult;
import caravel.stripe.StripeGateway.Subscription;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * The sync job: brings a tenant's subscription in Stripe in line with what its relays should pay for
 * ({@link CardQuantities}). A successful call changes nothing here but the quantities kept from Stripe; relays change
 * only by verified webhooks ({@link StripeWebhooks}).
 */
public record CardSync(
        Jdbi jdbi,
        Clock clock,
        StripeGateway stripe,
        TenantStore tenants,
        ActivityLog activity,
        Notices notices,
        Prices prices,
        CardQuantities quantities) {
    /**
     * Brings the subscription's quantities in line with what the tenant should pay for. More relays are charged now
     * (only while the tenant is on card; otherwise the subscription is being prepared for a switch and changes
     * without charging); a refusal is kept on the account and told to the tenant.
     */
    PayResult sync(String tenant) {
        CardAccount a = jdbi.withHandle(h -> tenants.cardAccount(h, tenant)).orElse(null);
        if (a == null || a.subscription() == null) return new PayResult(null, "no_subscription", null);
        Subscription sub = stripe.retrieveSubscription(a.subscription());
        if (!sub.live()) return new PayResult(null, "ended", null); // its webhook clears it
        Map<String, Long> have = prices.plans(sub);
        long now = Epoch.seconds(clock);
        jdbi.useHandle(h -> tenants.setStripeSubscription(h, tenant, sub.id(), have, now));
        if (a.onCard()) quantities.takeOverLightningInvoices(tenant);
        Map<String, Long> want = jdbi.withHandle(h -> quantities.desired(h, tenant));
        if (want.equals(have)) return new PayResult(null, "in_sync", null);
        // steps, so a charge never carries a credit nor charges a place this period has paid for: first the places of
        // relays in service (a cancelled scheduled downgrade's, lowered for the next period), uncharged; then what must
        // be paid now (relays waiting, paid upgrades), charged pro rata; then what changes from the next period (fewer
        // relays, scheduled downgrades), uncharged
        CardLedger.Places places = jdbi.withHandle(h -> quantities.places(h, tenant, have));
        boolean charge = a.onCard() && !places.charged().equals(places.paid());
        Map<String, Long> first = charge ? places.charged() : want;
        // one key per attempt (the gateway's own retries of a request reuse it). A key derived from the change alone
        // made Stripe replay an old answer: the same 1 → 2 asked again later in the period (a relay deactivated, then
        // reactivated) got the first charge's success back without charging, and a retry after the card was fixed got
        // the old refusal. Repeating an attempt never charges twice: quantities are absolute, and each attempt starts
        // from the subscription as Stripe has it now.
        String key =
                "caravel-sync-" + sha256(sub.id() + "|" + have + "|" + first + "|" + charge + "|" + UUID.randomUUID());
        try {
            if (charge && !places.paid().equals(have))
                stripe.updateQuantities(sub.id(), prices.byPrice(places.paid()), false, key + "-paid");
            Subscription after = stripe.updateQuantities(sub.id(), prices.byPrice(first), charge, key);
            if (charge && !first.equals(want))
                after = stripe.updateQuantities(sub.id(), prices.byPrice(want), false, key + "-next");
            Subscription done = after;
            jdbi.useTransaction(h -> {
                tenants.setStripeSubscription(h, tenant, done.id(), prices.plans(done), now);
                tenants.setCardError(h, tenant, null);
                activity.add(
                        h,
                        tenant,
                        null,
                        "card_subscription_updated",
                        "Card subscription now pays for " + describe(prices.plans(done))
                                + (charge ? " (the difference charged now)" : " (from the next period)"),
                        Actor.SYSTEM,
                        now);
            });
            return new PayResult(null, charge ? "charged" : "updated", null);
        } catch (StripeGateway.Declined d) {
            String msg = d.getMessage();
            jdbi.useTransaction(h -> {
                tenants.setCardError(h, tenant, msg);
                activity.add(
                        h,
                        tenant,
                        null,
                        "card_declined",
                        "Card payment refused: " + msg + ". Relays waiting for it stay waiting.",
                        Actor.SYSTEM,
                        now);
                notices.send(
                        h,
                        tenant,
                        null,
                        "Your card payment for Caravel was refused: " + msg
                                + ". Relays waiting for it stay waiting; update your card from your account page and pay again.",
                        "dm:card-declined:" + key);
            });
            return new PayResult(null, "declined", msg);
        }
    }

    static String describe(Map<String, Long> q) {
        StringBuilder sb = new StringBuilder();
        q.forEach((plan, n) -> {
            if (n > 0)
                sb.append(sb.isEmpty() ? "" : ", ").append(n).append(" × ").append(plan);
        });
        return sb.isEmpty() ? "no relays" : sb.toString();
    }

    static String sha256(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)))
                    .substring(0, 40);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The handler of {@link CardBilling#JOB_SYNC}, which the rail queues when a tenant's relays changed. */
    public JobHandler syncHandler() {
        return job -> {
            try {
                sync(JobPayloads.read(job.payload(), TenantJob.class).tenant());
            } catch (StripeGateway.Rejected e) {
                throw new caravel.jobs.PermanentFailure(e.getMessage());
            }
        };
    }
}
