package caravel.auth;

import caravel.domain.Epoch;
import caravel.nostr.Event;
import caravel.nostr.Hex;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/**
 * Bearer sessions: a random 256-bit token handed out once, stored only as its sha256, expiring, revocable.
 *
 * <p>Valid lookups are kept in memory, each with the revocation counter (session_revocations) read before its row.
 * Every revocation raises the counter in its own transaction, and every use reads it first (one row, always in the
 * database's cache, where the sessions table is large): while it is unchanged no session was revoked anywhere and
 * the memory is right; once it moved, the session's row is read again. So a session revoked by one process is
 * refused by every process sharing the database on its next request, not up to 30 s later.
 */
public final class Sessions {
    public static final Duration LIFETIME = Duration.ofDays(7);
    private static final long CACHE_MS = 30_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    public record Created(String token, String pubkey, long expiresAt) {
        @Override
        public String toString() {
            return "Session[" + pubkey + ", expires " + expiresAt + "]";
        }
    }

    private record Cached(String pubkey, long expiresAt, long revocations, long cachedUntilMs) {}

    private final Jdbi jdbi;
    private final DataSource pool;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    /** @param pool the same database as jdbi: the per-request counter read goes to it without JDBI's per-call setup */
    public Sessions(Jdbi jdbi, DataSource pool, Clock clock) {
        this.jdbi = jdbi;
        this.pool = pool;
        this.clock = clock;
    }

    public Created create(String pubkey) {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String token = "cvs_" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        long now = Epoch.seconds(clock), expires = now + LIFETIME.toSeconds();
        jdbi.useHandle(h -> {
            h.execute(
                    "INSERT INTO sessions (token_hash, pubkey, created_at, expires_at) VALUES (?, ?, ?, ?)",
                    hash(token),
                    pubkey,
                    now,
                    expires);
            h.execute("DELETE FROM sessions WHERE expires_at < ?", now);
        });
        return new Created(token, pubkey, expires);
    }

    /** The pubkey of a live session for this token hash, unless it was revoked by any process. */
    public Optional<String> lookup(String tokenHash) {
        long nowMs = clock.millis();
        long revocations = revocations(); // before the row: a revocation after this read moves it for the next use
        Cached c = cache.get(tokenHash);
        if (c != null && c.revocations == revocations && c.cachedUntilMs > nowMs && c.expiresAt * 1000 > nowMs)
            return Optional.of(c.pubkey);
        Optional<Cached> row = jdbi.withHandle(h -> h.select(
                        "SELECT pubkey, expires_at FROM sessions WHERE token_hash = ? AND revoked_at IS NULL AND expires_at > ?",
                        tokenHash,
                        nowMs / 1000)
                .map((rs, ctx) -> new Cached(rs.getString(1), rs.getLong(2), revocations, nowMs + CACHE_MS))
                .findOne());
        row.ifPresentOrElse(r -> cache.put(tokenHash, r), () -> cache.remove(tokenHash));
        if (cache.size() > 10_000)
            cache.values().removeIf(e -> e.cachedUntilMs <= nowMs); // tokens not seen for a while
        return row.map(Cached::pubkey);
    }

    /** The revocation counter: one primary-key read on a pooled connection. */
    private long revocations() {
        try (Connection c = pool.getConnection();
                PreparedStatement st =
                        c.prepareStatement("SELECT version FROM session_revocations WHERE id = 'sessions'");
                ResultSet rs = st.executeQuery()) {
            if (!rs.next()) throw new IllegalStateException("session_revocations has no counter row");
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the session revocations: " + e.getMessage(), e);
        }
    }

    /** Revokes the session, and raises the counter in the same transaction so every process looks again. */
    public void revoke(String tokenHash) {
        cache.remove(tokenHash);
        jdbi.useTransaction(h -> {
            int revoked = h.execute(
                    "UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL",
                    Epoch.seconds(clock),
                    tokenHash);
            if (revoked > 0) h.execute("UPDATE session_revocations SET version = version + 1 WHERE id = 'sessions'");
        });
    }

    public static String hash(String token) {
        return Hex.encode(Event.sha256(token.getBytes(StandardCharsets.UTF_8)));
    }
}
