package caravel.billing;

import caravel.domain.InFlight;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds how many tenants' wallets are checked at once from API requests (PUT /tenants with an NWC URL): each check
 * may wait on a black-holing wallet for its whole timeout, so without a bound a tenant could pile up waiting
 * connections. Over the bound the check is refused at once (the tenant is asked to retry). Invoices made and looked up
 * in one wallet (a relay's join page: strangers cause them) are bounded per wallet the same way: beyond
 * {@code concurrentChecks} calls in flight to that wallet, the next is refused at once (BUSY) instead of waiting its
 * timeout on a socket and a thread. Autopay needs no gate here: it runs in its own job runner whose concurrency is
 * the bound (App).
 */
public final class TenantWalletGate implements Function<String, LightningWallet> {
    private static final Logger log = LoggerFactory.getLogger(TenantWalletGate.class);

    private final Function<String, LightningWallet> wallets;
    private final Semaphore checks;
    private final long deadlineMs;
    private final int perWallet;
    /** Calls in flight per wallet, by a digest of its connection (the secret itself is not kept here). */
    private final InFlight inFlight = new InFlight();

    /** @param deadline a check gives up after this long whatever the wallet's relays do (the form waits on it) */
    public TenantWalletGate(
            Function<String, LightningWallet> wallets, int concurrentChecks, java.time.Duration deadline) {
        this.wallets = wallets;
        this.checks = new Semaphore(concurrentChecks);
        this.deadlineMs = deadline.toMillis();
        this.perWallet = concurrentChecks;
    }

    /** Calls in flight to the wallet of this connection now (tests, metrics). */
    public int inFlight(String nwcUrl) {
        return inFlight.count(walletKey(nwcUrl));
    }

    private static String walletKey(String nwcUrl) {
        return caravel.nostr.Hex.encode(caravel.nostr.Event.sha256(nwcUrl.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public LightningWallet apply(String nwcUrl) {
        LightningWallet w = wallets.apply(nwcUrl);
        return new Gated(w, walletKey(nwcUrl));
    }

    private interface Call<T> {
        T run() throws LightningWallet.WalletException;
    }

    private final class Gated implements LightningWallet, AutoCloseable {
        private final LightningWallet w;
        private final String key;

        Gated(LightningWallet w, String key) {
            this.w = w;
            this.key = key;
        }

        private <T> T bounded(Call<T> call) throws WalletException {
            if (!inFlight.tryEnter(key, perWallet))
                throw new WalletException("BUSY", "this wallet is answering " + perWallet + " calls already");
            try {
                return call.run();
            } finally {
                inFlight.leave(key);
            }
        }

        @Override
        public MadeInvoice makeInvoice(long amountSats, String description, long expirySeconds) throws WalletException {
            return bounded(() -> w.makeInvoice(amountSats, description, expirySeconds));
        }

        @Override
        public Lookup lookupInvoice(String paymentHash) throws WalletException {
            return bounded(() -> w.lookupInvoice(paymentHash));
        }

        @Override
        public String payInvoice(String bolt11) throws WalletException {
            return w.payInvoice(bolt11);
        }

        @Override
        public Info getInfo() throws WalletException {
            boolean got;
            try {
                got = checks.tryAcquire(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WalletException("BUSY", "interrupted");
            }
            if (!got) throw new WalletException("BUSY", "too many wallet checks in progress");
            try {
                var answer = java.util.concurrent.CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                return w.getInfo();
                            } catch (WalletException e) {
                                throw new java.util.concurrent.CompletionException(e);
                            }
                        },
                        Thread::startVirtualThread);
                try {
                    return answer.get(deadlineMs, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    answer.cancel(true);
                    throw new WalletException("TIMEOUT", "no answer within " + deadlineMs + " ms");
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof WalletException we) throw we;
                    throw new WalletException("BAD_RESPONSE", String.valueOf(e.getCause()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new WalletException("TIMEOUT", "interrupted");
                }
            } finally {
                checks.release();
            }
        }

        @Override
        public java.util.Optional<Listening> listen(java.util.function.Consumer<String> paymentHash)
                throws WalletException {
            return w.listen(paymentHash);
        }

        @Override
        public void close() {
            if (w instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    log.debug("closing a tenant wallet connection failed: {}", e.getMessage());
                }
            }
        }
    }
}
