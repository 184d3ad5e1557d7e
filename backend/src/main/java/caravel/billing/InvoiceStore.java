package caravel.billing;

import caravel.domain.Actor;
import caravel.domain.InvoiceStatus;
import caravel.domain.Rail;
import caravel.invoice.InvoiceLedger;
import caravel.store.Columns;
import caravel.store.Filters;
import caravel.store.Page;
import caravel.store.Sql;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The invoices table: every statement that writes it is here, run on the caller's handle so billing's transactions
 * stay the callers' (an invoice's lines are {@link InvoiceItemStore}'s, its bolt11s {@link InvoicePaymentStore}'s). Conditional UPDATEs return whether they changed the row (the
 * billing rules decide on that). A state named in a statement is the shared one's value, bound by name ({@link
 * States}); moving an invoice from pending is the invoice lifecycle's to ask ({@link InvoiceLedger}).
 */
public final class InvoiceStore implements InvoiceLedger<String> {
    private final Jdbi jdbi;
    private final InvoiceItemStore lines;
    private final InvoicePaymentStore payments;

    public InvoiceStore(Jdbi jdbi) {
        this.jdbi = jdbi;
        this.lines = new InvoiceItemStore();
        this.payments = new InvoicePaymentStore();
    }

    /**
     * The states a statement may name, bound as :pending, :paid and :voided from the one invoice state. This and the
     * other records below are statements' named parameters, bound with bindMethods (public only so JDBI may read
     * them).
     */
    public record States(String pending, String paid, String voided) {}

    static final States STATES =
            new States(InvoiceStatus.PENDING.wire(), InvoiceStatus.PAID.wire(), InvoiceStatus.VOID.wire());

    /** A row and the time a change of it is stamped with: what most conditional updates here bind. */
    public record Stamp(String id, long now) {}

    /** A new bolt11 for an invoice, replacing the one whose hash is {@code old} ("" for none). */
    public record Bolt11(String id, String bolt11, String paymentHash, long expiresAt, String old) {}

    /** An autopay claim (see {@link #claimAutopay}). */
    public record Claim(
            String id, String tenant, long now, long cycleStart, long budget, int confirmed, boolean always) {}

    /** A stale autopay claim taken over (see {@link #reclaimStaleAutopay}). */
    public record Reclaim(String id, long claimedAt, long staleBefore, String paymentHash, long now, long validUntil) {}

    public Optional<Invoice> find(String id) {
        return jdbi.withHandle(h -> find(h, id));
    }

    public Optional<Invoice> find(Handle h, String id) {
        return h.createQuery("SELECT * FROM invoices WHERE id = :id")
                .bind("id", id)
                .map((rs, c) -> InvoiceRows.invoice(rs))
                .findOne()
                .map(inv -> withItems(h, List.of(inv)).get(0));
    }

    public Page<Invoice> forTenant(String tenant, InvoiceStatus status, Page.Request req) {
        return jdbi.withHandle(h -> {
            Page<Invoice> p = new Filters()
                    .eq("tenant", "tenant", tenant)
                    .eq("status", "status", status == null ? null : status.wire())
                    .page(
                            h,
                            "SELECT *",
                            "FROM invoices",
                            "created_at DESC, id",
                            req,
                            (rs, c) -> InvoiceRows.invoice(rs));
            return new Page<>(withItems(h, p.items()), p.total(), p.page(), p.perPage());
        });
    }

    private List<Invoice> withItems(Handle h, List<Invoice> invoices) {
        if (invoices.isEmpty()) return invoices;
        Map<String, List<Invoice.Item>> items =
                lines.of(h, invoices.stream().map(Invoice::id).toList());
        return invoices.stream()
                .map(i -> i.withItems(items.getOrDefault(i.id(), List.of())))
                .toList();
    }

    /** Whether the tenant has an invoice still unpaid that was due at or before {@code dueBy} (gated and waived ones never count). */
    public boolean overdue(Handle h, String tenant, long dueBy) {
        // EXISTS stops at the first such invoice
        return Sql.bool(h, "reading whether tenant " + tenant + " is overdue", """
                SELECT EXISTS (SELECT 1 FROM invoices WHERE tenant = ? AND status = ? AND gated = 0
                  AND waived_at IS NULL AND due_at <= ?)""", tenant, STATES.pending(), dueBy);
    }

