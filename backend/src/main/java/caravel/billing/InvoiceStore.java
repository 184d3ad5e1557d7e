package caravel.billing;

import caravel.domain.InvoiceStatus;
import caravel.domain.Rail;
import caravel.invoice.InvoiceLedger;
import caravel.store.Filters;
import caravel.store.Ids;
import caravel.store.Page;
import caravel.store.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * The invoices, invoice_items and invoice_payments tables: every statement on them is here, run on the caller's
 * handle so billing's transactions stay the callers'. Conditional UPDATEs return whether they changed the row (the
 * billing rules decide on that). A state named in a statement is the shared one's value, bound by name ({@link
 * States}); moving an invoice from pending is the invoice lifecycle's to ask ({@link InvoiceLedger}).
 */
public final class InvoiceStore implements InvoiceLedger<String> {
    private final Jdbi jdbi;

    public InvoiceStore(Jdbi jdbi) {
        this.jdbi = jdbi;
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

    /** The window of {@link #inGrace}: invoices within {@code reminderBefore} of the end of their grace. */
    public record Window(long now, long grace, long reminderBefore, String inactive) {}

    /** A new bolt11 for an invoice, replacing the one whose hash is {@code old} ("" for none). */
    public record Bolt11(String id, String bolt11, String paymentHash, long expiresAt, String old) {}

    /** An autopay claim (see {@link #claimAutopay}). */
    public record Claim(
            String id, String tenant, long now, long cycleStart, long budget, int confirmed, boolean always) {}

    /** A stale autopay claim taken over (see {@link #reclaimStaleAutopay}). */
    public record Reclaim(String id, long claimedAt, long staleBefore, String paymentHash, long now, long validUntil) {}

    /** A bolt11 handed out for an invoice (see {@link #insertPayment}). */
    public record NewPayment(
            String paymentHash, String invoice, String tenant, String bolt11, long amount, long now, long expiresAt) {}

    private static Long nullableLong(ResultSet rs, String col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : v;
    }

    private static Invoice mapInvoice(ResultSet rs) throws SQLException {
        return new Invoice(
                rs.getString("id"),
                rs.getString("tenant"),
                rs.getLong("amount"),
                InvoiceStatus.of(rs.getString("status")),
                rs.getLong("created_at"),
                rs.getLong("due_at"),
                nullableLong(rs, "paid_at"),
                rs.getString("bolt11"),
                rs.getString("payment_hash"),
                nullableLong(rs, "expires_at"),
                rs.getString("kind"),
                nullableLong(rs, "autopay_started_at"),
                rs.getString("autopay_error"),
                List.of(),
                rs.getLong("credit_applied"),
                rs.getInt("gated") != 0,
                rs.getString("paid_hash"),
                rs.getString("autopay_hold"),
                nullableLong(rs, "waived_at"),
                Rail.of(rs.getString("rail")),
                nullableLong(rs, "period_start"),
                nullableLong(rs, "period_end"),
                Rail.of(rs.getString("rail")) == Rail.CARD
                        ? new Invoice.Card(
                                rs.getString("currency"),
                                rs.getString("stripe_invoice_id"),
                                rs.getString("hosted_invoice_url"),
                                rs.getString("payment_error"))
                        : null,
                rs.getString("fiat_currency") == null
                        ? null
                        : new Invoice.Fiat(
                                rs.getString("fiat_currency"), rs.getLong("fiat_amount"), rs.getString("btc_price")));
    }

    public Optional<Invoice> find(String id) {
        return jdbi.withHandle(h -> find(h, id));
    }

    public Optional<Invoice> find(Handle h, String id) {
        return h.createQuery("SELECT * FROM invoices WHERE id = :id")
                .bind("id", id)
                .map((rs, c) -> mapInvoice(rs))
                .findOne()
                .map(inv -> withItems(h, List.of(inv)).get(0));
    }

    public Page<Invoice> forTenant(String tenant, InvoiceStatus status, Page.Request req) {
        return jdbi.withHandle(h -> {
            Page<Invoice> p = new Filters()
                    .eq("tenant", "tenant", tenant)
                    .eq("status", "status", status == null ? null : status.wire())
                    .page(h, "SELECT *", "FROM invoices", "created_at DESC, id", req, (rs, c) -> mapInvoice(rs));
            return new Page<>(withItems(h, p.items()), p.total(), p.page(), p.perPage());
        });
    }

    private List<Invoice> withItems(Handle h, List<Invoice> invoices) {
        if (invoices.isEmpty()) return invoices;
        Map<String, List<Invoice.Item>> items = h.createQuery("""
                        SELECT i.*, i.invoice AS inv, r.name AS relay_name FROM invoice_items i
                        JOIN relays r ON r.id = i.relay WHERE i.invoice IN (<ids>) ORDER BY i.period_start, i.id""")
                .bindList("ids", invoices.stream().map(Invoice::id).toList())
                .map((rs, c) -> Map.entry(
                        rs.getString("inv"),
                        new Invoice.Item(
                                rs.getString("id"),
                                rs.getString("relay"),
                                rs.getString("relay_name"),
                                rs.getString("plan"),
                                rs.getLong("amount"),
                                rs.getLong("period_start"),
                                rs.getLong("period_end"),
                                nullableLong(rs, "fiat_amount"))))
                .collect(Collectors.groupingBy(
                        Map.Entry::getKey, Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
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

    /**
     * One line of a new invoice: a relay on a plan at a monthly rate in sats, for [start, end), amount prorated;
     * fiat: the line's fiat figure (null without a bitcoin price).
     */
    public record NewItem(String relay, String plan, long rate, long start, long end, long amount, Long fiat) {}

    /** A new Lightning invoice's row, bound by name. */
    public record NewInvoice(
            String id,
            String tenant,
            long amount,
            String status,
            long now,
            long dueAt,
            Long paidAt,
            long periodStart,
            long periodEnd,
            String kind,
            int gated,
            long creditApplied,
            Invoice.Fiat fiat) {
        public String fiatCurrency() {
            return fiat == null ? null : fiat.currency();
        }

        public Long fiatAmount() {
            return fiat == null ? null : fiat.amount();
        }

        public String btcPrice() {
            return fiat == null ? null : fiat.btcPrice();
        }
    }

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
                .bindMethods(new NewInvoice(
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

    public void insertItems(Handle h, String invoice, List<NewItem> items) {
        if (items.isEmpty()) return;
        var batch = h.prepareBatch("""
                INSERT INTO invoice_items (id, invoice, relay, amount, period_start, period_end, plan, rate, fiat_amount)
                VALUES (:id, :invoice, :i.relay, :i.amount, :i.start, :i.end, :i.plan, :i.rate, :i.fiat)""");
        for (NewItem i : items)
            batch.bind("id", Ids.newId())
                    .bind("invoice", invoice)
                    .bindMethods("i", i)
                    .add();
        batch.execute();
    }

    /** A new card invoice's row, bound by name. */
    public record NewCardInvoice(
            String id,
            String tenant,
            long amount,
            long created,
            Long periodStart,
            Long periodEnd,
            String kind,
            int gated,
            String currency,
            String stripeInvoiceId,
            String hostedInvoiceUrl) {}

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
                .bindMethods(new NewCardInvoice(
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

    /** Whether a pending invoice has a line for the relay (whoever the invoice is addressed to). */
    public boolean pendingLineFor(Handle h, String relay) {
        return h.createQuery("""
                        SELECT count(*) FROM invoice_items i JOIN invoices v ON v.id = i.invoice
                        WHERE i.relay = :r AND v.status = :pending""")
                        .bindMethods(STATES)
                        .bind("r", relay)
                        .mapTo(Long.class)
                        .one()
                > 0;
    }

    /**
     * The end of the latest base charge covering t for this relay (t itself when none does). Paid items count, and
     * pending ones that bill service already given (their grace applies); an unpaid gated item (a first invoice or
     * an upgrade not yet paid) covers nothing.
     */
    public long coveredUntil(Handle h, String relay, long t) {
        return h.createQuery("""
                        SELECT max(i.period_end) FROM invoice_items i JOIN invoices v ON v.id = i.invoice
                        WHERE i.relay = :r AND (v.status = :paid OR (v.status = :pending AND v.gated = 0))
                          AND v.kind <> 'upgrade' AND i.period_start <= :t AND i.period_end > :t""")
                .bindMethods(STATES)
                .bind("r", relay)
                .bind("t", t)
                .mapTo(Long.class)
                .findOne()
                .orElse(t);
    }

    /** The pending invoices with a line for the relay, oldest first. */
    public List<String> pendingWithRelay(Handle h, String relay) {
        return h.select(
                        "SELECT i.id FROM invoices i WHERE i.status = 'pending' AND EXISTS (SELECT 1 FROM invoice_items it"
                                + " WHERE it.invoice = i.id AND it.relay = ?) ORDER BY i.created_at, i.id",
                        relay)
                .mapTo(String.class)
                .list();
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

    /** Whether the tenant owes a Lightning invoice for service already given (gated ones wait for payment instead). */
    public boolean owesOnLightning(Handle h, String tenant) {
        return h.createQuery(
                                "SELECT count(*) FROM invoices WHERE tenant = :t AND rail = 'lightning' AND status = :pending AND gated = 0")
                        .bindMethods(STATES)
                        .bind("t", tenant)
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

    /** A pending invoice as the account page lists it: what is left to pay, when it was due, whether it was waived. */
    public record Unpaid(String id, long amountDue, long dueAt, boolean waived, String kind) {}

    /** An Unpaid from its columns in order: id, amount due, due_at, waived_at, kind. */
    private static final RowMapper<Unpaid> UNPAID = (rs, c) ->
            new Unpaid(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getObject(4) != null, rs.getString(5));

    /** Pending invoices for service given that were due by {@code dueBy}, oldest due first. */
    public List<Unpaid> dueBy(Handle h, String tenant, long dueBy) {
        return h.createQuery("""
                        SELECT id, amount - credit_applied AS due, due_at, waived_at, kind FROM invoices
                        WHERE tenant = :t AND status = :pending AND gated = 0 AND due_at <= :now ORDER BY due_at""")
                .bindMethods(STATES)
                .bind("t", tenant)
                .bind("now", dueBy)
                .map(UNPAID)
                .list();
    }

    /** Pending gated invoices (what new relays and upgrades wait for), oldest first. */
    public List<Unpaid> awaitingPayment(Handle h, String tenant) {
        return h.createQuery("""
                        SELECT id, amount - credit_applied, due_at, waived_at, kind FROM invoices WHERE tenant = :t AND status = :pending AND gated = 1
                        ORDER BY created_at""")
                .bindMethods(STATES)
                .bind("t", tenant)
                .map(UNPAID)
                .list();
    }

    /** Upgrade invoices still pending whose period ended, at most {@code limit}, the longest lapsed first. */
    public List<String> lapsingUpgrades(Handle h, long now, int limit) {
        return h.createQuery("""
                        SELECT v.id FROM relays r JOIN invoices v ON v.id = r.upgrade_invoice
                        WHERE v.status = :pending AND v.period_end <= :now ORDER BY v.period_end LIMIT :n""")
                .bindMethods(STATES)
                .bind("now", now)
                .bind("n", limit)
                .mapTo(String.class)
                .list();
    }

    /** An invoice that needs a reminder or a suspension, with one paid relay of its tenant still to suspend (null: none). */
    public record GraceRow(String invoice, String tenant, long dueAt, Long remindedAt, String relay) {}

    /**
     * Reminders and suspensions, read in one query: each pending invoice for service given within {@code reminderBefore}
     * of the end of its grace and not reminded yet, or past its grace, joined to the paid relays still to suspend
     * (on a plan in {@code paidPlans}, served or inactive without a hold).
     */
    public List<GraceRow> inGrace(
            Handle h,
            long now,
            long grace,
            long reminderBefore,
            Collection<String> paidPlans,
            Collection<String> servedStatuses,
            String inactiveStatus) {
        return h.createQuery("""
                        SELECT v.id, v.tenant, v.due_at, v.reminded_at, r.id AS relay
                        FROM invoices v
                        LEFT JOIN relays r ON r.tenant = v.tenant AND v.due_at + :grace <= :now AND r.plan IN (<paidPlans>)
                             AND (r.status IN (<served>) OR (r.status = :inactive AND r.hold IS NULL))
                        WHERE v.status = :pending AND v.gated = 0 AND v.waived_at IS NULL AND v.due_at + :grace - :reminderBefore <= :now
                          AND (v.reminded_at IS NULL OR r.id IS NOT NULL)
                        ORDER BY v.due_at, v.id""")
                .bindMethods(STATES)
                .bindMethods(new Window(now, grace, reminderBefore, inactiveStatus))
                .bindList("paidPlans", List.copyOf(paidPlans))
                .bindList("served", List.copyOf(servedStatuses))
                .map((rs, c) -> new GraceRow(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getLong(3),
                        rs.getObject(4) == null ? null : rs.getLong(4),
                        rs.getString(5)))
                .list();
    }

    /** Pending invoices for service given whose grace ended by {@code now} and that no administrator waived yet. */
    public List<String> waivable(Handle h, String tenant, long grace, long now) {
        return h.createQuery("""
                        SELECT id FROM invoices WHERE tenant = :t AND status = :pending AND gated = 0 AND waived_at IS NULL AND due_at + :g <= :now""")
                .bindMethods(STATES)
                .bind("t", tenant)
                .bind("g", grace)
                .bind("now", now)
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

    /** Records the reminder once; false when it was sent already or the invoice is no longer pending. */
    public boolean markReminded(Handle h, String id, long now) {
        return h.createUpdate(
                                "UPDATE invoices SET reminded_at = :now WHERE id = :id AND reminded_at IS NULL AND status = :pending")
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
    public void setCause(Handle h, String id, String causedBy) {
        h.execute("UPDATE invoices SET caused_by = ? WHERE id = ?", causedBy, id);
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

    // ---- invoice_payments: every bolt11 an invoice ever had ----

    /** A bolt11 handed out for an invoice, kept whatever happens to the invoice (a payment to it is still credited). */
    public void insertPayment(Handle h, NewPayment p) {
        h.createUpdate("""
                        INSERT INTO invoice_payments (payment_hash, invoice, tenant, bolt11, amount, created_at, expires_at)
                        VALUES (:paymentHash, :invoice, :tenant, :bolt11, :amount, :now, :expiresAt)
                        ON CONFLICT (payment_hash) DO NOTHING""").bindMethods(p).execute();
    }

    public record Payment(String invoice, String tenant, long amount, long createdAt) {}

    public Optional<Payment> payment(Handle h, String paymentHash) {
        return h.createQuery("SELECT invoice, tenant, amount, created_at FROM invoice_payments WHERE payment_hash = :p")
                .bind("p", paymentHash)
                .map((rs, c) -> new Payment(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)))
                .findOne();
    }

    /** The invoice's payment hashes that could still settle (not settled, not checked after expiry), newest first. */
    public List<String> openHashes(Handle h, String invoice) {
        return h.createQuery("""
                        SELECT payment_hash FROM invoice_payments WHERE invoice = :i AND settled_at IS NULL
                          AND (checked_at IS NULL OR checked_at <= expires_at) ORDER BY created_at DESC""").bind("i", invoice).mapTo(String.class).list();
    }

    /**
     * At most {@code limit} payment hashes that could still settle, fairly: never-checked ones first (NULL sorts
     * first; oldest first), then the least recently checked.
     */
    public List<String> hashesToPoll(Handle h, int limit) {
        return h.createQuery("""
                        SELECT payment_hash FROM invoice_payments WHERE settled_at IS NULL AND (checked_at IS NULL OR checked_at <= expires_at)
                        ORDER BY checked_at NULLS FIRST, created_at, rowid LIMIT :n""").bind("n", limit).mapTo(String.class).list();
    }

    public boolean isUnsettled(Handle h, String paymentHash) {
        return h.createQuery("SELECT count(*) FROM invoice_payments WHERE payment_hash = :p AND settled_at IS NULL")
                        .bind("p", paymentHash)
                        .mapTo(Integer.class)
                        .one()
                > 0;
    }

    public void markChecked(Handle h, String paymentHash, long now) {
        h.createUpdate("UPDATE invoice_payments SET checked_at = :now WHERE payment_hash = :id")
                .bindMethods(new Stamp(paymentHash, now))
                .execute();
    }

    /** Marks the payment settled once; false when it was settled already (the one statement that decides crediting). */
    public boolean markSettled(Handle h, String paymentHash, long now) {
        return h.createUpdate(
                                "UPDATE invoice_payments SET settled_at = :now WHERE payment_hash = :id AND settled_at IS NULL")
                        .bindMethods(new Stamp(paymentHash, now))
                        .execute()
                == 1;
    }

    /** What a settled payment went to: "invoice" or "credit". */
    public void setCreditedAs(Handle h, String paymentHash, String creditedAs) {
        h.execute("UPDATE invoice_payments SET credited_as = ? WHERE payment_hash = ?", creditedAs, paymentHash);
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
                        nullableLong(rs, "paid_at")))
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
        long lightning = h.createQuery("SELECT count(*) FROM invoice_payments WHERE settled_at IS NOT NULL")
                .mapTo(Long.class)
                .one();
        long card = h.createQuery("SELECT count(*) FROM invoices WHERE rail = 'card' AND status = :paid")
                .bindMethods(STATES)
                .mapTo(Long.class)
                .one();
        return Map.of(Rail.LIGHTNING, lightning, Rail.CARD, card);
    }
}
