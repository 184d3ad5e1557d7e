package caravel.auth;

import java.util.Optional;

/**
 * The API tokens the authenticator accepts ({@code tokens.ApiTokens} implements it; the token's rules live there, above
 * this package, because creating one asks the creator's role on a relay).
 */
public interface TokenLookup {
    /** The recognizable start of every API token, so secret scanners can find a leaked one. */
    String PREFIX = "caravel_";

    /** The live token (not revoked, not expired) for this token string, empty otherwise. */
    Optional<TokenGrant> lookup(String token);
}
