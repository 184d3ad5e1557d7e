package caravel.billing;

import caravel.domain.Epoch;
import caravel.domain.Failure;
import caravel.domain.InvoiceStatus;
import caravel.invoice.Expiry;
import caravel.logging.Hops;
import caravel.store.Relay;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lightning payments, confirmed by the platform wallet: bolt11s for pending invoices, lookups (the "I've paid"
 * button, payment notifications, polling by the periodic run) and what a settled payment does. Every bolt11 an
 * invoice ever had is kept in invoice_payments; a settlement of any of them is credited exactly once — to the
 * invoice while it is pending, as tenant credit otherwise ({@link PaymentSettling}). A paid invoice serves the relays
 * waiting for it, applies a paid upgrade and lifts suspensions once nothing is overdue ({@link PaidInvoices}).
 */
public final class PaymentConfirmation {
    private static final Logger log = LoggerFactory.getLogger(PaymentConfirmation.class);
    public static final long BOLT11_EXPIRY_SECONDS = 24 * 3_600;
    /** Payment lookups per periodic run (the fallback to notifications): bounded so one tick never takes long. */
    public static final int LOOKUPS_PER_TICK = 25;

    private final Jdbi jdbi;
    private final Clock clock;
    private final InvoiceStore invoices;
    private final InvoicePaymentStore payments = new InvoicePaymentStore();
    private final Optional<LightningWallet> platform;
    private final PaymentSettling settling;
    private final PaidInvoices paid;
    /** Per invoice while its bolt11 is made (a wallet call): locks, not monitors, so waiting does not pin a carrier. */
    private final Map<String, java.util.concurrent.locks.ReentrantLock> bolt11Locks = new ConcurrentHashMap<>();
    /** Waits before asking the wallet again about a notified payment whose lookup failed. */
    static final List<Long> CONFIRM_RETRY_MILLIS = List.of(1_000L, 3_000L, 9_000L);

    private volatile boolean closed;

