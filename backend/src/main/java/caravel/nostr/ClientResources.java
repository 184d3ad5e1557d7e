package caravel.nostr;

import caravel.net.OutboundPolicy;
import caravel.nostr.RelayClient.Options;
import java.net.http.HttpClient;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * What every {@link RelayConnection} of one {@link RelayClient} shares: its options, HTTP client and timer, the
 * outbound policy, the NIP-42 key and whom it may answer, the subscription counter, and whether the client closed.
 */
record ClientResources(
        Options options,
        HttpClient http,
        ScheduledExecutorService timer,
        OutboundPolicy policy,
        Keys authKeys,
        Predicate<String> authTo,
        AtomicLong subCounter,
        BooleanSupplier clientClosed) {
    String nextSubId(String prefix) {
        return prefix + "-" + Long.toString(subCounter.incrementAndGet(), 36) + "-"
                + Long.toString(ThreadLocalRandom.current().nextLong() & 0xffffffffL, 36);
    }

    /** Runs {@code action} after {@code ms} unless {@code until} completes first. */
    void timeout(CompletableFuture<?> until, long ms, Runnable action) {
        ScheduledFuture<?> f = timer.schedule(action, ms, TimeUnit.MILLISECONDS);
        until.whenComplete((v, e) -> f.cancel(false));
    }

    long backoffMillis(int failures) {
        double exp = options.reconnectBase().toMillis() * Math.pow(2, Math.max(0, failures - 1));
        double capped = Math.min(exp, (double) options.reconnectMax().toMillis());
        return (long) (capped * ThreadLocalRandom.current().nextDouble(0.8, 1.2));
    }
}
