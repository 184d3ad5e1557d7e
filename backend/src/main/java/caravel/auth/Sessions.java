package caravel.auth;

import caravel.nostr.Event;
import caravel.nostr.Hex;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Jdbi;

/**
 * Bearer sessions: a random 256-bit token handed out once, stored only as its sha256, expiring, revocable.
 * Valid lookups are cached briefly in memory (revocation through this process clears the entry at once).
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

    private record Cached(String pubkey, long expiresAt, long cachedUntilMs) {}

    private final Jdbi jdbi;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public Sessions(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    public Created create(String pubkey) {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String token = "cvs_" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        long now = clock.millis() / 1000, expires = now + LIFETIME.toSeconds();
        jdbi.useHandle(h -> {
            h.createUpdate(
                            "INSERT INTO sessions (token_hash, pubkey, created_at, expires_at) VALUES (:h, :p, :now, :exp)")
                    .bind("h", hash(token))
                    .bind("p", pubkey)
                    .bind("now", now)
                    .bind("exp", expires)
                    .execute();
            h.createUpdate("DELETE FROM sessions WHERE expires_at < :now")
                    .bind("now", now)
                    .execute();
        });
        return new Created(token, pubkey, expires);
    }

    /** The pubkey of a live session for this token hash. */
    public Optional<String> lookup(String tokenHash) {
        long nowMs = clock.millis();
        Cached c = cache.get(tokenHash);
        if (c != null && c.cachedUntilMs > nowMs && c.expiresAt * 1000 > nowMs) return Optional.of(c.pubkey);
        Optional<Cached> row = jdbi.withHandle(h -> h.createQuery(
                        "SELECT pubkey, expires_at FROM sessions WHERE token_hash = :h AND revoked_at IS NULL AND expires_at > :now")
                .bind("h", tokenHash)
                .bind("now", nowMs / 1000)
                .map((rs, ctx) -> new Cached(rs.getString(1), rs.getLong(2), nowMs + CACHE_MS))
                .findOne());
        row.ifPresentOrElse(r -> cache.put(tokenHash, r), () -> cache.remove(tokenHash));
        if (cache.size() > 10_000)
            cache.values().removeIf(e -> e.cachedUntilMs <= nowMs); // tokens not seen for a while
        return row.map(Cached::pubkey);
    }

    public void revoke(String tokenHash) {
        cache.remove(tokenHash);
        jdbi.useHandle(h -> h.createUpdate(
                        "UPDATE sessions SET revoked_at = :now WHERE token_hash = :h AND revoked_at IS NULL")
                .bind("now", clock.millis() / 1000)
                .bind("h", tokenHash)
                .execute());
    }

    public static String hash(String token) {
        return Hex.encode(Event.sha256(token.getBytes(StandardCharsets.UTF_8)));
    }
}
