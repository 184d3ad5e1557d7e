package caravel.api;

import caravel.domain.RelayAction;
import caravel.http.Body;
import caravel.names.Nip05Names;
import caravel.names.RelayNames;
import caravel.store.Relay;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Set;

/**
 * NIP-05 names: the owner's names on a relay, a member's own names on the relays they belong to, and
 * {@code /.well-known/nostr.json}, which the proxy routes here from every relay host and which anyone may read.
 *
 * @param trustProxy TRUST_PROXY: the proxy in front sets X-Forwarded-Host, and a client's own is replaced by it
 */
public record NameRoutes(RelayNames names, Nip05Names nip05, boolean trustProxy, RelayGate gate)
        implements Server.Routes {
    static final String NIP05_PATH = "/.well-known/nostr.json";
    private static final String PUBKEY_ERROR = "pubkey must be 64 hex characters or an npub";

    @Override
    public void register(Javalin app, Server.Auth auth) {
        app.get("/relays/{id}/names", auth.required(ctx -> ctx.json(names.list(relay(ctx, RelayAction.VIEW)))));
        app.put("/relays/{id}/names/{name}", auth.required(ctx -> {
            Relay r = relay(ctx, RelayAction.MODERATE);
            Body b = Body.parse(Server.body(ctx), Set.of("pubkey"));
            String pubkey = Http.pubkey(b.requiredString("pubkey"), PUBKEY_ERROR);
            ctx.json(names.give(
                    r,
                    ctx.pathParam("name"),
                    pubkey,
                    Http.actor(ctx),
                    RelayGate.role(ctx).wire()));
        }));
        app.delete("/relays/{id}/names/{name}", auth.required(ctx -> {
            names.takeBack(relay(ctx, RelayAction.MODERATE), ctx.pathParam("name"), Http.actor(ctx));
            ctx.status(204);
        }));
        app.get(
                "/me/memberships",
                auth.required(ctx -> ctx.json(
                        new Views.Items<>(names.memberships(Http.principal(ctx).pubkey())))));
        app.put("/me/memberships/{id}/name", auth.required(ctx -> {
            Body b = Body.parse(Server.body(ctx), Set.of("name"));
            ctx.json(names.claim(ctx.pathParam("id"), Http.principal(ctx).pubkey(), b.requiredString("name")));
        }));
        app.delete("/me/memberships/{id}/name", auth.required(ctx -> {
            names.giveUp(ctx.pathParam("id"), Http.principal(ctx).pubkey());
            ctx.status(204);
        }));
        // NIP-05: no authentication, and any web page may read it (NIP-05 asks for the wildcard CORS header)
        app.get(NIP05_PATH, ctx -> {
            cors(ctx);
            ctx.header("Cache-Control", "public, max-age=60");
            ctx.json(nip05.nip05(requestHost(ctx), Http.query(ctx, "name")));
        });
        app.options(NIP05_PATH, ctx -> {
            cors(ctx);
            ctx.header("Access-Control-Allow-Methods", "GET, OPTIONS");
            ctx.header("Access-Control-Max-Age", "86400");
            ctx.status(204);
        });
    }

    /**
     * Before any answer, refusals included: a browser reading a 404 for an unknown host needs the header too. Set here
     * over whatever the platform's own CORS rule said (ALLOW_ORIGINS lists the web app's origins, not everyone's).
     */
    static void cors(Context ctx) {
        ctx.header("Access-Control-Allow-Origin", "*");
        ctx.res().setHeader("Access-Control-Allow-Credentials", null);
    }

    /**
     * The host the request was made to: behind the trusted proxy (TRUST_PROXY) the X-Forwarded-Host it set (the relay
     * site keeps Host as well, but the custom-domain site rewrites Host to the relay's canonical one), otherwise Host
     * itself. Without TRUST_PROXY a client's X-Forwarded-Host is never believed: it could name any relay.
     */
    String requestHost(Context ctx) {
        return requestHost(ctx, trustProxy);
    }

    /** {@link #requestHost(Context)} for another route that serves relay hosts (join pages at custom domains). */
    static String requestHost(Context ctx, boolean trustProxy) {
        if (trustProxy) {
            String xfh = ctx.header("X-Forwarded-Host");
            if (xfh != null && !xfh.isBlank()) {
                String last = xfh.substring(xfh.lastIndexOf(',') + 1).trim();
                if (!last.isEmpty()) return last;
            }
        }
        String host = ctx.header("Host");
        return host == null ? "" : host.trim();
    }

    /** The relay if the caller may {@code action} it (404 or 403 otherwise: {@link RelayGate}). */
    private Relay relay(Context ctx, RelayAction action) {
        return gate.relay(ctx, action);
    }
}
