package caravel.stripe;

import caravel.domain.Plan;
import java.util.LinkedHashMap;
import java.util.Map;

/** The Stripe price behind each paid plan (STRIPE_PRICE_BASIC, STRIPE_PRICE_GROWTH), both ways. */
record Prices(String basic, String growth) {
    String price(String plan) {
        return switch (plan) {
            case "basic" -> basic;
            case "growth" -> growth;
            default -> throw new IllegalArgumentException("plan " + plan + " has no Stripe price");
        };
    }

    String plan(String price) {
        if (price.equals(basic)) return "basic";
        if (price.equals(growth)) return "growth";
        return null;
    }

    /** A subscription's quantities by plan id (items on other prices are not Caravel's and are ignored). */
    Map<String, Long> plans(StripeGateway.Subscription sub) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Plan p : Plan.values()) if (p.paid()) out.put(p.id, sub.quantity(price(p.id)));
        return out;
    }

    /** Plan quantities as price quantities, every paid plan present (0 removes its item). */
    Map<String, Long> byPrice(Map<String, Long> plans) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Plan p : Plan.values()) if (p.paid()) out.put(price(p.id), plans.getOrDefault(p.id, 0L));
        return out;
    }
}
