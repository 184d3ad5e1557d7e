package caravel.stripe;

import caravel.billing.Invoicing;
import caravel.domain.Actor;
import caravel.domain.Rail;
import caravel.domain.RelayStatus;
import caravel.relays.RelayStateMachine;
import caravel.store.ActivityLog;
import caravel.store.Relay;
import caravel.store.RelayStore;
import caravel.store.TenantStore;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * A switch of rail that takes effect at once ({@link RailSwitch}), when no paid relay is in service: the relays
 * waiting for a first payment move to the new rail's (their invoice on the old one cancelled, or a first Lightning
 * invoice issued).
 */
public record RailSwitchAtOnce(
        Jdbi jdbi,
        RelayStore relayStore,
        TenantStore tenants,
        ActivityLog activity,
        Invoicing invoicing,
        CardRail cardRail,
        Prices prices) {
    /** Whether Lightning billing is on (there is a platform wallet): without it there is no rail to switch to. */
    boolean lightningOn() {
        return invoicing.enabled();
    }

    /** Whether a paid relay of the tenant is in service (served or suspended): then a switch waits for the renewal. */
    boolean inService(String tenant) {
        return jdbi.withHandle(h -> relayStore.byTenant(h, tenant).stream()
                .anyMatch(r -> prices.plans().of(r.plan()).paid()
                        && (RelayStateMachine.served(r.status()) || r.status() == RelayStatus.SUSPENDED)));
    }

    /** Lightning to card now: relays still waiting for a first Lightning invoice will be paid by card instead. */
    void toCard(String tenant, Actor actor, long now) {
        jdbi.useTransaction(h -> {
            for (Relay r : relayStore.byTenant(h, tenant)) {
                if (r.awaitingPaymentInvoice() != null) {
                    invoicing.voidUnpaid(h, r.awaitingPaymentInvoice(), "the account switched to card payments");
                    relayStore.setAwaitingPaymentInvoice(h, r.id(), null);
                }
                if (r.upgradeInvoice() != null)
                    invoicing.voidUnpaid(h, r.upgradeInvoice(), "the account switched to card payments");
            }
            tenants.setRail(h, tenant, Rail.CARD, null, now);
            activity.add(
                    h, tenant, null, "rail_switched", "Relays are billed by card (Stripe) from now on", actor, now);
            cardRail.changed(h, tenant);
        });
    }

    /** Card to Lightning now: relays waiting for a card payment get their first Lightning invoice instead. */
    void toLightning(String tenant, Actor actor, long now) {
        jdbi.useTransaction(h -> {
            tenants.setRail(h, tenant, Rail.LIGHTNING, null, now);
            tenants.setStripeSubscription(h, tenant, null, Map.of(), now);
            activity.add(h, tenant, null, "rail_switched", "Relays are billed over Lightning from now on", actor, now);
            for (Relay r : relayStore.byTenant(h, tenant))
                if (r.status() == RelayStatus.AWAITING_PAYMENT && r.awaitingPaymentInvoice() == null) {
                    String inv = invoicing.firstInvoice(h, r, actor);
                    if (inv != null) relayStore.setAwaitingPaymentInvoice(h, r.id(), inv);
                }
        });
    }
}
