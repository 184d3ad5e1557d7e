package caravel.billing;

import caravel.domain.Plan;
import caravel.domain.Failure;
import caravel.crypto.SecretBox;
import caravel.jobs.Job;
import caravel.jobs.JobHandler;
import caravel.jobs.JobQueue;
import caravel.relays.RelayStateMachine;
import caravel.relays.RelayStateMachine.Action;
import caravel.relays.RelayStateMachine.Actor;
import caravel.relays.RelayBilling;
import caravel.relays.RelayTransitions;
import caravel.store.ActivityLog;
import caravel.store.Ids;
import caravel.store.Relay;
import caravel.store.RelayStore;
import caravel.store.Tenant;
import caravel.store.TenantStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lightning billing (README, "Billing"): one anchor per tenant, one renewal invoice per cycle batching every paid
 * relay in service, pro-rata invoices for relays created, upgraded or reactivated mid-cycle, downgrades at the next
 * cycle, 7 days of grace, autopay through the tenant's own wallet within a budget, confirmed by the platform wallet.
 *
 * <p>Paid before served: a new paid relay and an upgrade get a <em>gated</em> invoice; the relay waits (or keeps its
 * current plan) until it is paid, and an unpaid gated invoice never suspends anything. Every bolt11 an invoice ever
 * had is kept in invoice_payments; a settlement of any of them is credited exactly once — to the invoice while it is
 * pending, as tenant credit otherwise. Relay status and plan changes go through {@link RelayTransitions}.
 * Every state change is a conditional UPDATE inside a transaction; all time comes from the injected clock.
 */
public final class Billing implements RelayBilling {
    private static final Logger log = LoggerFactory.getLogger(Billing.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String JOB_ISSUE = "invoice.issue";
    public static final String JOB_TICK = "billing.tick";
    /** Paying from a tenant's own wallet: its own job kind, run by the tenant-wallet runner (App), never the shared one. */
    public static final String JOB_AUTOPAY = "invoice.autopay";
    public static final long GRACE_SECONDS = 7 * 86_400;
    public static final long REMINDER_SECONDS_BEFORE_SUSPENSION = 3 * 86_400;
    public static final long BOLT11_EXPIRY_SECONDS = 24 * 3_600;
    /** Payment lookups per periodic run (the fallback to notifications): bounded so one tick never takes long. */
    public static final int LOOKUPS_PER_TICK = 25;

    public record ItemDraft(String relay, String plan, long rate, long start, long end, long amount) {}

    public record RunReport(int renewalInvoices, int reminders, int suspensions) {}

    private final Jdbi jdbi;
    private final Clock clock;
    private final TenantStore tenants;
    private final RelayStore relays;
    private final ActivityLog activity;
    private final InvoiceStore invoices;
    private final JobQueue jobs;
    private final SecretBox box;
    private final Optional<LightningWallet> platform;
    private final Function<String, LightningWallet> tenantWallets;
    private final RelayTransitions transitions;
    private final long tickSeconds;
    private final Notices notices;
    private final Rails rails;
    private final Map<String, Object> bolt11Locks = new ConcurrentHashMap<>();

    public Billing(Jdbi jdbi, Clock clock, TenantStore tenants, RelayStore relays, ActivityLog activity, InvoiceStore invoices,
                   JobQueue jobs, SecretBox box, Optional<LightningWallet> platform, Function<String, LightningWallet> tenantWallets,
                   RelayTransitions transitions, Notices notices, Rails rails, long tickSeconds) {
        this.notices = notices;
        this.rails = rails;
        this.jdbi = jdbi;
        this.clock = clock;
        this.tenants = tenants;
        this.relays = relays;
        this.activity = activity;
        this.invoices = invoices;
        this.jobs = jobs;
        this.box = box;
        this.platform = platform;
        this.tenantWallets = tenantWallets;
        this.transitions = transitions;
        this.tickSeconds = tickSeconds;
    }


    /**
     * The other rail. A tenant on card is charged through Stripe (caravel.stripe), not by Lightning invoices: the
     * charges below hand such a tenant's changes to it, and renewals leave its cycles to Stripe's subscription.
     */
    public interface Rails {
        /** Whether the tenant's relays are billed by card. */
        boolean onCard(Handle h, String tenant);

        /** The tenant's relays changed what they should be paying for: card billing brings Stripe in line. */
        void changed(Handle h, String tenant);

        /** A renewal boundary of the tenant's cycle: a rail switch asked for earlier takes effect now. */
        void atRenewal(Handle h, String tenant, long cycleStart);

        Rails LIGHTNING_ONLY = new Rails() {
            @Override public boolean onCard(Handle h, String tenant) { return false; }

            @Override public void changed(Handle h, String tenant) {}

            @Override public void atRenewal(Handle h, String tenant, long cycleStart) {}
        };
    }


    /**
     * Real-time payment detection: the platform wallet's payment_received notifications, each confirmed by a lookup
     * (on its own thread: the notification arrives on the relay connection the lookup needs). Polling by the
     * periodic run remains the fallback.
     */
    public void listenForPayments() {
        if (platform.orElse(null) instanceof NwcWallet nwc) {
            nwc.onPaymentReceived(hash -> Thread.ofVirtual().name("payment-" + hash.substring(0, 8)).start(() -> onPaymentReceived(hash)));
            Thread.ofVirtual().name("nwc-connect").start(() -> {
                try {
                    nwc.connect();
                } catch (LightningWallet.WalletException e) {
                    log.warn("platform wallet not reachable yet ({}); payments are found by polling until it is", e.getMessage());
                }
            });
        }
    }

    /** Runs f with a tenant's wallet and closes its connection afterwards. */
    private <T> T withTenantWallet(String nwcUrl, WalletFn<T> f) throws LightningWallet.WalletException {
        LightningWallet w = tenantWallets.apply(nwcUrl);
        try {
            return f.apply(w);
        } finally {
            if (w instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception ignored) {
                }
            }
        }
    }

    private interface WalletFn<T> {
        T apply(LightningWallet w) throws LightningWallet.WalletException;
    }

    public boolean enabled() { return platform.isPresent(); }

    long now() { return clock.millis() / 1000; }

