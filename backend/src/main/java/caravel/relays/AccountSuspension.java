package caravel.relays;

import caravel.domain.Epoch;
import caravel.domain.RelayHold;
import caravel.domain.RelayStatus;
import caravel.relayparts.Lifecycle;
import caravel.relayparts.RelayParts;
import caravel.relays.RelayStateMachine.Action;
import caravel.relays.RelayStateMachine.Actor;
import caravel.store.ActivityLog;
import caravel.store.Relay;
import caravel.store.RelayStore;
import caravel.store.TenantStore;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/**
 * An administrator's suspension of an account and its lifting, for all of the account's relays at once. Reached
 * through {@link Relays}.
 *
 * @param parts the relay parts, told of each suspension in its transaction
 */
public record AccountSuspension(
        Jdbi jdbi,
        Clock clock,
        TenantStore tenants,
        RelayStore relayStore,
        ActivityLog activity,
        RelayTransitions transitions,
        RelayBilling billing,
        RelayParts parts) {

    /** Whether an administrator holds the account {@code tenant} suspended (it neither offers nor takes a relay). */
    boolean accountSuspended(String tenant) {
        return jdbi.withHandle(h -> tenants.suspended(h, tenant));
    }

    /**
     * Admin suspends a tenant, in one transaction: the account, and every relay of it not already inactive goes
     * inactive marked as taken down by the suspension (see {@link Action#SUSPEND_ACCOUNT}); relays the owner had
     * deactivated are left unmarked, so {@link #reinstateTenant} leaves them inactive.
     */
    void suspendTenant(String tenant, Actor by) {
        long now = Epoch.seconds(clock);
        jdbi.useTransaction(h -> {
            tenants.setStatus(h, tenant, "suspended", now);
            activity.add(h, tenant, null, "tenant_suspended", "Account suspended by an administrator", by.who(), now);
            for (Relay r : relayStore.byTenant(h, tenant)) {
                Relay after = transitions.apply(
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
        long now = Epoch.seconds(clock);
        jdbi.useTransaction(h -> {
            tenants.setStatus(h, tenant, "active", now);
            billing.renewNow(h, tenant);
            int back = 0, kept = 0;
            for (Relay r : relayStore.byTenant(h, tenant)) {
                if (!r.accountHold()) {
                    if (r.status() == RelayStatus.INACTIVE) kept++;
                    continue;
                }
                // as a reactivation: a paid relay whose place nothing pays for yet waits for its payment first
                boolean paidFor = billing.reactivationPaid(h, r);
                Relay after = transitions.apply(
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
                    if (invoice != null) relayStore.setAwaitingPaymentInvoice(h, r.id(), invoice);
                }
            }
            activity.add(
                    h,
                    tenant,
                    null,
                    "tenant_reinstated",
                    "Account reinstated; " + back + " relay" + (back == 1 ? "" : "s") + " back in service"
                            + (kept == 0
                                    ? ""
                                    : ", " + kept + " deactivated by " + (kept == 1 ? "its" : "their") + " owner stay"
                                            + (kept == 1 ? "s" : "") + " inactive"),
                    by.who(),
                    now);
        });
    }
}
