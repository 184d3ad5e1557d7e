package caravel.store;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Token buckets in PostgreSQL (rate_limit_buckets, V66), kept by bucket4j's PostgreSQL backend, so every Caravel
 * process on the database counts against the same buckets. A sync is one short transaction of its own that locks the
 * bucket's row (SELECT ... FOR UPDATE): it does not queue on the platform's write lock (store.PostgresWrites), so a
 * flood of refused requests never slows the platform's writes. Each process keeps its buckets in memory between syncs
 * (bucket4j's delaying optimization): a bucket syncs once a twentieth of its capacity was taken here or half a second
 * passed, so a busy client costs a few row locks a second instead of one per request (one address's requests all
 * queued on its row: 1,100 req/s on the auth bench), and a limit can be overshot by at most a twentieth of it per
 * process. A bucket left full expires a minute after it would have refilled, and {@link #removeExpired} forgets it.
 */
public final class SharedRateBuckets {
    static final String TABLE = "rate_limit_buckets";
    private final DataSource dataSource;
    private final ProxyManager<String> buckets;

    public SharedRateBuckets(DataSource dataSource) {
        this.dataSource = dataSource;
        this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table(TABLE)
                .idColumn("id")
                .stateColumn("state")
                .expiresAtColumn("expires_at")
                .expirationAfterWrite(
                        ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
                .build();
    }

    /** Buckets this process holds between syncs; forgotten all at once past this many (their unsynced takes lost). */
    private static final int HELD_MAX = 50_000;

    private static final Duration SYNC_AT_LEAST_EVERY = Duration.ofMillis(500);
    private final Map<String, Bucket> held = new ConcurrentHashMap<>();

    /**
     * The shared bucket under {@code key}, made with {@code configuration} (of {@code capacity} tokens) the first time
     * any process asks.
     */
    public Bucket bucket(String key, long capacity, Supplier<BucketConfiguration> configuration) {
        if (held.size() > HELD_MAX) held.clear();
        return held.computeIfAbsent(
                key,
                k -> buckets.builder()
                        .withOptimization(Optimizations.delaying(
                                new DelayParameters(Math.max(1, capacity / 20), SYNC_AT_LEAST_EVERY)))
                        .build(k, configuration));
    }

    /** Forgets buckets that expired before {@code nowMillis}; returns how many. */
    public int removeExpired(long nowMillis) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement st = c.prepareStatement("DELETE FROM rate_limit_buckets WHERE expires_at < ?")) {
            st.setLong(1, nowMillis);
            return st.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not remove expired rate-limit buckets: " + e.getMessage(), e);
        }
    }
}