    public static String nwcContext(String tenant) { return "tenant-nwc:" + tenant; }

    private static List<String> paidPlans() { return Arrays.stream(Plan.values()).filter(Plan::paid).map(p -> p.id).toList(); }

    // ---- charges created by relay changes (inside the change's transaction) ----

    /** The gated first invoice of a relay on a paid plan (null for a free plan): the relay is served once it is paid. */
    public String firstInvoice(Handle h, Relay r) {
        Plan plan = Plan.byId(r.plan()).orElseThrow();
        if (!plan.paid()) return null;
        if (rails.onCard(h, r.tenant())) { // paid by card: the relay waits for Stripe instead of an invoice
            rails.changed(h, r.tenant());
            return null;
        }
        requireEnabled();
        long now = now();
        renewIn(h, r.tenant(), now);
        Long anchor = tenants.find(h, r.tenant()).orElseThrow().billingAnchor();
        String kind = anchor == null ? "initial" : "proration";
        Cycles.Cycle cycle = Cycles.at(anchorFor(h, r.tenant(), now), now);
        ItemDraft item = new ItemDraft(r.id(), plan.id, plan.priceSats, now, cycle.end(), Cycles.prorate(plan.priceSats, now, cycle.end(), cycle));
        return createInvoice(h, r.tenant(), kind, now, now, List.of(item), true);
    }

    /**
     * The gated invoice for an upgrade: the price difference until the end of the cycle (the whole new price when
     * nothing bills the relay this cycle). The relay keeps its current plan until this is paid.
     */
    public String upgradeInvoice(Handle h, Relay r, Plan to) {
        if (rails.onCard(h, r.tenant())) { // the subscription's quantities change instead, charged by Stripe
            rails.changed(h, r.tenant());
            return null;
        }
        requireEnabled();
        long now = now();
        Plan from = Plan.byId(r.plan()).orElseThrow();
        Long anchor = tenants.find(h, r.tenant()).orElseThrow().billingAnchor();
        Cycles.Cycle cycle = Cycles.at(anchorFor(h, r.tenant(), now), now);
        boolean covered = anchor != null && coveredUntil(h, r.id(), now) >= cycle.end();
        long rate = covered ? to.priceSats - from.priceSats : to.priceSats;
        ItemDraft item = new ItemDraft(r.id(), to.id, rate, now, cycle.end(), Cycles.prorate(rate, now, cycle.end(), cycle));
        // only a difference is an "upgrade" charge; a relay nothing billed this cycle pays a base charge for the new plan
        return createInvoice(h, r.tenant(), anchor == null ? "initial" : covered ? "upgrade" : "proration", now, now, List.of(item), true);
    }

    /** A paid relay back in service mid-cycle pays for the rest of the cycle if nothing covers it yet (due now, with grace). */
    public String onReactivated(Handle h, Relay r) {
        Plan plan = Plan.byId(r.plan()).orElseThrow();
        if (!plan.paid() || r.firstInvoice() != null) return null;
        if (rails.onCard(h, r.tenant())) {
            rails.changed(h, r.tenant());
            return null;
        }
        if (!enabled()) return null;
        long now = now();
        renewIn(h, r.tenant(), now);
        Tenant t = tenants.find(h, r.tenant()).orElseThrow();
        if (t.billingAnchor() == null) return null;
        Cycles.Cycle cycle = Cycles.at(t.billingAnchor(), now);
        long from = Math.max(now, coveredUntil(h, r.id(), now));
        if (from >= cycle.end()) return null;
        ItemDraft item = new ItemDraft(r.id(), plan.id, plan.priceSats, from, cycle.end(), Cycles.prorate(plan.priceSats, from, cycle.end(), cycle));
        return createInvoice(h, r.tenant(), "proration", now, now, List.of(item), false);
    }

    /** Renews the tenant's cycle if it turned (every mid-cycle billing event calls this first). */
    public void renewNow(Handle h, String tenant) {
        renewIn(h, tenant, now()); // card tenants renew too (downgrades, rail switches), with no wallet involved
    }

    public boolean isPaid(Handle h, String invoice) {
        return "paid".equals(h.createQuery("SELECT status FROM invoices WHERE id = :id").bind("id", invoice).mapTo(String.class).one());
    }

    private void requireEnabled() {
        if (!enabled()) throw Failure.invalid("paid plans are not available: Lightning billing is not configured on this platform");
    }

    private long anchorFor(Handle h, String tenant, long now) {
        h.createUpdate("UPDATE tenants SET billing_anchor = :now, updated_at = :now WHERE pubkey = :t AND billing_anchor IS NULL")
                .bind("now", now).bind("t", tenant).execute();
        return tenants.find(h, tenant).orElseThrow().billingAnchor();
    }

    /**
     * The end of the latest base charge covering t for this relay (t itself when none does). Paid items count, and
     * pending ones that bill service already given (their grace applies); an unpaid gated item (a first invoice or
     * an upgrade not yet paid) covers nothing.
     */
    long coveredUntil(Handle h, String relay, long t) {
        return h.createQuery("""
                        SELECT max(i.period_end) FROM invoice_items i JOIN invoices v ON v.id = i.invoice
                        WHERE i.relay = :r AND (v.status = 'paid' OR (v.status = 'pending' AND v.gated = 0))
                          AND v.kind <> 'upgrade' AND i.period_start <= :t AND i.period_end > :t""")
                .bind("r", relay).bind("t", t).mapTo(Long.class).findOne().orElse(t);
    }

    /** Whether the tenant has an invoice unpaid past its grace period (gated and waived ones never count). */
    public boolean overdue(Handle h, String tenant) {
        return invoices.overdue(h, tenant, now() - GRACE_SECONDS);
    }

    // ---- invoices ----

