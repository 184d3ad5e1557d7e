package caravel.api;

import caravel.admission.JoinPages;
import caravel.admission.JoinRequest;
import caravel.admission.JoinRequests;
import caravel.domain.Failure;
import caravel.domain.RelayAction;
import caravel.http.Body;
import caravel.http.RateLimits;
import caravel.store.Relay;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Set;

/**
 * "Ask to join": the owner's settings and the team's list of requests with its decisions, the signed-in requester's
 * own request on a join page, and the relay's terms as plain text (the address the join page gives for them).
 */
public record JoinRequestRoutes(JoinRequests requests, JoinPages pages, RelayGate gate, RateLimits rateLimits)
        implements Server.Routes {
    static final Set<String> SETTINGS_FIELDS = Set.of("ask_to_join", "terms");

    @Override
    public void register(Javalin app, Server.Auth auth) {
        app.get("/relays/{id}/join-settings", auth.required(ctx -> ctx.json(requests.settings(relay(ctx)))));
        app.put("/relays/{id}/join-settings", auth.required(ctx -> {
            Relay r = gate.relay(ctx, RelayAction.SETTINGS);
            Body b = Body.parse(Server.body(ctx), SETTINGS_FIELDS);
            JsonNode ask = b.raw("ask_to_join");
            if (ask != null && !ask.isBoolean())
                throw Failure.invalidField("ask_to_join", "field 'ask_to_join' must be true or false");
            if (b.has("terms") && (b.isNull("terms") || !b.raw("terms").isTextual()))
                throw Failure.invalidField("terms", "field 'terms' must be a string (\"\" removes them)");
            ctx.json(requests.update(
                    r,
                    ask == null ? null : ask.booleanValue(),
                    b.string("terms").orElse(null),
                    Http.principal(ctx)));
        }));
        app.get("/relays/{id}/join-requests", auth.required(ctx -> ctx.json(requests.list(relay(ctx)))));
        app.post(
                "/relays/{id}/join-requests/{request}/approve",
                auth.required(ctx -> ctx.json(requests.approve(
                        relay(ctx),
                        ctx.pathParam("request"),
                        Http.principal(ctx).actor()))));
        app.post(
                "/relays/{id}/join-requests/{request}/deny",
                auth.required(ctx -> ctx.json(requests.deny(
                        relay(ctx),
                        ctx.pathParam("request"),
                        Http.principal(ctx).actor()))));
        // the requester's side: always the signed-in key's own request, never one named in the body
        app.get(
                "/admissions/{subdomain}/request",
                auth.required(ctx ->
                        ctx.json(requests.mine(page(ctx), Http.principal(ctx).pubkey()))));
        app.post("/admissions/{subdomain}/request", auth.required(ctx -> {
            rateLimits.join(ctx); // fresh keys cost nothing: requests are bounded per address too
            Relay r = page(ctx);
            Body b = Body.parse(Server.body(ctx), Set.of("message"));
            if (b.has("message") && !b.isNull("message") && !b.raw("message").isTextual())
                throw Failure.invalidField("message", "field 'message' must be a string");
            ctx.status(201)
                    .json(requests.request(
                            r, Http.principal(ctx).pubkey(), b.string("message").orElse(""), JoinRequest.Source.PAGE));
        }));
        // public, like the join page: the terms a person agrees to when asking to join, as plain text
        app.get("/join/{subdomain}/terms", ctx -> {
            ctx.header("Cache-Control", "no-cache");
            ctx.contentType("text/plain; charset=utf-8").result(pages.terms(ctx.pathParam("subdomain")));
        });
    }

    private Relay page(Context ctx) {
        return pages.relay(ctx.pathParam("subdomain"));
    }

    /** The relay if the caller owns it or is an admin; 404 otherwise, so ids of others do not leak. */
    private Relay relay(Context ctx) {
        return gate.relay(ctx, RelayAction.MODERATE);
    }
}
