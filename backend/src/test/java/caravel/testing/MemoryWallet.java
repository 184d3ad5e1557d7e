package caravel.testing;

import caravel.billing.LightningWallet;
import caravel.domain.LightningNetwork;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory stand-in for the platform wallet, for billing-engine tests that run through many simulated months
 * (the over-the-wire tests use the real NWC wallet service of stack/wallet). Invoices are settled with pay().
 */
public final class MemoryWallet implements LightningWallet {
    public record Made(String bolt11, String hash, long amount, long expiresAt) {}

    private final Clock clock;
    public final Map<String, Made> invoices = new ConcurrentHashMap<>();
    private final Map<String, Made> byBolt11 = new ConcurrentHashMap<>();
    private final Map<String, Long> settled = new ConcurrentHashMap<>();
    public final AtomicInteger makeCalls = new AtomicInteger();
    /** Every payment hash looked up, in order (tests of the polling fallback's bound and fairness). */
    public final List<String> lookups = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

    public volatile boolean offline;
    /** A NIP-47 error code make_invoice answers with (a connection without that permission: RESTRICTED), or null. */
    public volatile String refuseMake;
    /** What lookup_invoice answers instead of the truth (a lying wallet), or null for the truth. */
    public volatile java.util.function.UnaryOperator<Lookup> lie;
    /** A wallet that bills more than asked: its invoices are for this many times the amount (1: honest). */
    public volatile long billTimes = 1;
    /** What make_invoice answers instead of the invoice it made (a cheating wallet), or null for the truth. */
    public volatile java.util.function.UnaryOperator<MadeInvoice> cheat;
    /**
     * A black-holing wallet: while set, make_invoice and lookup_invoice wait for it (as a request waits on a wallet
     * that never answers, up to its timeout), then time out. {@link #waiting} counts the calls waiting on it.
     */
    public volatile java.util.concurrent.CountDownLatch stall;

    public final AtomicInteger waiting = new AtomicInteger();

    private final Map<String, String> preimages = new ConcurrentHashMap<>();

    public MemoryWallet(Clock clock) {
        this.clock = clock;
    }

    private void stallIfSet() throws WalletException {
        var s = stall;
        if (s == null) return;
        waiting.incrementAndGet();
        try {
            if (!s.await(30, java.util.concurrent.TimeUnit.SECONDS))
                throw new IllegalStateException("a stalled wallet call was never released");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            waiting.decrementAndGet();
        }
        throw new WalletException("TIMEOUT", "no answer from the wallet");
    }

    /** A real invoice, signed by this wallet's node on regtest (as the development wallet service makes them). */
    @Override
    public MadeInvoice makeInvoice(long amountSats, String description, long expirySeconds) throws WalletException {
        if (offline) throw new WalletException("TIMEOUT", "no answer from the wallet");
        stallIfSet();
        String refusal = refuseMake;
        if (refusal != null) throw new WalletException(refusal, "this connection may not make invoices");
        makeCalls.incrementAndGet();
        long now = clock.millis() / 1000;
        long billed = amountSats * billTimes;
        Bolt11Invoices.Made signed = Bolt11Invoices.make(LightningNetwork.REGTEST, billed * 1000, now, expirySeconds);
        String hash = signed.paymentHash();
        long exp = now + expirySeconds;
        Made m = new Made(signed.bolt11(), hash, billed, exp);
        invoices.put(hash, m);
        preimages.put(hash, signed.preimage());
        byBolt11.put(m.bolt11(), m);
        MadeInvoice answer = new MadeInvoice(m.bolt11(), hash, exp);
        var c = cheat;
        return c == null ? answer : c.apply(answer);
    }

    @Override
    public Lookup lookupInvoice(String paymentHash) throws WalletException {
        if (offline) throw new WalletException("TIMEOUT", "no answer from the wallet");
        stallIfSet();
        lookups.add(paymentHash);
        Made m = invoices.get(paymentHash);
        if (m == null) throw new WalletException("NOT_FOUND", "no such invoice");
        Long at = settled.get(paymentHash);
        Lookup truth = new Lookup(
                at != null,
                at,
                at == null && m.expiresAt() <= clock.millis() / 1000,
                at != null ? preimages.get(paymentHash) : null,
                m.amount() * 1000,
                paymentHash);
        var l = lie;
        return l == null ? truth : l.apply(truth);
    }

    @Override
    public String payInvoice(String bolt11) throws WalletException {
        if (offline) throw new WalletException("TIMEOUT", "no answer from the wallet");
        Made m = byBolt11.get(bolt11);
        if (m == null) throw new WalletException("NOT_FOUND", "unknown invoice");
        pay(m.hash());
        return "00".repeat(32);
    }

    @Override
    public Info getInfo() {
        return new Info("memory", List.of("make_invoice", "lookup_invoice", "pay_invoice", "get_info"));
    }

    /** Someone paid this invoice (refused once it expired, like a real node). */
    public void pay(String paymentHash) {
        Made m = invoices.get(paymentHash);
        if (m == null || m.expiresAt() <= clock.millis() / 1000)
            throw new IllegalStateException("cannot pay " + paymentHash);
        settled.putIfAbsent(paymentHash, clock.millis() / 1000);
    }

    /** The preimage of an invoice this wallet made (what its payer learns once it is paid). */
    public String preimage(String paymentHash) {
        return preimages.get(paymentHash);
    }

    public boolean isSettled(String paymentHash) {
        return settled.containsKey(paymentHash);
    }

    public long paidTotal() {
        return settled.keySet().stream()
                .mapToLong(h -> invoices.get(h).amount())
                .sum();
    }
}
