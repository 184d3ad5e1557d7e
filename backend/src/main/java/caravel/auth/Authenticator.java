package caravel.auth;

import caravel.config.Config;
import java.util.Locale;

/**
 * Turns an Authorization header into a Principal, by strict NIP-98, by bearer session or by a bearer API token (a
 * {@value TokenLookup#PREFIX} prefix tells the two bearers apart).
 */
public record Authenticator(Nip98Verifier nip98, Sessions sessions, TokenLookup tokens, Config config) {
    /** @param allowSession false where only a fresh NIP-98 event is acceptable (creating a session). */
    public Principal authenticate(
            String header, String method, String pathAndQuery, byte[] body, boolean allowSession) {
        return check(header, method, pathAndQuery, body, allowSession);
    }

    /** For a route that streams its body (see {@link Nip98Verifier#verifyStreamed}); sessions as usual. */
    public Principal authenticateStreamed(String header, String method, String pathAndQuery) {
        return check(header, method, pathAndQuery, null, true);
    }

    private Principal check(String header, String method, String pathAndQuery, byte[] body, boolean allowSession) {
        if (header == null || header.isBlank()) throw new AuthException("missing Authorization header");
        int space = header.indexOf(' ');
        String scheme = (space < 0 ? header : header.substring(0, space)).toLowerCase(Locale.ROOT);
        String value = space < 0 ? "" : header.substring(space + 1).trim();
        return switch (scheme) {
            case "nostr" -> {
                if (value.isEmpty()) throw new AuthException("nip98: empty token");
                String pubkey = body == null
                        ? nip98.verifyStreamed(value, method, pathAndQuery)
                        : nip98.verify(value, method, pathAndQuery, body);
                yield Principal.signed(pubkey, config.isAdmin(pubkey));
            }
            case "bearer" -> {
                if (!allowSession)
                    throw new AuthException("this route needs a NIP-98 Authorization header, not a session");
                if (value.isEmpty()) throw new AuthException("session: empty token");
                if (value.startsWith(TokenLookup.PREFIX))
                    yield Principal.apiToken(tokens.lookup(value)
                            .orElseThrow(() -> new AuthException("API token: unknown, expired or revoked")));
                String hash = Sessions.hash(value);
                String pubkey = sessions.lookup(hash)
                        .orElseThrow(() -> new AuthException("session: unknown, expired or revoked token"));
                yield Principal.session(pubkey, config.isAdmin(pubkey), hash);
            }
            default -> throw new AuthException("Authorization scheme must be Nostr or Bearer");
        };
    }
}