    String createInvoice(Handle h, String tenant, String kind, long now, long dueAt, List<ItemDraft> items, boolean gated) {
        String id = Ids.newId();
        long amount = items.stream().mapToLong(ItemDraft::amount).sum();
        long start = items.stream().mapToLong(ItemDraft::start).min().orElse(now), end = items.stream().mapToLong(ItemDraft::end).max().orElse(now);
        // tenant credit (payments that arrived for invoices no longer payable) is used before asking for new money
        long credit = amount == 0 ? 0 : Math.min(amount, creditBalance(h, tenant));
        boolean settled = amount - credit == 0;
        h.createUpdate("""
                        INSERT INTO invoices (id, tenant, amount, status, created_at, due_at, paid_at, period_start, period_end, kind, gated, credit_applied)
                        VALUES (:id, :t, :amount, :status, :now, :due, :paid, :start, :end, :kind, :gated, :credit)""")
                .bind("id", id).bind("t", tenant).bind("amount", amount).bind("status", settled ? "paid" : "pending")
                .bind("now", now).bind("due", dueAt).bind("paid", settled ? now : null).bind("start", start).bind("end", end)
                .bind("kind", kind).bind("gated", gated ? 1 : 0).bind("credit", credit).execute();
        if (credit > 0)
            h.createUpdate("INSERT INTO tenant_credits (tenant, amount, reason, invoice, created_at) VALUES (:t, :a, :why, :inv, :now)")
                    .bind("t", tenant).bind("a", -credit).bind("why", "applied to invoice " + id).bind("inv", id).bind("now", now).execute();
        var batch = h.prepareBatch("""
                INSERT INTO invoice_items (id, invoice, relay, amount, period_start, period_end, plan, rate)
                VALUES (:id, :inv, :relay, :amount, :start, :end, :plan, :rate)""");
        for (ItemDraft i : items)
            batch.bind("id", Ids.newId()).bind("inv", id).bind("relay", i.relay()).bind("amount", i.amount()).bind("start", i.start())
                    .bind("end", i.end()).bind("plan", i.plan()).bind("rate", i.rate()).add();
        if (!items.isEmpty()) batch.execute();
        for (ItemDraft i : items)
            activity.add(h, tenant, i.relay(), "invoice_issued", "Invoice " + id + " issued: " + Messages.sats(i.amount()) + " for the " + i.plan()
                    + " plan until " + Messages.day(i.end()) + (credit > 0 ? " (" + Messages.sats(credit) + " paid from your credit)" : ""), "system", now);
        if (!settled) jobs.enqueue(h, JOB_ISSUE, "{\"invoice\":\"" + id + "\"}", "invoice:" + id, 10);
        return id;
    }

    public long creditBalance(Handle h, String tenant) {
        return h.createQuery("SELECT coalesce(sum(amount), 0) FROM tenant_credits WHERE tenant = :t").bind("t", tenant).mapTo(Long.class).one();
    }

    /** Cancels a pending invoice (callers asked the wallet first: see {@link #settleKnownPayments}). */
    public void voidUnpaid(Handle h, String id, String why) {
        int n = h.createUpdate("UPDATE invoices SET status = 'void' WHERE id = :id AND status = 'pending'").bind("id", id).execute();
        if (n == 0) return;
        Invoice inv = invoices.find(h, id).orElseThrow();
        if (inv.creditApplied() > 0) // the credit it used goes back to the tenant
            h.createUpdate("INSERT INTO tenant_credits (tenant, amount, reason, invoice, created_at) VALUES (:t, :a, :why, :inv, :now)")
                    .bind("t", inv.tenant()).bind("a", inv.creditApplied()).bind("why", "returned from cancelled invoice " + id)
                    .bind("inv", id).bind("now", now()).execute();
        activity.add(h, inv.tenant(), inv.items().isEmpty() ? null : inv.items().get(0).relay(), "invoice_void",
                "Invoice " + id + " cancelled: " + why, "system", now());
    }

    /**
     * Before a plan change may void a relay's unpaid first or upgrade invoice: ask the wallet whether any of its
     * bolt11s was paid, and credit it if so. A wallet that does not answer does not block the change: a payment
     * that lands afterwards is found by polling and credited to the tenant.
     */
    public void settleKnownPayments(Relay r) {
        for (String inv : new String[] {r.firstInvoice(), r.upgradeInvoice()}) {
            if (inv == null || platform.isEmpty()) continue;
            try {
                check(inv);
            } catch (LightningWallet.WalletException e) {
                log.info("could not ask the wallet about invoice {} before changing relay {}: {}", inv, r.id(), e.getMessage());
            }
        }
    }

    /** A payable bolt11 for a pending invoice: the stored one while it is valid, else a new one from the platform wallet. */
    public Invoice ensureBolt11(String invoiceId) throws LightningWallet.WalletException {
        synchronized (bolt11Locks.computeIfAbsent(invoiceId, k -> new Object())) {
            try {
                Invoice inv = invoices.find(invoiceId).orElseThrow(() -> Failure.notFound("invoice not found"));
                if (inv.onCard()) throw Failure.conflict("this invoice is paid by card through Stripe, not over Lightning: open its Stripe page");
                if (!inv.status().equals("pending")) return inv;
                long now = now();
                if (inv.bolt11() != null && inv.expiresAt() != null && inv.expiresAt() > now + 60) return inv;
                LightningWallet wallet = platform.orElseThrow(() -> Failure.unavailable("Lightning billing is not configured"));
                // an earlier bolt11 may have been paid just before it expired: never replace a paid one
                check(invoiceId);
                inv = invoices.find(invoiceId).orElseThrow();
                if (!inv.status().equals("pending")) return inv;
                long payable = inv.amount() - inv.creditApplied();
                LightningWallet.MadeInvoice made = wallet.makeInvoice(payable, "Caravel invoice " + inv.id(), BOLT11_EXPIRY_SECONDS);
                String old = inv.paymentHash(), tenant = inv.tenant();
                jdbi.useTransaction(h -> {
                    // kept whatever happens next: a payment to it is credited even if the invoice moves on
                    h.createUpdate("""
                                    INSERT INTO invoice_payments (payment_hash, invoice, tenant, bolt11, amount, created_at, expires_at)
                                    VALUES (:hash, :inv, :t, :b, :a, :now, :exp) ON CONFLICT (payment_hash) DO NOTHING""")
                            .bind("hash", made.paymentHash()).bind("inv", invoiceId).bind("t", tenant)
                            .bind("b", made.bolt11()).bind("a", payable).bind("now", now).bind("exp", made.expiresAt()).execute();
                    int n = h.createUpdate("""
                                    UPDATE invoices SET bolt11 = :b, payment_hash = :hash, expires_at = :exp
                                    WHERE id = :id AND status = 'pending' AND coalesce(payment_hash, '') = :old""")
                            .bind("b", made.bolt11()).bind("hash", made.paymentHash()).bind("exp", made.expiresAt()).bind("id", invoiceId)
                            .bind("old", old == null ? "" : old).execute();
                    if (n == 0) log.info("invoice {} got a bolt11 from another worker first", invoiceId);
                });
                return invoices.find(invoiceId).orElseThrow();
            } finally {
                bolt11Locks.remove(invoiceId);
            }
        }
    }

