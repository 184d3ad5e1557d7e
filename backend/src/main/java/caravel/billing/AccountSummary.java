package caravel.billing;

import caravel.domain.Epoch;
import caravel.domain.Plan;
import caravel.domain.Rail;
import caravel.domain.RelayStatus;
import caravel.relays.RelayStateMachine;
import caravel.relays.RelayTransitions;
import caravel.store.Relay;
import caravel.store.RelayStore;
import caravel.store.Tenant;
import caravel.store.TenantStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * What the account page shows, computed where the billing rules live so it cannot drift from them: the next
 * renewal (when, how much, for which relays), what is overdue and since when, credit, what autopay will do, and the
 * one answer every card on the page renders for "what you pay next, when and how" ({@link NextPayment}), which knows
 * the rail and a switch between rails asked for.
 */
public final class AccountSummary {
    public record Summary(
            NextRenewal nextRenewal,
            List<Overdue> overdue,
            List<Due> awaitingPayment,
            long credit,
            Autopay autopay,
            NextPayment nextPayment) {}

    /** How the next renewal is paid. */
    public enum Method {
        /** from the tenant's own wallet, by autopay (Lightning) */
        AUTOPAY,
        /** a Lightning invoice the tenant pays by hand (autopay is off) */
        INVOICE,
        /** the card subscription (Stripe) */
        CARD,
        /** no paid relay renews */
        NONE;

        @com.fasterxml.jackson.annotation.JsonValue
        public String json() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * What the tenant pays next, when and how. Lightning amounts are in sats after credit; a card charge is in the
     * card's currency when Stripe's prices are known (cardAmount null otherwise).
     *
     * @param at           the renewal (null: nothing renews)
     * @param sats         what the renewal takes over Lightning, after credit (0 on card)
     * @param cardAmount   what the card is charged, minor unit of cardCurrency (null: not on card, or not known yet)
     * @param perPeriod    what the card would charge per period for these relays (shown before a switch to card)
     * @param railSwitch   a switch between rails asked for (null: none)
     * @param checkoutCharge on card with no card set up, what Stripe Checkout charges now for the relays waiting and
     *                     those in service (null otherwise, or while Stripe's prices are not known)
     */
    public record NextPayment(
            Method method,
            Long at,
            long sats,
            Long cardAmount,
            String cardCurrency,
            Rail rail,
            RailSwitch railSwitch,
            CardPrices.Money perPeriod,
            boolean cardDue,
            CardPrices.Money checkoutCharge) {}

    /**
     * @param to    the rail asked for
     * @param at    when it takes effect: the next renewal
     * @param ready false while a switch to card waits for the tenant to finish Stripe Checkout (it would not happen)
     */
    public record RailSwitch(Rail to, Long at, boolean ready) {}

    /**
     * @param amount sats: what the renewal would charge at today's bitcoin price when plans are priced in fiat
     * @param price  the same in the plans' currency (sats, or cents of PRICE_CURRENCY): the fixed figure
     */
    public record NextRenewal(Long at, long amount, List<Line> items, long price, String currency) {}

    /** amount in sats (today's price for fiat plans), price in the plans' currency. */
    public record Line(String relay, String relayName, String plan, long amount, long price) {}

    /** An invoice past its due date: suspends (or suspended) at suspendsAt unless paid. */
    public record Overdue(
            String invoice, long amountDue, long dueAt, long suspendsAt, boolean suspending, boolean waived) {}

    /** A gated invoice a relay or an upgrade waits for. */
    public record Due(String invoice, long amountDue, String kind) {}

    /**
     * @param budget          sats per cycle autopay may spend on charges a session creates
     * @param budgetIsDefault the budget follows the monthly total (the tenant set none)
     * @param next            a sentence: what autopay will do next
     */
    public record Autopay(
            boolean enabled, long budget, boolean budgetIsDefault, long spentThisCycle, long remaining, String next) {}

    private final Jdbi jdbi;
    private final Clock clock;
    private final TenantStore tenants;
    private final RelayStore relayStore;
    private final CreditStore credits;
    private final OwedInvoiceStore owed = new OwedInvoiceStore();
    private final Charging charging;

    public AccountSummary(
            Jdbi jdbi,
            Clock clock,
            TenantStore tenants,
            RelayStore relayStore,
            CreditStore credits,
            Charging charging) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.tenants = tenants;
        this.relayStore = relayStore;
        this.credits = credits;
        this.charging = charging;
    }

