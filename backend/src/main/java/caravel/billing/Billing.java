package caravel.billing;

import caravel.api.ApiException;
import caravel.crypto.SecretBox;
import caravel.jobs.Job;
import caravel.jobs.JobHandler;
import caravel.jobs.JobQueue;
import caravel.store.ActivityLog;
import caravel.store.Ids;
import caravel.store.Relay;
import caravel.store.RelayStore;
import caravel.store.Tenant;
import caravel.store.TenantStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lightning billing (README, "Billing"): one anchor per tenant, one renewal invoice per cycle batching every paid
 * relay, pro-rata invoices for relays created, upgraded or reactivated mid-cycle, downgrades at the next cycle,
 * 7 days of grace, autopay through the tenant's own wallet confirmed by the platform wallet. Every state change is
 * a conditional UPDATE inside a transaction, so repeated runs and concurrent processes change nothing twice.
 * All time comes from the injected clock.
 */
public final class Billing {
    private static final Logger log = LoggerFactory.getLogger(Billing.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String JOB_ISSUE = "invoice.issue";
    public static final String JOB_TICK = "billing.tick";
    /** Paying from a tenant's own wallet: its own job kind, run by the tenant-wallet runner (App), never the shared one. */
    public static final String JOB_AUTOPAY = "invoice.autopay";
    public static final long GRACE_SECONDS = 7 * 86_400;
    public static final long REMINDER_SECONDS_BEFORE_SUSPENSION = 3 * 86_400;
    public static final long BOLT11_EXPIRY_SECONDS = 24 * 3_600;

    public record ItemDraft(String relay, String plan, long rate, long start, long end, long amount) {}

    /** The outcome of a plan change request: the plan now, a downgrade waiting for the next cycle, an invoice. */
    public record PlanDecision(String plan, String pendingPlan, String invoiceId) {}

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
    private final BiConsumer<Handle, String> syncRelay;
    private final long tickSeconds;
    private volatile Notices notices = Notices.NONE;
    private final Map<String, Object> bolt11Locks = new ConcurrentHashMap<>();

    public Billing(Jdbi jdbi, Clock clock, TenantStore tenants, RelayStore relays, ActivityLog activity, InvoiceStore invoices,
                   JobQueue jobs, SecretBox box, Optional<LightningWallet> platform, Function<String, LightningWallet> tenantWallets,
                   BiConsumer<Handle, String> syncRelay, long tickSeconds) {
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
        this.syncRelay = syncRelay;
        this.tickSeconds = tickSeconds;
    }

    public void setNotices(Notices notices) { this.notices = notices; }

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

    // ---- relay lifecycle hooks (called inside the relay change's transaction) ----

    /** A relay was created: a paid one gets its first invoice, and serves once it is paid. */
    public String onRelayCreated(Handle h, Relay r) {
        Plan plan = Plan.byId(r.plan()).orElseThrow();
        if (!plan.paid()) return null;
        requireEnabled();
        long now = now();
        renewIn(h, r.tenant(), now);
        Long anchor = tenants.find(h, r.tenant()).orElseThrow().billingAnchor();
        String kind = anchor == null ? "initial" : "proration";
        Cycles.Cycle cycle = Cycles.at(anchorFor(h, r.tenant(), now), now);
        ItemDraft item = new ItemDraft(r.id(), plan.id, plan.priceSats, now, cycle.end(), Cycles.prorate(plan.priceSats, now, cycle.end(), cycle));
        String id = createInvoice(h, r.tenant(), kind, now, now, List.of(item));
        h.createUpdate("UPDATE relays SET first_invoice = :inv WHERE id = :id AND :paid = 0")
                .bind("inv", id).bind("id", r.id()).bind("paid", isPaid(h, id) ? 1 : 0).execute();
        return id;
    }

    public PlanDecision onPlanChange(Handle h, Relay stale, Plan to) {
        long now = now();
        if (enabled()) renewIn(h, stale.tenant(), now);
        Relay r = relays.find(h, stale.id()).orElseThrow(); // the renewal may have applied a scheduled downgrade
        Plan from = Plan.byId(r.plan()).orElseThrow();
        if (to == from) return new PlanDecision(from.id, null, null); // also cancels a scheduled downgrade
        if (to.priceSats < from.priceSats) {
            if (r.firstInvoice() != null) {
                // never paid for the current plan: switch now and drop the unpaid invoice
                dropFirstInvoice(h, r, "the relay moved to the " + to.id + " plan before it was paid");
                String inv = to.paid() ? onRelayCreated(h, withPlan(r, to)) : null;
                return new PlanDecision(to.id, null, inv);
            }
            if (!enabled()) return new PlanDecision(to.id, null, null);
            return new PlanDecision(from.id, to.id, null); // downgrades take effect at the next cycle
        }
        requireEnabled();
        if (r.firstInvoice() != null) {
            dropFirstInvoice(h, r, "replaced by an invoice for the " + to.id + " plan");
            return new PlanDecision(to.id, null, onRelayCreated(h, withPlan(r, to)));
        }
        Long anchor = tenants.find(h, r.tenant()).orElseThrow().billingAnchor();
        Cycles.Cycle cycle = Cycles.at(anchorFor(h, r.tenant(), now), now);
        boolean covered = anchor != null && coveredUntil(h, r.id(), now) >= cycle.end();
        long rate = covered ? to.priceSats - from.priceSats : to.priceSats; // a relay not billed this cycle pays the whole rate
        ItemDraft item = new ItemDraft(r.id(), to.id, rate, now, cycle.end(), Cycles.prorate(rate, now, cycle.end(), cycle));
        return new PlanDecision(to.id, null, createInvoice(h, r.tenant(), anchor == null ? "initial" : "upgrade", now, now, List.of(item)));
    }

    /** A paid relay back in service mid-cycle pays for the rest of the cycle if nothing covers it yet. */
    public String onReactivated(Handle h, Relay r) {
        Plan plan = Plan.byId(r.plan()).orElseThrow();
        if (!plan.paid() || !enabled() || r.firstInvoice() != null) return null;
        long now = now();
        renewIn(h, r.tenant(), now);
        Tenant t = tenants.find(h, r.tenant()).orElseThrow();
        if (t.billingAnchor() == null) return onRelayCreated(h, r);
        Cycles.Cycle cycle = Cycles.at(t.billingAnchor(), now);
        long from = Math.max(now, coveredUntil(h, r.id(), now));
        if (from >= cycle.end()) return null;
        ItemDraft item = new ItemDraft(r.id(), plan.id, plan.priceSats, from, cycle.end(), Cycles.prorate(plan.priceSats, from, cycle.end(), cycle));
        return createInvoice(h, r.tenant(), "proration", now, now, List.of(item));
    }

    /** A relay may be served unless it is waiting for its first payment. */
    public boolean mayServe(Relay r) { return r.firstInvoice() == null; }

    private static Relay withPlan(Relay r, Plan p) {
        return new Relay(r.id(), r.tenant(), r.name(), r.subdomain(), r.schema(), r.icon(), r.description(), p.id, r.status(),
                r.secretEnc(), r.syncState(), r.syncError(), r.syncAttempts(), r.syncedAt(), r.syncedConfig(), r.zooidCreated(),
                r.createdAt(), r.updatedAt(), null, null);
    }

    private void requireEnabled() {
        if (!enabled()) throw ApiException.badRequest("paid plans are not available: Lightning billing is not configured on this platform");
    }

    private long anchorFor(Handle h, String tenant, long now) {
        h.createUpdate("UPDATE tenants SET billing_anchor = :now, updated_at = :now WHERE pubkey = :t AND billing_anchor IS NULL")
                .bind("now", now).bind("t", tenant).execute();
        return tenants.find(h, tenant).orElseThrow().billingAnchor();
    }

    /** The end of the latest item covering t for this relay (t itself when none does). */
    private long coveredUntil(Handle h, String relay, long t) {
        return h.createQuery("""
                        SELECT max(i.period_end) FROM invoice_items i JOIN invoices v ON v.id = i.invoice
                        WHERE i.relay = :r AND v.status IN ('pending', 'paid') AND i.period_start <= :t AND i.period_end > :t""")
                .bind("r", relay).bind("t", t).mapTo(Long.class).findOne().orElse(t);
    }

    private boolean isPaid(Handle h, String invoice) {
        return "paid".equals(h.createQuery("SELECT status FROM invoices WHERE id = :id").bind("id", invoice).mapTo(String.class).one());
    }

    // ---- invoices ----

    String createInvoice(Handle h, String tenant, String kind, long now, long dueAt, List<ItemDraft> items) {
        String id = Ids.newId();
        long amount = items.stream().mapToLong(ItemDraft::amount).sum();
        long start = items.stream().mapToLong(ItemDraft::start).min().orElse(now), end = items.stream().mapToLong(ItemDraft::end).max().orElse(now);
        boolean free = amount == 0;
        h.createUpdate("""
                        INSERT INTO invoices (id, tenant, amount, status, created_at, due_at, paid_at, period_start, period_end, kind)
                        VALUES (:id, :t, :amount, :status, :now, :due, :paid, :start, :end, :kind)""")
                .bind("id", id).bind("t", tenant).bind("amount", amount).bind("status", free ? "paid" : "pending")
                .bind("now", now).bind("due", dueAt).bind("paid", free ? now : null).bind("start", start).bind("end", end)
                .bind("kind", kind).execute();
        var batch = h.prepareBatch("""
                INSERT INTO invoice_items (id, invoice, relay, amount, period_start, period_end, plan, rate)
                VALUES (:id, :inv, :relay, :amount, :start, :end, :plan, :rate)""");
        for (ItemDraft i : items)
            batch.bind("id", Ids.newId()).bind("inv", id).bind("relay", i.relay()).bind("amount", i.amount()).bind("start", i.start())
                    .bind("end", i.end()).bind("plan", i.plan()).bind("rate", i.rate()).add();
        if (!items.isEmpty()) batch.execute();
        for (ItemDraft i : items)
            activity.add(h, tenant, i.relay(), "invoice_issued", "Invoice " + id + " issued: " + Messages.sats(i.amount()) + " for the " + i.plan()
                    + " plan until " + java.time.Instant.ofEpochSecond(i.end()).toString().substring(0, 10), "system", now);
        if (!free) jobs.enqueue(h, JOB_ISSUE, "{\"invoice\":\"" + id + "\"}", "invoice:" + id, 10);
        return id;
    }

    /** A relay never paid for its plan changes plan: its unpaid first invoice is cancelled and no longer awaited. */
    private void dropFirstInvoice(Handle h, Relay r, String why) {
        voidInvoice(h, r.firstInvoice(), why);
        h.createUpdate("UPDATE relays SET first_invoice = NULL WHERE id = :id").bind("id", r.id()).execute();
    }

    private void voidInvoice(Handle h, String id, String why) {
        int n = h.createUpdate("UPDATE invoices SET status = 'void' WHERE id = :id AND status = 'pending'").bind("id", id).execute();
        if (n > 0) {
            Invoice inv = invoices.find(h, id).orElseThrow();
            activity.add(h, inv.tenant(), inv.items().isEmpty() ? null : inv.items().get(0).relay(), "invoice_void",
                    "Invoice " + id + " cancelled: " + why, "system", now());
        }
    }

    /** A payable bolt11 for a pending invoice: the stored one while it is valid, else a new one from the platform wallet. */
    public Invoice ensureBolt11(String invoiceId) throws LightningWallet.WalletException {
        synchronized (bolt11Locks.computeIfAbsent(invoiceId, k -> new Object())) {
            try {
                Invoice inv = invoices.find(invoiceId).orElseThrow(() -> ApiException.notFound("invoice not found"));
                if (!inv.status().equals("pending")) return inv;
                long now = now();
                if (inv.bolt11() != null && inv.expiresAt() != null && inv.expiresAt() > now + 60) return inv;
                LightningWallet wallet = platform.orElseThrow(() -> ApiException.unavailable("Lightning billing is not configured"));
                if (inv.paymentHash() != null) {
                    // the old bolt11 may have been paid just before it expired: never replace a paid one
                    if (wallet.lookupInvoice(inv.paymentHash()).settled()) {
                        markPaid(invoiceId, "lookup");
                        return invoices.find(invoiceId).orElseThrow();
                    }
                }
                LightningWallet.MadeInvoice made = wallet.makeInvoice(inv.amount(), "Caravel invoice " + inv.id(), BOLT11_EXPIRY_SECONDS);
                int n = jdbi.withHandle(h -> h.createUpdate("""
                                UPDATE invoices SET bolt11 = :b, payment_hash = :hash, expires_at = :exp
                                WHERE id = :id AND status = 'pending' AND coalesce(payment_hash, '') = :old""")
                        .bind("b", made.bolt11()).bind("hash", made.paymentHash()).bind("exp", made.expiresAt()).bind("id", invoiceId)
                        .bind("old", inv.paymentHash() == null ? "" : inv.paymentHash()).execute());
                if (n == 0) log.info("invoice {} got a bolt11 from another worker first", invoiceId);
                return invoices.find(invoiceId).orElseThrow();
            } finally {
                bolt11Locks.remove(invoiceId);
            }
        }
    }

    /** The "I've paid" button and the collector: ask the platform wallet now. */
    public Invoice check(String invoiceId) throws LightningWallet.WalletException {
        Invoice inv = invoices.find(invoiceId).orElseThrow(() -> ApiException.notFound("invoice not found"));
        if (inv.status().equals("pending") && inv.paymentHash() != null) {
            LightningWallet wallet = platform.orElseThrow(() -> ApiException.unavailable("Lightning billing is not configured"));
            if (wallet.lookupInvoice(inv.paymentHash()).settled()) markPaid(invoiceId, "lookup");
        }
        return invoices.find(invoiceId).orElseThrow();
    }

    /** A payment_received notification from the platform wallet (may repeat: marking paid is idempotent). */
    public void onPaymentReceived(String paymentHash) {
        jdbi.withHandle(h -> h.createQuery("SELECT id FROM invoices WHERE payment_hash = :p AND status = 'pending'")
                .bind("p", paymentHash).mapTo(String.class).findOne()).ifPresent(id -> {
            try {
                check(id); // confirm with a lookup rather than trusting the notification alone
            } catch (LightningWallet.WalletException e) {
                log.warn("payment notification for invoice {} could not be confirmed yet: {}", id, e.getMessage());
            }
        });
    }

    /** Marks an invoice paid once; returns false when it already was (or is void). Reactivates what it unlocks. */
    public boolean markPaid(String invoiceId, String how) {
        long now = now();
        return jdbi.inTransaction(h -> {
            int n = h.createUpdate("UPDATE invoices SET status = 'paid', paid_at = :now WHERE id = :id AND status = 'pending'")
                    .bind("now", now).bind("id", invoiceId).execute();
            if (n == 0) return false;
            Invoice inv = invoices.find(h, invoiceId).orElseThrow();
            for (Invoice.Item item : inv.items())
                activity.add(h, inv.tenant(), item.relay(), "invoice_paid", "Invoice " + inv.id() + " paid (" + Messages.sats(item.amount()) + ")", "system", now);
            if (inv.items().isEmpty()) activity.add(h, inv.tenant(), null, "invoice_paid", "Invoice " + inv.id() + " paid", "system", now);
            // relays waiting for this first payment go live
            for (String relayId : h.createQuery("SELECT id FROM relays WHERE first_invoice = :inv").bind("inv", invoiceId).mapTo(String.class).list()) {
                h.createUpdate("UPDATE relays SET first_invoice = NULL, updated_at = :now WHERE id = :id").bind("now", now).bind("id", relayId).execute();
                syncRelay.accept(h, relayId);
                // paid only after its first cycle ended (renewals skipped it meanwhile): cover the current cycle too
                Relay live = relays.find(h, relayId).orElseThrow();
                if (!live.status().equals("suspended") && !live.status().equals("inactive")) onReactivated(h, live);
            }
            notices.send(h, inv.tenant(), null, Messages.paymentReceived(inv), "dm:paid:" + inv.id());
            reactivateIfSettled(h, inv.tenant(), now);
            return true;
        });
    }

    /** Suspended relays come back as soon as no invoice of the tenant is past its grace period. */
    private void reactivateIfSettled(Handle h, String tenant, long now) {
        boolean stillLate = h.createQuery("SELECT count(*) FROM invoices WHERE tenant = :t AND status = 'pending' AND due_at + :g <= :now")
                .bind("t", tenant).bind("g", GRACE_SECONDS).bind("now", now).mapTo(Integer.class).one() > 0;
        if (stillLate) return;
        List<Relay> suspended = relays.byTenant(h, tenant).stream().filter(r -> r.status().equals("suspended")).toList();
        for (Relay r : suspended) {
            String next = r.zooidCreated() ? "active" : "pending";
            h.createUpdate("UPDATE relays SET status = :s, sync_state = 'pending', updated_at = :now WHERE id = :id AND status = 'suspended'")
                    .bind("s", next).bind("now", now).bind("id", r.id()).execute();
            activity.add(h, tenant, r.id(), "reactivated", "Relay reactivated after payment", "system", now);
            syncRelay.accept(h, r.id());
            onReactivated(h, relays.find(h, r.id()).orElseThrow());
        }
        if (!suspended.isEmpty()) notices.send(h, tenant, null, Messages.reactivated(suspended), "dm:reactivated:" + tenant + ":" + now);
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
        applyScheduledDowngrades(h, tenant, now);
        List<ItemDraft> items = new ArrayList<>();
        for (Relay r : relays.byTenant(h, tenant)) {
            Plan plan = Plan.byId(r.plan()).orElseThrow();
            if (!plan.paid() || r.firstInvoice() != null) continue;
            if (!(r.status().equals("active") || r.status().equals("pending") || r.status().equals("provisioning_failed"))) continue;
            long from = Math.max(cycle.start(), coveredUntil(h, r.id(), cycle.start()));
            if (from >= cycle.end()) continue;
            items.add(new ItemDraft(r.id(), plan.id, plan.priceSats, from, cycle.end(), Cycles.prorate(plan.priceSats, from, cycle.end(), cycle)));
        }
        return items.isEmpty() ? null : createRenewal(h, tenant, now, cycle, items);
    }

    private String createRenewal(Handle h, String tenant, long now, Cycles.Cycle cycle, List<ItemDraft> items) {
        // due when the cycle starts, or when issued if the run comes late: grace always counts from a real notice
        String id = createInvoice(h, tenant, "renewal", now, Math.max(cycle.start(), now - 3_600), items);
        h.createUpdate("UPDATE invoices SET period_start = :s, period_end = :e WHERE id = :id")
                .bind("s", cycle.start()).bind("e", cycle.end()).bind("id", id).execute();
        return id;
    }

    private void applyScheduledDowngrades(Handle h, String tenant, long now) {
        for (Relay r : relays.byTenant(h, tenant)) {
            if (r.pendingPlan() == null) continue;
            h.createUpdate("UPDATE relays SET plan = pending_plan, pending_plan = NULL, sync_state = 'pending', updated_at = :now WHERE id = :id")
                    .bind("now", now).bind("id", r.id()).execute();
            activity.add(h, tenant, r.id(), "plan_changed", "Scheduled downgrade applied: plan changed from " + r.plan() + " to " + r.pendingPlan(), "system", now);
            syncRelay.accept(h, r.id());
        }
    }

    /** @return {reminders sent, suspensions} */
    private int[] enforceGrace(long now) {
        int reminders = 0, suspensions = 0;
        List<Invoice> due = jdbi.withHandle(h -> h.createQuery("""
                        SELECT id FROM invoices WHERE status = 'pending' AND due_at + :g - :before <= :now
                          AND (reminded_at IS NULL OR suspended_at IS NULL) ORDER BY due_at""")
                .bind("g", GRACE_SECONDS).bind("before", REMINDER_SECONDS_BEFORE_SUSPENSION).bind("now", now)
                .mapTo(String.class).list()).stream().map(id -> invoices.find(id).orElseThrow()).toList();
        for (Invoice inv : due) {
            boolean late = inv.dueAt() + GRACE_SECONDS <= now;
            int[] r = jdbi.inTransaction(h -> {
                int sent = 0, susp = 0;
                if (!late && h.createUpdate("UPDATE invoices SET reminded_at = :now WHERE id = :id AND reminded_at IS NULL AND status = 'pending'")
                        .bind("now", now).bind("id", inv.id()).execute() == 1) {
                    notices.send(h, inv.tenant(), null, Messages.reminder(inv, inv.dueAt() + GRACE_SECONDS), "dm:reminder:" + inv.id());
                    sent = 1;
                }
                if (late && h.createUpdate("UPDATE invoices SET suspended_at = :now, reminded_at = coalesce(reminded_at, :now) WHERE id = :id AND suspended_at IS NULL AND status = 'pending'")
                        .bind("now", now).bind("id", inv.id()).execute() == 1) {
                    List<Relay> hit = new ArrayList<>();
                    for (Relay rel : relays.byTenant(h, inv.tenant())) {
                        if (!Plan.byId(rel.plan()).orElseThrow().paid()) continue;
                        if (!(rel.status().equals("active") || rel.status().equals("pending") || rel.status().equals("provisioning_failed"))) continue;
                        h.createUpdate("UPDATE relays SET status = 'suspended', sync_state = 'pending', updated_at = :now WHERE id = :id")
                                .bind("now", now).bind("id", rel.id()).execute();
                        activity.add(h, inv.tenant(), rel.id(), "suspended", "Suspended: invoice " + inv.id() + " is unpaid 7 days after its due date", "system", now);
                        syncRelay.accept(h, rel.id());
                        hit.add(rel);
                    }
                    if (!hit.isEmpty()) notices.send(h, inv.tenant(), null, Messages.suspended(inv, hit), "dm:suspended:" + inv.id());
                    susp = hit.isEmpty() ? 0 : 1;
                }
                return new int[] {sent, susp};
            });
            reminders += r[0];
            suspensions += r[1];
        }
        return new int[] {reminders, suspensions};
    }

    /** Looks up every pending invoice with a bolt11 (the fallback to payment notifications). */
    public int collect() {
        if (platform.isEmpty()) return 0;
        List<String> open = jdbi.withHandle(h -> h.createQuery("SELECT id FROM invoices WHERE status = 'pending' AND payment_hash IS NOT NULL")
                .mapTo(String.class).list());
        int paid = 0;
        for (String id : open) {
            try {
                if (check(id).status().equals("paid")) paid++;
            } catch (LightningWallet.WalletException e) {
                log.info("could not look up invoice {}: {}", id, e.getMessage());
                break; // the wallet is not answering; try again next tick
            }
        }
        return paid;
    }

    // ---- autopay ----

    /** Pays a pending invoice from the tenant's own wallet, at most once, and confirms with the platform wallet. */
    public void autopay(String invoiceId) throws LightningWallet.WalletException {
        Invoice inv = ensureBolt11(invoiceId);
        if (!inv.status().equals("pending") || inv.bolt11() == null) return;
        Tenant t = tenants.find(inv.tenant()).orElseThrow();
        if (t.nwcUrlEnc() == null) return;
        long now = now();
        int claimed = jdbi.withHandle(h -> h.createUpdate("UPDATE invoices SET autopay_started_at = :now WHERE id = :id AND status = 'pending' AND autopay_started_at IS NULL")
                .bind("now", now).bind("id", invoiceId).execute());
        if (claimed == 0) return;
        String nwc = box.openString(t.nwcUrlEnc(), nwcContext(t.pubkey()));
        try {
            withTenantWallet(nwc, w -> w.payInvoice(inv.bolt11()));
            activity.add(t.pubkey(), null, "autopay", "Autopay sent " + Messages.sats(inv.amount()) + " for invoice " + inv.id(), "system", now);
        } catch (LightningWallet.WalletException e) {
            if (e.outcomeUnknown() && check(invoiceId).status().equals("paid")) return; // the answer was lost, the payment was not
            log.info("autopay of invoice {} failed ({}): {}", invoiceId, e.code, e.getMessage());
            // the tenant sees the wallet's own NIP-47 answer, never connection details (hosts, ports, policy)
            String msg = e.outcomeUnknown() ? "no answer from your wallet yet; the payment is being checked"
                    : e.code.equals("UNREACHABLE") || e.code.equals("BAD_RESPONSE") || e.code.equals("BUSY") ? WALLET_UNREACHABLE : e.getMessage();
            jdbi.useHandle(h -> h.createUpdate("UPDATE invoices SET autopay_error = :e WHERE id = :id").bind("e", msg).bind("id", invoiceId).execute());
            activity.add(t.pubkey(), null, "autopay_failed", "Autopay for invoice " + inv.id() + " failed: " + msg, "system", now);
            if (!e.outcomeUnknown())
                jdbi.useHandle(h -> notices.send(h, t.pubkey(), null, Messages.invoiceIssued(inv, msg), "dm:invoice:" + inv.id()));
            return;
        }
        check(invoiceId); // the platform wallet confirms before the invoice counts as paid
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
                throw ApiException.badRequest("this wallet connection does not allow pay_invoice, which autopay needs");
        } catch (LightningWallet.WalletException e) {
            log.info("tenant wallet check failed ({}): {}", e.code, e.getMessage());
            throw ApiException.badRequest(switch (e.code) {
                case "UNREACHABLE", "TIMEOUT", "BAD_RESPONSE", "BUSY" -> WALLET_UNREACHABLE;
                // the wallet itself answered with a NIP-47 error: its code is the tenant's to know
                default -> "your wallet refused the connection check: " + e.getMessage();
            });
        }
    }

