package caravel.api;

import caravel.billing.PlanPrices;
import caravel.store.RelayStore;
import caravel.zooid.MediaStorage;
import caravel.zooid.NodeClients;
import io.javalin.Javalin;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/** The super-admin's view of the platform itself (not of one tenant or relay): what the operator should know. */
final class AdminRoutes {
    private final MediaStorage mediaStorage;
    private final NodeClients nodes;
    private final RelayStore relayStore;
    private final Jdbi jdbi;
    private final PlanPrices prices;

    AdminRoutes(MediaStorage mediaStorage, NodeClients nodes, RelayStore relayStore, Jdbi jdbi, PlanPrices prices) {
        this.mediaStorage = mediaStorage;
        this.prices = prices;
        this.nodes = nodes;
        this.relayStore = relayStore;
        this.jdbi = jdbi;
    }

    void register(Javalin app, Server.Auth auth) {
        // the last background checks' answers: an admin page load never waits on zooid or the price feed
        app.get(
                "/admin/platform",
                auth.admin(ctx -> ctx.json(Map.of(
                        "media",
                        Views.mediaStorage(mediaStorage.status()),
                        "bitcoin_price",
                        Views.priceStatus(prices.priceStatus())))));
        // asks every node now (a read with no rule: the counts straight from the store)
        app.get(
                "/admin/nodes",
                auth.admin(ctx ->
                        ctx.json(new Views.Items<>(nodes.use(jdbi.withHandle(relayStore::countByNode)).stream()
                                .map(Views::nodeUse)
                                .toList()))));
    }
}
