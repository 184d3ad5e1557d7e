package caravel.flotilla;

import caravel.billing.UsdPrices;
import caravel.domain.Plans;
import io.javalin.Javalin;
import java.util.List;

/**
 * GET /plans: public (Flotilla sends its sign-in anyway; it is not looked at). A bare array of every plan, prices in
 * US cents; hidden plans are listed with hidden=1 so a space still on one shows its plan, and Flotilla offers only the
 * others.
 */
public record PlanRoutes(Plans catalog, UsdPrices usd) implements FlotillaServer.Routes {

    @Override
    public void register(Javalin app, FlotillaServer.Auth auth) {
        app.get("/plans", ctx -> Envelope.send(ctx, plans()));
    }

    List<FlotillaViews.Plan> plans() {
        return catalog.all().stream()
                .map(p -> new FlotillaViews.Plan(
                        p.id(), p.name(), usd.cents(p), p.hidden(), p.maxMembers(), p.blossom(), p.livekit()))
                .toList();
    }
}
