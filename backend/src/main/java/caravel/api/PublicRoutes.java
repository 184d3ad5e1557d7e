package caravel.api;

import caravel.billing.PlanPrices;
import caravel.config.Config;
import caravel.domain.Failure;
import caravel.domain.Validation;
import io.javalin.Javalin;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/** Routes anyone may call: platform settings the web app needs, plans (health: {@link HealthRoutes}). */
public final class PublicRoutes {
    private PublicRoutes() {}

    public static void register(Javalin app, Config config, PlanPrices prices) {
        byte[] openapi = OpenApiDocument.served(config);
        app.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openapi));
        app.get("/config", ctx -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("relay_domain", config.relayDomain());
            out.put("lightning", config.nwcUrl().isPresent());
            out.put("stripe", config.stripe().isPresent());
            out.put("reserved_subdomains", new TreeSet<>(Validation.RESERVED));
            out.put("nip46_relays", config.nip46Relays());
            out.put("subdomain_pattern", "^[a-z][a-z0-9-]{1,61}[a-z0-9]$");
            // the bitcoin price now (FIAT_RATE or FIAT_RATE_URL); null when none is configured or known
            out.put(
                    "fiat",
                    prices.rate()
                            .map(f -> Map.of("currency", f.currency(), "per_bitcoin", f.perBitcoin()))
                            .orElse(null));
            out.put("price_currency", prices.currency().code());
            // whether a deleted relay's purge removes its stored events and media from the relay host (a purge
            // command is configured), so the delete form and a deleted relay's page say what stays where
            out.put("purge_removes_data", !config.retirement().purgeCommand().isEmpty());
            ctx.json(out);
        });
        app.get(
                "/plans",
                ctx -> ctx.json(new Views.Items<>(prices.plans().offered().stream()
                        .map(p -> Views.plan(p, prices))
                        .toList())));
        app.get(
                "/plans/{id}",
                ctx -> ctx.json(Views.plan(
                        prices.plans().byId(ctx.pathParam("id")).orElseThrow(() -> Failure.notFound("plan not found")),
                        prices)));
    }
}
