package caravel.relayaccess;

import caravel.domain.Actor;
import caravel.domain.Failure;
import caravel.store.Relay;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * NIP-86 calls on a hosted relay signed with the relay's own key; an attempt someone made that the relay refused (or
 * that could not reach it) is recorded in the relay's activity before the failure goes on.
 */
public record RelayCalls(RelayRpc rpc, RelayAccess access, OutcomeLog outcomes) {

    /** {@code method} with {@code params}; {@code what} says in a sentence's words what was asked, for its refusal. */
    public JsonNode call(Relay r, String method, List<?> params, String what) {
        return rpc.call(access.target(r), method, params, what);
    }

    /**
     * As {@link #call}, on someone's behalf: when the relay refuses or cannot be asked, the attempt is recorded as
     * {@code failedKind} ("{@code attempt} failed: why", attributed to the actor) and the failure passed on.
     */
    public JsonNode attempt(
            Relay r, String method, List<?> params, String what, String failedKind, String attempt, Actor actor) {
        try {
            return call(r, method, params, what);
        } catch (Failure e) {
            outcomes.record(r, failedKind, attempt + " failed: " + e.getMessage(), actor);
            throw e;
        }
    }
}