    /**
     * The epoch second from which the tenant counts as overdue: its earliest invoice still unpaid (gated and waived
     * ones never count) due at, plus {@code graceSeconds}; {@link Long#MAX_VALUE} when it has none. The same invoices
     * as {@link #overdue}: overdue now exactly when this second has come.
     */
    public long overdueFrom(Handle h, String tenant, long graceSeconds) {
        Long due = h.select("""
                        SELECT min(due_at) FROM invoices WHERE tenant = ? AND status = ? AND gated = 0
                          AND waived_at IS NULL""", tenant, STATES.pending()).mapTo(Long.class).one();
        return due == null ? Long.MAX_VALUE : due + graceSeconds;
    }

    // ---- creation ----

    /** A Lightning invoice; paid at once ({@code settled}) when credit covers all of it. */
    public void insert(
            Handle h,
            String id,
            String tenant,
            long amount,
            boolean settled,
            long now,
            long dueAt,
            long periodStart,
            long periodEnd,
            String kind,
            boolean gated,
            long creditApplied,
            Invoice.Fiat fiat) {
        h.createUpdate("""
                        INSERT INTO invoices (id, tenant, amount, status, created_at, due_at, paid_at, period_start, period_end, kind, gated, credit_applied,
                                              fiat_currency, fiat_amount, btc_price)
                        VALUES (:id, :tenant, :amount, :status, :now, :dueAt, :paidAt, :periodStart, :periodEnd, :kind, :gated, :creditApplied,
                                :fiatCurrency, :fiatAmount, :btcPrice)""")
                .bindMethods(new InvoiceRows.NewInvoice(
                        id,
                        tenant,
                        amount,
                        (settled ? InvoiceStatus.PAID : InvoiceStatus.PENDING).wire(),
                        now,
                        dueAt,
                        settled ? now : null,
                        periodStart,
                        periodEnd,
                        kind,
                        gated ? 1 : 0,
                        creditApplied,
                        fiat))
                .execute();
    }

    /** The mirror of a Stripe invoice (rail card), pending until Stripe says otherwise. */
    public void insertCard(
            Handle h,
            String id,
            String tenant,
            long amount,
            long created,
            Long periodStart,
            Long periodEnd,
            String kind,
            boolean gated,
            String currency,
            String stripeInvoiceId,
            String hostedInvoiceUrl) {
        h.createUpdate("""
                        INSERT INTO invoices (id, tenant, amount, status, created_at, due_at, paid_at, period_start, period_end, kind, gated,
                                              rail, currency, stripe_invoice_id, hosted_invoice_url, payment_error)
                        VALUES (:id, :tenant, :amount, :pending, :created, :created, NULL, :periodStart, :periodEnd, :kind, :gated, 'card',
                                :currency, :stripeInvoiceId, :hostedInvoiceUrl, NULL)""")
                .bindMethods(STATES)
                .bindMethods(new InvoiceRows.NewCardInvoice(
                        id,
                        tenant,
                        amount,
                        created,
                        periodStart,
                        periodEnd,
                        kind,
                        gated ? 1 : 0,
                        currency,
                        stripeInvoiceId,
                        hostedInvoiceUrl))
                .execute();
    }

    // ---- reading ----

    public InvoiceStatus status(Handle h, String id) {
        return InvoiceStatus.of(h.createQuery("SELECT status FROM invoices WHERE id = :id")
                .bind("id", id)
                .mapTo(String.class)
                .one());
    }

    public Optional<String> idByStripeInvoice(Handle h, String stripeInvoiceId) {
        return h.createQuery("SELECT id FROM invoices WHERE stripe_invoice_id = :s")
                .bind("s", stripeInvoiceId)
                .mapTo(String.class)
                .findOne();
    }

    /** The end of the invoice's period (0 when it has none). */
    public long periodEnd(Handle h, String id) {
        return h.createQuery("SELECT coalesce(period_end, 0) FROM invoices WHERE id = :id")
                .bind("id", id)
                .mapTo(Long.class)
                .one();
    }

