package caravel.api;

import caravel.domain.Failure;
import caravel.domain.RelayAction;
import caravel.http.Body;
import caravel.store.Relay;
import caravel.webhooks.WebhookStore;
import caravel.webhooks.Webhooks;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Outbound webhooks: a relay's, managed by whoever may change its settings ({@link RelayAction#SETTINGS}), and the
 * platform's, managed by operators under /admin. The secret is in the answer of a creation or a rotation only.
 */
public record WebhookRoutes(Webhooks webhooks, RelayGate gate) implements Server.Routes {
    private static final Set<String> FIELDS = Set.of("url", "events");

    /** An endpoint as listed: never its secret. */
    record View(
            String id,
            String relay_id,
            String url,
            List<String> events,
            boolean paused,
            Long paused_at,
            int failures,
            String created_by,
            long created_at) {
        static View of(WebhookStore.Endpoint e) {
            return new View(
                    e.id(),
                    e.relayId(),
                    e.url(),
                    e.events(),
                    e.paused(),
                    e.pausedAt() == null ? null : e.pausedAt() / 1000,
                    e.failures(),
                    e.createdBy(),
                    e.createdAt());
        }
    }

    /** A new endpoint, or one whose secret was rotated, with the secret: shown this once. */
    record WithSecret(View webhook, String secret) {}

    record AttemptView(long at_ms, Integer status_code, long latency_ms, String excerpt, boolean ok, boolean replay) {}

    record DeliveryView(
            String id,
            String type,
            String status,
            int attempts,
            long created_ms,
            Long delivered_ms,
            String body,
            List<AttemptView> log) {
        static DeliveryView of(Webhooks.Logged l) {
            var d = l.delivery();
            return new DeliveryView(
                    d.id(),
                    d.kind(),
                    d.status(),
                    d.attempts(),
                    d.createdMs(),
                    d.deliveredMs(),
                    d.body(),
                    l.attempts().stream()
                            .map(a -> new AttemptView(
                                    a.atMs(), a.statusCode(), a.latencyMs(), a.excerpt(), a.ok(), a.replay()))
                            .toList());
        }
    }

    /** Where an endpoint lives: a relay (through the gate) or the platform (an operator's). */
    private interface Scope {
        Relay of(Context ctx);
    }

    @Override
    public void register(Javalin app, Server.Auth auth) {
        routes(app, "/relays/{id}/webhooks", ctx -> gate.relay(ctx, RelayAction.SETTINGS), auth, false);
        routes(app, "/admin/webhooks", ctx -> null, auth, true);
    }

    private void routes(Javalin app, String base, Scope scope, Server.Auth auth, boolean admin) {
        java.util.function.Function<io.javalin.http.Handler, io.javalin.http.Handler> guard =
                admin ? auth::admin : auth::required;
        app.get(
                base,
                guard.apply(ctx -> ctx.json(new Views.Items<>(
                        webhooks.list(scope.of(ctx)).stream().map(View::of).toList()))));
        app.post(base, guard.apply(ctx -> {
            Relay r = scope.of(ctx);
            Body b = Body.parse(Server.body(ctx), FIELDS);
            var created = webhooks.create(
                    r,
                    b.string("url").orElse(null),
                    events(b),
                    Http.principal(ctx).actor());
            ctx.status(201).json(new WithSecret(View.of(created.endpoint()), created.secret()));
        }));
        app.delete(base + "/{webhook}", guard.apply(ctx -> {
            webhooks.delete(scope.of(ctx), ctx.pathParam("webhook"));
            ctx.status(204);
        }));
        app.post(base + "/{webhook}/rotate", guard.apply(ctx -> {
            Relay r = scope.of(ctx);
            String secret = webhooks.rotate(r, ctx.pathParam("webhook"));
            ctx.json(new WithSecret(View.of(webhooks.get(r, ctx.pathParam("webhook"))), secret));
        }));
        app.post(
                base + "/{webhook}/resume",
                guard.apply(ctx -> ctx.json(View.of(webhooks.resume(scope.of(ctx), ctx.pathParam("webhook"))))));
        app.get(
                base + "/{webhook}/deliveries",
                guard.apply(ctx ->
                        ctx.json(new Views.Items<>(webhooks.log(scope.of(ctx), ctx.pathParam("webhook")).stream()
                                .map(DeliveryView::of)
                                .toList()))));
        app.post(base + "/{webhook}/deliveries/{delivery}/replay", guard.apply(ctx -> {
            webhooks.replay(scope.of(ctx), ctx.pathParam("webhook"), ctx.pathParam("delivery"));
            ctx.status(202).json(java.util.Map.of("queued", true));
        }));
    }

    private static List<String> events(Body b) {
        JsonNode v = b.raw("events");
        if (v == null || !v.isArray())
            throw new Failure(
                    Failure.Kind.INVALID, "webhook_events_invalid", "events", "'events' must be a list of event names");
        List<String> out = new ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isTextual())
                throw new Failure(
                        Failure.Kind.INVALID, "webhook_events_invalid", "events", "each event is a name in quotes");
            out.add(e.asText());
        }
        return out;
    }
}
