package caravel.billing;

import caravel.domain.Plan;
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
 * renewal (when, how much, for which relays), what is overdue and since when, credit, and what autopay will do.
 */
public final class AccountSummary {
    public record Summary(
            NextRenewal nextRenewal, List<Overdue> overdue, List<Due> awaitingPayment, long credit, Autopay autopay) {}

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
    private final TenantStore tenants;
    private final RelayStore relayStore;
    private final InvoiceStore invoices;
    private final CreditStore credits;
    private final caravel.billing.Autopay autopay;
    private final PlanPrices prices;
    private final Clock clock;

    public AccountSummary(
            Jdbi jdbi,
            TenantStore tenants,
            RelayStore relayStore,
            InvoiceStore invoices,
            CreditStore credits,
            caravel.billing.Autopay autopay,
            PlanPrices prices,
            Clock clock) {
        this.prices = prices;
        this.jdbi = jdbi;
        this.tenants = tenants;
        this.relayStore = relayStore;
        this.invoices = invoices;
        this.credits = credits;
        this.autopay = autopay;
        this.clock = clock;
    }

    public Summary of(String tenant) {
        long now = clock.millis() / 1000;
        return jdbi.withHandle(h -> {
            Tenant t = tenants.find(h, tenant).orElseThrow();
            Long at = t.billingAnchor() == null
                    ? null
                    : Cycles.at(t.billingAnchor(), Math.max(now, t.billingAnchor()))
                            .end();
            List<Line> lines = new ArrayList<>();
            long total = 0;
            long totalPrice = 0;
            for (Relay r : relayStore.byTenant(h, tenant)) {
                if (!RelayStateMachine.renewable(RelayTransitions.stateOf(r).status())) continue;
                // a scheduled downgrade is what the renewal bills; an unpaid upgrade is not (it may never be paid)
                String plan = r.pendingPlan() != null ? r.pendingPlan() : r.plan();
                Plan p = prices.plans().of(plan);
                if (!p.paid()) continue;
                long sats = prices.satsNow(p).orElse(0L);
                lines.add(new Line(r.id(), r.name(), plan, sats, p.price()));
                total += sats;
                totalPrice += p.price();
            }
            List<Overdue> overdue = invoices.dueBy(h, tenant, now).stream()
                    .map(u -> new Overdue(
                            u.id(),
                            u.amountDue(),
                            u.dueAt(),
                            u.dueAt() + Renewals.GRACE_SECONDS,
                            !u.waived(),
                            u.waived()))
                    .toList();
            List<Due> awaiting = invoices.awaitingPayment(h, tenant).stream()
                    .map(u -> new Due(u.id(), u.amountDue(), u.kind()))
                    .toList();
            long credit = credits.balance(h, tenant);
            long budget = autopay.autopayBudget(h, t);
            long spent = autopay.autopaySpent(h, tenant, autopay.cycleStart(t, now));
            boolean on = t.nwcUrlEnc() != null;
            String next;
            if (!on) next = "Autopay is off: invoices are paid by scanning or opening them in a wallet.";
            else if (total > 0 && at != null)
                next = "Autopay will pay the renewal of " + Messages.sats(Math.max(0, total - credit)) + " on "
                        + Messages.day(at)
                        + "; new relays and upgrades are paid automatically up to "
                        + Messages.sats(Math.max(0, budget - spent))
                        + " more this cycle, above that you confirm each payment.";
            else
                next = "Autopay will pay new relays and upgrades up to " + Messages.sats(Math.max(0, budget - spent))
                        + " this cycle; above that you confirm each payment.";
            return new Summary(
                    new NextRenewal(
                            at, total, lines, totalPrice, prices.currency().code()),
                    overdue,
                    awaiting,
                    credit,
                    new Autopay(on, budget, t.autopayBudget() == null, spent, Math.max(0, budget - spent), next));
        });
    }
}