    public boolean renewalExists(Handle h, String tenant, long periodStart) {
        return h.createQuery(
                                "SELECT count(*) FROM invoices WHERE tenant = :t AND kind = 'renewal' AND period_start = :s")
                        .bind("t", tenant)
                        .bind("s", periodStart)
                        .mapTo(Integer.class)
                        .one()
                > 0;
    }

    /** The tenant's most recently created invoice, if any. */
    public Optional<String> latestId(Handle h, String tenant) {
        return h.createQuery("SELECT id FROM invoices WHERE tenant = :t ORDER BY rowid DESC LIMIT 1")
                .bind("t", tenant)
                .mapTo(String.class)
                .findOne();
    }

    /** Invoices other than renewals created after {@code after} (all of the tenant's when null), newest first. */
    public List<String> createdAfter(Handle h, String tenant, String after) {
        return h.createQuery("""
                        SELECT id FROM invoices WHERE tenant = :t AND kind <> 'renewal'
                          AND rowid > coalesce((SELECT rowid FROM invoices WHERE id = :b), 0) ORDER BY rowid DESC""")
                .bind("t", tenant)
                .bind("b", after)
                .mapTo(String.class)
                .list();
    }

    // ---- state changes ----

    /** What closing an unpaid invoice writes: its new state and, for a void one, when it was voided. */
    public record Closing(String id, String to, Long voidedAt) {}

    /** pending → void (or expired), as of now; false when it was not pending. */
    @Override
    public boolean close(Handle h, String id, InvoiceStatus to, long now) {
        return h.createUpdate(
                                "UPDATE invoices SET status = :to, voided_at = :voidedAt WHERE id = :id AND status = :pending")
                        .bindMethods(STATES)
                        .bindMethods(new Closing(id, to.wire(), to == InvoiceStatus.VOID ? now : null))
                        .execute()
                == 1;
    }

    /** When the invoice was voided (null: not void, or voided before that time was kept). */
    public Optional<Long> voidedAt(Handle h, String id) {
        return h.createQuery("SELECT voided_at FROM invoices WHERE id = :id")
                .bind("id", id)
                .mapTo(Long.class)
                .findOne();
    }

    /** pending → paid through this payment hash (null: not over Lightning); false when it was not pending. */
    @Override
    public boolean markPaid(Handle h, String id, long at, String paymentHash) {
        return h.createUpdate(
                                "UPDATE invoices SET status = :paid, paid_at = :now, paid_hash = :hash WHERE id = :id AND status = :pending")
                        .bindMethods(STATES)
                        .bindMethods(new Stamp(id, at))
                        .bind("hash", paymentHash)
                        .execute()
                == 1;
    }

    public void setPeriod(Handle h, String id, long start, long end) {
        h.createUpdate("UPDATE invoices SET period_start = :s, period_end = :e WHERE id = :id")
                .bind("s", start)
                .bind("e", end)
                .bind("id", id)
                .execute();
    }

    public void setWaived(Handle h, String id, long now) {
        h.createUpdate("UPDATE invoices SET waived_at = :now WHERE id = :id")
                .bindMethods(new Stamp(id, now))
                .execute();
    }

    /** What is stamped on a pending invoice once: its reminder sent, its being told overdue. */
    public enum Once {
        REMINDED_AT,
        OVERDUE_AT
    }

    /** Stamps {@code what} on the pending invoice once; false when it was already, or it is no longer pending. */
    public boolean markOnce(Handle h, Once what, String id, long now) {
        String column = what.name().toLowerCase(java.util.Locale.ROOT);
        return h.createUpdate("UPDATE invoices SET " + column + " = :now WHERE id = :id AND " + column
                                + " IS NULL AND status = :pending")
                        .bindMethods(STATES)
                        .bindMethods(new Stamp(id, now))
                        .execute()
                == 1;
    }

    /** Records the first suspension (a suspension counts as the reminder when none was sent). */
    public void markSuspended(Handle h, String id, long now) {
        h.createUpdate(
                        "UPDATE invoices SET suspended_at = coalesce(suspended_at, :now), reminded_at = coalesce(reminded_at, :now) WHERE id = :id")
                .bindMethods(new Stamp(id, now))
                .execute();
    }

