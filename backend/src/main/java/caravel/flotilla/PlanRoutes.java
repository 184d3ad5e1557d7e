package caravel.flotilla;

import caravel.billing.UsdPrices;
import caravel.domain.Plan;
import io.javalin.Javalin;
import java.util.Arrays;
import java.util.List;

/** GET /plans: public (Flotilla sends its sign-in anyway; it is not looked at). A bare array, prices in US cents. */
final class PlanRoutes implements FlotillaServer.Routes {
    private final UsdPrices usd;

    PlanRoutes(UsdPrices usd) {
        this.usd = usd;
    }

    @Override
    public void register(Javalin app, FlotillaServer.Auth auth) {
        app.get("/plans", ctx -> Envelope.send(ctx, plans()));
    }

    List<FlotillaViews.Plan> plans() {
        return Arrays.stream(Plan.values())
                .map(p -> new FlotillaViews.Plan(
                        p.id, p.displayName, usdCents(p.priceSats), false, p.maxMembers, p.blossom, p.livekit))
                .toList();
    }

    /** Our prices are sats; Flotilla prints US cents (the billing service's conversion, shared with invoices). */
    long usdCents(long sats) {
        return usd.cents(sats);
    }
}
