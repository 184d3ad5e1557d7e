package caravel.api;

import caravel.domain.RelayAction;
import caravel.domains.CustomDomains;
import caravel.domains.RelayDomain;
import caravel.http.Body;
import caravel.store.Relay;
import io.javalin.Javalin;
import java.util.Set;

/**
 * /relays/{id}/domain: the relay's own domain, set, removed and checked by its owner (or an administrator); anyone
 * else gets the 404 every other relay route gives for a relay that is not theirs.
 */
public record DomainRoutes(CustomDomains domains, RelayGate gate) implements Server.Routes {

    @Override
    public void register(Javalin app, Server.Auth auth) {
        app.put("/relays/{id}/domain", auth.required(ctx -> {
            Relay r = gate.relay(ctx, RelayAction.SETTINGS);
            Body b = Body.parse(Server.body(ctx), Set.of("domain"));
            var p = Http.principal(ctx);
            RelayDomain d = domains.set(r, b.requiredString("domain"), RelayViews.actor(p, r));
            ctx.json(Views.customDomain(domains, r, d));
        }));
        app.delete("/relays/{id}/domain", auth.required(ctx -> {
            Relay r = gate.relay(ctx, RelayAction.SETTINGS);
            var p = Http.principal(ctx);
            domains.remove(r, RelayViews.actor(p, r));
            ctx.status(204);
        }));
        app.post("/relays/{id}/domain/check", auth.required(ctx -> {
            Relay r = gate.relay(ctx, RelayAction.SETTINGS);
            ctx.json(Views.customDomain(domains, r, domains.checkNow(r)));
        }));
    }
}
