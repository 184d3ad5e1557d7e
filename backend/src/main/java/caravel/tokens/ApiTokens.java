package caravel.tokens;

import caravel.auth.Principal;
import caravel.auth.Sessions;
import caravel.auth.TokenGrant;
import caravel.auth.TokenLookup;
import caravel.domain.Epoch;
import caravel.domain.Failure;
import caravel.domain.RelayAction;
import caravel.domain.RelayRole;
import caravel.domain.TokenScope;
import caravel.store.Ids;
import caravel.team.RelayAccessCheck;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Personal API tokens (docs/api-tokens.md): made, listed and revoked by their creator with a session or a signature
 * (never with a token: the routes accept none, and {@link #create} refuses one besides), and looked up on every
 * request that carries one.
 *
 * <p>A token is {@value TokenLookup#PREFIX} and 256 random bits, shown once; the table keeps its SHA-256. Each request
 * reads its row by that hash (the unique index): no cache, so a token revoked by any process sharing the database is
 * refused by every process on its very next request. What it may do is decided per request too, by {@code
 * team.RelayAccessCheck}: its scopes intersected with its creator's role on the relay at that moment.
 */
public final class ApiTokens implements TokenLookup {
    /** A token lives this long unless its creator says otherwise (at most {@link #MAX_DAYS}). */
    public static final int DEFAULT_DAYS = 90;

    public static final int MAX_DAYS = 365;
    /** Live tokens one person may hold at once: a bound on what a stolen session could mint. */
    public static final int MAX_LIVE = 50;

    public static final int MAX_NAME = 64;
    /** last_used_at is written at most this often per token, never once per request. */
    static final long TOUCH_EVERY_SECONDS = 60;

    private static final SecureRandom RANDOM = new SecureRandom();

    /** What creation shows, once: the token itself, then never again. */
    public record Created(ApiTokenStore.Listed token, String secret) {
        @Override
        public String toString() {
            return "Created[" + token.id() + "]"; // never the secret, whatever prints this
        }
    }

    /** What the creator asks for; {@code expiresInDays} null for the default. */
    public record Request(String name, List<String> scopes, String relayId, Integer expiresInDays) {}

    private final ApiTokenStore store;
    private final RelayAccessCheck access;
    private final Clock clock;
    /** When this process last wrote each token's last_used_at (seconds): spares the database a write per request. */
    private final Map<String, Long> touched = new ConcurrentHashMap<>();

    public ApiTokens(ApiTokenStore store, RelayAccessCheck access, Clock clock) {
        this.store = store;
        this.access = access;
        this.clock = clock;
    }

    /**
     * A new token for the caller. Refused, with nothing written: an unknown scope (invalid, {@code scopes}); a relay
     * the caller has no role on (not found); a scope beyond the caller's role there (forbidden {@value
     * TokenScope#FORBIDDEN}, {@code scopes}); a caller using a token.
     */
    public Created create(Principal creator, Request r) {
        if (creator.token() != null)
            throw new Failure(
                    Failure.Kind.FORBIDDEN,
                    "token_not_allowed",
                    null,
                    "an API token cannot create tokens: sign in with a session or a NIP-98 signature");
        String name = name(r.name());
        Set<TokenScope> scopes = scopes(r.scopes());
        int days = days(r.expiresInDays());
        String relayId = r.relayId() == null || r.relayId().isBlank() ? null : r.relayId();
        if (relayId != null) withinRole(creator, relayId, scopes);
        long now = Epoch.seconds(clock);
        if (store.countLive(creator.pubkey(), now) >= MAX_LIVE)
            throw new Failure(
                    Failure.Kind.CONFLICT,
                    "too_many_tokens",
                    null,
                    "you hold " + MAX_LIVE + " live API tokens, the most one person may: revoke one first");
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        var row = new ApiTokenStore.NewToken(
                "tok_" + Ids.newId(),
                Sessions.hash(secret),
                secret.substring(0, PREFIX.length() + 6),
                creator.pubkey(),
                name,
                scopes,
                relayId,
                now,
                now + days * 86_400L);
        store.insert(row);
        return new Created(
                new ApiTokenStore.Listed(
                        row.id(), name, row.prefix(), scopes, relayId, now, row.expiresAt(), null, null),
                secret);
    }

    /** The caller's tokens, newest first: names, prefixes, scopes, dates; never a token. */
    public List<ApiTokenStore.Listed> list(String pubkey) {
        return store.of(pubkey);
    }

    /** Revokes the caller's token at once, for every process; not found when it is not theirs. */
    public void revoke(String pubkey, String id) {
        if (!store.revoke(pubkey, id, Epoch.seconds(clock)) && !store.exists(pubkey, id))
            throw Failure.notFound("API token not found");
    }

    @Override
    public Optional<TokenGrant> lookup(String token) {
        long now = Epoch.seconds(clock);
        Optional<TokenGrant> grant = store.live(Sessions.hash(token), now);
        grant.ifPresent(g -> {
            Long last = touched.get(g.id());
            if (last == null || now - last >= TOUCH_EVERY_SECONDS) {
                touched.put(g.id(), now);
                store.touch(g.id(), now, TOUCH_EVERY_SECONDS);
            }
        });
        if (touched.size() > 100_000) touched.clear(); // a bound: at worst one more write per token
        return grant;
    }

    /** Every scope within the creator's own role on the relay (as a person: an administrator's power is not lent). */
    private void withinRole(Principal creator, String relayId, Set<TokenScope> scopes) {
        Principal asPerson = Principal.signed(creator.pubkey(), false);
        RelayRole role = access.require(asPerson, relayId, RelayAction.VIEW, RelayAccessCheck.Use.READ)
                .role();
        for (TokenScope s : scopes)
            if (!s.within(role))
                throw new Failure(
                        Failure.Kind.FORBIDDEN,
                        TokenScope.FORBIDDEN,
                        "scopes",
                        "the scope " + s.wire() + " goes beyond your role on this relay (" + role.wire()
                                + "): a token never has more power than its creator");
    }

    private static String name(String name) {
        if (name == null || name.isBlank()) throw Failure.invalidField("name", "name a token (what uses it)");
        String n = name.strip();
        if (n.length() > MAX_NAME)
            throw Failure.invalidField("name", "a token's name is at most " + MAX_NAME + " characters");
        if (n.chars().anyMatch(c -> c < 0x20 || c == 0x7f))
            throw Failure.invalidField("name", "a token's name must not contain control characters");
        return n;
    }

    private static Set<TokenScope> scopes(List<String> wires) {
        String known = "read, manage, moderate, billing";
        if (wires == null || wires.isEmpty())
            throw Failure.invalidField("scopes", "give a token at least one scope: " + known);
        Set<TokenScope> scopes = EnumSet.noneOf(TokenScope.class);
        for (String w : wires)
            scopes.add(TokenScope.of(w)
                    .orElseThrow(() -> Failure.invalidField(
                            "scopes", "unknown scope " + quoted(w) + ": a scope is one of " + known)));
        return scopes;
    }

    private static String quoted(String w) {
        String s = w == null ? "null" : w.length() > 32 ? w.substring(0, 32) + "…" : w;
        return "\"" + s.replaceAll("\\p{Cntrl}", "?") + "\"";
    }

    private static int days(Integer days) {
        if (days == null) return DEFAULT_DAYS;
        if (days < 1 || days > MAX_DAYS)
            throw Failure.invalidField(
                    "expires_in_days", "expires_in_days must be from 1 to " + MAX_DAYS + " (a token always expires)");
        return days;
    }
}