    /** Stores a new bolt11 unless another worker replaced {@code oldHash} first; false then. */
    public boolean setBolt11(Handle h, String id, String bolt11, String paymentHash, long expiresAt, String oldHash) {
        return h.createUpdate("""
                        UPDATE invoices SET bolt11 = :bolt11, payment_hash = :paymentHash, expires_at = :expiresAt
                        WHERE id = :id AND status = :pending AND coalesce(payment_hash, '') = :old""")
                        .bindMethods(STATES)
                        .bindMethods(new Bolt11(id, bolt11, paymentHash, expiresAt, oldHash == null ? "" : oldHash))
                        .execute()
                == 1;
    }

    // ---- card invoices ----

    /** A pending card invoice follows Stripe's amount due and page. */
    public void updateCard(Handle h, String id, long amount, String hostedInvoiceUrl) {
        h.createUpdate(
                        "UPDATE invoices SET amount = :amount, hosted_invoice_url = coalesce(:url, hosted_invoice_url) WHERE id = :id AND status = :pending")
                .bindMethods(STATES)
                .bind("amount", amount)
                .bind("url", hostedInvoiceUrl)
                .bind("id", id)
                .execute();
    }

    /** Records why a pending card invoice's payment failed; false when that reason was recorded already. */
    public boolean setPaymentError(Handle h, String id, String error) {
        return h.createUpdate(
                                "UPDATE invoices SET payment_error = :e WHERE id = :id AND status = :pending AND coalesce(payment_error, '') <> :e")
                        .bindMethods(STATES)
                        .bind("e", error)
                        .bind("id", id)
                        .execute()
                == 1;
    }

    /** pending → paid or void as Stripe says; false when it was not pending. */
    public boolean closeCard(Handle h, String id, InvoiceStatus status, Long paidAt) {
        return h.createUpdate(
                                "UPDATE invoices SET status = :s, paid_at = :paidAt, payment_error = NULL WHERE id = :id AND status = :pending")
                        .bindMethods(STATES)
                        .bind("s", status.wire())
                        .bind("paidAt", paidAt)
                        .bind("id", id)
                        .execute()
                == 1;
    }

    // ---- autopay ----

    /** Autopay spent in the cycle starting at {@code cycleStart} on charges that count against the budget (not renewals, not confirmed ones). */
    public long autopaySpent(Handle h, String tenant, long cycleStart) {
        return h.createQuery("""
                        SELECT coalesce(sum(amount - credit_applied), 0) FROM invoices WHERE tenant = :t AND kind <> 'renewal'
                          AND autopay_cycle_start = :cs AND autopay_confirmed = 0 AND autopay_started_at IS NOT NULL""")
                .bind("t", tenant)
                .bind("cs", cycleStart)
                .mapTo(Long.class)
                .one();
    }

    /**
     * Claims a pending invoice for autopay once; unless {@code always}, only while the cycle's spending plus this
     * invoice stays within {@code budget} (the check and the claim are one statement).
     */
    public boolean claimAutopay(
            Handle h,
            String id,
            String tenant,
            long now,
            long cycleStart,
            long budget,
            boolean confirmed,
            boolean always) {
        return h.createUpdate("""
                        UPDATE invoices SET autopay_started_at = :now, autopay_cycle_start = :cycleStart, autopay_budget = :budget,
                                            autopay_confirmed = :confirmed, autopay_hold = NULL
                        WHERE id = :id AND status = :pending AND autopay_started_at IS NULL
                          AND (:always OR (SELECT coalesce(sum(amount - credit_applied), 0) FROM invoices WHERE tenant = :tenant
                                 AND kind <> 'renewal' AND autopay_cycle_start = :cycleStart AND autopay_confirmed = 0
                                 AND autopay_started_at IS NOT NULL) + (amount - credit_applied) <= :budget)""")
                        .bindMethods(STATES)
                        .bindMethods(new Claim(id, tenant, now, cycleStart, budget, confirmed ? 1 : 0, always))
                        .execute()
                == 1;
    }

