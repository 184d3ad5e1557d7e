package caravel.stripe;

import caravel.billing.Invoicing;
import caravel.billing.Notices;
import caravel.domain.Actor;
import caravel.domain.Plans;
import caravel.domain.Rail;
import caravel.domain.RelayStatus;
import caravel.relays.RelayStateMachine;
import caravel.relays.RelayStateMachine.Action;
import caravel.relays.RelayTransitions;
import caravel.store.ActivityLog;
import caravel.store.CardAccount;
import caravel.store.Relay;
import caravel.store.RelayStore;
import caravel.store.TenantStore;
import caravel.stripe.StripeGateway.Subscription;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * What Stripe's state means for Caravel's, applied inside the webhook's transaction (the only place card payments
 * change anything). It works from objects fetched fresh from Stripe, never from an event's copy, so events that
 * arrive twice or out of order lead to the same result as the latest state.
 *
 * <p>Relays go through the same state machine as on Lightning: the subscription's quantity of a plan is how many
 * relays on that plan are paid for; relays already served keep their places, then paid upgrades apply, then relays
 * waiting for their first payment are served, oldest first. Stripe's invoices are mirrored beside this
 * ({@link CardInvoiceMirror}).
 */
public final class CardLedger {
    private final TenantStore tenants;
    private final CardStore cards;
    private final ActivityLog activity;
    private final Prices prices;
    private final RelayStore relayStore;
    private final Invoicing invoicing;
    private final RelayTransitions transitions;
    private final Notices notices;

    public CardLedger(
            TenantStore tenants,
            CardStore cards,
            ActivityLog activity,
            Prices prices,
            RelayStore relayStore,
            Invoicing invoicing,
            RelayTransitions transitions,
            Notices notices) {
        this.tenants = tenants;
        this.cards = cards;
        this.activity = activity;
        this.prices = prices;
        this.relayStore = relayStore;
        this.invoicing = invoicing;
        this.transitions = transitions;
        this.notices = notices;
    }

    /** The subscription as Stripe has it now, applied to the tenant's relays. */
    void applySubscription(Handle h, String tenant, Subscription sub, long now) {
        CardAccount a = tenants.cardAccount(h, tenant).orElseThrow();
        if (sub.live()) {
            boolean wanted = a.onCard() || a.nextRail() == Rail.CARD;
            if (a.subscription() == null && !wanted) {
                // paid for after the tenant left card (a checkout from before): never billed on both rails, so it ends
                activity.add(
                        h,
                        tenant,
                        null,
                        "card_subscription_ignored",
                        "A card subscription started after this account switched to Lightning: it is cancelled",
                        Actor.SYSTEM,
                        now);
                return;
            }
            if (a.subscription() != null && !a.subscription().equals(sub.id())) {
                // a second live subscription would bill twice: only the tenant's own counts (checkout refuses a second)
                activity.add(
                        h,
                        tenant,
                        null,
                        "card_subscription_ignored",
                        "A card subscription that is not this account's own was not applied",
                        Actor.SYSTEM,
                        now);
                return;
            }
            tenants.setStripeSubscription(h, tenant, sub.id(), prices.plans(sub), now);
            cards.adoptSubscription(h, sub.id(), tenant, now);
            if (a.subscription() == null)
                activity.add(h, tenant, null, "card_subscription", "Card payments set up", Actor.SYSTEM, now);
            // the tenant's cycle follows the subscription's when card is its first rail
            Long start = sub.periodStart();
            tenants.setBillingAnchorIfAbsent(h, tenant, start != null ? start : now, now);
            if (a.onCard() && a.nextRail() == Rail.LIGHTNING && !sub.cancelAtPeriodEnd()) {
                // resumed in the portal: the tenant keeps paying by card
                tenants.setRail(h, tenant, Rail.CARD, null, now);
                activity.add(
                        h,
                        tenant,
                        null,
                        "rail_switch_cancelled",
                        "The card subscription was resumed: relays stay on card payments",
                        Actor.SYSTEM,
                        now);
            }
            if (a.onCard()) serve(h, tenant, prices.plans(sub));
            return;
        }
        if (!sub.id().equals(a.subscription())) return; // an old or foreign subscription ended: nothing of ours changes
        tenants.setStripeSubscription(h, tenant, null, Map.of(), now);
        if (!a.onCard()) return;
        if (a.nextRail() == Rail.LIGHTNING) {
            // it ended at the period end the tenant chose for switching: the switch happens now, relays stay, and
            // Lightning bills them from now to the tenant's next renewal (Stripe billed nothing past its period end)
            tenants.setRail(h, tenant, Rail.LIGHTNING, null, now);
            activity.add(
                    h,
                    tenant,
                    null,
                    "rail_switched",
                    "Card subscription ended: relays are billed over Lightning from now on",
                    Actor.SYSTEM,
                    now);
            for (Relay r : relayStore.byTenant(h, tenant))
                if (prices.plans().of(r.plan()).paid() && RelayStateMachine.served(r.status()))
                    invoicing.onReactivated(h, r, Actor.SYSTEM);
            return;
        }
        // cancelled (in the portal, or by Stripe after failed retries): paid relays end, as a deactivation by the
        // tenant
        List<Relay> ended = new ArrayList<>();
        for (Relay r : relayStore.byTenant(h, tenant)) {
            if (!prices.plans().of(r.plan()).paid()) continue;
            RelayStatus st = r.status();
            if (!(RelayStateMachine.served(st) || st == RelayStatus.SUSPENDED)) continue;
            ended.add(transitions.apply(
                    h,
                    r.id(),
                    Action.DEACTIVATE,
                    RelayStateMachine.Actor.tenant(tenant),
                    null,
                    "Deactivated at the end of the paid period: the card subscription was cancelled"));
        }
        activity.add(h, tenant, null, "card_subscription_ended", "The card subscription ended", Actor.SYSTEM, now);
        if (!ended.isEmpty())
            notices.send(
                    h,
                    tenant,
                    null,
                    "Your card subscription ended, so " + names(ended) + (ended.size() == 1 ? " was" : " were")
                            + " deactivated. The data is kept: reactivate from your dashboard and pay to bring "
                            + (ended.size() == 1 ? "it" : "them") + " back.",
                    "dm:card-ended:" + sub.id());
    }

