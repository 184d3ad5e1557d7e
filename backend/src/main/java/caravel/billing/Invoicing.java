package caravel.billing;

import caravel.domain.Failure;
import caravel.domain.InvoiceStatus;
import caravel.domain.Plan;
import caravel.domain.RelayStatus;
import caravel.invoice.Lifecycle;
import caravel.jobs.JobPayloads;
import caravel.relays.RelayStateMachine;
import caravel.relays.RelayStateMachine.Action;
import caravel.relays.RelayStateMachine.Actor;
import caravel.relays.RelayTransitions;
import caravel.store.Ids;
import caravel.store.Relay;
import caravel.store.Tenant;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Lightning charges: one anchor per tenant, one renewal invoice per cycle batching every paid
 * relay in service, pro-rata invoices for relays created, upgraded or reactivated mid-cycle, downgrades at the next
 * cycle. Everything here runs inside the caller's transaction (the relay change, the payment, the periodic run).
 *
 * <p>Paid before served: a new paid relay and an upgrade get a <em>gated</em> invoice; the relay waits (or keeps its
 * current plan) until it is paid, and an unpaid gated invoice never suspends anything. Relay status and plan changes
 * go through {@link RelayTransitions}; all time comes from the injected clock.
 */
public final class Invoicing {
    /** Gets a new invoice its bolt11 (and autopay or a "please pay" DM): {@link Autopay#issue}. */
    public static final String JOB_ISSUE = "invoice.issue";

    private final BillingData d;
    private final InvoiceItemStore lines = new InvoiceItemStore();
    private final Lifecycle<String> lifecycle;
    private final RelayTransitions transitions;
    private final Rails rails;
    private final PlanPrices prices;
    private final boolean enabled;

    /** @param enabled Lightning billing is configured (a platform wallet exists): paid plans can be invoiced */
    public Invoicing(BillingData data, RelayTransitions transitions, Rails rails, PlanPrices prices, boolean enabled) {
        this.d = data;
        this.lifecycle = new Lifecycle<>(data.invoices());
        this.transitions = transitions;
        this.rails = rails;
        this.prices = prices;
        this.enabled = enabled;
    }

    public boolean enabled() {
        return enabled;
    }

    // ---- charges created by relay changes (inside the change's transaction) ----

    /** The gated first invoice of a relay on a paid plan (null for a free plan): the relay is served once it is paid. */
    public String firstInvoice(Handle h, Relay r, caravel.domain.Actor causedBy) {
        Plan plan = prices.plans().of(r.plan());
        if (!plan.paid()) return null;
        if (rails.onCard(h, r.tenant())) { // paid by card: the relay waits for Stripe instead of an invoice
            rails.changed(h, r.tenant());
            return null;
        }
        requireEnabled();
        long now = d.now();
        renewIn(h, r.tenant(), now);
        Long anchor = d.tenants().find(h, r.tenant()).orElseThrow().billingAnchor();
        String kind = anchor == null ? "initial" : "proration";
        Cycles.Cycle cycle = Cycles.at(anchorFor(h, r.tenant(), now), now);
        PlanPrices.Quote q = prices.quote();
        return createInvoice(
                h,
                r.tenant(),
                kind,
                now,
                now,
                List.of(item(q, r.id(), plan.id(), plan.price(), now, cycle)),
                true,
                q,
                causedBy);
    }

    /**
     * The gated invoice for an upgrade: the price difference until the end of the cycle (the whole new price when
     * nothing bills the relay this cycle). The relay keeps its current plan until this is paid.
     */
    public String upgradeInvoice(Handle h, Relay r, Plan to, caravel.domain.Actor causedBy) {
        if (rails.onCard(h, r.tenant())) { // the subscription's quantities change instead, charged by Stripe
            rails.changed(h, r.tenant());
            return null;
        }
        requireEnabled();
        long now = d.now();
        Plan from = prices.plans().of(r.plan());
        Long anchor = d.tenants().find(h, r.tenant()).orElseThrow().billingAnchor();
        Cycles.Cycle cycle = Cycles.at(anchorFor(h, r.tenant(), now), now);
        boolean covered = anchor != null && lines.coveredUntil(h, r.id(), now) >= cycle.end();
        long rate = covered ? to.price() - from.price() : to.price();
        PlanPrices.Quote q = prices.quote();
        InvoiceItemStore.NewItem item = item(q, r.id(), to.id(), rate, now, cycle);
        // only a difference is an "upgrade" charge; a relay nothing billed this cycle pays a base charge for the new
        // plan
        return createInvoice(
                h,
                r.tenant(),
                anchor == null ? "initial" : covered ? "upgrade" : "proration",
                now,
                now,
                List.of(item),
                true,
                q,
                causedBy);
    }

