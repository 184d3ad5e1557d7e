package caravel.relays;

import caravel.domain.Epoch;
import caravel.domain.Failure;
import caravel.domain.Plan;
import caravel.relays.RelayStateMachine.Actor;
import caravel.store.ActivityLog;
import caravel.store.Relay;
import caravel.store.RelayStore;
import caravel.store.TenantStore;
import java.time.Clock;
import org.jdbi.v3.core.Handle;

/** A relay changing hands between accounts (an accepted transfer). Reached through {@link Relays}. */
public record RelayHandover(
        Clock clock,
        TenantStore tenants,
        RelayStore relayStore,
        ActivityLog activity,
        RelayTransitions transitions,
        RelayBilling billing,
        RelayQuota quota) {

    /**
     * Gives the relay to another owner, in the caller's transaction (an accepted transfer). Both tenants' cycles are
     * renewed first, so a cycle that turned is billed to whoever held the relay in it; then the receiver's quota
     * applies as to a new relay of theirs (a free relay to someone with no free slot left is refused), the row changes
     * hands only while {@code from} still holds it, and billing is told ({@link RelayBilling#ownerChanged}: the period
     * already paid stays paid, the next renewal is the receiver's). A relay with an unpaid invoice is refused: its
     * owner pays it (or lets it be cancelled) first, so no debt of one owner can suspend the other's relay.
     *
     * @return the relay as the receiver now holds it
     */
    Relay changeOwner(Handle h, String relayId, String from, String to) {
        long now = Epoch.seconds(clock);
        Relay r = relayStore
                .find(h, relayId)
                .filter(x -> x.tenant().equals(from))
                .orElseThrow(() -> new Failure(
                        Failure.Kind.CONFLICT, "transfer_stale", null, "the relay changed hands since it was offered"));
        if (to.equals(from))
            throw new Failure(
                    Failure.Kind.INVALID, "transfer_to_self", "pubkey", "the relay already belongs to this key");
        billing.renewNow(h, from);
        tenants.ensure(h, to, now);
        if (tenants.find(h, to).orElseThrow().suspended())
            throw new Failure(
                    Failure.Kind.FORBIDDEN,
                    "transfer_receiver_suspended",
                    null,
                    "the receiving account is suspended: it cannot take a relay");
        billing.renewNow(h, to);
        if (billing.owesFor(h, r))
            throw new Failure(
                    Failure.Kind.CONFLICT,
                    "transfer_unpaid",
                    null,
                    "the relay has an unpaid invoice: its owner pays it first (or lets it be cancelled), then offers"
                            + " it again");
        Plan plan = transitions.plans().of(r.plan());
        try {
            quota.checkCreate(h, to, plan, Actor.tenant(to));
        } catch (Failure f) {
            throw new Failure(
                    Failure.Kind.FORBIDDEN,
                    "transfer_quota",
                    null,
                    "the receiving account cannot take this relay: " + f.getMessage());
        }
        if (!relayStore.setTenant(h, relayId, from, to, now))
            throw new Failure(
                    Failure.Kind.CONFLICT, "transfer_stale", null, "the relay changed hands since it was offered");
        Relay moved = relayStore.find(h, relayId).orElseThrow();
        billing.ownerChanged(h, moved, from, to);
        activity.add(
                h, from, relayId, "ownership_given", "Relay given to " + to, caravel.domain.Actor.person(from), now);
        activity.add(
                h,
                to,
                relayId,
                "ownership_taken",
                "Relay taken over from " + from,
                caravel.domain.Actor.person(to),
                now);
        // zooid's config names the owner (info.pubkey, the admin role)
        transitions.enqueueSync(h, relayId);
        return moved;
    }
}
