package caravel.api;

import caravel.config.Limits;
import caravel.domain.Failure;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Token buckets (Bucket4j) for requests per client address, per public key and platform-wallet look-ups per invoice.
 * A refused request answers 429 with Retry-After. Buckets live in this process's memory (a few hundred bytes each);
 * full (idle) ones are dropped when a table grows large, so a flood of distinct keys cannot grow it without bound.
 */
public final class RateLimits {
    /** 429 with the seconds until a token is back. */
    public static final class Limited extends Failure {
        public final long retryAfterSeconds;

        Limited(String message, long retryAfterSeconds) {
            super(Failure.Kind.RATE_LIMITED, message);
            this.retryAfterSeconds = retryAfterSeconds;
        }
    }

    private static final int SWEEP_AT = 50_000;
    private final Limits limits;
    private final Table perIp, perKey, perInvoice, imports, tlsAsks;

    RateLimits(Limits limits) {
        this.limits = limits;
        int ip = limits.requestsPerMinutePerIp(),
                key = limits.requestsPerMinutePerKey(),
                inv = limits.walletLookupsPerInvoice();
        // full capacity at once (bursts of a page load), refilled steadily over the period
        this.perIp = new Table(() -> bucket(ip, Duration.ofMinutes(1)), ip);
        this.perKey = new Table(() -> bucket(key, Duration.ofMinutes(1)), key);
        this.perInvoice = new Table(() -> bucket(inv, Duration.ofMinutes(10)), inv);
        int imp = limits.importsPerHourPerKey();
        this.imports = new Table(() -> bucket(imp, Duration.ofHours(1)), imp);
        this.tlsAsks = new Table(() -> bucket(TLS_ASKS_PER_MINUTE, Duration.ofMinutes(1)), TLS_ASKS_PER_MINUTE);
    }

    /**
     * Certificate checks (GET /tls/ask) per address per minute. They all come from the proxy's one address and cost
     * one indexed lookup, so the bound is far above the ordinary one; it only stops a flood from holding the server.
     */
    static final int TLS_ASKS_PER_MINUTE = 6000;

    private static Bucket bucket(int capacity, Duration period) {
        return Bucket.builder()
                .addLimit(l -> l.capacity(capacity).refillGreedy(capacity, period))
                .build();
    }

    /**
     * Paths never limited: the health checks, polled by an orchestrator or load balancer from one address, where a
     * refusal would read as an outage. Both are cheap (readiness caches its one network call).
     */
    static final java.util.Set<String> EXEMPT = java.util.Set.of("/healthz", "/readyz");

    static boolean exempt(Context ctx) {
        return EXEMPT.contains(ctx.path());
    }

    /** Before-handler: every request counts against its client address, except the health checks. */
    public void byAddress(Context ctx) {
        if (exempt(ctx)) return;
        if (ctx.path().equals(TlsRoutes.PATH)) { // the proxy's certificate checks: their own, larger bound
            tlsAsk(ctx);
            return;
        }
        perIp.take(clientAddress(ctx), "too many requests from your address");
    }

    /** Each certificate check (GET /tls/ask, on any listener), per client address, in place of the ordinary bound. */
    private void tlsAsk(Context ctx) {
        tlsAsks.take(clientAddress(ctx), "too many certificate checks from your address");
    }

    /** After authentication: every request counts against its public key. */
    public void byKey(String pubkey) {
        perKey.take(pubkey, "too many requests for this key");
    }

    /** Each import of events (a large body and many relay writes), per public key, on both APIs. */
    public void importRequest(String pubkey) {
        imports.take(pubkey, "too many imports for this key");
    }

    /** Each call that asks the platform wallet about an invoice (GET bolt11, POST check). */
    public void walletLookup(String invoiceId) {
        perInvoice.take(invoiceId, "this invoice was looked up too often");
    }

    /**
     * The client's address: the socket's peer, or behind a trusted proxy (TRUST_PROXY, e.g. the deployment's Caddy)
     * the last X-Forwarded-For entry — the one the proxy itself appended, which the client cannot forge.
     */
    String clientAddress(Context ctx) {
        if (limits.trustProxy()) {
            String xff = ctx.header("X-Forwarded-For");
            if (xff != null && !xff.isBlank()) {
                String last = xff.substring(xff.lastIndexOf(',') + 1).trim();
                if (!last.isEmpty()) return last;
            }
        }
        return ctx.req().getRemoteAddr();
    }

    private static final class Table {
        private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
        private final Supplier<Bucket> make;
        private final long capacity;

        Table(Supplier<Bucket> make, long capacity) {
            this.make = make;
            this.capacity = capacity;
        }

        void take(String id, String message) {
            if (buckets.size() > SWEEP_AT) buckets.values().removeIf(b -> b.getAvailableTokens() >= capacity);
            ConsumptionProbe p = buckets.computeIfAbsent(id, k -> make.get()).tryConsumeAndReturnRemaining(1);
            if (p.isConsumed()) return;
            long seconds = Math.max(1, (p.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
            throw new Limited(message + "; try again in " + seconds + " s", seconds);
        }
    }
}