    /** What a tenant is told whenever their wallet cannot be reached. */
    public static final String WALLET_UNREACHABLE = "wallet unreachable: check the connection string and that the wallet is online, then try again";

    // ---- jobs ----

    public JobHandler issueHandler() {
        return new JobHandler() {
            @Override public void run(Job job) throws Exception {
                String id = JSON.readTree(job.payload()).path("invoice").asText();
                Invoice inv = ensureBolt11(id);
                if (!inv.status().equals("pending")) return;
                Tenant t = tenants.find(inv.tenant()).orElseThrow();
                if (t.nwcUrlEnc() != null && inv.autopayStartedAtUnset()) {
                    jdbi.useHandle(h -> jobs.enqueue(h, JOB_AUTOPAY, JSON.createObjectNode().put("invoice", id).toString(), "autopay:" + id, 5));
                } else if (inv.kind().equals("renewal")) {
                    jdbi.useHandle(h -> notices.send(h, inv.tenant(), null, Messages.invoiceIssued(inv, null), "dm:invoice:" + inv.id()));
                }
            }
        };
    }

    /** Autopay for one invoice (its own job kind, so tenants' wallets never hold the shared job slots). */
    public JobHandler autopayHandler() {
        return job -> autopay(JSON.readTree(job.payload()).path("invoice").asText());
    }

    public JobHandler tickHandler() {
        return job -> {
            try {
                RunReport r = runCycle();
                if (r.renewalInvoices() + r.reminders() + r.suspensions() > 0) log.info("billing run: {}", r);
                collect();
            } finally {
                jdbi.useHandle(h -> jobs.enqueueAt(h, JOB_TICK, "{}", JOB_TICK, 3, clock.millis() + tickSeconds * 1000));
            }
        };
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
