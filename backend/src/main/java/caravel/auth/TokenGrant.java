package caravel.auth;

import caravel.domain.TokenScope;
import java.util.Set;

/**
 * A live API token as a request presents it: whose it is, what it may do and where. Read from the database on every
 * request ({@link TokenLookup}), so a revocation in any process is seen by the next request everywhere.
 *
 * @param id      the token's public id (what the activity log names)
 * @param relayId the one relay it is limited to, null for every relay its creator has a role on
 */
public record TokenGrant(String id, String name, String pubkey, Set<TokenScope> scopes, String relayId) {
    public TokenGrant {
        scopes = Set.copyOf(scopes);
    }
}