    /**
     * Serves what the quantities pay for (plan id → quantity): places go to relays in service first, then to paid
     * upgrades, then to relays waiting for their first payment (oldest first). Nothing is ever taken away here: a
     * relay loses service only by cancellation or by the grace period of an unpaid invoice.
     */
    private void serve(Handle h, String tenant, Map<String, Long> paid) {
        Map<String, Long> free = new HashMap<>(paid);
        Claims c = claims(relayStore.byTenant(h, tenant), prices.plans());
        for (Relay r : c.held()) take(free, placeOf(r), prices.plans());
        for (Relay r : c.upgrades()) {
            if (take(free, r.upgradePlan(), prices.plans()))
                transitions.apply(
                        h,
                        r.id(),
                        Action.APPLY_UPGRADE,
                        RelayStateMachine.Actor.BILLING,
                        null,
                        "Card payment received: the " + r.upgradePlan() + " plan is served from now on");
            else take(free, placeOf(r), prices.plans());
        }
        for (Relay r : c.waiting()) {
            if (!take(free, r.plan(), prices.plans())) continue;
            if (r.awaitingPaymentInvoice()
                    != null) { // a Lightning invoice from before the switch: cancelled, the card paid
                invoicing.voidUnpaid(h, r.awaitingPaymentInvoice(), "paid by card instead");
                relayStore.setAwaitingPaymentInvoice(h, r.id(), null);
            }
            transitions.apply(
                    h,
                    r.id(),
                    Action.FIRST_PAYMENT,
                    RelayStateMachine.Actor.BILLING,
                    null,
                    "Card payment received: the relay is served");
        }
    }

    /**
     * The tenant's relays that claim places on the subscription, in the order they get them: relays in service keep
     * theirs first (dearest plans first; a scheduled downgrade holds a place of its new plan, which the subscription
     * bills from the next period, and a place on a dearer plan covers a cheaper one), then paid upgrades, then relays
     * waiting for their first payment, oldest first.
     */
    record Claims(List<Relay> held, List<Relay> upgrades, List<Relay> waiting) {}

