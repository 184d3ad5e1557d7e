package caravel.api;

import caravel.domain.RelayAction;
import caravel.domain.RelayRole;
import caravel.store.Relay;
import caravel.team.RelayAccessCheck;
import io.javalin.http.Context;

/**
 * The relay a route acts on, if the caller may perform the route's action on it ({@link RelayAccessCheck}): every
 * /relays/{id} route starts with {@code gate.relay(ctx, RelayAction.X)}. A stranger gets 404, a team member whose role
 * lacks the action 403 {@code role_forbidden}; the caller's role stays on the request for the route to read.
 */
final class RelayGate {
    private static final String ROLE = "caravel.relayRole";
    private final RelayAccessCheck check;

    RelayGate(RelayAccessCheck check) {
        this.check = check;
    }

    /** The path's relay ({id}) if the caller may {@code action} it; 404 or 403 otherwise. */
    Relay relay(Context ctx, RelayAction action) {
        RelayAccessCheck.Access a = check.require(Http.principal(ctx), ctx.pathParam("id"), action);
        ctx.attribute(ROLE, a.role());
        return a.relay();
    }

    /** The caller's role on the relay the request's gate let through. */
    static RelayRole role(Context ctx) {
        RelayRole r = ctx.attribute(ROLE);
        if (r == null) throw new IllegalStateException("no relay gate passed on this request");
        return r;
    }

    /** A further action the same request performs (a plan in a relay edit): 403 when the role lacks it. */
    static void also(Context ctx, RelayAction action) {
        RelayRole r = role(ctx);
        if (!r.may(action)) throw r.refusal(action);
    }

    RelayAccessCheck check() {
        return check;
    }
}
