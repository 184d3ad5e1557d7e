package caravel.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import caravel.config.Limits;
import caravel.http.RateLimits;
import caravel.nostr.Keys;
import caravel.store.SharedRateBuckets;
import caravel.testing.Api;
import caravel.testing.BothDatabases;
import caravel.testing.TestBackend;
import caravel.testing.TestDatabases;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Rate limits across processes: on PostgreSQL two backends take from the same buckets, so a client spreading its
 * requests over both meets one limit, not one per process (with each process's own buckets it got twice the limit).
 * A database that cannot be reached leaves each process limiting on its own.
 */
@BothDatabases
class SharedRateLimitsTest {
    @TempDir
    Path dir;

    @Test
    void aClientSpreadingRequestsOverTwoProcessesMeetsOneLimit() {
        assumeTrue(TestDatabases.onPostgres(), "the buckets are shared on PostgreSQL; one process owns a SQLite file");
        int perMinute = 20;
        java.util.function.Consumer<Map<String, String>> limited =
                env -> env.put("RATE_REQUESTS_PER_MINUTE_IP", Integer.toString(perMinute));
        try (TestBackend a = new TestBackend(dir, limited);
                TestBackend b = new TestBackend(dir, limited)) {
            int passed = 0, refused = 0;
            for (int i = 0; i < 2 * perMinute; i++) {
                Api.Response r = (i % 2 == 0 ? a.api : b.api).send("GET", "/config", null, null);
                if (r.status() == 429) {
                    refused++;
                    assertThat(r.error()).contains("too many requests from your address");
                } else {
                    assertThat(r.status()).as(r.body()).isEqualTo(200);
                    passed++;
                }
            }
            // the bucket refills a token every 3 s: a slow run may see one or two more pass
            assertThat(passed).as("requests passed over both processes").isBetween(perMinute, perMinute + 2);
            assertThat(refused).isPositive();
            assertThat(a.api.send("GET", "/healthz", null, null).status())
                    .as("health checks are never limited")
                    .isEqualTo(200);
        }
    }

    @Test
    void withTheDatabaseUnreachableEachProcessStillLimitsOnItsOwn() {
        PGSimpleDataSource nowhere = new PGSimpleDataSource();
        nowhere.setServerNames(new String[] {"127.0.0.1"});
        nowhere.setPortNumbers(new int[] {9}); // nothing listens: every take fails at once
        nowhere.setConnectTimeout(1);
        Limits d = Limits.defaults();
        Limits limits = new Limits(
                d.outboundAllowLocal(),
                d.freeRelaysPerTenant(),
                d.relaysPerTenant(),
                d.pendingInvoicesPerTenant(),
                5,
                d.requestsPerMinutePerIp(),
                d.walletLookupsPerInvoice(),
                d.trustProxy(),
                d.tenantWalletConcurrency(),
                d.tenantWalletTimeout(),
                d.importMaxBytes(),
                d.importMaxLineBytes(),
                d.importsPerHourPerKey(),
                d.liveStreams(),
                d.liveStreamsPerAddress(),
                d.joinsPerHourPerIp(),
                d.deletedRelaysPerTenant());
        RateLimits limitsHere = new RateLimits(limits, new SharedRateBuckets(nowhere));
        String key = Keys.generate().pubkey();
        for (int i = 0; i < 5; i++) limitsHere.byKey(key);
        assertThatThrownBy(() -> limitsHere.byKey(key))
                .isInstanceOf(RateLimits.Limited.class)
                .hasMessageContaining("too many requests for this key");
        limitsHere.byKey(Keys.generate().pubkey()); // another key has its own bucket
    }
}
