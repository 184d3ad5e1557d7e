package caravel.api;

import caravel.billing.PlanPrices;
import caravel.relays.Hosting;
import io.javalin.Javalin;
import java.util.Map;

/** The super-admin's view of the platform itself (not of one tenant or relay): what the operator should know. */
final class AdminRoutes {
    private final Hosting hosting;
    private final PlanPrices prices;

    AdminRoutes(Hosting hosting, PlanPrices prices) {
        this.hosting = hosting;
        this.prices = prices;
    }

    void register(Javalin app, Server.Auth auth) {
        // the last background checks' answers: an admin page load never waits on zooid or the price feed
        app.get(
                "/admin/platform",
                auth.admin(ctx -> ctx.json(Map.of(
                        "media",
                        Views.mediaStorage(hosting.media()),
                        "bitcoin_price",
                        Views.priceStatus(prices.priceStatus())))));
        // asks every node now (a read with no rule: the counts straight from the store)
        app.get(
                "/admin/nodes",
                auth.admin(ctx -> ctx.json(new Views.Items<>(
                        hosting.nodes().stream().map(Views::nodeUse).toList()))));
    }
}
