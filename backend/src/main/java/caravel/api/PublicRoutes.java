package caravel.api;

import caravel.billing.Plan;
import caravel.config.Config;
import io.javalin.Javalin;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeSet;

/** Routes anyone may call: health, platform settings the web app needs, plans. */
final class PublicRoutes {
    private PublicRoutes() {}

    static void register(Javalin app, Config config) {
        app.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")));
        app.get("/config", ctx -> ctx.json(Map.of(
                "relay_domain", config.relayDomain(),
                "lightning", config.nwcUrl().isPresent(),
                "stripe", config.stripe().isPresent(),
                "reserved_subdomains", new TreeSet<>(Validation.RESERVED),
                "nip46_relays", config.nip46Relays(),
                "subdomain_pattern", "^[a-z][a-z0-9-]{1,61}[a-z0-9]$")));
        app.get("/plans", ctx -> ctx.json(new Views.Items<>(Arrays.stream(Plan.values()).map(Views::plan).toList())));
        app.get("/plans/{id}", ctx -> ctx.json(Views.plan(Plan.byId(ctx.pathParam("id"))
                .orElseThrow(() -> ApiException.notFound("plan not found")))));
    }
}
