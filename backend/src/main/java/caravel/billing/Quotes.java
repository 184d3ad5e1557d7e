package caravel.billing;

import caravel.domain.Epoch;
import caravel.domain.Failure;
import caravel.domain.Plan;
import caravel.domain.Rail;
import caravel.domain.RelayProfile;
import caravel.domain.RelayStatus;
import caravel.relays.NewRelay;
import caravel.relays.RelayStateMachine;
import caravel.relays.RelayStateMachine.Actor;
import caravel.relays.RelayTransitions;
import caravel.relays.Relays;
import caravel.relays.TransitionRefused;
import caravel.store.Ids;
import caravel.store.Relay;
import caravel.store.RelayStore;
import caravel.store.Tenant;
import caravel.store.TenantStore;
import java.time.Clock;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Price quotes: what a plan change (or a new relay) would charge now, for which period, when it takes effect, and
 * what the next renewal will be. A quote runs the real change inside a transaction that is always rolled back, so it
 * can never disagree with what the change itself would do.
 */
public final class Quotes {
    /**
     * @param change      upgrade, downgrade, cancel (asking for the plan the relay is on, dropping a scheduled change),
     *                    none, or new
     * @param takesEffect on_payment (paid before served), next_renewal (downgrades), now (nothing to pay)
     * @param autopay     what autopay would do with the charge: pays, needs_confirmation, off, or null (nothing to pay
     *                    over Lightning: also on card, where autopay is not used)
     * @param rail        lightning, or card: the card is charged through Stripe and chargeNow (Lightning's) is null
     * @param cardPrice   on card, what the plan costs a month by card (null when not on card or not known yet)
     * @param freeRelaysLeft for a new relay on a free plan, how many more free relays the account may hold before
     *                    this one (QUOTA_FREE_RELAYS less those it holds): the create form's hint; null otherwise
     */
    public record Quote(
            String plan,
            String currentPlan,
            String change,
            Charge chargeNow,
            String takesEffect,
            Long effectiveAt,
            Renewal nextRenewal,
            String autopay,
            Rail rail,
            CardPrices.Money cardPrice,
            Integer freeRelaysLeft) {}

    public record Charge(
            long amount, long creditApplied, long amountDue, Long periodStart, Long periodEnd, String kind) {}

    public record Renewal(Long at, long amount) {}

    private final Jdbi jdbi;
    private final Clock clock;
    private final RelayStore relayStore;
    private final TenantStore tenants;
    private final InvoiceStore invoices;
    private final Relays relays;
    private final Charging charging;

