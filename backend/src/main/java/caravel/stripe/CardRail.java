package caravel.stripe;

import caravel.billing.Rails;
import caravel.domain.Actor;
import caravel.domain.Epoch;
import caravel.domain.Rail;
import caravel.jobs.JobPayloads;
import caravel.jobs.JobQueue;
import caravel.relays.RelayTransitions;
import caravel.store.ActivityLog;
import caravel.store.CardAccount;
import caravel.store.CardCheckout;
import caravel.store.Relay;
import caravel.store.RelayStore;
import caravel.store.TenantStore;
import java.time.Clock;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * What Lightning billing asks of the card rail ({@link Rails}): whether a tenant pays by card, whether its
 * subscription already pays for a relay's place, that the tenant's relays changed (a queued sync brings Stripe's quantities in line) and that a renewal boundary came. Needs
 * only the card and relay tables and the job queue, so it exists before billing and billing is built with it.
 */
public record CardRail(
        TenantStore tenants,
        RelayStore relayStore,
        RelayTransitions transitions,
        JobQueue jobs,
        ActivityLog activity,
        Clock clock)
        implements Rails {

    @Override
    public boolean onCard(Handle h, String tenant) {
        return tenants.onCard(h, tenant);
    }

    @Override
    public Choice choice(Handle h, String tenant) {
        return tenants.cardAccount(h, tenant)
                .map(a -> new Choice(a.rail(), a.nextRail(), a.subscription() != null))
                .orElse(Choice.LIGHTNING);
    }

    /**
     * From the quantities kept from Stripe (its verified webhooks, or its answer to a change that went through), never
     * from what Caravel wants it to hold: a place the tenant released earlier in the period (a relay deactivated
     * before the sync lowered the quantity) is still paid for; anything else is charged before the relay is served.
     */
    @Override
    public boolean placePaid(Handle h, Relay r) {
        CardAccount a = tenants.cardAccount(h, r.tenant()).orElseThrow();
        if (a.subscription() == null) return false;
        List<Relay> others = relayStore.byTenant(h, r.tenant()).stream()
                .filter(o -> !o.id().equals(r.id()))
                .toList();
        return CardLedger.placeLeft(others, a.quantities(), r.plan(), transitions.plans());
    }

    @Override
    public void changed(Handle h, String tenant) {
        jobs.enqueue(h, CardBilling.JOB_SYNC, JobPayloads.write(new TenantJob(tenant)), "stripe-sync:" + tenant, 8);
    }

    /**
     * A switch to card with no subscription recorded yet, whose Checkout session was handed out before this cycle
     * started: it may have been paid before the boundary (Stripe then ends the trial and bills the card for this cycle)
     * while its webhooks are late, so neither rail may renew until Stripe was asked ({@link SwitchCheckouts}). A session
     * handed out in this cycle has its trial end at the next boundary: this cycle is Lightning's either way.
     */
    @Override
    public boolean renewalWaits(Handle h, String tenant, long cycleStart) {
        return awaitedCheckout(h, tenant, cycleStart) != null;
    }

    /** The id of the Checkout session the renewal of the cycle starting at cycleStart waits for, or null. */
    String awaitedCheckout(Handle h, String tenant, long cycleStart) {
        CardAccount a = tenants.cardAccount(h, tenant).orElse(null);
        if (a == null || a.nextRail() != Rail.CARD || a.subscription() != null) return null;
        CardCheckout c = tenants.cardCheckout(h, tenant).orElse(null);
        if (c == null || c.id() == null) return null;
        // a session recorded without its time (before the time was kept) counts as from before the boundary
        return c.createdAt() == null || c.createdAt() < cycleStart ? c.id() : null;
    }

    /**
     * The boundary a switch to card waited for, with a live subscription (else Lightning renews as before). A switch
     * to Lightning waits for the subscription to end instead (its deletion webhook), so a subscription the tenant
     * keeps after all (resumed in the portal) never renews beside a Lightning renewal.
     */
    @Override
    public void atRenewal(Handle h, String tenant, long cycleStart) {
        CardAccount a = tenants.cardAccount(h, tenant).orElseThrow();
        if (a.nextRail() != Rail.CARD) return;
        long now = Epoch.seconds(clock);
        if (a.subscription() == null) {
            activity.add(
                    h,
                    tenant,
                    null,
                    "rail_switch_waiting",
                    "The switch to card payments waits: card payments are not set up yet (finish Stripe Checkout)",
                    Actor.SYSTEM,
                    now);
            return;
        }
        tenants.setRail(h, tenant, a.nextRail(), null, now);
        activity.add(
                h,
                tenant,
                null,
                "rail_switched",
                "From this cycle on, relays are billed by card (Stripe)",
                Actor.SYSTEM,
                now);
    }
}
