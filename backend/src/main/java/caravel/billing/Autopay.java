package caravel.billing;

import caravel.crypto.SecretBox;
import caravel.domain.Actor;
import caravel.domain.Epoch;
import caravel.domain.Failure;
import caravel.domain.InvoiceStatus;
import caravel.invoice.Expiry;
import caravel.jobs.JobHandler;
import caravel.jobs.JobPayloads;
import caravel.store.Tenant;
import caravel.store.TenantStore;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Paying invoices from the tenant's own wallet (NWC), within a budget per cycle for charges a session can cause,
 * confirmed by the platform wallet; and what happens when an invoice is issued (its bolt11, then autopay or a
 * "please pay" DM).
 */
public final class Autopay {
    private static final Logger log = LoggerFactory.getLogger(Autopay.class);
    /** Paying from a tenant's own wallet: its own job kind, run by the tenant-wallet runner (App), never the shared one. */
    public static final String JOB_AUTOPAY = "invoice.autopay";
    /** What a tenant is told whenever their wallet cannot be reached. */
    public static final String WALLET_UNREACHABLE =
            "wallet unreachable: check the connection string and that the wallet is online, then try again";

    /** The outcome of an autopay attempt. */
    public enum AutopayResult {
        PAID,
        SENT,
        NOT_PENDING,
        AUTOPAY_OFF,
        ALREADY_STARTED,
        NEEDS_CONFIRMATION,
        FAILED
    }

    private final Jdbi jdbi;
    private final Clock clock;
    private final TenantStore tenants;
    private final InvoiceStore invoices;
    private final PaymentConfirmation payments;
    private final SecretBox box;
    private final Function<String, LightningWallet> tenantWallets;
    private final AutopayBudget budget;
    private final AutopayNotes notes;
    /**
     * How long after a claim no attempt of this process or another can still be waiting on the tenant's wallet: a
     * pay_invoice may take up to the wallet timeout to publish (plus 2 s) and the timeout again for the answer, after
     * connecting; a minute more of margin for a slow machine. A claim older than this with no outcome recorded was
     * left by a process that died before the wallet answered.
     */
    private final long staleClaimSeconds;

    /**
     * How tenants' own wallets are reached: their connection strings are sealed by {@code box}, {@code open} makes the
     * wallet of one (through the gate that bounds how many are asked at once), and no call waits longer than
     * {@code timeout}.
     */
    public record TenantWallets(SecretBox box, Function<String, LightningWallet> open, Duration timeout) {}