    /** The "I've paid" button: looks up every bolt11 this invoice ever had that could still settle. */
    public Invoice check(String invoiceId) throws LightningWallet.WalletException {
        Invoice inv = invoices.find(invoiceId).orElseThrow(() -> Failure.notFound("invoice not found"));
        List<String> hashes = jdbi.withHandle(h -> h.createQuery("""
                        SELECT payment_hash FROM invoice_payments WHERE invoice = :i AND settled_at IS NULL
                          AND (checked_at IS NULL OR checked_at <= expires_at) ORDER BY created_at DESC""")
                .bind("i", invoiceId).mapTo(String.class).list());
        if (!hashes.isEmpty()) {
            LightningWallet wallet = platform.orElseThrow(() -> Failure.unavailable("Lightning billing is not configured"));
            for (String hash : hashes) lookUp(wallet, hash);
        }
        return invoices.find(inv.id()).orElseThrow();
    }

    /** Asks the wallet about one payment hash and credits it if settled. */
    private boolean lookUp(LightningWallet wallet, String hash) throws LightningWallet.WalletException {
        LightningWallet.Lookup l;
        try {
            l = wallet.lookupInvoice(hash);
        } catch (LightningWallet.WalletException e) {
            if (e.outcomeUnknown() || "UNREACHABLE".equals(e.code)) throw e;
            l = new LightningWallet.Lookup(false, null, false); // the wallet does not know it: nothing was paid to it
        }
        long now = now();
        jdbi.useHandle(h -> h.createUpdate("UPDATE invoice_payments SET checked_at = :now WHERE payment_hash = :h")
                .bind("now", now).bind("h", hash).execute());
        return l.settled() && settle(hash, l.settledAt());
    }

