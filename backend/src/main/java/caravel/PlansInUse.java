package caravel;

import caravel.config.ConfigException;
import caravel.domain.Plans;
import java.util.List;

/**
 * Plans are stored by id: a catalog that dropped a plan some relay is on (or moving to) would leave it unbillable, so
 * start-up stops with the ids to keep (hidden, if they are no longer sold).
 */
public final class PlansInUse {
    private PlansInUse() {}

    public static void requireCatalogHolds(Plans plans, List<String> inUse) {
        List<String> missing =
                inUse.stream().filter(p -> plans.byId(p).isEmpty()).toList();
        if (!missing.isEmpty())
            throw new ConfigException("relays are on plans the catalog no longer has: " + String.join(", ", missing)
                    + "; keep them in PLANS with \"hidden\": true to stop selling them");
    }
}
