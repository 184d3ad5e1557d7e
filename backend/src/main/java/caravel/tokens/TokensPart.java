package caravel.tokens;

import static caravel.relayparts.Declaration.part;
import static caravel.relayparts.Declared.does;
import static caravel.relayparts.Declared.nothing;

import caravel.domain.Epoch;
import caravel.relayparts.Declaration;
import caravel.relayparts.DeclaredPart;
import caravel.relayparts.Move;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/** The API tokens limited to one relay (api_tokens.relay_id) as a relay part. */
public final class TokensPart extends DeclaredPart {
    public TokensPart(Jdbi jdbi, Clock clock) {
        super(declaration(new ApiTokenStore(jdbi), clock));
    }

    private static Declaration declaration(ApiTokenStore store, Clock clock) {
        return part("tokens", "api_tokens")
                .backup(nothing("a token is a secret its creator holds, stored only as a hash: a restore cannot give it"
                        + " back, and a backup must not carry credentials"))
                .move(Move.ROWS_STAY)
                .transferred(does(
                        "the previous owner's tokens limited to the relay are revoked (their power, the owner's role,"
                                + " is gone already; the list then says so)",
                        (h, e) -> store.revokeRelay(h, e.relay().id(), e.previousOwner(), Epoch.seconds(clock))))
                .suspended(nothing("a token's requests meet the relay's own state, as the owner's would"))
                .deleted(nothing("a token may read a deleted relay as its owner may; every change is refused"))
                .undeleted(nothing("the tokens stayed through the deletion"))
                .purged(does(
                        "the tokens limited to the relay are removed: nothing is left for them to reach",
                        (h, e) -> store.removeRelay(h, e.relay().id())))
                .erased(does(
                        "the person's tokens limited to the relay are revoked (their role there ended with the erasure,"
                                + " and a token names no one who is gone)",
                        req -> store.revokeRelay(req.relay().id(), req.pubkey(), Epoch.seconds(clock))));
    }
}
