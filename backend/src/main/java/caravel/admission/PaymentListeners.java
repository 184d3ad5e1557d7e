package caravel.admission;

import caravel.billing.LightningWallet;
import caravel.logging.Hops;
import caravel.nostr.NwcUri;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hears owners' wallets announce payments, so a person who paid to join is let in the moment the payment lands
 * instead of at the next check. Where an owner's wallet offers NIP-47 payment_received notifications, one subscription
 * per wallet connection is kept while any invoice of its relays is open: opened before the wallet makes an invoice
 * (every invoice of paid admission is made through {@link #apply}, so no payment lands before anyone listens), opened
 * by a sweep for invoices made before this process started, closed by the sweep once no invoice is open. The relay
 * client re-opens a dropped subscription with backoff; a wallet that cannot be reached is tried again with backoff.
 *
 * <p>A notification is a hint, never a payment: it brings the invoice's check ({@link AdmissionClock#JOB_CHECK}) due
 * now, which asks the wallet and settles through {@link Settlements} with its proof, exactly as the polling check does.
 * One thread matches notifications with invoices, whatever the number of wallets; wallets without notifications, and
 * any beyond {@link #MAX_WALLETS}, are found by the polling checks as before.
 */
public final class PaymentListeners implements Function<String, LightningWallet>, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PaymentListeners.class);
    /** Wallet subscriptions held at most (each is one relay connection of the wallet's). */
    static final int MAX_WALLETS = 1_000;

    static final long SWEEP_MILLIS = 30_000;
    /** A subscription asked for lately is kept by the sweep this long: its invoice may not be stored yet. */
    static final long KEEP_NEW_MILLIS = 120_000;

    static final long RETRY_BASE_MILLIS = 5_000;
    static final long RETRY_MAX_MILLIS = 10 * 60_000;
    /** Notifications waiting to be matched; more are dropped (the polling check still finds those payments). */
    static final int QUEUE = 1_000;

    private final OpenInvoiceWallets open;
    private final Function<String, LightningWallet> wallets;
    private final Map<String, Listener> listening = new ConcurrentHashMap<>();
    private final Map<String, Retry> retries = new ConcurrentHashMap<>();
    private final Map<String, Object> opening = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor matcher;
    private final ScheduledExecutorService sweeper;
    private final java.util.concurrent.atomic.AtomicLong matched = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean closed;

    private static final class Listener {
        /** The listening connection: live, its info read, so a request on it costs one round trip. */
        final LightningWallet wallet;

        final LightningWallet.Listening handle;
        volatile long neededAt;

        Listener(LightningWallet wallet, LightningWallet.Listening handle, long neededAt) {
            this.wallet = wallet;
            this.handle = handle;
            this.neededAt = neededAt;
        }
    }

    private record Retry(int failures, long notBefore) {}

    /**
     * @param open which wallets have open invoices, and whether a payment heard is one of them
     * @param wallets owners' wallets by NWC URL (through the gate that bounds how many are asked at once)
     */
    PaymentListeners(OpenInvoiceWallets open, Function<String, LightningWallet> wallets) {
        this.open = open;
        this.wallets = wallets;
        this.matcher = new ThreadPoolExecutor(
                1,
                1,
                0,
                TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(QUEUE),
                Thread.ofVirtual().name("admission-payments").factory(),
                new ThreadPoolExecutor.DiscardPolicy());
        this.sweeper = Executors.newSingleThreadScheduledExecutor(
                Thread.ofVirtual().name("admission-listeners").factory());
    }

    /** Starts the sweep: wallets with open invoices are listened to now and every {@link #SWEEP_MILLIS}. */
    public void start() {
        sweeper.scheduleWithFixedDelay(this::sweepQuietly, 0, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The owner's wallet at {@code url}: making an invoice with it listens to it first. */
    @Override
    public LightningWallet apply(String url) {
        return new Listened(url, wallets.apply(url));
    }

    /** Whether the wallet at {@code url} is listened to now. */
    public boolean listeningTo(String url) {
        return listening.containsKey(url);
    }

    /** Notifications that named an open invoice of the wallet that sent them (each brought a check due). */
    public long matched() {
        return matched.get();
    }

    /** How many wallet subscriptions are open. */
    public int listeners() {
        return listening.size();
    }

    private static long nowMillis() {
        return System.nanoTime() / 1_000_000;
    }

    /** Listens to the wallet at {@code url} unless it is listened to already or may not be now; never throws. */
    void ensure(String url) {
        if (closed) return;
        Listener held = listening.get(url);
        if (held != null) {
            held.neededAt = nowMillis();
            return;
        }
        Retry retry = retries.get(url);
        if (retry != null && nowMillis() < retry.notBefore()) return;
        if (listening.size() >= MAX_WALLETS) return;
        // One caller opens; the others go on at once rather than queue behind a wallet that may not answer until its
        // timeout (every join to the wallet comes through here). A payment made meanwhile is found by polling.
        Object mine = new Object();
        if (opening.putIfAbsent(url, mine) != null) return;
        try {
            if (closed || listening.containsKey(url)) return;
            open(url, retry);
        } finally {
            opening.remove(url, mine);
        }
    }

    private void open(String url, Retry retry) {
        LightningWallet w = wallets.apply(url);
        Optional<LightningWallet.Listening> l;
        try {
            l = w.listen(hash -> heard(url, hash));
        } catch (LightningWallet.WalletException | RuntimeException e) {
            closeQuietly(w);
            int failures = retry == null ? 1 : retry.failures() + 1;
            long wait = Math.min(RETRY_MAX_MILLIS, RETRY_BASE_MILLIS << Math.min(failures - 1, 16));
            retries.put(url, new Retry(failures, nowMillis() + wait));
            log.info(
                    "owner wallet {} cannot be listened to ({}); its invoices are checked by polling, listening is"
                            + " tried again in {} s",
                    walletName(url),
                    e.getMessage(),
                    wait / 1000);
            return;
        }
        if (l.isEmpty()) {
            // the wallet offers no notifications: polled; asked again now and then (the same connection may gain them)
            closeQuietly(w);
            retries.put(url, new Retry(0, nowMillis() + RETRY_MAX_MILLIS));
            return;
        }
        retries.remove(url);
        Listener listener = new Listener(w, l.get(), nowMillis());
        listening.put(url, listener);
        if (closed && listening.remove(url, listener)) listener.handle.close();
    }

    /** A payment_received of the wallet at {@code url}; on the wallet's relay connection, so handed on at once. */
    private void heard(String url, String paymentHash) {
        Hops.mark("adm.heard", paymentHash.substring(0, 8));
        if (!closed) matcher.execute(() -> match(url, paymentHash));
    }

    /**
     * The open invoice the notification names, made by this very wallet, is checked now.
     * @return whether a check was brought due
     */
    boolean match(String url, String paymentHash) {
        try {
            boolean due = open.checkNow(url, paymentHash);
            if (due) matched.incrementAndGet();
            return due;
        } catch (RuntimeException e) {
            log.warn("a payment notification could not be matched with an invoice: {}", e.getMessage());
            return false;
        }
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            if (!closed) log.warn("listening to owners' wallets: {}", e.getMessage());
        }
    }

    void sweep() {
        sweep(KEEP_NEW_MILLIS);
    }

    /**
     * Listens to every wallet with an open invoice, and stops listening to those without one that were not asked for
     * within {@code keepNewMillis}.
     */
    void sweep(long keepNewMillis) {
        Set<String> needed = open.wallets(MAX_WALLETS * 10);
        long now = nowMillis();
        listening.forEach((url, l) -> {
            if (!needed.contains(url) && now - l.neededAt >= keepNewMillis && listening.remove(url, l))
                l.handle.close();
        });
        retries.keySet().retainAll(needed);
        for (String url : needed) ensure(url);
    }

    /** The wallet's public key, short: what a log may say about a connection (its URL holds a secret). */
    private static String walletName(String url) {
        try {
            return NwcUri.parse(url).walletPubkey().substring(0, 12);
        } catch (RuntimeException e) {
            return "(unreadable URL)";
        }
    }

    private static void closeQuietly(LightningWallet w) {
        if (w instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                log.debug("closing an owner wallet connection: {}", e.getMessage());
            }
        }
    }

    /** Stops listening to one wallet (as a restart does: the sweep listens again while its invoices are open). */
    void close(String url) {
        Listener l = listening.remove(url);
        if (l != null) l.handle.close();
    }

    @Override
    public void close() {
        closed = true;
        sweeper.shutdownNow();
        matcher.shutdownNow();
        listening.forEach((url, l) -> {
            if (listening.remove(url, l)) l.handle.close();
        });
    }

    /**
     * An owner's wallet whose invoices are listened for before they exist. While the wallet is listened to, its
     * requests go over the listening connection (already open and subscribed), not a new one per request.
     */
    private final class Listened implements LightningWallet, AutoCloseable {
        private final String url;
        private final LightningWallet w;

        Listened(String url, LightningWallet w) {
            this.url = url;
            this.w = w;
        }

        private LightningWallet connection() {
            Listener l = listening.get(url);
            return l == null ? w : l.wallet;
        }

        @Override
        public MadeInvoice makeInvoice(long amountSats, String description, long expirySeconds) throws WalletException {
            ensure(url);
            return connection().makeInvoice(amountSats, description, expirySeconds);
        }

        @Override
        public Lookup lookupInvoice(String paymentHash) throws WalletException {
            return connection().lookupInvoice(paymentHash);
        }

        @Override
        public String payInvoice(String bolt11) throws WalletException {
            return w.payInvoice(bolt11);
        }

        @Override
        public Info getInfo() throws WalletException {
            return w.getInfo();
        }

        @Override
        public Optional<Listening> listen(Consumer<String> paymentHash) throws WalletException {
            return w.listen(paymentHash);
        }

        @Override
        public void close() {
            closeQuietly(w);
        }
    }
}
