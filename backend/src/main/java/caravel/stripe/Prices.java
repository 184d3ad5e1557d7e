package caravel.stripe;

import caravel.domain.Plan;
import caravel.domain.Plans;
import java.util.LinkedHashMap;
import java.util.Map;

/** The Stripe price behind each paid plan (a plan's stripe_price, or STRIPE_PRICE_&lt;ID&gt;), both ways. */
public record Prices(Plans plans, Map<String, String> byPlan) {
    String price(String plan) {
        String p = byPlan.get(plan);
        if (p == null) throw new IllegalArgumentException("plan " + plan + " has no Stripe price");
        return p;
    }

    String plan(String price) {
        for (var e : byPlan.entrySet()) if (e.getValue().equals(price)) return e.getKey();
        return null;
    }

    /** A subscription's quantities by plan id (items on other prices are not Caravel's and are ignored). */
    Map<String, Long> plans(StripeGateway.Subscription sub) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Plan p : plans.paid()) out.put(p.id(), sub.quantity(price(p.id())));
        return out;
    }

    /** Plan quantities as price quantities, every paid plan present (0 removes its item). */
    Map<String, Long> byPrice(Map<String, Long> quantities) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Plan p : plans.paid()) out.put(price(p.id()), quantities.getOrDefault(p.id(), 0L));
        return out;
    }
}