    /**
     * Whether a paid relay may be served again before it is charged. Lightning serves it and invoices the rest of the
     * cycle with grace ({@link #onReactivated}); the card rail has no such invoice to start grace, so there it is
     * served only when the subscription already pays for its place this period, else it waits for the charge.
     */
    public boolean reactivationPaid(Handle h, Relay r) {
        if (!prices.plans().of(r.plan()).paid() || !rails.onCard(h, r.tenant())) return true;
        return rails.placePaid(h, r);
    }

    /** A paid relay back in service mid-cycle pays for the rest of the cycle if nothing covers it yet (due now, with grace). */
    public String onReactivated(Handle h, Relay r, caravel.domain.Actor causedBy) {
        Plan plan = prices.plans().of(r.plan());
        if (!plan.paid() || r.awaitingPaymentInvoice() != null) return null;
        if (rails.onCard(h, r.tenant())) {
            rails.changed(h, r.tenant());
            return null;
        }
        if (!enabled()) return null;
        long now = d.now();
        renewIn(h, r.tenant(), now);
        Tenant t = d.tenants().find(h, r.tenant()).orElseThrow();
        if (t.billingAnchor() == null) return null;
        Cycles.Cycle cycle = Cycles.at(t.billingAnchor(), now);
        long from = Math.max(now, lines.coveredUntil(h, r.id(), now));
        if (from >= cycle.end()) return null;
        PlanPrices.Quote q = prices.quote();
        InvoiceItemStore.NewItem item = item(q, r.id(), plan.id(), plan.price(), from, cycle);
        return createInvoice(h, r.tenant(), "proration", now, now, List.of(item), false, q, causedBy);
    }

    /** Renews the tenant's cycle if it turned (every mid-cycle billing event calls this first). */
    public void renewNow(Handle h, String tenant) {
        renewIn(h, tenant, d.now()); // card tenants renew too (downgrades, rail switches), with no wallet involved
    }

    /** Whether the relay has an invoice still to pay: its first, an upgrade, or a line of a pending invoice. */
    public boolean owesFor(Handle h, Relay r) {
        return r.awaitingPaymentInvoice() != null || r.upgradeInvoice() != null || lines.pendingLineFor(h, r.id());
    }

    /**
     * The relay changed owners (its row already moved; {@link #owesFor} was false). The period paid for it stays
     * paid: every renewal bills a relay only from where its paid lines end ({@code coveredUntil}), whoever holds it,
     * so the giver's next renewal no longer has it and the receiver's bills it from the end of that period on. A
     * receiver never billed before gets an anchor whose first renewal falls when that period ends (the first cycle is
     * never renewed: it is billed when the anchor is set). Card tenants' subscriptions follow their relays.
     */
    public void ownerChanged(Handle h, Relay r, String from, String to) {
        long now = d.now();
        if (prices.plans().of(r.plan()).paid()
                && d.tenants().find(h, to).orElseThrow().billingAnchor() == null) {
            long paidUntil = Math.max(now, lines.coveredUntil(h, r.id(), now));
            long anchor = java.time.ZonedDateTime.ofInstant(
                            java.time.Instant.ofEpochSecond(paidUntil), java.time.ZoneOffset.UTC)
                    .minusMonths(1)
                    .toEpochSecond();
            d.tenants().setBillingAnchorIfAbsent(h, to, anchor, now);
        }
        rails.changed(h, from);
        rails.changed(h, to);
    }

    public boolean isPaid(Handle h, String invoice) {
        return d.invoices().status(h, invoice) == InvoiceStatus.PAID;
    }

    private void requireEnabled() {
        if (!enabled())
            throw Failure.invalid("paid plans are not available: Lightning billing is not configured on this platform");
    }

    private long anchorFor(Handle h, String tenant, long now) {
        d.tenants().setBillingAnchorIfAbsent(h, tenant, now, now);
        return d.tenants().find(h, tenant).orElseThrow().billingAnchor();
    }

    // ---- invoices ----