    /** @param relays makes the relay a quote is for, inside the quote's transaction */
    public Quotes(
            Jdbi jdbi,
            Clock clock,
            RelayStore relayStore,
            TenantStore tenants,
            InvoiceStore invoices,
            Relays relays,
            Charging charging) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.relayStore = relayStore;
        this.tenants = tenants;
        this.invoices = invoices;
        this.relays = relays;
        this.charging = charging;
    }

    /** A plan change of an existing relay. Refusals come out as the change's own (TransitionRefused, the caller's mistake). */
    public Quote forChange(String relayId, Plan to, Actor by) {
        return rolledBack(h -> {
            long now = Epoch.seconds(clock);
            Relay before = relayStore
                    .find(h, relayId)
                    .orElseThrow(() -> new TransitionRefused(Failure.Kind.NOT_FOUND, "relay not found"));
            String beforeInvoice = latestInvoice(h, before.tenant());
            Relay after = relays.updateIn(h, relayId, Relays.Changes.NONE.withPlan(to), by, now);
            String change;
            if (to.id().equals(before.plan()))
                change = before.pendingPlan() != null || before.upgradePlan() != null ? "cancel" : "none";
            else
                change =
                        to.price() > charging.prices().plans().of(before.plan()).price() ? "upgrade" : "downgrade";
            Charge charge = newCharge(h, before.tenant(), beforeInvoice);
            String effect;
            Long effectiveAt = null;
            if (change.equals("downgrade") && after.pendingPlan() != null) {
                effect = "next_renewal";
                effectiveAt = nextRenewalAt(h, before.tenant(), now);
            } else {
                // on card an upgrade waits for the card's charge (upgrade_plan set), with no Lightning invoice
                boolean waits = (charge != null && charge.amountDue() > 0) || after.upgradePlan() != null;
                effect = waits ? "on_payment" : "now";
            }
            boolean onCard = charging.rails().choice(h, before.tenant()).onCard();
            return new Quote(
                    to.id(),
                    before.plan(),
                    change,
                    charge,
                    effect,
                    effectiveAt,
                    nextRenewal(h, before.tenant(), now),
                    onCard ? null : autopay(h, before.tenant(), charge, now),
                    onCard ? Rail.CARD : Rail.LIGHTNING,
                    onCard ? cardPrice(to) : null,
                    null);
        });
    }

    /** A new relay on this plan for the tenant. */
    public Quote forNew(String tenant, Plan plan) {
        return rolledBack(h -> {
            long now = Epoch.seconds(clock);
            String beforeInvoice = latestInvoice(h, tenant);
            // read before the placeholder relay below counts (at the quota, its creation is refused: forbidden, naming
            // it)
            Integer freeLeft = plan.paid() ? null : relays.freeRelaysLeft(h, tenant);
            String id = Ids.newId();
            // a placeholder subdomain that cannot collide (relays' subdomains never contain '.'), rolled back anyway
            relays.createIn(
                    h,
                    NewRelay.of(tenant, RelayProfile.EMPTY.withName("quote"), "quote." + id, plan),
                    Actor.tenant(tenant),
                    id,
                    "quote",
                    now);
            Charge charge = newCharge(h, tenant, beforeInvoice);
            boolean onCard = charging.rails().choice(h, tenant).onCard();
            // on card a paid relay waits for the card's charge, with no Lightning invoice
            boolean waits = (charge != null && charge.amountDue() > 0) || (onCard && plan.paid());
            return new Quote(
                    plan.id(),
                    null,
                    "new",
                    charge,
                    waits ? "on_payment" : "now",
                    null,
                    nextRenewal(h, tenant, now),
                    onCard ? null : autopay(h, tenant, charge, now),
                    onCard ? Rail.CARD : Rail.LIGHTNING,
                    onCard ? cardPrice(plan) : null,
                    freeLeft);
        });
    }

    private interface InTx<T> {
        T run(Handle h);
    }

    private <T> T rolledBack(InTx<T> f) {
        return jdbi.withHandle(h -> {
            h.begin();
            try {
                return f.run(h);
            } finally {
                h.rollback();
            }
        });
    }

    private String latestInvoice(Handle h, String tenant) {
        return invoices.latestId(h, tenant).orElse(null);
    }

    /** The invoice the simulated change created (not a renewal it triggered), if any. */
    private Charge newCharge(Handle h, String tenant, String beforeInvoice) {
        List<String> created = invoices.createdAfter(h, tenant, beforeInvoice);
        if (created.isEmpty()) return null;
        Invoice inv = invoices.find(h, created.get(0)).orElseThrow();
        Long start = inv.items().stream()
                .map(Invoice.Item::periodStart)
                .min(Long::compare)
                .orElse(null);
        Long end = inv.items().stream()
                .map(Invoice.Item::periodEnd)
                .max(Long::compare)
                .orElse(null);
        return new Charge(
                inv.amount(), inv.creditApplied(), inv.amount() - inv.creditApplied(), start, end, inv.kind());
    }

    private Long nextRenewalAt(Handle h, String tenant, long now) {
        Tenant t = tenants.find(h, tenant).orElseThrow();
        return t.billingAnchor() == null
                ? null
                : Cycles.at(t.billingAnchor(), Math.max(now, t.billingAnchor())).end();
    }

    /** The next renewal assuming the quoted charge is paid: every paid relay at the plan it will be on then. */
    private Renewal nextRenewal(Handle h, String tenant, long now) {
        long amount = 0;
        for (Relay r : relayStore.byTenant(h, tenant)) {
            var st = RelayTransitions.stateOf(r);
            boolean counted = RelayStateMachine.renewable(st.status()) || st.status() == RelayStatus.AWAITING_PAYMENT;
            if (!counted) continue;
            String plan =
                    r.pendingPlan() != null ? r.pendingPlan() : r.upgradePlan() != null ? r.upgradePlan() : r.plan();
            amount += charging.prices()
                    .satsNow(charging.prices().plans().of(plan))
                    .orElse(0L);
        }
        return new Renewal(nextRenewalAt(h, tenant, now), amount);
    }

    private CardPrices.Money cardPrice(Plan plan) {
        return plan.paid()
                ? charging.cardPrices()
                        .perPeriod(java.util.Map.of(plan.id(), 1L))
                        .orElse(null)
                : null;
    }

    private String autopay(Handle h, String tenant, Charge charge, long now) {
        if (charge == null || charge.amountDue() == 0) return null;
        Tenant t = tenants.find(h, tenant).orElseThrow();
        if (t.nwcUrlEnc() == null) return "off";
        long spent =
                charging.autopay().autopaySpent(h, tenant, charging.autopay().cycleStart(t, now));
        return spent + charge.amountDue() <= charging.autopay().autopayBudget(h, t) ? "pays" : "needs_confirmation";
    }
}
