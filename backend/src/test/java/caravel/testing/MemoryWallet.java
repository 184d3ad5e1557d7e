package caravel.testing;

import caravel.billing.LightningWallet;
import caravel.nostr.Event;
import caravel.nostr.Hex;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
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

    private final Map<String, String> preimages = new ConcurrentHashMap<>();

    public MemoryWallet(Clock clock) {
        this.clock = clock;
    }

    @Override
    public MadeInvoice makeInvoice(long amountSats, String description, long expirySeconds) throws WalletException {
        if (offline) throw new WalletException("TIMEOUT", "no answer from the wallet");
        String refusal = refuseMake;
        if (refusal != null) throw new WalletException(refusal, "this connection may not make invoices");
        makeCalls.incrementAndGet();
        byte[] pre = new byte[32];
        ThreadLocalRandom.current().nextBytes(pre);
        String hash = Hex.encode(Event.sha256(pre));
        long exp = clock.millis() / 1000 + expirySeconds;
        Made m = new Made("lnbcrt" + amountSats + "n1" + hash.substring(0, 20), hash, amountSats, exp);
        invoices.put(hash, m);
        preimages.put(hash, Hex.encode(pre));
        byBolt11.put(m.bolt11(), m);
        return new MadeInvoice(m.bolt11(), hash, exp);
    }

    @Override
    public Lookup lookupInvoice(String paymentHash) throws WalletException {
        if (offline) throw new WalletException("TIMEOUT", "no answer from the wallet");
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
