package caravel.api;

import caravel.auth.Principal;
import caravel.domain.Failure;
import caravel.domain.RelayAction;
import caravel.domain.RelayRole;
import caravel.domain.TokenScope;
import caravel.store.Relay;
import caravel.team.RelayAccessCheck;
import io.javalin.http.Context;

/**
 * The relay a route acts on, if the caller may perform the route's action on it ({@link RelayAccessCheck}): every
 * /relays/{id} route starts with {@code gate.relay(ctx, RelayAction.X)}. A stranger gets 404, a team member whose role
 * lacks the action 403 {@code role_forbidden}; the caller's role stays on the request for the route to read. A
 * request that is no read (any method but GET and HEAD) changes the relay, which a deleted relay refuses with 409
 * {@code relay_deleted}, unless its route declares it works on one ({@link #relayWhileDeleted}).
 */
public final class RelayGate {
    private static final String ROLE = "caravel.relayRole";
    private static final String RELAY = "caravel.relay";
    private static final String TOKEN_REFUSED = "caravel.relayTokenRefused";
    private final RelayAccessCheck check;

    public RelayGate(RelayAccessCheck check) {
        this.check = check;
    }

    /**
     * The path's relay ({id}) if the caller may {@code action} it; 404 or 403 otherwise, 409 {@code relay_deleted} for
     * a change of a deleted relay.
     */
    Relay relay(Context ctx, RelayAction action) {
        return relay(ctx, action, use(ctx));
    }

    /**
     * As {@link #relay(Context, RelayAction)}, for the few changes that work on a deleted relay (its undo, a restore of
     * its backup into a new relay): each such route says so here, by name.
     */
    Relay relayWhileDeleted(Context ctx, RelayAction action) {
        return relay(ctx, action, RelayAccessCheck.Use.CHANGE_WHILE_DELETED);
    }

    private Relay relay(Context ctx, RelayAction action, RelayAccessCheck.Use use) {
        Principal p = Http.principal(ctx);
        RelayAccessCheck.Access a;
        try {
            a = check.require(p, ctx.pathParam("id"), action, use);
        } catch (Failure f) {
            // a token refused by its bounds on a relay its creator has a role on (a stranger's relay is not found
            // first): what a leaked token tried is recorded there too (TokenRoutes)
            if (p.token() != null && TokenScope.FORBIDDEN.equals(f.code()))
                check.relay(ctx.pathParam("id")).ifPresent(r -> ctx.attribute(TOKEN_REFUSED, r));
            throw f;
        }
        ctx.attribute(ROLE, a.role());
        ctx.attribute(RELAY, a.relay());
        return a.relay();
    }

    /** The relay this request's gate let through, null when no gate passed (yet). */
    static Relay passed(Context ctx) {
        return ctx.attribute(RELAY);
    }

    /** The relay a token's request was refused on by the token's scopes or relay, null otherwise. */
    static Relay refusedToken(Context ctx) {
        return ctx.attribute(TOKEN_REFUSED);
    }

    /** A read (GET, HEAD) leaves the relay as it is; any other method changes it. */
    static RelayAccessCheck.Use use(Context ctx) {
        return switch (ctx.method()) {
            case GET, HEAD -> RelayAccessCheck.Use.READ;
            default -> RelayAccessCheck.Use.CHANGE;
        };
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
        RelayAccessCheck.requireToken(
                Http.principal(ctx), ctx.pathParam("id"), action, use(ctx) != RelayAccessCheck.Use.READ);
    }

    RelayAccessCheck check() {
        return check;
    }
}
