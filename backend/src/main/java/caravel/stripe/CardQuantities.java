package caravel.stripe;

import caravel.billing.Invoicing;
import caravel.domain.Plan;
import caravel.domain.RelayStatus;
import caravel.relays.RelayStateMachine;
import caravel.store.Relay;
import caravel.store.RelayStore;
import caravel.store.TenantStore;
import caravel.stripe.CardBilling.LightningWait;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * What a tenant's subscription should pay for, read from its relays (see {@link CardBilling}'s class comment): the
 * quantities per plan from the next period, the places owed this period, and the relays still waiting on a first
 * Lightning invoice, which the card takes over once the tenant is on card.
 */
public record CardQuantities(
        Jdbi jdbi, RelayStore relayStore, TenantStore tenants, Invoicing invoicing, Prices prices) {
    /**
     * plan id → how many of the tenant's relays the subscription should bill from its next period (see
     * {@link CardBilling}'s class comment): scheduled downgrades count at their new plan (they were paid for at the old
     * plan until then). What is owed this period is {@link #places}'s question.
     */
    Map<String, Long> desired(Handle h, String tenant) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Plan p : prices.plans().paid()) out.put(p.id(), 0L);
        boolean onCard = tenants.onCard(h, tenant);
        for (Relay r : relayStore.byTenant(h, tenant)) {
            RelayStatus st = r.status();
            // a switch to card that waits for the renewal: a relay still waiting for its first Lightning invoice is
            // not the card's until then (its trial would serve it unpaid), so it is neither listed nor billed by it
            if (!onCard && waitsOnLightning(r)) continue;
            String plan;
            if (RelayStateMachine.served(st)) plan = r.upgradePlan() != null ? r.upgradePlan() : r.plan();
            else if (st == RelayStatus.SUSPENDED || st == RelayStatus.AWAITING_PAYMENT) plan = r.plan();
            else continue;
            if (r.pendingPlan() != null && r.upgradePlan() == null) plan = r.pendingPlan();
            if (out.containsKey(plan)) out.merge(plan, 1L, Long::sum);
        }
        return out;
    }

    /** The places a sync goes through from {@code have}, the subscription's quantities now ({@link CardLedger#places}). */
    CardLedger.Places places(Handle h, String tenant, Map<String, Long> have) {
        return CardLedger.places(relayStore.byTenant(h, tenant), have, prices.plans());
    }

    private static boolean waitsOnLightning(Relay r) {
        return r.status() == RelayStatus.AWAITING_PAYMENT && r.awaitingPaymentInvoice() != null;
    }

    /** The tenant's relays that still wait for their first Lightning invoice (see {@link #desired}). */
    List<LightningWait> lightningWaits(String tenant) {
        return jdbi.withHandle(h -> relayStore.byTenant(h, tenant).stream()
                .filter(CardQuantities::waitsOnLightning)
                .filter(r -> prices.plans().of(r.plan()).paid())
                .map(r -> new LightningWait(r.id(), r.name(), r.awaitingPaymentInvoice()))
                .toList());
    }

    /**
     * On card, a relay still waiting on a first Lightning invoice from before the switch is the card's now: the invoice
     * is cancelled before the card is charged for the relay, so it can never be paid on both rails. A Lightning payment
     * that came first put the relay in service, and {@link CardLedger#places} then counts its place as paid.
     */
    void takeOverLightningInvoices(String tenant) {
        jdbi.useTransaction(h -> {
            for (Relay r : relayStore.byTenant(h, tenant)) {
                if (!waitsOnLightning(r)) continue;
                invoicing.voidUnpaid(h, r.awaitingPaymentInvoice(), "the card pays for the relay instead");
                relayStore.setAwaitingPaymentInvoice(h, r.id(), null);
            }
        });
    }
}