    public Summary of(String tenant) {
        long now = Epoch.seconds(clock);
        return jdbi.withHandle(h -> {
            Tenant t = tenants.find(h, tenant).orElseThrow();
            Long at = t.billingAnchor() == null
                    ? null
                    : Cycles.at(t.billingAnchor(), Math.max(now, t.billingAnchor()))
                            .end();
            List<Line> lines = new ArrayList<>();
            long total = 0;
            long totalPrice = 0;
            boolean waiting = false;
            // plan → relays waiting for their first payment: with the renewing ones, what a card Checkout charges
            java.util.Map<String, Long> waitingPlans = new java.util.LinkedHashMap<>();
            for (Relay r : relayStore.byTenant(h, tenant)) {
                // a relay (or an upgrade) waiting for its first payment: on card, "Pay by card" pays it
                boolean awaiting = RelayTransitions.stateOf(r).status() == RelayStatus.AWAITING_PAYMENT;
                if (charging.prices().plans().of(r.plan()).paid() && (awaiting || r.upgradePlan() != null))
                    waiting = true;
                if (awaiting && charging.prices().plans().of(r.plan()).paid())
                    waitingPlans.merge(r.plan(), 1L, Long::sum);
                if (!RelayStateMachine.renewable(RelayTransitions.stateOf(r).status())) continue;
                // a scheduled downgrade is what the renewal bills; an unpaid upgrade is not (it may never be paid)
                String plan = r.pendingPlan() != null ? r.pendingPlan() : r.plan();
                Plan p = charging.prices().plans().of(plan);
                if (!p.paid()) continue;
                long sats = charging.prices().satsNow(p).orElse(0L);
                lines.add(new Line(r.id(), r.name(), plan, sats, p.price()));
                total += sats;
                totalPrice += p.price();
            }
            List<Overdue> overdue = owed.dueBy(h, tenant, now).stream()
                    .map(u -> new Overdue(
                            u.id(),
                            u.amountDue(),
                            u.dueAt(),
                            u.dueAt() + Renewals.GRACE_SECONDS,
                            !u.waived(),
                            u.waived()))
                    .toList();
            List<Due> awaiting = owed.awaitingPayment(h, tenant).stream()
                    .map(u -> new Due(u.id(), u.amountDue(), u.kind()))
                    .toList();
            long credit = credits.balance(h, tenant);
            long budget = charging.autopay().autopayBudget(h, t);
            long spent = charging.autopay()
                    .autopaySpent(h, tenant, charging.autopay().cycleStart(t, now));
            boolean on = t.nwcUrlEnc() != null;
            Rails.Choice choice = charging.rails().choice(h, tenant);
            NextPayment next = nextPayment(choice, on, at, total, credit, lines, waiting, waitingPlans);
            // what autopay does, in the same terms as the next payment: it never promises a renewal the card pays
            String autopayNext;
            boolean cardPaysRenewal = next.method() == Method.CARD;
            if (choice.onCard() && choice.nextRail() != Rail.LIGHTNING)
                autopayNext = "Your card pays renewals, new relays and upgrades: autopay is not used.";
            else if (!on) autopayNext = "Autopay is off: you pay each invoice yourself, from any Lightning wallet.";
            else if (next.method() == Method.AUTOPAY && at != null)
                autopayNext =
                        "Autopay will pay the renewal of " + Messages.sats(next.sats()) + " on " + Messages.day(at)
                                + "; new relays and upgrades are paid automatically up to "
                                + Messages.sats(Math.max(0, budget - spent))
                                + " more this cycle, above that you confirm each payment.";
            else
                autopayNext = (cardPaysRenewal ? "Your card pays the renewal. " : "")
                        + "Autopay will pay new relays and upgrades up to "
                        + Messages.sats(Math.max(0, budget - spent))
                        + " this cycle; above that you confirm each payment.";
            return new Summary(
                    new NextRenewal(
                            at,
                            total,
                            lines,
                            totalPrice,
                            charging.prices().currency().code()),
                    overdue,
                    awaiting,
                    credit,
                    new Autopay(on, budget, t.autopayBudget() == null, spent, Math.max(0, budget - spent), autopayNext),
                    next);
        });
    }

    /**
     * The rail that bills the renewal at {@code at}: the current one, or the one a switch asked for (a switch to card
     * only with its card set up: otherwise Lightning renews and the switch keeps waiting, see Rails.atRenewal).
     */
    private NextPayment nextPayment(
            Rails.Choice choice,
            boolean autopayOn,
            Long at,
            long total,
            long credit,
            List<Line> lines,
            boolean relaysWaiting,
            java.util.Map<String, Long> waitingPlans) {
        java.util.Map<String, Long> quantities = new java.util.LinkedHashMap<>();
        for (Line l : lines) quantities.merge(l.plan(), 1L, Long::sum);
        // on card with no card set up yet, Checkout charges a first period for every relay to pay for: say how much
        // before sending anyone there (with a card set up, Stripe charges the difference pro rata: no figure here)
        CardPrices.Money checkout = null;
        if (choice.onCard() && !choice.cardSetUp() && !waitingPlans.isEmpty()) {
            java.util.Map<String, Long> all = new java.util.LinkedHashMap<>(quantities);
            waitingPlans.forEach((plan, n) -> all.merge(plan, n, Long::sum));
            checkout = charging.cardPrices().perPeriod(all).orElse(null);
        }
        CardPrices.Money perPeriod = lines.isEmpty()
                ? null
                : charging.cardPrices().perPeriod(quantities).orElse(null);
        RailSwitch railSwitch = choice.nextRail() == null
                ? null
                : new RailSwitch(choice.nextRail(), at, choice.nextRail() != Rail.CARD || choice.cardSetUp());
        boolean renewsOnCard =
                (railSwitch != null && railSwitch.ready()) ? railSwitch.to() == Rail.CARD : choice.onCard();
        // something waits for a card payment: a switch to card whose card is not set up yet, or (on card) relays or
        // upgrades waiting for their first payment. It tells the page whether "Pay by card" has anything to do.
        boolean cardDue = (railSwitch != null && railSwitch.to() == Rail.CARD && !railSwitch.ready())
                || (choice.onCard() && relaysWaiting);
        if (at == null || lines.isEmpty())
            return new NextPayment(
                    Method.NONE, null, 0, null, null, choice.rail(), railSwitch, perPeriod, cardDue, checkout);
        if (renewsOnCard)
            return new NextPayment(
                    Method.CARD,
                    at,
                    0,
                    perPeriod == null ? null : perPeriod.amount(),
                    perPeriod == null ? null : perPeriod.currency(),
                    choice.rail(),
                    railSwitch,
                    perPeriod,
                    cardDue,
                    checkout);
        return new NextPayment(
                autopayOn ? Method.AUTOPAY : Method.INVOICE,
                at,
                Math.max(0, total - credit),
                null,
                null,
                choice.rail(),
                railSwitch,
                perPeriod,
                cardDue,
                checkout);
    }
}
