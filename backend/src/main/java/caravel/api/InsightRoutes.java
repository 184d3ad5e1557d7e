package caravel.api;

import caravel.domain.RelayAction;
import caravel.insight.Insight;
import caravel.store.Relay;
import io.javalin.Javalin;
import io.javalin.http.Context;

/**
 * A relay's insight for whoever may see the relay (its owner, an administrator), as JSON and as CSV, and the
 * platform's across relays for administrators. Reads with no rule: straight from the aggregates.
 */
public record InsightRoutes(Insight insight, RelayGate gate) implements Server.Routes {

    @Override
    public void register(Javalin app, Server.Auth auth) {
        app.get("/relays/{id}/insight", auth.required(ctx -> ctx.json(insight.forRelay(relay(ctx)))));
        app.get("/relays/{id}/insight.csv", auth.required(ctx -> {
            Relay r = relay(ctx);
            ctx.header("Content-Disposition", "attachment; filename=\"" + r.subdomain() + "-insight.csv\"");
            ctx.contentType("text/csv; charset=utf-8").result(insight.csv(r));
        }));
        app.get("/admin/insight", auth.admin(ctx -> ctx.json(insight.overview())));
    }

    /** The relay when the caller may see it; another tenant's relay is "not found", as if it did not exist. */
    private Relay relay(Context ctx) {
        return gate.relay(ctx, RelayAction.VIEW);
    }
}
