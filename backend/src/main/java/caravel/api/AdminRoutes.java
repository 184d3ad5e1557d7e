package caravel.api;

import caravel.billing.PlanPrices;
import caravel.money.MoneyReports;
import caravel.relays.Hosting;
import io.javalin.Javalin;
import java.util.Map;

/** The super-admin's view of the platform itself (not of one tenant or relay): what the operator should know. */
public record AdminRoutes(Hosting hosting, PlanPrices prices, MoneyReports money) implements Server.Routes {

    @Override
    public void register(Javalin app, Server.Auth auth) {
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
        // the money view: sums the database keeps beside the invoices and relays, so one read at any size
        app.get("/admin/money", auth.admin(ctx -> ctx.json(money.report())));
        // its months as a spreadsheet (fetched by the admin page with the session, then saved)
        app.get("/admin/money.csv", auth.admin(ctx -> {
            ctx.header("Content-Disposition", "attachment; filename=\"caravel-revenue.csv\"");
            ctx.contentType("text/csv; charset=utf-8").result(money.csv());
        }));
    }
}
