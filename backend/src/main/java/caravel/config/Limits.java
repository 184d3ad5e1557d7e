package caravel.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Limits and outbound rules the platform's administrators set through the environment (defaults in
 * docs/configuration.md, "Limits"). Quotas bound what one account may hold; rates bound how fast anyone may ask; the tenant-wallet pool
 * bounds how much of Caravel tenants' own wallets can occupy.
 *
 * @param outboundAllowLocal         OUTBOUND_ALLOW_LOCAL: ws:// and loopback/private addresses for tenants' relays
 *                                   (local stack and tests only)
 * @param freeRelaysPerTenant        QUOTA_FREE_RELAYS: free relays one account may hold (deactivated ones count, deleted ones do not)
 * @param relaysPerTenant            QUOTA_RELAYS: relays of any plan one account may hold
 * @param pendingInvoicesPerTenant   QUOTA_PENDING_INVOICES: unpaid invoices one account may have open
 * @param requestsPerMinutePerKey    RATE_REQUESTS_PER_MINUTE_KEY: authenticated requests per minute per public key
 * @param requestsPerMinutePerIp     RATE_REQUESTS_PER_MINUTE_IP: requests per minute per client address
 * @param walletLookupsPerInvoice    RATE_WALLET_LOOKUPS_PER_INVOICE: platform-wallet look-ups (check, bolt11) per
 *                                   invoice per 10 minutes
 * @param trustProxy                 TRUST_PROXY: the client address is the last X-Forwarded-For entry (behind Caddy)
 * @param tenantWalletConcurrency    TENANT_WALLET_CONCURRENCY: tenants' wallets spoken to at the same time
 * @param tenantWalletTimeout        TENANT_WALLET_TIMEOUT_SECONDS: how long a tenant's wallet gets to answer
 * @param importMaxBytes             IMPORT_MAX_BYTES: the largest JSON-lines file one import reads (its own bound,
 *                                   apart from the 64 KiB of every other request body)
 * @param importMaxLineBytes         IMPORT_MAX_LINE_BYTES: the longest line (one event) an import reads; longer lines
 *                                   are skipped and reported
 * @param importsPerHourPerKey       RATE_IMPORTS_PER_HOUR_KEY: imports one public key may start per hour
 * @param liveStreams                LIVE_STREAMS_MAX: live event streams (GET /live) open at once on this process,
 *                                   all accounts together; each holds a connection, a thread and a member counter
 * @param liveStreamsPerAddress      LIVE_STREAMS_PER_ADDRESS: live streams one client address may hold open, whatever
 *                                   keys it signs with (free keys cost nothing, so the per-account cap alone does not
 *                                   bound one attacker)
 * @param joinsPerHourPerIp          RATE_JOINS_PER_HOUR_IP: joins of relays (each an invoice from an owner's wallet
 *                                   or a free trial) one client address may start per hour
 * @param deletedRelaysPerTenant     QUOTA_DELETED_RELAYS: deleted relays one account may have waiting in their undo
 *                                   window (each keeps its subdomain until its purge) before it may create another
 */
public record Limits(
        boolean outboundAllowLocal,
        int freeRelaysPerTenant,
        int relaysPerTenant,
        int pendingInvoicesPerTenant,
        int requestsPerMinutePerKey,
        int requestsPerMinutePerIp,
        int walletLookupsPerInvoice,
        boolean trustProxy,
        int tenantWalletConcurrency,
        Duration tenantWalletTimeout,
        long importMaxBytes,
        int importMaxLineBytes,
        int importsPerHourPerKey,
        int liveStreams,
        int liveStreamsPerAddress,
        int joinsPerHourPerIp,
        int deletedRelaysPerTenant) {

    public static Limits defaults() {
        return new Limits(
                false,
                3,
                50,
                10,
                600,
                1200,
                10,
                false,
                4,
                Duration.ofSeconds(8),
                32L << 20,
                512_000,
                20,
                1000,
                64,
                30,
                3);
    }

    static Limits fromEnv(Map<String, String> env) {
        Limits d = defaults();
        return new Limits(
                bool(env, "OUTBOUND_ALLOW_LOCAL", d.outboundAllowLocal),
                integer(env, "QUOTA_FREE_RELAYS", d.freeRelaysPerTenant, 0),
                integer(env, "QUOTA_RELAYS", d.relaysPerTenant, 0),
                integer(env, "QUOTA_PENDING_INVOICES", d.pendingInvoicesPerTenant, 1),
                integer(env, "RATE_REQUESTS_PER_MINUTE_KEY", d.requestsPerMinutePerKey, 1),
                integer(env, "RATE_REQUESTS_PER_MINUTE_IP", d.requestsPerMinutePerIp, 1),
                integer(env, "RATE_WALLET_LOOKUPS_PER_INVOICE", d.walletLookupsPerInvoice, 1),
                bool(env, "TRUST_PROXY", d.trustProxy),
                integer(env, "TENANT_WALLET_CONCURRENCY", d.tenantWalletConcurrency, 1),
                Duration.ofSeconds(
                        integer(env, "TENANT_WALLET_TIMEOUT_SECONDS", (int) d.tenantWalletTimeout.toSeconds(), 1)),
                integer(env, "IMPORT_MAX_BYTES", (int) d.importMaxBytes, 1024),
                integer(env, "IMPORT_MAX_LINE_BYTES", d.importMaxLineBytes, 1024),
                integer(env, "RATE_IMPORTS_PER_HOUR_KEY", d.importsPerHourPerKey, 1),
                integer(env, "LIVE_STREAMS_MAX", d.liveStreams, 1),
                integer(env, "LIVE_STREAMS_PER_ADDRESS", d.liveStreamsPerAddress, 1),
                integer(env, "RATE_JOINS_PER_HOUR_IP", d.joinsPerHourPerIp, 1),
                integer(env, "QUOTA_DELETED_RELAYS", d.deletedRelaysPerTenant, 0));
    }

    private static int integer(Map<String, String> env, String name, int dflt, int min) {
        String v = env.get(name);
        if (v == null || v.isBlank()) return dflt;
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " must be a whole number of at least " + min);
        }
    }

    private static boolean bool(Map<String, String> env, String name, boolean dflt) {
        String v = env.get(name);
        if (v == null || v.isBlank()) return dflt;
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new ConfigException(name + " must be true or false");
        };
    }
}