    /**
     * @param settling credits what the wallet says was paid
     * @param paid what a paid invoice does (here: suspensions lifted once nothing is overdue)
     */
    public PaymentConfirmation(
            Jdbi jdbi,
            Clock clock,
            InvoiceStore invoices,
            Optional<LightningWallet> platform,
            PaymentSettling settling,
            PaidInvoices paid) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.invoices = invoices;
        this.platform = platform;
        this.settling = settling;
        this.paid = paid;
    }

    /**
     * Real-time payment detection: the platform wallet's payment_received notifications, each confirmed by a lookup
     * (on its own thread: the notification arrives on the relay connection the lookup needs). Polling by the
     * periodic run remains the fallback.
     */
    public void listenForPayments() {
        if (platform.orElse(null) instanceof NwcWallet nwc) {
            nwc.onPaymentReceived(hash -> {
                Hops.mark("pay.notified", hash.substring(0, 8));
                Thread.ofVirtual().name("payment-" + hash.substring(0, 8)).start(() -> confirmNotified(hash));
            });
            // payments notified while the connection was down are not sent again: ask about the open ones now
            // rather than at the next periodic run
            nwc.onResume(() -> Thread.ofVirtual().name("payments-after-gap").start(this::collectAfterGap));
            Thread.ofVirtual().name("nwc-connect").start(() -> {
                try {
                    nwc.connect();
                } catch (LightningWallet.WalletException e) {
                    log.warn(
                            "platform wallet not reachable yet ({}); payments are found by polling until it is",
                            e.getMessage());
                }
            });
        }
    }

    private void collectAfterGap() {
        if (closed) return;
        int credited = collect();
        log.info("platform wallet's relay is back: asked about open payments, {} credited", credited);
    }

    /** At shutdown, before the job runners drain: no more payment notifications start database work. */
    public void close() {
        closed = true;
        if (platform.orElse(null) instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                log.debug("closing the platform wallet: {}", e.getMessage());
            }
        }
    }

    /**
     * Before a plan change may void a relay's unpaid first or upgrade invoice: ask the wallet whether any of its
     * bolt11s was paid, and credit it if so. A wallet that does not answer does not block the change: a payment
     * that lands afterwards is found by polling and credited to the tenant.
     */
    public void settleKnownPayments(Relay r) {
        for (String inv : new String[] {r.awaitingPaymentInvoice(), r.upgradeInvoice()}) {
            if (inv == null || platform.isEmpty()) continue;
            try {
                check(inv);
            } catch (LightningWallet.WalletException e) {
                log.info(
                        "could not ask the wallet about invoice {} before changing relay {}: {}",
                        inv,
                        r.id(),
                        e.getMessage());
            }
        }
    }

    /** The invoice with a bolt11 to pay it by (see ensureBolt11); one with nothing left to pay is a conflict. */
    public Invoice payable(String invoiceId) throws LightningWallet.WalletException {
        Invoice before = invoices.find(invoiceId).orElseThrow(() -> Failure.notFound("invoice not found"));
        if (before.status() != InvoiceStatus.PENDING) throw nothingToPay(before);
        Invoice inv = ensureBolt11(invoiceId); // it may learn meanwhile that the invoice was paid
        if (inv.status() != InvoiceStatus.PENDING) throw nothingToPay(inv);
        return inv;
    }

    static Failure nothingToPay(Invoice inv) {
        return Failure.conflict("invoice " + inv.id() + " is " + inv.status() + ": there is nothing to pay");
    }

    /** An invoice's live Lightning request: the invoice with its bolt11, and the request's own record (amount, time). */
    public record LightningRequest(Invoice invoice, InvoicePaymentStore.Payment request) {}

    /**
     * The request a payer pays the invoice by, made if none is live (see {@link #payable}); one with nothing left to pay
     * is a conflict.
     */
    public LightningRequest lightningRequest(String invoiceId) throws LightningWallet.WalletException {
        Invoice inv = payable(invoiceId);
        InvoicePaymentStore.Payment request =
                jdbi.withHandle(h -> payments.payment(h, inv.paymentHash())).orElseThrow();
        return new LightningRequest(inv, request);
    }

    /**
     * A just-created invoice with its bolt11 when the wallet answers in time; without it otherwise (the issue job and
     * GET /bolt11 retry).
     */
    public Invoice issueNow(String invoiceId) {
        try {
            return ensureBolt11(invoiceId);
        } catch (LightningWallet.WalletException | RuntimeException e) {
            log.warn("invoice {}: no bolt11 yet ({}); it will be retried", invoiceId, e.getMessage());
            return invoices.find(invoiceId).orElseThrow();
        }
    }

    /** A payable bolt11 for a pending invoice: the stored one while it is valid, else a new one from the platform wallet. */
    public Invoice ensureBolt11(String invoiceId) throws LightningWallet.WalletException {
        var lock = bolt11Locks.computeIfAbsent(invoiceId, k -> new java.util.concurrent.locks.ReentrantLock());
        lock.lock();
        try {
            Invoice inv = invoices.find(invoiceId).orElseThrow(() -> Failure.notFound("invoice not found"));
            if (inv.onCard())
                throw Failure.conflict(
                        "this invoice is paid by card through Stripe, not over Lightning: open its Stripe page");
            if (inv.status() != InvoiceStatus.PENDING) return inv;
            long now = Epoch.seconds(clock);
            if (inv.bolt11() != null && Expiry.payable(inv.expiresAt(), now)) return inv;
            LightningWallet wallet =
                    platform.orElseThrow(() -> Failure.unavailable("Lightning billing is not configured"));
            // an earlier bolt11 may have been paid just before it expired: never replace a paid one
            check(invoiceId);
            inv = invoices.find(invoiceId).orElseThrow();
            if (inv.status() != InvoiceStatus.PENDING) return inv;
            long payable = inv.amount() - inv.creditApplied();
            LightningWallet.MadeInvoice made =
                    wallet.makeInvoice(payable, "Caravel invoice " + inv.id(), BOLT11_EXPIRY_SECONDS);
            String old = inv.paymentHash(), tenant = inv.tenant();
            jdbi.useTransaction(h -> {
                // kept whatever happens next: a payment to it is credited even if the invoice moves on
                payments.insertPayment(
                        h,
                        new InvoicePaymentStore.NewPayment(
                                made.paymentHash(), invoiceId, tenant, made.bolt11(), payable, now, made.expiresAt()));
                if (!invoices.setBolt11(h, invoiceId, made.bolt11(), made.paymentHash(), made.expiresAt(), old))
                    log.info("invoice {} got a bolt11 from another worker first", invoiceId);
            });
            return invoices.find(invoiceId).orElseThrow();
        } finally {
            bolt11Locks.remove(invoiceId);
            lock.unlock();
        }
    }

    /** The "I've paid" button: looks up every bolt11 this invoice ever had that could still settle. */
    public Invoice check(String invoiceId) throws LightningWallet.WalletException {
        Invoice inv = invoices.find(invoiceId).orElseThrow(() -> Failure.notFound("invoice not found"));
        List<String> hashes = jdbi.withHandle(h -> payments.openHashes(h, invoiceId));
        if (!hashes.isEmpty()) {
            LightningWallet wallet =
                    platform.orElseThrow(() -> Failure.unavailable("Lightning billing is not configured"));
            for (String hash : hashes) lookUp(wallet, hash);
        }
        return invoices.find(inv.id()).orElseThrow();
    }

    /** Asks the wallet about one payment hash and credits it if settled. */
    private boolean lookUp(LightningWallet wallet, String hash) throws LightningWallet.WalletException {
        LightningWallet.Lookup l;
        try {
            Hops.mark("pay.lookup", hash.substring(0, 8));
            l = wallet.lookupInvoice(hash);
            Hops.mark("pay.looked", hash.substring(0, 8) + " settled=" + l.settled());
        } catch (LightningWallet.WalletException e) {
            if (e.outcomeUnknown() || "UNREACHABLE".equals(e.code)) throw e;
            l = new LightningWallet.Lookup(false, null, false); // the wallet does not know it: nothing was paid to it
        }
        long now = Epoch.seconds(clock);
        jdbi.useHandle(h -> payments.markChecked(h, hash, now));
        boolean credited = l.settled() && settle(hash, l.settledAt());
        Hops.mark("pay.settled", hash.substring(0, 8) + " " + credited);
        return credited;
    }

    /**
     * A payment_received notification from the platform wallet (may repeat: settling is idempotent), confirmed by one
     * lookup rather than trusted alone.
     * @return false when the wallet did not answer the lookup (the notification is not confirmed yet)
     */
    public boolean onPaymentReceived(String paymentHash) {
        boolean known = jdbi.withHandle(h -> payments.isUnsettled(h, paymentHash));
        if (!known || platform.isEmpty()) return true;
        try {
            lookUp(platform.get(), paymentHash);
            return true;
        } catch (LightningWallet.WalletException e) {
            log.info("payment notification {} not confirmed yet: {}", paymentHash, e.getMessage());
            return false;
        }
    }

    /**
     * A notification as the listener hears it, on a thread of its own: a lookup the wallet does not answer is asked
     * again a few times ({@link #CONFIRM_RETRY_MILLIS}), so a busy moment does not leave the payer waiting for the
     * periodic run.
     */
    private void confirmNotified(String paymentHash) {
        for (int attempt = 0; !closed; attempt++) {
            if (onPaymentReceived(paymentHash)) return;
            if (attempt >= CONFIRM_RETRY_MILLIS.size()) {
                log.warn("payment notification {} could not be confirmed; the periodic run asks again", paymentHash);
                return;
            }
            try {
                Thread.sleep(CONFIRM_RETRY_MILLIS.get(attempt));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    public boolean settle(String paymentHash) {
        return settle(paymentHash, null);
    }

    /** A settled payment hash, credited exactly once ({@link PaymentSettling#settle}). */
    public boolean settle(String paymentHash, Long settledAt) {
        return settling.settle(paymentHash, settledAt);
    }

    /** A one-off card payment of a Lightning invoice, credited exactly once ({@link PaymentSettling#settleByCard}). */
    public boolean settleByCard(
            String invoiceId, String reference, java.util.function.Predicate<Handle> alreadyRecorded) {
        return settling.settleByCard(invoiceId, reference, alreadyRecorded);
    }

    /** Suspended relays come back as soon as no invoice of the tenant is past its grace period. */
    public void liftIfSettled(Handle h, String tenant) {
        paid.liftIfSettled(h, tenant);
    }

    /**
     * The fallback to payment notifications: looks up at most {@code limit} payment hashes that could still
     * settle, fairly — never-checked ones first, then the least recently checked. A hash stops being polled once it
     * settled or was checked after its expiry (nothing can be paid to it any more).
     */
    public int collect(int limit) {
        if (platform.isEmpty()) return 0;
        List<String> due = jdbi.withHandle(h -> payments.hashesToPoll(h, limit));
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

    public int collect() {
        return collect(LOOKUPS_PER_TICK);
    }
}
