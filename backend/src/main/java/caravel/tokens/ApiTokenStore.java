package caravel.tokens;

import caravel.auth.TokenGrant;
import caravel.domain.TokenScope;
import caravel.store.Columns;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/** The api_tokens table (V105): every statement on it. */
public final class ApiTokenStore {
    /** A token as its owner's list shows it: never the token, only its prefix. */
    public record Listed(
            String id,
            String name,
            String prefix,
            Set<TokenScope> scopes,
            String relayId,
            long createdAt,
            long expiresAt,
            Long lastUsedAt,
            Long revokedAt) {}

    /** A new row: the hash of a token made now, never the token. */
    record NewToken(
            String id,
            String hash,
            String prefix,
            String pubkey,
            String name,
            Set<TokenScope> scopes,
            String relayId,
            long createdAt,
            long expiresAt) {}

    private final Jdbi jdbi;

    public ApiTokenStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    void insert(NewToken t) {
        jdbi.useHandle(h -> h.execute(
                "INSERT INTO api_tokens (id, token_hash, prefix, pubkey, name, scopes, relay_id, created_at, expires_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                t.id(),
                t.hash(),
                t.prefix(),
                t.pubkey(),
                t.name(),
                wire(t.scopes()),
                t.relayId(),
                t.createdAt(),
                t.expiresAt()));
    }

    /** The live token with this hash: one read of the unique index, on every request (no cache to outlive a revoke). */
    Optional<TokenGrant> live(String hash, long now) {
        return jdbi.withHandle(h -> h.select(
                        "SELECT id, name, pubkey, scopes, relay_id FROM api_tokens"
                                + " WHERE token_hash = ? AND revoked_at IS NULL AND expires_at > ?",
                        hash,
                        now)
                .map((rs, ctx) -> new TokenGrant(
                        rs.getString("id"),
                        rs.getString("name"),
                        rs.getString("pubkey"),
                        scopes(rs.getString("scopes")),
                        rs.getString("relay_id")))
                .findOne());
    }

    /** Marks the token used at {@code now} unless it was marked within the last {@code everySeconds}. */
    void touch(String id, long now, long everySeconds) {
        jdbi.useHandle(h -> h.execute(
                "UPDATE api_tokens SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at <= ?)",
                now,
                id,
                now - everySeconds));
    }

    private static final RowMapper<Listed> LISTED = (rs, ctx) -> new Listed(
            rs.getString("id"),
            rs.getString("name"),
            rs.getString("prefix"),
            scopes(rs.getString("scopes")),
            rs.getString("relay_id"),
            rs.getLong("created_at"),
            rs.getLong("expires_at"),
            Columns.nullableLong(rs, "last_used_at"),
            Columns.nullableLong(rs, "revoked_at"));

    List<Listed> of(String pubkey) {
        return jdbi.withHandle(h -> h.select(
                        "SELECT id, name, prefix, scopes, relay_id, created_at, expires_at, last_used_at, revoked_at"
                                + " FROM api_tokens WHERE pubkey = ? ORDER BY created_at DESC, id",
                        pubkey)
                .map(LISTED)
                .list());
    }

    int countLive(String pubkey, long now) {
        return jdbi.withHandle(h -> h.select(
                        "SELECT count(*) FROM api_tokens WHERE pubkey = ? AND revoked_at IS NULL AND expires_at > ?",
                        pubkey,
                        now)
                .mapTo(Integer.class)
                .one());
    }

    /** Revokes the owner's token; false when it is not theirs or was revoked already. */
    boolean revoke(String pubkey, String id, long now) {
        return jdbi.withHandle(h -> h.execute(
                        "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND pubkey = ? AND revoked_at IS NULL",
                        now,
                        id,
                        pubkey))
                > 0;
    }

    boolean exists(String pubkey, String id) {
        return jdbi.withHandle(h -> h.select("SELECT count(*) FROM api_tokens WHERE id = ? AND pubkey = ?", id, pubkey)
                        .mapTo(Integer.class)
                        .one())
                > 0;
    }

    /** A purged relay's tokens: removed with it (a relay id is never reused, but nothing is left to point at it). */
    void removeRelay(Handle h, String relayId) {
        h.execute("DELETE FROM api_tokens WHERE relay_id = ?", relayId);
    }

    /** Revokes {@code pubkey}'s tokens limited to the relay, in a transaction of its own (an erasure's step). */
    void revokeRelay(String relayId, String pubkey, long now) {
        jdbi.useHandle(h -> revokeRelay(h, relayId, pubkey, now));
    }

    /** The tokens {@code pubkey} limited to the relay: revoked (its previous owner's, at a transfer). */
    void revokeRelay(Handle h, String relayId, String pubkey, long now) {
        h.execute(
                "UPDATE api_tokens SET revoked_at = ? WHERE relay_id = ? AND pubkey = ? AND revoked_at IS NULL",
                now,
                relayId,
                pubkey);
    }

    private static String wire(Set<TokenScope> scopes) {
        return scopes.stream().sorted().map(TokenScope::wire).collect(Collectors.joining(","));
    }

    private static Set<TokenScope> scopes(String wire) {
        return Arrays.stream(wire.split(","))
                .map(w -> TokenScope.of(w).orElseThrow(() -> new IllegalStateException("unknown stored scope " + w)))
                .collect(Collectors.toUnmodifiableSet());
    }
}
