package caravel.billing;

import caravel.domain.Epoch;
import caravel.domain.InvoiceStatus;
import caravel.invoice.Lifecycle;
import caravel.jobs.JobPayloads;
import caravel.jobs.JobQueue;
import caravel.store.ActivityLog;
import caravel.store.Ids;
import java.time.Clock;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Lightning invoices written, inside the caller's transaction: a new one (the tenant's credit used first, its lines,
 * the activity, the job that gets it a bolt11) and one cancelled (its credit returned).
 */
public final class InvoiceBook {
    private static final InvoiceItemStore LINES = new InvoiceItemStore();

    private final Clock clock;
    private final InvoiceStore invoices;
    private final CreditStore credits;
    private final ActivityLog activity;
    private final JobQueue jobs;
    private final PlanPrices prices;
    private final Lifecycle<String> lifecycle;

    /** @param prices names the plans in the activity lines */
    public InvoiceBook(
            Clock clock,
            InvoiceStore invoices,
            CreditStore credits,
            ActivityLog activity,
            JobQueue jobs,
            PlanPrices prices) {
        this.clock = clock;
        this.invoices = invoices;
        this.credits = credits;
        this.activity = activity;
        this.jobs = jobs;
        this.prices = prices;
        this.lifecycle = new Lifecycle<>(invoices);
    }

    /**
     * A new invoice of these lines, the tenant's credit used first; unless the credit settled it, its issue job is
     * queued in the same transaction.
     * @return its id
     */
    String create(
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
        long credit = amount == 0 ? 0 : Math.min(amount, credits.balance(h, tenant));
        boolean settled = amount - credit == 0;
        invoices.insert(h, id, tenant, amount, settled, now, dueAt, start, end, kind, gated, credit, fiat);
        invoices.setCause(h, id, causedBy); // before the issue job can read it: same transaction
        if (credit > 0) credits.add(h, tenant, -credit, "applied to invoice " + id, id, now);
        LINES.insertItems(h, id, items);
        for (InvoiceItemStore.NewItem i : items)
            activity.add(
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
            jobs.enqueue(
                    h, Invoicing.JOB_ISSUE, JobPayloads.write(new InvoiceJob(id)), "invoice:" + id, Integer.MAX_VALUE);
        return id;
    }

    /** Cancels a pending invoice (callers asked the wallet first: see {@link PaymentConfirmation#settleKnownPayments}). */
    public void voidUnpaid(Handle h, String id, String why) {
        if (!lifecycle.cancel(h, id, Epoch.seconds(clock))) return;
        Invoice inv = invoices.find(h, id).orElseThrow();
        if (inv.creditApplied() > 0) // the credit it used goes back to the tenant
        credits.add(
                    h,
                    inv.tenant(),
                    inv.creditApplied(),
                    "returned from cancelled invoice " + id,
                    id,
                    Epoch.seconds(clock));
        activity.add(
                h,
                inv.tenant(),
                inv.items().isEmpty() ? null : inv.items().get(0).relay(),
                "invoice_void",
                "An invoice of " + Messages.money(inv) + " was cancelled: " + why,
                caravel.domain.Actor.SYSTEM,
                Epoch.seconds(clock));
    }

    public boolean isPaid(Handle h, String invoice) {
        return invoices.status(h, invoice) == InvoiceStatus.PAID;
    }

    /**
     * One line for a relay on {@code plan} at {@code monthly} (the plans' currency) from {@code from} to the end of
     * the cycle. A fiat price is prorated in fiat and then turned into sats, so a whole month costs exactly the plan's
     * price; a sats price is prorated in sats, with its fiat figure at the quote's rate.
     */
    static InvoiceItemStore.NewItem item(
            PlanPrices.Quote q, String relay, String plan, long monthly, long from, Cycles.Cycle cycle) {
        long part = Cycles.prorate(monthly, from, cycle.end(), cycle);
        return new InvoiceItemStore.NewItem(
                relay, plan, q.sats(monthly), from, cycle.end(), q.sats(part), q.fiat(part));
    }
}