    /**
     * @param payments gets an invoice its bolt11 and confirms payments with the platform wallet
     * @param wallets how tenants' own wallets are reached
     */
    public Autopay(
            Jdbi jdbi,
            Clock clock,
            TenantStore tenants,
            InvoiceStore invoices,
            PaymentConfirmation payments,
            TenantWallets wallets,
            AutopayBudget budget,
            AutopayNotes notes) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.tenants = tenants;
        this.invoices = invoices;
        this.payments = payments;
        this.box = wallets.box();
        this.tenantWallets = wallets.open();
        this.budget = budget;
        this.notes = notes;
        this.staleClaimSeconds = 3 * wallets.timeout().toSeconds() + 60;
    }

    /** The SecretBox context a tenant's NWC URL is sealed under. */
    public static String nwcContext(String tenant) {
        return "tenant-nwc:" + tenant;
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
                    // closing a wallet connection that failed to answer: nothing left to do
                }
            }
        }
    }

    private interface WalletFn<T> {
        T apply(LightningWallet w) throws LightningWallet.WalletException;
    }

    /**
     * "Confirm and pay from my wallet": the account's owner, by a fresh signature, pays a pending invoice from their
     * own wallet beyond the autopay budget. Anything that keeps it from being paid is a failure saying why.
     */
    public Invoice payConfirmed(Invoice inv, String payer) throws LightningWallet.WalletException {
        if (!payer.equals(inv.tenant())) throw Failure.forbidden("only the account's owner can pay from its wallet");
        if (inv.status() != InvoiceStatus.PENDING) throw PaymentConfirmation.nothingToPay(inv);
        return switch (autopay(inv.id(), true)) {
            case AUTOPAY_OFF ->
                throw Failure.conflict(
                        "autopay is off: connect a wallet on the account page, or pay the invoice with any Lightning wallet");
            case ALREADY_STARTED ->
                throw Failure.conflict(
                        "a payment of this invoice from your wallet was already attempted; check it, or pay the invoice with any Lightning wallet");
            case FAILED ->
                throw Failure.upstream("your wallet could not pay: "
                        + invoices.find(inv.id()).orElseThrow().autopayError());
            default -> invoices.find(inv.id()).orElseThrow();
        };
    }

    public AutopayResult autopay(String invoiceId) throws LightningWallet.WalletException {
        return autopay(invoiceId, false);
    }

    /**
     * Pays a pending invoice from the tenant's own wallet, at most once, and confirms with the platform wallet.
     * Renewals are always paid; other charges (a new paid relay, an upgrade, a reactivation — things a session can
     * cause) only while the cycle's autopay spending stays within the tenant's budget, unless {@code confirmed}
     * (the tenant signed a fresh NIP-98 request for this invoice). The budget check and the claim are one UPDATE.
     */
    public AutopayResult autopay(String invoiceId, boolean confirmed) throws LightningWallet.WalletException {
        Invoice looked = payments.ensureBolt11(invoiceId);
        long lookedAt = Epoch.seconds(clock);
        // the claim (made at now) needs a bolt11 that outlives it by more than ensureBolt11's minute: a bolt11 that
        // replaces the one paid here is then always issued after the claim, which is how a stale claim tells them
        // apart (retryStale). Only a bolt11 that crossed that line since ensureBolt11 looked is asked for again.
        if (looked.status() == InvoiceStatus.PENDING && Expiry.expiring(looked.expiresAt(), lookedAt)) {
            looked = payments.ensureBolt11(invoiceId);
            lookedAt = Epoch.seconds(clock);
            if (looked.status() == InvoiceStatus.PENDING && Expiry.expiring(looked.expiresAt(), lookedAt))
                throw new LightningWallet.WalletException("BUSY", "the invoice's bolt11 is about to expire");
        }
        Invoice inv = looked;
        long now = lookedAt;
        if (inv.status() != InvoiceStatus.PENDING || inv.bolt11() == null) return AutopayResult.NOT_PENDING;
        Tenant t = tenants.find(inv.tenant()).orElseThrow();
        if (t.nwcUrlEnc() == null) return AutopayResult.AUTOPAY_OFF;
        // a charge someone else caused (a platform administrator acting on the relay, a team member) is the owner's
        // to pay by hand: their wallet pays only what their own key or billing itself caused (R5-2)
        if (!confirmed) {
            String cause = invoices.causedBy(invoiceId).orElse(null);
            if (cause != null && !cause.equals(t.pubkey()) && !cause.equals(Actor.SYSTEM.key()))
                return holdForOwner(inv, t, cause, now);
        }
        boolean always = confirmed || inv.kind().equals("renewal");
        long cs = cycleStart(t, now);
        long[] budget = new long[1];
        boolean claimed = jdbi.inTransaction(h -> {
            budget[0] = autopayBudget(h, t);
            return invoices.claimAutopay(h, invoiceId, t.pubkey(), now, cs, budget[0], confirmed, always);
        });
        if (!claimed) {
            Invoice again = invoices.find(invoiceId).orElseThrow();
            if (again.status() != InvoiceStatus.PENDING) return AutopayResult.ALREADY_STARTED;
            if (again.autopayStartedAt() != null) return retryStale(again, t);
            return hold(
                    inv,
                    t,
                    "over your autopay budget of " + Messages.sats(budget[0])
                            + " this cycle: confirm the payment to pay it from your wallet",
                    now);
        }
        return pay(inv, t, confirmed, now);
    }

    /** The tenant's autopay budget per cycle for charges a session creates ({@link AutopayBudget}). */
    public long autopayBudget(Handle h, Tenant t) {
        return budget.autopayBudget(h, t);
    }

    /** What the tenant's relays in service cost per month at their current plans. */
    public long monthlyTotal(Handle h, String tenant) {
        return budget.monthlyTotal(h, tenant);
    }

    /** Autopay spent this cycle on charges that count against the budget (confirmed payments do not). */
    public long autopaySpent(Handle h, String tenant, long cycleStart) {
        return budget.autopaySpent(h, tenant, cycleStart);
    }

    /** The start of the tenant's cycle at {@code now} (now itself before the tenant has one). */
    public long cycleStart(Tenant t, long now) {
        return AutopayBudget.cycleStart(t, now);
    }

    /** Holds back an invoice another key caused: the owner pays it by hand ({@link #hold}). */
    private AutopayResult holdForOwner(Invoice inv, Tenant t, String cause, long now) {
        return hold(inv, t, causedByOther(cause), now);
    }

    /**
     * Holds back an invoice {@code why}: recorded on the invoice (the web app shows it) and in the activity, and the
     * owner is told once by DM, with the reason; "Confirm and pay" pays it.
     */
    private AutopayResult hold(Invoice inv, Tenant t, String why, long now) {
        notes.held(inv, t, why, now);
        return AutopayResult.NEEDS_CONFIRMATION;
    }

    /** Why autopay leaves an invoice another key caused to its owner, in the owner's words. */
    static String causedByOther(String cause) {
        return "this charge was caused by " + caravel.nostr.Nip19.shortNpub(cause)
                + ", not by your own key: autopay pays only your own and your renewals; confirm the payment to pay"
                + " it from your wallet, or pay it with any Lightning wallet";
    }

    /**
     * A claim older than any live attempt, with no outcome recorded, on an invoice still pending: the process that
     * made it died between the claim and the wallet's answer. The wallet may have paid (the answer was lost) or
     * never received the request. The platform wallet is asked first; if it has not seen the payment, the same
     * bolt11 is sent again, once per stale claim (the re-claim moves the claim's time, so a second worker's fails):
     * a payment hash is paid at most once, so a wallet that did pay answers an error and is not charged twice. A
     * bolt11 issued since the claim is never paid under it: the old one's payment could still land. The tenant is
     * told instead and pays by hand, like any autopay that failed.
     */
    private AutopayResult retryStale(Invoice stale, Tenant t) throws LightningWallet.WalletException {
        long now = Epoch.seconds(clock);
        long claimedAt = stale.autopayStartedAt();
        if (stale.autopayError() != null || now - claimedAt < staleClaimSeconds) return AutopayResult.ALREADY_STARTED;
        Invoice inv = payments.check(stale.id()); // throws while the platform wallet cannot answer: tried again later
        if (inv.status() != InvoiceStatus.PENDING) return AutopayResult.PAID;
        Invoice seen = inv;
        boolean reclaimed = jdbi.withHandle(h -> invoices.reclaimStaleAutopay(
                h,
                seen.id(),
                claimedAt,
                now - staleClaimSeconds,
                seen.paymentHash(),
                now,
                now + Expiry.MIN_LEFT_SECONDS));
        if (reclaimed) {
            log.info("autopay of invoice {} was interrupted before the wallet answered; sending it again", inv.id());
            return pay(inv, t, false, now);
        }
        Invoice after = invoices.find(inv.id()).orElseThrow();
        // another worker re-claimed it or it was paid meanwhile: theirs is the attempt
        if (after.status() != InvoiceStatus.PENDING
                || after.autopayError() != null
                || !Long.valueOf(claimedAt).equals(after.autopayStartedAt())) return AutopayResult.ALREADY_STARTED;
        String msg = "autopay was interrupted before your wallet answered and this invoice has a new payment request"
                + " since; autopay does not pay it again: please pay it from your wallet";
        recordFailure(after, t, msg, true, now);
        return AutopayResult.FAILED;
    }

    /** Records why autopay did not pay ({@link AutopayNotes#failed}). */
    private void recordFailure(Invoice inv, Tenant t, String msg, boolean dm, long now) {
        notes.failed(inv, t, msg, dm, now);
    }

    /** Sends pay_invoice for the bolt11 this call claimed, then confirms with the platform wallet. */
    private AutopayResult pay(Invoice inv, Tenant t, boolean confirmed, long now)
            throws LightningWallet.WalletException {
        String invoiceId = inv.id();
        String nwc = box.openString(t.nwcUrlEnc(), nwcContext(t.pubkey()));
        try {
            withTenantWallet(nwc, w -> w.payInvoice(inv.bolt11()));
            notes.paid(inv, t, confirmed, now);
        } catch (LightningWallet.WalletException e) {
            if (e.outcomeUnknown() && payments.check(invoiceId).status() == InvoiceStatus.PAID)
                return AutopayResult.PAID; // the answer was lost, the payment was not
            log.info("autopay of invoice {} failed ({}): {}", invoiceId, e.code, e.getMessage());
            // the tenant sees the wallet's own NIP-47 answer, never connection details (hosts, ports, policy)
            String msg = e.outcomeUnknown()
                    ? "no answer from your wallet yet; the payment is being checked"
                    : e.code.equals("UNREACHABLE") || e.code.equals("BAD_RESPONSE") || e.code.equals("BUSY")
                            ? WALLET_UNREACHABLE
                            : e.getMessage();
            recordFailure(inv, t, msg, !e.outcomeUnknown(), now);
            return AutopayResult.FAILED;
        }
        // the platform wallet confirms before the invoice counts as paid
        return payments.check(invoiceId).status() == InvoiceStatus.PAID ? AutopayResult.PAID : AutopayResult.SENT;
    }

    /**
     * Saving a tenant's NWC URL: it must answer get_info and offer pay_invoice. When the wallet cannot be reached the
     * answer is one sentence whatever went wrong (refused, no DNS, blocked by the outbound policy, handshake refused,
     * timeout): telling those apart would let a tenant probe hosts and ports through Caravel. The detail is logged.
     */
    public void checkTenantWallet(String nwcUrl) {
        try {
            LightningWallet.Info info = withTenantWallet(nwcUrl, LightningWallet::getInfo);
            if (info.methods() != null
                    && !info.methods().isEmpty()
                    && !info.methods().contains("pay_invoice"))
                throw Failure.invalidField(
                        "nwc_url", "this wallet connection does not allow pay_invoice, which autopay needs");
        } catch (LightningWallet.WalletException e) {
            log.info("tenant wallet check failed ({}): {}", e.code, e.getMessage());
            throw Failure.invalid(
                    switch (e.code) {
                        case "UNREACHABLE", "TIMEOUT", "BAD_RESPONSE", "BUSY" -> WALLET_UNREACHABLE;
                        // the wallet itself answered with a NIP-47 error: its code is the tenant's to know
                        default -> "your wallet refused the connection check: " + e.getMessage();
                    });
        }
    }

    /** Autopay for one invoice (its own job kind, so tenants' wallets never hold the shared job slots). */
    public JobHandler autopayHandler() {
        return job -> autopay(JobPayloads.read(job.payload(), InvoiceJob.class).invoice(), false);
    }
}
