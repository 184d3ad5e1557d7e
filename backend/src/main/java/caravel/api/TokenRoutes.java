package caravel.api;

import caravel.auth.Principal;
import caravel.domain.Actor;
import caravel.domain.Epoch;
import caravel.domain.Failure;
import caravel.domain.TokenScope;
import caravel.http.Body;
import caravel.store.ActivityLog;
import caravel.store.Relay;
import caravel.tokens.ApiTokenStore;
import caravel.tokens.ApiTokens;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Personal API tokens (docs/api-tokens.md): created, listed and revoked with a session or a signature (the server
 * refuses a token on these routes, as on every route outside a relay's), and the activity line every change made
 * with a token leaves on its relay, naming the token, whatever the route wrote itself.
 */
public record TokenRoutes(ApiTokens tokens, ActivityLog activity, Clock clock) implements Server.Routes {
    @Override
    public void register(Javalin app, Server.Auth auth) {
        app.post("/tokens", auth.required(ctx -> {
            Body b = Body.parse(Server.body(ctx), Set.of("name", "scopes", "relay_id", "expires_in_days"));
            ApiTokens.Created c = tokens.create(
                    Http.principal(ctx),
                    new ApiTokens.Request(
                            b.string("name").orElse(null),
                            scopes(b),
                            b.string("relay_id").orElse(null),
                            b.has("expires_in_days") && !b.isNull("expires_in_days")
                                    ? days(b.longValue("expires_in_days"))
                                    : null));
            // the token this once, never again
            ctx.status(201).header("Cache-Control", "no-store").json(view(c.token(), c.secret()));
        }));
        app.get(
                "/tokens",
                auth.required(ctx -> ctx.json(Map.of(
                        "items",
                        tokens.list(Http.principal(ctx).pubkey()).stream()
                                .map(t -> view(t, null))
                                .toList()))));
        app.delete("/tokens/{id}", auth.required(ctx -> {
            tokens.revoke(Http.principal(ctx).pubkey(), ctx.pathParam("id"));
            ctx.status(204);
        }));
        app.after(this::recordUse);
    }

    /**
     * A change made with a token, let through by its relay's gate or refused there by the token's own bounds: one line
     * in the relay's activity naming the token, the route and its status (refused or not: what a leaked token tried is
     * worth reading too).
     */
    private void recordUse(Context ctx) {
        Principal p = ctx.attribute(Http.PRINCIPAL);
        Relay r = RelayGate.passed(ctx) != null ? RelayGate.passed(ctx) : RelayGate.refusedToken(ctx);
        if (p == null || p.token() == null || r == null || RelayGate.use(ctx) == caravel.team.RelayAccessCheck.Use.READ)
            return;
        Actor by = p.actor();
        activity.add(
                r.tenant(),
                r.id(),
                "api_token",
                "API token \"" + p.token().name() + "\" (" + p.token().id() + "): " + ctx.method() + " "
                        + ctx.endpointHandlerPath() + " answered " + ctx.statusCode(),
                by,
                Epoch.seconds(clock));
    }

    /**
     * A token as the API shows it; {@code token} (the secret) only in the answer to its creation, this once.
     */
    record TokenView(
            String id,
            String name,
            String prefix,
            List<String> scopes,
            String relayId,
            long createdAt,
            long expiresAt,
            Long lastUsedAt,
            Long revokedAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) String token) {}

    static TokenView view(ApiTokenStore.Listed t, String secret) {
        return new TokenView(
                t.id(),
                t.name(),
                t.prefix(),
                t.scopes().stream().sorted().map(TokenScope::wire).toList(),
                t.relayId(),
                t.createdAt(),
                t.expiresAt(),
                t.lastUsedAt(),
                t.revokedAt(),
                secret);
    }

    /** The scopes as given (their names are checked by the service): a list of strings, 400 otherwise. */
    private static List<String> scopes(Body b) {
        com.fasterxml.jackson.databind.JsonNode v = b.raw("scopes");
        if (v == null || v.isNull()) return List.of();
        if (!v.isArray() || v.size() > 16)
            throw Failure.invalidField(
                    "scopes", "scopes must be a list of scope names: read, manage, moderate, billing");
        List<String> out = new java.util.ArrayList<>();
        for (var s : v) {
            if (!s.isTextual()) throw Failure.invalidField("scopes", "each scope is a name, such as read");
            out.add(s.textValue());
        }
        return out;
    }

    private static int days(long days) {
        // out of int's range is out of the rule's: the service says what the rule is
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, days));
    }
}
