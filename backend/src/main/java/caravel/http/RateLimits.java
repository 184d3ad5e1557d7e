package caravel.http;

import caravel.config.Limits;
import caravel.domain.Failure;
import caravel.domain.RetryLater;
import caravel.store.SharedRateBuckets;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Token buckets (Bucket4j) for requests per client address, per public key and platform-wallet look-ups per invoice.
 * A refused request answers 429 with Retry-After. On SQLite (one process) buckets live in this process's memory (a few
 * hundred bytes each; full, idle ones are dropped when a table grows large, so a flood of distinct keys cannot grow it
 * without bound). On PostgreSQL every process takes from the same buckets in the database ({@link SharedRateBuckets}),
 * so a client spreading its requests over several processes meets one limit; while the database cannot be reached
 * each process falls back to its own buckets (the requests themselves fail on the database anyway) and says so in the
 * log at most once a minute.
 */
public final class RateLimits {
    /** 429 with the seconds until a token is back. */
    public static final class Limited extends RetryLater {
        public Limited(String message, long retryAfterSeconds) {
            super(Failure.Kind.RATE_LIMITED, Failure.Kind.RATE_LIMITED.defaultCode, message, retryAfterSeconds);
        }
    }

    private static final int SWEEP_AT = 50_000;
    private static final Logger log = LoggerFactory.getLogger(RateLimits.class);
    /** How often expired shared buckets are removed, and how often an unreachable database is logged. */
    private static final long EVERY_MINUTE_MS = 60_000;

    private final Limits limits;
    private final SharedRateBuckets shared;
    private final Table perIp, perKey, perInvoice, imports, tlsAsks, joins, backupUploads;
    private final AtomicLong lastSweepMs = new AtomicLong(System.currentTimeMillis());
    private final AtomicLong lastOutageLogMs = new AtomicLong();

    /** @param shared the database's buckets (PostgreSQL), or null for this process's own */
    public RateLimits(Limits limits, SharedRateBuckets shared) {
        this.limits = limits;
        this.shared = shared;
        int ip = limits.requestsPerMinutePerIp(),
                key = limits.requestsPerMinutePerKey(),
                inv = limits.walletLookupsPerInvoice();
        // full capacity at once (bursts of a page load), refilled steadily over the period
        this.perIp = new Table("ip", ip, Duration.ofMinutes(1));
        this.perKey = new Table("key", key, Duration.ofMinutes(1));
        this.perInvoice = new Table("invoice", inv, Duration.ofMinutes(10));
        this.imports = new Table("import", limits.importsPerHourPerKey(), Duration.ofHours(1));
        this.tlsAsks = new Table("tls", TLS_ASKS_PER_MINUTE, Duration.ofMinutes(1));
        this.joins = new Table("join", limits.joinsPerHourPerIp(), Duration.ofHours(1));
        this.backupUploads = new Table("backup-upload", BACKUP_UPLOADS_PER_HOUR, Duration.ofHours(1));
    }

    /**
     * Backup archives uploaded per account (the relays' owner) per hour: each is up to RELAY_BACKUP_UPLOAD_MAX_BYTES
     * unpacked, checked whole and stored, and takes the place of a kept backup, so a burst of them (from the owner or
     * a team admin) would evict every kept backup within minutes.
     */
    public static final int BACKUP_UPLOADS_PER_HOUR = 6;

    /** Each upload of a backup archive, counted against the account the relay belongs to. */
    public void backupUpload(String account) {
        backupUploads.take(account, "too many backup archives were uploaded to this account's relays this hour");
    }

    /**
     * Certificate checks (GET /tls/ask) per address per minute. They all come from the proxy's one address and cost
     * one indexed lookup, so the bound is far above the ordinary one; it only stops a flood from holding the server.
     */
    public static final int TLS_ASKS_PER_MINUTE = 6000;

    /** The proxy's certificate question (api.TlsRoutes serves it): its own, larger bound. */
    public static final String TLS_ASK_PATH = "/tls/ask";

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
        if (ctx.path().equals(TLS_ASK_PATH)) { // the proxy's certificate checks: their own, larger bound
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
     * Each join of a relay (POST /admissions/{subdomain}/join: an invoice from its owner's wallet, or a free trial),
     * per client address: fresh keys cost nothing, so the per-key bound alone does not stop one stranger.
     */
    public void join(Context ctx) {
        joins.take(clientAddress(ctx), "too many joins from your address");
    }

    /**
     * The client's address: the socket's peer, or behind a trusted proxy (TRUST_PROXY, e.g. the deployment's Caddy)
     * the last X-Forwarded-For entry — the one the proxy itself appended, which the client cannot forge.
     */
    public String clientAddress(Context ctx) {
        if (limits.trustProxy()) {
            String xff = ctx.header("X-Forwarded-For");
            if (xff != null && !xff.isBlank()) {
                String last = xff.substring(xff.lastIndexOf(',') + 1).trim();
                if (!last.isEmpty()) return last;
            }
        }
        return ctx.req().getRemoteAddr();
    }

    /** One kind of limit: a bucket per key, shared through the database or held here. */
    private final class Table {
        private final String name;
        private final long capacity;
        private final Bandwidth limit;
        private final BucketConfiguration configuration;
        private final Map<String, Bucket> local = new ConcurrentHashMap<>();

        Table(String name, int capacity, Duration period) {
            this.name = name;
            this.capacity = capacity;
            this.limit = Bandwidth.builder()
                    .capacity(capacity)
                    .refillGreedy(capacity, period)
                    .build();
            this.configuration = BucketConfiguration.builder().addLimit(limit).build();
        }

        void take(String id, String message) {
            ConsumptionProbe p = probe(id);
            if (p.isConsumed()) return;
            long seconds = Math.max(1, (p.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
            throw new Limited(message + "; try again in " + seconds + " s", seconds);
        }

        private ConsumptionProbe probe(String id) {
            if (shared != null) {
                try {
                    ConsumptionProbe p = shared.bucket(name + ":" + id, capacity, () -> configuration)
                            .tryConsumeAndReturnRemaining(1);
                    sweepNowAndThen();
                    return p;
                } catch (RuntimeException e) {
                    sharedUnavailable(e);
                }
            }
            if (local.size() > SWEEP_AT) local.values().removeIf(b -> b.getAvailableTokens() >= capacity);
            return local.computeIfAbsent(
                            id, k -> Bucket.builder().addLimit(limit).build())
                    .tryConsumeAndReturnRemaining(1);
        }
    }

    /** Once a minute, one request's thread starts removing the expired shared buckets (in the background). */
    private void sweepNowAndThen() {
        long now = System.currentTimeMillis(), last = lastSweepMs.get();
        if (now - last < EVERY_MINUTE_MS || !lastSweepMs.compareAndSet(last, now)) return;
        Thread.ofVirtual().name("rate-limit-sweep").start(() -> {
            try {
                shared.removeExpired(now);
            } catch (RuntimeException e) {
                log.info("expired rate-limit buckets stay until the next sweep: {}", e.getMessage());
            }
        });
    }

    private void sharedUnavailable(RuntimeException e) {
        long now = System.currentTimeMillis(), last = lastOutageLogMs.get();
        if (now - last >= EVERY_MINUTE_MS && lastOutageLogMs.compareAndSet(last, now))
            log.warn(
                    "shared rate limits unavailable ({}); this process counts requests on its own until the"
                            + " database answers",
                    e.toString());
    }
}