    /** A payment_received notification from the platform wallet (may repeat: settling is idempotent). */
    public void onPaymentReceived(String paymentHash) {
        boolean known = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM invoice_payments WHERE payment_hash = :p AND settled_at IS NULL")
                .bind("p", paymentHash).mapTo(Integer.class).one() > 0);
        if (!known || platform.isEmpty()) return;
        try {
            lookUp(platform.get(), paymentHash); // confirm with a lookup rather than trusting the notification alone
        } catch (LightningWallet.WalletException e) {
            log.warn("payment notification {} could not be confirmed yet: {}", paymentHash, e.getMessage());
        }
    }

    public boolean settle(String paymentHash) { return settle(paymentHash, null); }

    /**
     * A settled payment hash, credited exactly once (one conditional UPDATE decides): it pays its invoice while that
     * is pending; otherwise (paid through another bolt11, voided, superseded) it becomes tenant credit.
     * @param settledAt when the wallet says it was paid (null: now). A payment counts as of then: an upgrade paid
     *                  before its cycle ended applies even when noticed after; the cycle is renewed only after that.
     * @return true when this call credited it
     */
    public boolean settle(String paymentHash, Long settledAt) {
        long now = now();
        return jdbi.inTransaction(h -> {
            var row = h.createQuery("SELECT invoice, tenant, amount, created_at FROM invoice_payments WHERE payment_hash = :p")
                    .bind("p", paymentHash).mapToMap().findOne().orElse(null);
            if (row == null) return false;
            String invoiceId = (String) row.get("invoice");
            String tenant = (String) row.get("tenant");
            long amount = ((Number) row.get("amount")).longValue();
            long paidAt = settledAt == null ? now : Math.max(((Number) row.get("created_at")).longValue(), Math.min(settledAt, now));
            // cycles that turned before the payment are renewed first (a lapsed upgrade is voided, its late payment
            // becomes credit); the rest after the payment is applied
            renewIn(h, tenant, paidAt);
            if (h.createUpdate("UPDATE invoice_payments SET settled_at = :now WHERE payment_hash = :p AND settled_at IS NULL")
                    .bind("now", now).bind("p", paymentHash).execute() == 0) return false;
            boolean paidInvoice = markPaidIn(h, invoiceId, paymentHash, now);
            renewIn(h, tenant, now);
            h.createUpdate("UPDATE invoice_payments SET credited_as = :c WHERE payment_hash = :p")
                    .bind("c", paidInvoice ? "invoice" : "credit").bind("p", paymentHash).execute();
            if (!paidInvoice) {
                h.createUpdate("""
                                INSERT INTO tenant_credits (tenant, amount, reason, payment_hash, invoice, created_at)
                                VALUES (:t, :a, :why, :p, :inv, :now)""")
                        .bind("t", tenant).bind("a", amount).bind("why", "payment for invoice " + invoiceId + ", which was no longer payable")
                        .bind("p", paymentHash).bind("inv", invoiceId).bind("now", now).execute();
                activity.add(h, tenant, null, "credit_added", Messages.sats(amount) + " received for invoice " + invoiceId
                        + ", which was no longer payable, is kept as credit against your next invoice", "system", now);
                notices.send(h, tenant, null, Messages.credited(invoiceId, amount), "dm:credit:" + paymentHash);
            }
            return true;
        });
    }

    /** Marks an invoice paid once and applies what it pays for. */
    private boolean markPaidIn(Handle h, String invoiceId, String paymentHash, long now) {
        int n = h.createUpdate("UPDATE invoices SET status = 'paid', paid_at = :now, paid_hash = :hash WHERE id = :id AND status = 'pending'")
                .bind("now", now).bind("hash", paymentHash).bind("id", invoiceId).execute();
        if (n == 0) return false;
        Invoice inv = invoices.find(h, invoiceId).orElseThrow();
        for (Invoice.Item item : inv.items())
            activity.add(h, inv.tenant(), item.relay(), "invoice_paid", "Invoice " + inv.id() + " paid (" + Messages.sats(item.amount()) + ")", "system", now);
        applyPaid(h, inv, now);
        notices.send(h, inv.tenant(), null, Messages.paymentReceived(inv), "dm:paid:" + inv.id());
        return true;
    }

    /** What a paid invoice unlocks: relays waiting for it are served, a paid upgrade applies, suspensions lift. */
    private void applyPaid(Handle h, Invoice inv, long now) {
        for (Relay r : relays.byFirstInvoice(h, inv.id())) {
            relays.setFirstInvoice(h, r.id(), null);
            Relay live = transitions.apply(h, r.id(), Action.FIRST_PAYMENT, Actor.BILLING, "system", null,
                    "Invoice " + inv.id() + " paid: the relay is served");
            // paid only after its first cycle ended (renewals skipped it meanwhile): cover the current cycle too
            if (RelayStateMachine.served(RelayStateMachine.Status.of(live.status()))) onReactivated(h, live);
        }
        for (Relay r : relays.byUpgradeInvoice(h, inv.id())) {
            relays.setUpgradeInvoice(h, r.id(), null);
            transitions.apply(h, r.id(), Action.APPLY_UPGRADE, Actor.BILLING, "system", null,
                    "Invoice " + inv.id() + " paid: the " + r.upgradePlan() + " plan is served from now on");
        }
        liftIfSettled(h, inv.tenant());
    }

    /** Suspended relays come back as soon as no invoice of the tenant is past its grace period. */
    public void liftIfSettled(Handle h, String tenant) {
        if (overdue(h, tenant)) return;
        List<Relay> lifted = new ArrayList<>();
        for (Relay r : relays.byTenant(h, tenant)) {
            if (!RelayStateMachine.billingSuspended(RelayTransitions.stateOf(r))) continue;
            Relay after = transitions.apply(h, r.id(), Action.LIFT_SUSPENSION, Actor.BILLING, "system", null, "Suspension lifted: the overdue invoice is paid");
            lifted.add(after);
            if (RelayStateMachine.served(RelayStateMachine.Status.of(after.status()))) onReactivated(h, after);
        }
        if (!lifted.isEmpty()) notices.send(h, tenant, null, Messages.reactivated(lifted), "dm:reactivated:" + tenant + ":" + now());
    }

    /** An administrator lifts the suspension an overdue invoice causes (the invoice stays payable). */
    public void waiveOverdue(Handle h, String tenant, String admin) {
        long now = now();
        List<String> ids = h.createQuery("""
                        SELECT id FROM invoices WHERE tenant = :t AND status = 'pending' AND gated = 0 AND waived_at IS NULL AND due_at + :g <= :now""")
                .bind("t", tenant).bind("g", GRACE_SECONDS).bind("now", now).mapTo(String.class).list();
        for (String id : ids) {
            h.createUpdate("UPDATE invoices SET waived_at = :now WHERE id = :id").bind("now", now).bind("id", id).execute();
            activity.add(h, tenant, null, "suspension_waived", "An administrator waived the suspension for unpaid invoice " + id, admin, now);
        }
    }

    // ---- the periodic run ----

    /** Renewals for every tenant whose cycle turned, reminders, suspensions. Safe to run any number of times. */
    public RunReport runCycle() {
        long now = now();
        int renewed = 0;
        // only tenants whose cycle turned: the run's cost follows the renewals due, not the number of tenants
        for (String tenant : jdbi.withHandle(h -> RenewalCandidates.due(h, now))) if (renew(tenant, now) != null) renewed++;
        int[] graced = enforceGrace(now);
        return new RunReport(renewed, graced[0], graced[1]);
    }

    /** The renewal invoice of the tenant's current cycle, created at most once (a unique index backs this up). */
    public String renew(String tenant, long now) {
        try {
            return jdbi.inTransaction(h -> renewIn(h, tenant, now));
        } catch (org.jdbi.v3.core.statement.UnableToExecuteStatementException e) {
            if (caravel.store.Sql.isUniqueViolation(e)) return null; // another process renewed it first
            throw e;
        }
    }

    /**
     * Renewal inside the caller's transaction. Every mid-cycle billing event calls this first, so a cycle is always
     * renewed before anything else is charged in it (otherwise "the rest of the cycle" and "the whole cycle" could
     * both be billed when the periodic run is late).
     */
    private String renewIn(Handle h, String tenant, long now) {
        Tenant t = tenants.find(h, tenant).orElseThrow();
        if (t.billingAnchor() == null || t.suspended()) return null;
        Cycles.Cycle cycle = Cycles.at(t.billingAnchor(), now);
        if (cycle.index() == 0) return null; // the first cycle was billed when the anchor was set
        int claimed = h.createUpdate("""
                        UPDATE tenants SET renewed_cycle_start = :s WHERE pubkey = :t AND coalesce(renewed_cycle_start, 0) < :s
                          AND NOT EXISTS (SELECT 1 FROM invoices WHERE tenant = :t AND kind = 'renewal' AND period_start = :s)""")
                .bind("t", tenant).bind("s", cycle.start()).execute();
        if (claimed == 0) return null; // this cycle was renewed already
        dropLapsedUpgrades(h, tenant, cycle.start());
        rails.atRenewal(h, tenant, cycle.start());
        for (Relay r : relays.byTenant(h, tenant))
            if (r.pendingPlan() != null)
                transitions.apply(h, r.id(), Action.APPLY_DOWNGRADE, Actor.BILLING, "system", null, "Scheduled downgrade to " + r.pendingPlan() + " applied");
        if (rails.onCard(h, tenant)) { // Stripe's subscription renews a card tenant; its quantities follow the downgrades
            rails.changed(h, tenant);
            return null;
        }
        List<ItemDraft> items = new ArrayList<>();
        for (Relay r : relays.byTenant(h, tenant)) {
            Plan plan = Plan.byId(r.plan()).orElseThrow();
            if (!plan.paid() || !RelayStateMachine.renewable(RelayStateMachine.Status.of(r.status()))) continue;
            long from = Math.max(cycle.start(), coveredUntil(h, r.id(), cycle.start()));
            if (from >= cycle.end()) continue;
            items.add(new ItemDraft(r.id(), plan.id, plan.priceSats, from, cycle.end(), Cycles.prorate(plan.priceSats, from, cycle.end(), cycle)));
        }
        return items.isEmpty() ? null : createRenewal(h, tenant, now, cycle, items);
    }

    /** An upgrade not paid within the cycle it was priced for lapses (a later payment to it becomes credit). */
    private void dropLapsedUpgrades(Handle h, String tenant, long cycleStart) {
        for (Relay r : relays.byTenant(h, tenant)) {
            if (r.upgradeInvoice() == null) continue;
            long end = h.createQuery("SELECT coalesce(period_end, 0) FROM invoices WHERE id = :id").bind("id", r.upgradeInvoice()).mapTo(Long.class).one();
            if (end > cycleStart) continue;
            voidUnpaid(h, r.upgradeInvoice(), "the upgrade was not paid before the cycle it was priced for ended");
            relays.setUpgradeInvoice(h, r.id(), null);
            transitions.apply(h, r.id(), Action.DROP_UPGRADE, Actor.BILLING, "system", null, "Unpaid upgrade to " + r.upgradePlan() + " lapsed");
        }
    }

    private String createRenewal(Handle h, String tenant, long now, Cycles.Cycle cycle, List<ItemDraft> items) {
        // due when the cycle starts, or when issued if the run comes late: grace always counts from a real notice
        String id = createInvoice(h, tenant, "renewal", now, Math.max(cycle.start(), now - 3_600), items, false);
        h.createUpdate("UPDATE invoices SET period_start = :s, period_end = :e WHERE id = :id")
                .bind("s", cycle.start()).bind("e", cycle.end()).bind("id", id).execute();
        return id;
    }

    /**
     * Reminders and suspensions, read in one query: each invoice that needs a reminder, or that is past its grace
     * with paid relays still to suspend, joined to those relays. The check is by state, not by "already suspended
     * once": a relay brought back without paying is suspended again on the next run.
     * @return {reminders sent, invoices that suspended something}
     */
    private int[] enforceGrace(long now) {
        record Row(String invoice, String tenant, long dueAt, Long remindedAt, String relay) {}
        List<Row> rows = jdbi.withHandle(h -> h.createQuery("""
                        SELECT v.id, v.tenant, v.due_at, v.reminded_at, r.id AS relay
                        FROM invoices v
                        LEFT JOIN relays r ON r.tenant = v.tenant AND v.due_at + :g <= :now AND r.plan IN (<paid>)
                             AND (r.status IN (<served>) OR (r.status = :inactive AND r.hold IS NULL))
                        WHERE v.status = 'pending' AND v.gated = 0 AND v.waived_at IS NULL AND v.due_at + :g - :before <= :now
                          AND (v.reminded_at IS NULL OR r.id IS NOT NULL)
                        ORDER BY v.due_at, v.id""")
                .bind("g", GRACE_SECONDS).bind("before", REMINDER_SECONDS_BEFORE_SUSPENSION).bind("now", now)
                .bindList("paid", paidPlans()).bindList("served", RelayStateMachine.servedStatuses())
                .bind("inactive", RelayStateMachine.Status.INACTIVE.wire)
                .map((rs, c) -> new Row(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getObject(4) == null ? null : rs.getLong(4), rs.getString(5))).list());
        Map<String, List<Row>> byInvoice = new LinkedHashMap<>();
        for (Row r : rows) byInvoice.computeIfAbsent(r.invoice(), k -> new ArrayList<>()).add(r);
        int reminders = 0, suspensions = 0;
        for (var e : byInvoice.entrySet()) {
            String id = e.getKey();
            Row first = e.getValue().get(0);
            boolean late = first.dueAt() + GRACE_SECONDS <= now;
            List<String> toSuspend = e.getValue().stream().map(Row::relay).filter(java.util.Objects::nonNull).toList();
            int[] r = jdbi.inTransaction(h -> {
                int sent = 0, susp = 0;
                if (!late && h.createUpdate("UPDATE invoices SET reminded_at = :now WHERE id = :id AND reminded_at IS NULL AND status = 'pending'")
                        .bind("now", now).bind("id", id).execute() == 1) {
                    Invoice inv = invoices.find(h, id).orElseThrow();
                    notices.send(h, inv.tenant(), null, Messages.reminder(inv, inv.dueAt() + GRACE_SECONDS), "dm:reminder:" + inv.id());
                    sent = 1;
                }
                if (late && !toSuspend.isEmpty()) {
                    if (!"pending".equals(h.createQuery("SELECT status FROM invoices WHERE id = :id").bind("id", id).mapTo(String.class).one()))
                        return new int[] {sent, 0}; // paid meanwhile
                    h.createUpdate("UPDATE invoices SET suspended_at = coalesce(suspended_at, :now), reminded_at = coalesce(reminded_at, :now) WHERE id = :id")
                            .bind("now", now).bind("id", id).execute();
                    List<Relay> hit = new ArrayList<>();
                    for (String relayId : toSuspend) {
                        Relay before = relays.find(h, relayId).orElseThrow();
                        Relay after = transitions.apply(h, relayId, Action.SUSPEND_UNPAID, Actor.BILLING, "system", null,
                                "Suspended: invoice " + id + " is unpaid 7 days after its due date");
                        if (!after.status().equals(before.status()) || !java.util.Objects.equals(after.hold(), before.hold())) hit.add(after);
                    }
                    if (!hit.isEmpty()) {
                        Invoice inv = invoices.find(h, id).orElseThrow();
                        notices.send(h, inv.tenant(), null, Messages.suspended(inv, hit), "dm:suspended:" + inv.id() + ":" + now);
                        susp = 1;
                    }
                }
                return new int[] {sent, susp};
            });
            reminders += r[0];
            suspensions += r[1];
        }
        return new int[] {reminders, suspensions};
    }

    /**
     * The fallback to payment notifications: looks up at most {@code limit} payment hashes that could still
     * settle, fairly — never-checked ones first (NULL sorts first; oldest first), then the least recently checked. A hash stops being
     * polled once it settled or was checked after its expiry (nothing can be paid to it any more).
     */
    public int collect(int limit) {
        if (platform.isEmpty()) return 0;
        List<String> due = jdbi.withHandle(h -> h.createQuery("""
                        SELECT payment_hash FROM invoice_payments WHERE settled_at IS NULL AND (checked_at IS NULL OR checked_at <= expires_at)
                        ORDER BY checked_at, created_at, rowid LIMIT :n""")
                .bind("n", limit).mapTo(String.class).list());
        int credited = 0;
        for (String hash : due) {
            try {
                if (lookUp(platform.get(), hash)) credited++;
            } catch (LightningWallet.WalletException e) {
                log.info("could not look up payment {}: {}", hash, e.getMessage());
                break; // the wallet is not answering; try again next tick
            }
        }
        return credited;
    }

    public int collect() { return collect(LOOKUPS_PER_TICK); }

    // ---- autopay ----

    /** The tenant's autopay budget per cycle for charges a session creates: its own setting, else its monthly total. */
    public long autopayBudget(Handle h, Tenant t) {
        return t.autopayBudget() != null ? t.autopayBudget() : monthlyTotal(h, t.pubkey());
    }

    /** What the tenant's relays in service cost per month at their current plans. */
    public long monthlyTotal(Handle h, String tenant) {
        long total = 0;
        for (Relay r : relays.byTenant(h, tenant))
            if (RelayStateMachine.renewable(RelayStateMachine.Status.of(r.status()))) total += Plan.byId(r.plan()).orElseThrow().priceSats;
        return total;
    }

    /** Autopay spent this cycle on charges that count against the budget (confirmed payments do not). */
    public long autopaySpent(Handle h, String tenant, long cycleStart) {
        return h.createQuery("""
                        SELECT coalesce(sum(amount - credit_applied), 0) FROM invoices WHERE tenant = :t AND kind <> 'renewal'
                          AND autopay_cycle_start = :cs AND autopay_confirmed = 0 AND autopay_started_at IS NOT NULL""")
                .bind("t", tenant).bind("cs", cycleStart).mapTo(Long.class).one();
    }

    public long cycleStart(Tenant t, long now) {
        return t.billingAnchor() == null || t.billingAnchor() > now ? now : Cycles.at(t.billingAnchor(), now).start();
    }

    /** The outcome of an autopay attempt. */
    public enum AutopayResult { PAID, SENT, NOT_PENDING, AUTOPAY_OFF, ALREADY_STARTED, NEEDS_CONFIRMATION, FAILED }

    public AutopayResult autopay(String invoiceId) throws LightningWallet.WalletException { return autopay(invoiceId, false); }

    /**
     * Pays a pending invoice from the tenant's own wallet, at most once, and confirms with the platform wallet.
     * Renewals are always paid; other charges (a new paid relay, an upgrade, a reactivation — things a session can
     * cause) only while the cycle's autopay spending stays within the tenant's budget, unless {@code confirmed}
     * (the tenant signed a fresh NIP-98 request for this invoice). The budget check and the claim are one UPDATE.
     */
    public AutopayResult autopay(String invoiceId, boolean confirmed) throws LightningWallet.WalletException {
        Invoice inv = ensureBolt11(invoiceId);
        if (!inv.status().equals("pending") || inv.bolt11() == null) return AutopayResult.NOT_PENDING;
        Tenant t = tenants.find(inv.tenant()).orElseThrow();
        if (t.nwcUrlEnc() == null) return AutopayResult.AUTOPAY_OFF;
        long now = now();
        boolean always = confirmed || inv.kind().equals("renewal");
        long cs = cycleStart(t, now);
        long[] budget = new long[1];
        int claimed = jdbi.inTransaction(h -> {
            budget[0] = autopayBudget(h, t);
            return h.createUpdate("""
                            UPDATE invoices SET autopay_started_at = :now, autopay_cycle_start = :cs, autopay_budget = :b,
                                                autopay_confirmed = :conf, autopay_hold = NULL
                            WHERE id = :id AND status = 'pending' AND autopay_started_at IS NULL
                              AND (:always OR (SELECT coalesce(sum(amount - credit_applied), 0) FROM invoices WHERE tenant = :t
                                     AND kind <> 'renewal' AND autopay_cycle_start = :cs AND autopay_confirmed = 0
                                     AND autopay_started_at IS NOT NULL) + (amount - credit_applied) <= :b)""")
                    .bind("now", now).bind("cs", cs).bind("b", budget[0]).bind("conf", confirmed ? 1 : 0).bind("id", invoiceId)
                    .bind("always", always).bind("t", t.pubkey()).execute();
        });
        if (claimed == 0) {
            Invoice again = invoices.find(invoiceId).orElseThrow();
            if (again.autopayStartedAt() != null || !again.status().equals("pending")) return AutopayResult.ALREADY_STARTED;
            String why = "over your autopay budget of " + Messages.sats(budget[0]) + " this cycle: confirm the payment to pay it from your wallet";
            boolean first = jdbi.withHandle(h -> h.createUpdate("UPDATE invoices SET autopay_hold = :w WHERE id = :id AND autopay_hold IS NULL")
                    .bind("w", why).bind("id", invoiceId).execute()) == 1;
            if (first) {
                activity.add(t.pubkey(), null, "autopay_held", "Autopay did not pay invoice " + inv.id() + " (" + Messages.sats(inv.amount()) + "): " + why, "system", now);
                jdbi.useHandle(h -> notices.send(h, t.pubkey(), null, Messages.invoiceIssued(inv, why), "dm:invoice:" + inv.id()));
            }
            return AutopayResult.NEEDS_CONFIRMATION;
        }
        String nwc = box.openString(t.nwcUrlEnc(), nwcContext(t.pubkey()));
        try {
            withTenantWallet(nwc, w -> w.payInvoice(inv.bolt11()));
            activity.add(t.pubkey(), null, "autopay", "Autopay sent " + Messages.sats(inv.amount() - inv.creditApplied()) + " for invoice " + inv.id()
                    + (confirmed ? " (confirmed by you)" : ""), "system", now);
        } catch (LightningWallet.WalletException e) {
            if (e.outcomeUnknown() && check(invoiceId).status().equals("paid")) return AutopayResult.PAID; // the answer was lost, the payment was not
            log.info("autopay of invoice {} failed ({}): {}", invoiceId, e.code, e.getMessage());
            // the tenant sees the wallet's own NIP-47 answer, never connection details (hosts, ports, policy)
            String msg = e.outcomeUnknown() ? "no answer from your wallet yet; the payment is being checked"
                    : e.code.equals("UNREACHABLE") || e.code.equals("BAD_RESPONSE") || e.code.equals("BUSY") ? WALLET_UNREACHABLE : e.getMessage();
            jdbi.useHandle(h -> h.createUpdate("UPDATE invoices SET autopay_error = :e WHERE id = :id").bind("e", msg).bind("id", invoiceId).execute());
            activity.add(t.pubkey(), null, "autopay_failed", "Autopay for invoice " + inv.id() + " failed: " + msg, "system", now);
            if (!e.outcomeUnknown())
                jdbi.useHandle(h -> notices.send(h, t.pubkey(), null, Messages.invoiceIssued(inv, msg), "dm:invoice:" + inv.id()));
            return AutopayResult.FAILED;
        }
        // the platform wallet confirms before the invoice counts as paid
        return check(invoiceId).status().equals("paid") ? AutopayResult.PAID : AutopayResult.SENT;
    }

    /**
     * Saving a tenant's NWC URL: it must answer get_info and offer pay_invoice. When the wallet cannot be reached the
     * answer is one sentence whatever went wrong (refused, no DNS, blocked by the outbound policy, handshake refused,
     * timeout): telling those apart would let a tenant probe hosts and ports through Caravel. The detail is logged.
     */
    public void checkTenantWallet(String nwcUrl) {
        try {
            LightningWallet.Info info = withTenantWallet(nwcUrl, LightningWallet::getInfo);
            if (info.methods() != null && !info.methods().isEmpty() && !info.methods().contains("pay_invoice"))
                throw Failure.invalidField("nwc_url", "this wallet connection does not allow pay_invoice, which autopay needs");
        } catch (LightningWallet.WalletException e) {
            log.info("tenant wallet check failed ({}): {}", e.code, e.getMessage());
            throw Failure.invalid(switch (e.code) {
                case "UNREACHABLE", "TIMEOUT", "BAD_RESPONSE", "BUSY" -> WALLET_UNREACHABLE;
                // the wallet itself answered with a NIP-47 error: its code is the tenant's to know
                default -> "your wallet refused the connection check: " + e.getMessage();
            });
        }
    }

    /** What a tenant is told whenever their wallet cannot be reached. */
    public static final String WALLET_UNREACHABLE = "wallet unreachable: check the connection string and that the wallet is online, then try again";

    // ---- jobs ----

    /** The issue job: a bolt11 for a new invoice, then the autopay job (within the budget) or a "please pay" DM for renewals. */
    public void issue(String invoiceId) throws LightningWallet.WalletException {
        Invoice inv = ensureBolt11(invoiceId);
        if (!inv.status().equals("pending")) return;
        Tenant t = tenants.find(inv.tenant()).orElseThrow();
        if (t.nwcUrlEnc() != null && inv.autopayStartedAtUnset()) {
            // the tenant's wallet is called from its own job kind (App runs it apart), never the shared runner
            jdbi.useHandle(h -> jobs.enqueue(h, JOB_AUTOPAY, JSON.createObjectNode().put("invoice", invoiceId).toString(), "autopay:" + invoiceId, 5));
        } else if (inv.kind().equals("renewal")) {
            jdbi.useHandle(h -> notices.send(h, inv.tenant(), null, Messages.invoiceIssued(inv, null), "dm:invoice:" + inv.id()));
        }
    }

    public JobHandler issueHandler() {
        return new JobHandler() {
            @Override public void run(Job job) throws Exception {
                issue(JSON.readTree(job.payload()).path("invoice").asText());
            }
        };
    }

    /** Autopay for one invoice (its own job kind, so tenants' wallets never hold the shared job slots). */
    public JobHandler autopayHandler() {
        return job -> autopay(JSON.readTree(job.payload()).path("invoice").asText(), false);
    }

    public JobHandler tickHandler() {
        return job -> {
            try {
                settleLapsingUpgrades();
                RunReport r = runCycle();
                if (r.renewalInvoices() + r.reminders() + r.suspensions() > 0) log.info("billing run: {}", r);
                collect();
            } finally {
                jdbi.useHandle(h -> jobs.enqueueAt(h, JOB_TICK, "{}", JOB_TICK, 3, clock.millis() + tickSeconds * 1000));
            }
        };
    }

    /**
     * Upgrade invoices whose cycle ended are voided by the renewal; ask the wallet about them first, so a payment
     * that arrived unnoticed applies the upgrade instead of becoming credit. (Renewals started by a request skip
     * this: a payment found later is still credited, as tenant credit.)
     */
    void settleLapsingUpgrades() {
        if (platform.isEmpty()) return;
        List<String> lapsing = jdbi.withHandle(h -> h.createQuery("""
                        SELECT v.id FROM relays r JOIN invoices v ON v.id = r.upgrade_invoice
                        WHERE v.status = 'pending' AND v.period_end <= :now ORDER BY v.period_end LIMIT :n""")
                .bind("now", now()).bind("n", LOOKUPS_PER_TICK).mapTo(String.class).list());
        for (String id : lapsing) {
            try {
                check(id);
            } catch (LightningWallet.WalletException e) {
                log.info("could not ask the wallet about lapsing upgrade invoice {}: {}", id, e.getMessage());
                return;
            }
        }
    }

    /** At shutdown, before the job runners drain: no more payment notifications start database work. */
    public void close() {
        if (platform.orElse(null) instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                log.debug("closing the platform wallet: {}", e.getMessage());
            }
        }
    }

    public void scheduleTick() {
        jdbi.useHandle(h -> jobs.enqueueAt(h, JOB_TICK, "{}", JOB_TICK, 3, clock.millis()));
    }
}
