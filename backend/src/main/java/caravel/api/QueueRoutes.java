package caravel.api;

import caravel.domain.Failure;
import caravel.domain.RelayAction;
import caravel.http.Body;
import caravel.moderation.ModerationQueue;
import caravel.relayaccess.NotProvisioned;
import caravel.store.Relay;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The moderation queue of one relay: its items, the decisions on one or many, the waiting count, its settings. */
public record QueueRoutes(ModerationQueue queue, RelayGate gate) implements Server.Routes {

    @Override
    public void register(Javalin app, Server.Auth auth) {
        app.get("/relays/{id}/queue", auth.required(ctx -> {
            Relay r = relay(ctx);
            String state = Http.enumParam(ctx, "state", Set.of("waiting", "decided"));
            String cause = Http.query(ctx, "cause");
            int limit = Http.intParam(ctx, "limit", 100, 1, 500);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put(
                    "items",
                    queue.list(r, "decided".equals(state), cause == null || cause.isBlank() ? null : cause, limit));
            out.put("waiting", queue.waiting(r));
            ctx.json(out);
        }));
        // the navigation asks on every relay page: a count of one index range, for a relay in any state
        app.get(
                "/relays/{id}/queue/count",
                auth.required(ctx -> ctx.json(Map.of("waiting", queue.waiting(owned(ctx))))));
        app.get("/relays/{id}/queue/settings", auth.required(ctx -> ctx.json(view(queue.settings(relay(ctx))))));
        app.put("/relays/{id}/queue/settings", auth.required(ctx -> {
            Relay r = NotProvisioned.require(gate.relay(ctx, RelayAction.SETTINGS));
            Body b = Body.parse(Server.body(ctx), Set.of("hide_after", "digest"));
            Integer hideAfter = null;
            if (b.has("hide_after")) {
                if (b.isNull("hide_after")) hideAfter = 0;
                else {
                    long n = b.longValue("hide_after");
                    if (n < 0 || n > 1000)
                        throw Failure.invalidField(
                                "hide_after", "hide after must be between 2 and 1000 reports, or 0 for off");
                    hideAfter = (int) n;
                }
            }
            Boolean digest = null;
            if (b.has("digest")) {
                JsonNode v = b.raw("digest");
                if (!v.isBoolean()) throw Failure.invalidField("digest", "digest must be true or false");
                digest = v.booleanValue();
            }
            ctx.json(view(queue.saveSettings(r, hideAfter, digest, Http.actor(ctx))));
        }));
        app.post("/relays/{id}/queue/decisions", auth.required(ctx -> {
            Relay r = relay(ctx);
            Body b = Body.parse(Server.body(ctx), Set.of("items", "action", "reason"));
            JsonNode raw = b.raw("items");
            if (raw == null || !raw.isArray()) throw Failure.invalidField("items", "items must be a list of item ids");
            if (raw.size() > ModerationQueue.MAX_BULK)
                throw Failure.invalidField(
                        "items", "at most " + ModerationQueue.MAX_BULK + " items can be decided at once");
            List<String> items = new ArrayList<>();
            for (JsonNode n : raw) items.add(n.isTextual() ? n.textValue() : n.toString());
            List<ModerationQueue.Outcome> out = new ArrayList<>();
            String action = b.requiredString("action");
            String reason = reason(b);
            for (ModerationQueue.Outcome o : queue.decide(r, items, action, reason, Http.actor(ctx))) out.add(o);
            ctx.json(Map.of("outcomes", out, "waiting", queue.waiting(r)));
        }));
        app.post("/relays/{id}/queue/items/{item}", auth.required(ctx -> {
            Relay r = relay(ctx);
            Body b = Body.parse(Server.body(ctx), Set.of("action", "reason"));
            ModerationQueue.Outcome o =
                    queue.decideOne(r, ctx.pathParam("item"), b.requiredString("action"), reason(b), Http.actor(ctx));
            if (o.outcome().equals("already_decided"))
                throw new Failure(Failure.Kind.CONFLICT, "already_decided", null, o.message());
            ctx.json(o);
        }));
    }

    private static Map<String, Object> view(ModerationQueue.SettingsView s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("hide_after", s.hideAfter());
        out.put("digest", s.digest());
        return out;
    }

    /** The relay if the caller owns it or is an admin (404 otherwise, so ids of others do not leak), provisioned. */
    private Relay relay(Context ctx) {
        return NotProvisioned.require(owned(ctx));
    }

    private Relay owned(Context ctx) {
        return gate.relay(ctx, RelayAction.MODERATE);
    }

    /** The reason as sent; its rule (Validation.reason) is the moderation service's, where every path passes. */
    private static String reason(Body b) {
        return b.string("reason").orElse("");
    }
}