    static Claims claims(List<Relay> relays, Plans plans) {
        List<Relay> all = new ArrayList<>(relays);
        all.sort(Comparator.comparingLong(Relay::createdAt).thenComparing(Relay::id));
        List<Relay> held = new ArrayList<>(), upgrades = new ArrayList<>(), waiting = new ArrayList<>();
        for (Relay r : all) {
            if (!plans.of(r.plan()).paid() && r.upgradePlan() == null) continue;
            RelayStatus st = r.status();
            if (st == RelayStatus.AWAITING_PAYMENT) waiting.add(r);
            else if (RelayStateMachine.served(st) && r.upgradePlan() != null) upgrades.add(r);
            else if (RelayStateMachine.served(st) || st == RelayStatus.SUSPENDED) held.add(r);
        }
        held.sort(Comparator.comparingLong((Relay r) -> -plans.of(placeOf(r)).price()));
        return new Claims(held, upgrades, waiting);
    }

    /**
     * Whether these quantities (plan id → quantity) leave a place for one more relay on {@code plan} once every relay
     * of the tenant that claims one has it, as {@link #serve} would hand them out (waiting relays and upgrades
     * included: a place already owed to them is not free).
     */
    static boolean placeLeft(List<Relay> relays, Map<String, Long> paid, String plan, Plans plans) {
        Map<String, Long> free = new HashMap<>(paid);
        Claims c = claims(relays, plans);
        for (Relay r : c.held()) take(free, placeOf(r), plans);
        for (Relay r : c.upgrades()) if (!take(free, r.upgradePlan(), plans)) take(free, placeOf(r), plans);
        for (Relay r : c.waiting()) take(free, r.plan(), plans);
        return take(free, plan, plans);
    }

    /**
     * The quantities (plan id → quantity) a sync goes through from {@code have}, the subscription's now. {@code paid}:
     * {@code have} with a place again for every relay in service that has none, which happens when a scheduled
     * downgrade lowered the subscription for its next period and was then cancelled: the current period was paid at
     * that plan, so restoring it charges nothing. {@code charged}: {@code paid} with the places paid upgrades and
     * relays waiting for their first payment still need, the only ones charged now. Places are handed out as
     * {@link #serve} would.
     */
    record Places(Map<String, Long> paid, Map<String, Long> charged) {}

    static Places places(List<Relay> relays, Map<String, Long> have, Plans plans) {
        Map<String, Long> free = new HashMap<>(have);
        Map<String, Long> paid = new LinkedHashMap<>(have);
        Map<String, Long> more = new LinkedHashMap<>();
        Claims c = claims(relays, plans);
        for (Relay r : c.held()) if (!take(free, placeOf(r), plans)) paid.merge(placeOf(r), 1L, Long::sum);
        for (Relay r : c.upgrades()) {
            if (take(free, r.upgradePlan(), plans)) continue;
            if (!take(free, placeOf(r), plans)) paid.merge(placeOf(r), 1L, Long::sum);
            more.merge(r.upgradePlan(), 1L, Long::sum);
        }
        for (Relay r : c.waiting()) if (!take(free, r.plan(), plans)) more.merge(r.plan(), 1L, Long::sum);
        Map<String, Long> charged = new LinkedHashMap<>(paid);
        more.forEach((p, q) -> charged.merge(p, q, Long::sum));
        return new Places(paid, charged);
    }

    private static String placeOf(Relay r) {
        return r.pendingPlan() != null ? r.pendingPlan() : r.plan();
    }

    /** Takes a free place on this plan, else on the cheapest dearer plan that has one. */
    private static boolean take(Map<String, Long> free, String plan, Plans plans) {
        if (!plans.of(plan).paid()) return true;
        long price = plans.of(plan).price();
        String best = null;
        for (var e : free.entrySet()) {
            if (e.getValue() <= 0 || plans.byId(e.getKey()).isEmpty()) continue; // a price not Caravel's
            long p = plans.of(e.getKey()).price();
            if (p >= price && (best == null || p < plans.of(best).price())) best = e.getKey();
        }
        if (best == null) return false;
        free.merge(best, -1L, Long::sum);
        return true;
    }

    private static String names(List<Relay> rs) {
        return String.join(
                ", ",
                rs.stream().map(r -> r.name() + " (" + r.subdomain() + ")").toList());
    }
}
