package caravel.zooid;

import caravel.config.Config;
import caravel.crypto.SecretBox;
import caravel.store.Relay;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The zooid package put together: the nodes with a management client each, the relay management on top, the
 * proxy's routes (when CADDY_ADMIN_URL names Caddy's admin API), the media storage check, and the config writes
 * others listen to.
 */
public final class ZooidAssembly implements AutoCloseable {
    /** The zooid nodes, a management API client each, and which node and address each relay has. */
    public final NodeClients nodes;

    public final RelayManagement management;
    /** The proxy's routes of relays off their domain's first node. */
    public final Optional<ProxyRoutes> proxyRoutes;
    /** Whether the S3 settings are in effect on this zooid, re-checked in the background. */
    public final MediaStorage mediaStorage;
    /** What a purge removes from a relay's node: its config, and its stored events and media with PURGE_RELAY_COMMAND. */
    public final NodePurge purge;
    /** Told whenever a relay's config was written to zooid. */
    public final ConfigWrites configWrites = new ConfigWrites();

    private final Optional<ScheduledExecutorService> routesTimer;

    /**
     * @param wrap wraps each node's zooid client (production leaves it as built)
     * @param placed the relays placed on nodes, read when the proxy's routes are written
     * @param customRoutes every custom domain served now with its relay, read when the routes are written
     */
    public ZooidAssembly(
            Config config,
            SecretBox box,
            Clock clock,
            UnaryOperator<ZooidClient> wrap,
            Supplier<List<Relay>> placed,
            Supplier<List<ProxyRoutes.CustomRoute>> customRoutes) {
        this.nodes = NodeClients.http(config.zooidNodes(), clock, wrap);
        this.proxyRoutes = config.caddyAdmin().map(u -> new ProxyRoutes(u, nodes, placed, customRoutes));
        this.routesTimer = proxyRoutes.map(p -> Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("proxy-routes").daemon().factory()));
        this.management = new RelayManagement(box, nodes, clock);
        this.mediaStorage = new MediaStorage(config.blossomS3(), nodes::probeLine, clock);
        this.purge = new NodePurge(nodes, config.retirement().purgeCommand(), NodePurge.TIMEOUT);
    }

    /** Rewrites the proxy's routes now (a relay moved, a custom domain started or stopped being served). */
    public void reconcileRoutes() {
        proxyRoutes.ifPresent(ProxyRoutes::reconcileQuietly);
    }

    public void start() {
        // Caddy forgets written routes when it restarts: written at start, then checked every minute (a check that
        // finds them right changes nothing)
        routesTimer.ifPresent(t -> t.scheduleWithFixedDelay(this::reconcileRoutes, 0, 60, TimeUnit.SECONDS));
        mediaStorage.start(); // logs a warning when zooid ignores BLOSSOM_S3_*
        nodes.lines().start(); // which nodes carry public reading and writing
    }

    @Override
    public void close() {
        routesTimer.ifPresent(ScheduledExecutorService::shutdownNow);
        mediaStorage.close();
        nodes.lines().close();
    }
}