    String createInvoice(
            Handle h,
            String tenant,
            String kind,
            long now,
            long dueAt,
            List<InvoiceItemStore.NewItem> items,
            boolean gated,
            PlanPrices.Quote q,
            caravel.domain.Actor causedBy) {
        String id = Ids.newId();
        long amount = items.stream().mapToLong(InvoiceItemStore.NewItem::amount).sum();
        Invoice.Fiat fiat = items.stream().anyMatch(i -> i.fiat() == null)
                ? null
                : new Invoice.Fiat(
                        q.fiatCurrency().orElseThrow(),
                        items.stream().mapToLong(InvoiceItemStore.NewItem::fiat).sum(),
                        q.rate().orElseThrow().perBitcoin().toPlainString());
        long start =
                items.stream().mapToLong(InvoiceItemStore.NewItem::start).min().orElse(now);
        long end = items.stream().mapToLong(InvoiceItemStore.NewItem::end).max().orElse(now);
        // tenant credit (payments that arrived for invoices no longer payable) is used before asking for new money
        long credit = amount == 0 ? 0 : Math.min(amount, d.credits().balance(h, tenant));
        boolean settled = amount - credit == 0;
        d.invoices().insert(h, id, tenant, amount, settled, now, dueAt, start, end, kind, gated, credit, fiat);
        d.invoices().setCause(h, id, causedBy); // before the issue job can read it: same transaction
        if (credit > 0) d.credits().add(h, tenant, -credit, "applied to invoice " + id, id, now);
        lines.insertItems(h, id, items);
        for (InvoiceItemStore.NewItem i : items)
            d.activity()
                    .add(
                            h,
                            tenant,
                            i.relay(),
                            "invoice_issued",
                            // the tenant's words: the plan's name, no invoice id (the invoice list has it)
                            "Invoice issued: " + Messages.sats(i.amount()) + " for the "
                                    + prices.plans().nameOf(i.plan()) + " plan until " + Messages.day(i.end())
                                    + (credit > 0 ? " (" + Messages.sats(credit) + " paid from your credit)" : ""),
                            caravel.domain.Actor.SYSTEM,
                            now);
        // no attempt limit: an invoice without a bolt11 cannot be paid, so issuing retries (backoff capped by the
        // runner) through a platform-wallet outage of any length; the job ends once the invoice is paid or void
        if (!settled)
            d.jobs().enqueue(h, JOB_ISSUE, JobPayloads.write(new InvoiceJob(id)), "invoice:" + id, Integer.MAX_VALUE);
        return id;
    }

    /** See {@link caravel.relays.RelayBilling#unpaidServiceInvoices}. */
    public List<String> unpaidServiceInvoices(Handle h, Relay r) {
        return lines.pendingWithRelay(h, r.id()).stream()
                .filter(id -> !id.equals(r.awaitingPaymentInvoice()) && !id.equals(r.upgradeInvoice()))
                .toList();
    }

    /** Cancels a pending invoice (callers asked the wallet first: see {@link PaymentConfirmation#settleKnownPayments}). */
    public void voidUnpaid(Handle h, String id, String why) {
        if (!lifecycle.cancel(h, id, d.now())) return;
        Invoice inv = d.invoices().find(h, id).orElseThrow();
        if (inv.creditApplied() > 0) // the credit it used goes back to the tenant
        d.credits().add(h, inv.tenant(), inv.creditApplied(), "returned from cancelled invoice " + id, id, d.now());
        d.activity()
                .add(
                        h,
                        inv.tenant(),
                        inv.items().isEmpty() ? null : inv.items().get(0).relay(),
                        "invoice_void",
                        "An invoice of " + Messages.money(inv) + " was cancelled: " + why,
                        caravel.domain.Actor.SYSTEM,
                        d.now());
    }

    // ---- renewal ----

