package caravel.billing;

import caravel.domain.Epoch;
import caravel.domain.Failure;
import caravel.domain.Plan;
import caravel.relays.RelayTransitions;
import caravel.store.Relay;
import caravel.store.Tenant;
import caravel.store.TenantStore;
import java.time.Clock;
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
 *
 * @param enabled Lightning billing is configured (a platform wallet exists): paid plans can be invoiced
 */
public record Invoicing(
        Clock clock,
        TenantStore tenants,
        Rails rails,
        PlanPrices prices,
        InvoiceBook book,
        CycleRenewal renewal,
        boolean enabled) {
    private static final InvoiceItemStore LINES = new InvoiceItemStore();

    /** Gets a new invoice its bolt11 (and autopay or a "please pay" DM): {@link InvoiceIssue#issue}. */
    public static final String JOB_ISSUE = "invoice.issue";

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
        long now = Epoch.seconds(clock);
        renewIn(h, r.tenant(), now);
        Long anchor = tenants.find(h, r.tenant()).orElseThrow().billingAnchor();
        String kind = anchor == null ? "initial" : "proration";
        Cycles.Cycle cycle = Cycles.at(anchorFor(h, r.tenant(), now), now);
        PlanPrices.Quote q = prices.quote();
        return book.create(
                h,
                r.tenant(),
                kind,
                now,
                now,
                List.of(InvoiceBook.item(q, r.id(), plan.id(), plan.price(), now, cycle)),
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
        long now = Epoch.seconds(clock);
        Plan from = prices.plans().of(r.plan());
        Long anchor = tenants.find(h, r.tenant()).orElseThrow().billingAnchor();
        Cycles.Cycle cycle = Cycles.at(anchorFor(h, r.tenant(), now), now);
        boolean covered = anchor != null && LINES.coveredUntil(h, r.id(), now) >= cycle.end();
        long rate = covered ? to.price() - from.price() : to.price();
        PlanPrices.Quote q = prices.quote();
        InvoiceItemStore.NewItem item = InvoiceBook.item(q, r.id(), to.id(), rate, now, cycle);
        // only a difference is an "upgrade" charge; a relay nothing billed this cycle pays a base charge for the new
        // plan
        return book.create(
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
        long now = Epoch.seconds(clock);
        renewIn(h, r.tenant(), now);
        Tenant t = tenants.find(h, r.tenant()).orElseThrow();
        if (t.billingAnchor() == null) return null;
        Cycles.Cycle cycle = Cycles.at(t.billingAnchor(), now);
        long from = Math.max(now, LINES.coveredUntil(h, r.id(), now));
        if (from >= cycle.end()) return null;
        PlanPrices.Quote q = prices.quote();
        InvoiceItemStore.NewItem item = InvoiceBook.item(q, r.id(), plan.id(), plan.price(), from, cycle);
        return book.create(h, r.tenant(), "proration", now, now, List.of(item), false, q, causedBy);
    }

    /** Renews the tenant's cycle if it turned (every mid-cycle billing event calls this first). */
    public void renewNow(Handle h, String tenant) {
        renewIn(
                h,
                tenant,
                Epoch.seconds(clock)); // card tenants renew too (downgrades, rail switches), with no wallet involved
    }

    /** Whether the relay has an invoice still to pay: its first, an upgrade, or a line of a pending invoice. */
    public boolean owesFor(Handle h, Relay r) {
        return r.awaitingPaymentInvoice() != null || r.upgradeInvoice() != null || LINES.pendingLineFor(h, r.id());
    }

    /**
     * The relay changed owners (its row already moved; {@link #owesFor} was false). The period paid for it stays
     * paid: every renewal bills a relay only from where its paid lines end ({@code coveredUntil}), whoever holds it,
     * so the giver's next renewal no longer has it and the receiver's bills it from the end of that period on. A
     * receiver never billed before gets an anchor whose first renewal falls when that period ends (the first cycle is
     * never renewed: it is billed when the anchor is set). Card tenants' subscriptions follow their relays.
     */
    public void ownerChanged(Handle h, Relay r, String from, String to) {
        long now = Epoch.seconds(clock);
        if (prices.plans().of(r.plan()).paid()
                && tenants.find(h, to).orElseThrow().billingAnchor() == null) {
            long paidUntil = Math.max(now, LINES.coveredUntil(h, r.id(), now));
            long anchor = java.time.ZonedDateTime.ofInstant(
                            java.time.Instant.ofEpochSecond(paidUntil), java.time.ZoneOffset.UTC)
                    .minusMonths(1)
                    .toEpochSecond();
            tenants.setBillingAnchorIfAbsent(h, to, anchor, now);
        }
        rails.changed(h, from);
        rails.changed(h, to);
    }

    private void requireEnabled() {
        if (!enabled())
            throw Failure.invalid("paid plans are not available: Lightning billing is not configured on this platform");
    }

    private long anchorFor(Handle h, String tenant, long now) {
        tenants.setBillingAnchorIfAbsent(h, tenant, now, now);
        return tenants.find(h, tenant).orElseThrow().billingAnchor();
    }

    /** See {@link caravel.relays.RelayBilling#unpaidServiceInvoices}. */
    public List<String> unpaidServiceInvoices(Handle h, Relay r) {
        return LINES.pendingWithRelay(h, r.id()).stream()
                .filter(id -> !id.equals(r.awaitingPaymentInvoice()) && !id.equals(r.upgradeInvoice()))
                .toList();
    }

    /** Cancels a pending invoice (callers asked the wallet first: see {@link PaymentConfirmation#settleKnownPayments}). */
    public void voidUnpaid(Handle h, String id, String why) {
        book.voidUnpaid(h, id, why);
    }

    public boolean isPaid(Handle h, String invoice) {
        return book.isPaid(h, invoice);
    }

    /**
     * Renews the tenant's cycle if it turned, inside the caller's transaction ({@link CycleRenewal}).
     * @return the renewal invoice created, or null
     */
    String renewIn(Handle h, String tenant, long now) {
        return renewal.renewIn(h, tenant, now);
    }
}
