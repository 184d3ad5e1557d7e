package caravel.relays;

import caravel.domain.Failure;
import caravel.domain.Plan;
import caravel.domain.RelayHold;
import caravel.domain.RelayStatus;
import caravel.relayparts.Lifecycle;
import caravel.relayparts.RelayParts;
import caravel.relays.RelayStateMachine.Action;
import caravel.relays.RelayStateMachine.Actor;
import caravel.store.Relay;
import org.jdbi.v3.core.Handle;

/**
 * What happens to an account's relays as a whole: an administrator's suspension of the account and its lifting, and a
 * relay changing hands between accounts (a transfer). Reached through {@link Relays}.
 *
 * @param parts the relay parts, told of each suspension in its transaction
 */
record AccountRelays(RelayDeps d, RelayBilling billing, RelayQuota quota, RelayParts parts) {

    /**
     * Admin suspends a tenant, in one transaction: the account, and every relay of it not already inactive goes
     * inactive marked as taken down by the suspension (see {@link Action#SUSPEND_ACCOUNT}); relays the owner had
     * deactivated are left unmarked, so {@link #reinstateTenant} leaves them inactive.
     */
    void suspendTenant(String tenant, Actor by) {
        long now = d.clock().millis() / 1000;
        d.jdbi().useTransaction(h -> {
            d.tenants().setStatus(h, tenant, "suspended", now);
            d.activity()
                    .add(h, tenant, null, "tenant_suspended", "Account suspended by an administrator", by.who(), now);
            for (Relay r : d.relayStore().byTenant(h, tenant)) {
                Relay after = d.transitions()
                        .apply(
                                h,
                                r.id(),
                                Action.SUSPEND_ACCOUNT,
                                by,
                                null,
                                "Deactivated because the account was suspended; it comes back when the suspension is lifted");
                parts.react(h, Lifecycle.Event.of(Lifecycle.SUSPENDED, after, by.who()));
            }
        });
    }

    /**
     * Admin lifts a tenant's suspension: the relays the suspension took down return to what they owe (in service,
     * waiting for a first payment, or suspended for an unpaid invoice); relays their owner deactivated stay inactive.
     */
    void reinstateTenant(String tenant, Actor by) {
        long now = d.clock().millis() / 1000;
        d.jdbi().useTransaction(h -> {
            d.tenants().setStatus(h, tenant, "active", now);
            billing.renewNow(h, tenant);
            int back = 0, kept = 0;
            for (Relay r : d.relayStore().byTenant(h, tenant)) {
                if (!r.accountHold()) {
                    if (r.status() == RelayStatus.INACTIVE) kept++;
                    continue;
                }
                // as a reactivation: a paid relay whose place nothing pays for yet waits for its payment first
                boolean paidFor = billing.reactivationPaid(h, r);
                Relay after = d.transitions()
                        .apply(
                                h,
                                r.id(),
                                paidFor ? Action.LIFT_ACCOUNT_SUSPENSION : Action.LIFT_ACCOUNT_SUSPENSION_PAY_FIRST,
                                by,
                                null,
                                "Back as it was before the account's suspension");
                RelayStatus st = after.status();
                if (RelayStateMachine.served(st)) {
                    billing.onReactivated(h, after, by.who());
                    back++;
                } else if (!paidFor && r.hold() == RelayHold.NONE && st == RelayStatus.AWAITING_PAYMENT) {
                    String invoice = billing.firstInvoice(h, after, by.who());
                    if (invoice != null) d.relayStore().setAwaitingPaymentInvoice(h, r.id(), invoice);
                }
            }
            d.activity()
                    .add(
                            h,
                            tenant,
                            null,
                            "tenant_reinstated",
                            "Account reinstated; " + back + " relay" + (back == 1 ? "" : "s") + " back in service"
                                    + (kept == 0
                                            ? ""
                                            : ", " + kept + " deactivated by " + (kept == 1 ? "its" : "their")
                                                    + " owner stay" + (kept == 1 ? "s" : "") + " inactive"),
                            by.who(),
                            now);
        });
    }

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
        long now = d.clock().millis() / 1000;
        Relay r = d.relayStore()
                .find(h, relayId)
                .filter(x -> x.tenant().equals(from))
                .orElseThrow(() -> new Failure(
                        Failure.Kind.CONFLICT, "transfer_stale", null, "the relay changed hands since it was offered"));
        if (to.equals(from))
            throw new Failure(
                    Failure.Kind.INVALID, "transfer_to_self", "pubkey", "the relay already belongs to this key");
        billing.renewNow(h, from);
        d.tenants().ensure(h, to, now);
        if (d.tenants().find(h, to).orElseThrow().suspended())
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
        Plan plan = d.transitions().plans().of(r.plan());
        try {
            quota.checkCreate(h, to, plan, Actor.tenant(to));
        } catch (Failure f) {
            throw new Failure(
                    Failure.Kind.FORBIDDEN,
                    "transfer_quota",
                    null,
                    "the receiving account cannot take this relay: " + f.getMessage());
        }
        if (!d.relayStore().setTenant(h, relayId, from, to, now))
            throw new Failure(
                    Failure.Kind.CONFLICT, "transfer_stale", null, "the relay changed hands since it was offered");
        Relay moved = d.relayStore().find(h, relayId).orElseThrow();
        billing.ownerChanged(h, moved, from, to);
        d.activity()
                .add(
                        h,
                        from,
                        relayId,
                        "ownership_given",
                        "Relay given to " + to,
                        caravel.domain.Actor.person(from),
                        now);
        d.activity()
                .add(
                        h,
                        to,
                        relayId,
                        "ownership_taken",
                        "Relay taken over from " + from,
                        caravel.domain.Actor.person(to),
                        now);
        // zooid's config names the owner (info.pubkey, the admin role)
        d.transitions().enqueueSync(h, relayId);
        return moved;
    }
}