    /**
     * Renews the tenant's cycle if it turned, inside the caller's transaction. Every mid-cycle billing event calls
     * this first, so a cycle is always renewed before anything else is charged in it (otherwise "the rest of the
     * cycle" and "the whole cycle" could both be billed when the periodic run is late).
     * @return the renewal invoice created, or null
     */
    String renewIn(Handle h, String tenant, long now) {
        Tenant t = d.tenants().find(h, tenant).orElseThrow();
        if (t.billingAnchor() == null || t.suspended()) return null;
        Cycles.Cycle cycle = Cycles.at(t.billingAnchor(), now);
        if (cycle.index() == 0) return null; // the first cycle was billed when the anchor was set
        // this cycle was renewed already (a unique index on renewals backs the claim up)
        if (d.invoices().renewalExists(h, tenant, cycle.start())) return null;
        // checked before the claim: a renewal that waits is not done, and the next periodic run tries it again
        if (rails.renewalWaits(h, tenant, cycle.start())) return null;
        if (!d.tenants().claimRenewal(h, tenant, cycle.start())) return null;
        dropLapsedUpgrades(h, tenant, cycle.start());
        rails.atRenewal(h, tenant, cycle.start());
        for (Relay r : d.relays().byTenant(h, tenant))
            if (r.pendingPlan() != null)
                transitions.apply(
                        h,
                        r.id(),
                        Action.APPLY_DOWNGRADE,
                        Actor.BILLING,
                        null,
                        "Scheduled downgrade to " + prices.plans().nameOf(r.pendingPlan()) + " applied");
        if (rails.onCard(
                h, tenant)) { // Stripe's subscription renews a card tenant; its quantities follow the downgrades
            // a switch to card that took effect now takes over relays still waiting on a first Lightning invoice: it
            // is cancelled in this transaction, so it can never be paid after the card's sync charges for the relay
            for (Relay r : d.relays().byTenant(h, tenant))
                if (r.status() == RelayStatus.AWAITING_PAYMENT && r.awaitingPaymentInvoice() != null) {
                    voidUnpaid(h, r.awaitingPaymentInvoice(), "card payments started: the card pays for the relay");
                    d.relays().setAwaitingPaymentInvoice(h, r.id(), null);
                }
            rails.changed(h, tenant);
            return null;
        }
        List<Relay> due = new ArrayList<>();
        for (Relay r : d.relays().byTenant(h, tenant)) {
            Plan plan = prices.plans().of(r.plan());
            if (!plan.paid() || !RelayStateMachine.renewable(r.status())) continue;
            long from = Math.max(cycle.start(), lines.coveredUntil(h, r.id(), cycle.start()));
            if (from < cycle.end()) due.add(r);
        }
        if (due.isEmpty()) return null;
        PlanPrices.Quote q = prices.quote(); // asked only when something is due: free accounts never need a price
        List<InvoiceItemStore.NewItem> items = new ArrayList<>();
        for (Relay r : due) {
            Plan plan = prices.plans().of(r.plan());
            long from = Math.max(cycle.start(), lines.coveredUntil(h, r.id(), cycle.start()));
            items.add(item(q, r.id(), plan.id(), plan.price(), from, cycle));
        }
        return createRenewal(h, tenant, now, cycle, items, q);
    }

    /** An upgrade not paid within the cycle it was priced for lapses (a later payment to it becomes credit). */
    private void dropLapsedUpgrades(Handle h, String tenant, long cycleStart) {
        for (Relay r : d.relays().byTenant(h, tenant)) {
            if (r.upgradeInvoice() == null) continue;
            if (d.invoices().periodEnd(h, r.upgradeInvoice()) > cycleStart) continue;
            voidUnpaid(h, r.upgradeInvoice(), "the upgrade was not paid before the cycle it was priced for ended");
            d.relays().setUpgradeInvoice(h, r.id(), null);
            transitions.apply(
                    h,
                    r.id(),
                    Action.DROP_UPGRADE,
                    Actor.BILLING,
                    null,
                    "Unpaid upgrade to " + prices.plans().nameOf(r.upgradePlan()) + " lapsed");
        }
    }

    /**
     * One line for a relay on {@code plan} at {@code monthly} (the plans' currency) from {@code from} to the end of
     * the cycle. A fiat price is prorated in fiat and then turned into sats, so a whole month costs exactly the plan's
     * price; a sats price is prorated in sats, with its fiat figure at the quote's rate.
     */
    private static InvoiceItemStore.NewItem item(
            PlanPrices.Quote q, String relay, String plan, long monthly, long from, Cycles.Cycle cycle) {
        long part = Cycles.prorate(monthly, from, cycle.end(), cycle);
        return new InvoiceItemStore.NewItem(
                relay, plan, q.sats(monthly), from, cycle.end(), q.sats(part), q.fiat(part));
    }

    private String createRenewal(
            Handle h,
            String tenant,
            long now,
            Cycles.Cycle cycle,
            List<InvoiceItemStore.NewItem> items,
            PlanPrices.Quote q) {
        // due when the cycle starts, or when issued if the run comes late: grace always counts from a real notice
        String id = createInvoice(
                h,
                tenant,
                "renewal",
                now,
                Math.max(cycle.start(), now - 3_600),
                items,
                false,
                q,
                caravel.domain.Actor.SYSTEM);
        d.invoices().setPeriod(h, id, cycle.start(), cycle.end());
        return id;
    }
}