    /**
     * Moves a stale autopay claim (made at {@code claimedAt}, no later than {@code staleBefore}, no outcome recorded)
     * to {@code now} so its bolt11 is sent once more; false when another worker moved it first, the invoice is no
     * longer pending, its bolt11 is not {@code paymentHash}, expires before {@code validUntil}, or any bolt11 was
     * issued for it after the claim (the claim was for an earlier one).
     */
    public boolean reclaimStaleAutopay(
            Handle h, String id, long claimedAt, long staleBefore, String paymentHash, long now, long validUntil) {
        return h.createUpdate("""
                        UPDATE invoices SET autopay_started_at = :now
                        WHERE id = :id AND status = :pending AND autopay_error IS NULL
                          AND autopay_started_at = :claimedAt AND autopay_started_at <= :staleBefore
                          AND payment_hash = :paymentHash AND expires_at > :validUntil
                          AND NOT EXISTS (SELECT 1 FROM invoice_payments WHERE invoice = :id AND created_at > :claimedAt)""")
                        .bindMethods(STATES)
                        .bindMethods(new Reclaim(id, claimedAt, staleBefore, paymentHash, now, validUntil))
                        .execute()
                == 1;
    }

    /** Records who caused the invoice (a key, or "system"): autopay reads it ({@link Autopay}). */
    public void setCause(Handle h, String id, Actor causedBy) {
        h.execute("UPDATE invoices SET caused_by = ? WHERE id = ?", causedBy.key(), id);
    }

    /** Who caused the invoice; empty for one made before causes were recorded. */
    public java.util.Optional<String> causedBy(String id) {
        return jdbi.withHandle(h -> h.select("SELECT caused_by FROM invoices WHERE id = ?", id)
                .mapTo(String.class)
                .findOne());
    }

    /** Records why autopay holds the invoice back; false when a reason was recorded already. */
    public boolean holdAutopay(Handle h, String id, String why) {
        return h.execute("UPDATE invoices SET autopay_hold = ? WHERE id = ? AND autopay_hold IS NULL", why, id) == 1;
    }

    public void setAutopayError(Handle h, String id, String error) {
        h.execute("UPDATE invoices SET autopay_error = ? WHERE id = ?", error, id);
    }

    /** How many of the tenant's invoices are still unpaid (the quota on unpaid invoices). */
    public int countPending(Handle h, String tenant) {
        return h.createQuery("SELECT count(*) FROM invoices WHERE tenant = :t AND status = :pending")
                .bindMethods(STATES)
                .bind("t", tenant)
                .mapTo(Integer.class)
                .one();
    }

    /** An invoice as the live stream shows it. */
    public record Brief(String id, InvoiceStatus status, long amount, String kind, Long paidAt) {}

    /** The tenant's unpaid invoices and those paid since {@code paidSince}, oldest first. */
    public List<Brief> openOrPaidSince(Handle h, String tenant, long paidSince) {
        return h.createQuery("""
                        SELECT id, status, amount, kind, paid_at FROM invoices
                        WHERE tenant = :t AND (status = :pending OR (status = :paid AND paid_at >= :since))
                        ORDER BY created_at, id""")
                .bindMethods(STATES)
                .bind("t", tenant)
                .bind("since", paidSince)
                .map((rs, c) -> new Brief(
                        rs.getString("id"),
                        InvoiceStatus.of(rs.getString("status")),
                        rs.getLong("amount"),
                        rs.getString("kind"),
                        Columns.nullableLong(rs, "paid_at")))
                .list();
    }

    // ---- figures for the metrics scrape ----

    /** Invoices of one rail in one status, all time. */
    public record RailCount(Rail rail, InvoiceStatus status, long count) {}

    /** Every invoice by rail and status (all time: issued = the sum, paid and expired are statuses). */
    public List<RailCount> countsByRail(Handle h) {
        return h.createQuery("SELECT rail, status, count(*) AS n FROM invoices GROUP BY rail, status")
                .map((rs, ctx) -> new RailCount(
                        Rail.of(rs.getString("rail")), InvoiceStatus.of(rs.getString("status")), rs.getLong("n")))
                .list();
    }

    /**
     * Payments credited, all time, by rail: Lightning payments settled (to their invoice or as tenant credit) and
     * card invoices Stripe reported paid.
     */
    public Map<Rail, Long> creditedPayments(Handle h) {
        long lightning = payments.settled(h);
        long card = h.createQuery("SELECT count(*) FROM invoices WHERE rail = 'card' AND status = :paid")
                .bindMethods(STATES)
                .mapTo(Long.class)
                .one();
        return Map.of(Rail.LIGHTNING, lightning, Rail.CARD, card);
    }
}
