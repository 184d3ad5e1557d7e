package caravel;

import caravel.accounts.AccountSettings;
import caravel.accounts.RelayOrders;
import caravel.accounts.ReturnUrls;
import caravel.api.ActivityExportRoutes;
import caravel.api.AdminRoutes;
import caravel.api.AdmissionRoutes;
import caravel.api.AuthRoutes;
import caravel.api.AutomodRoutes;
import caravel.api.BackupRoutes;
import caravel.api.CommunityRoutes;
import caravel.api.DomainRoutes;
import caravel.api.ErasureRoutes;
import caravel.api.HealthRoutes;
import caravel.api.InsightRoutes;
import caravel.api.InvoiceRoutes;
import caravel.api.JoinRequestRoutes;
import caravel.api.JoinRoutes;
import caravel.api.LiveRoutes;
import caravel.api.LiveState;
import caravel.api.MetricsRoutes;
import caravel.api.NameRoutes;
import caravel.api.PublicRoutes;
import caravel.api.QueueRoutes;
import caravel.api.Readiness;
import caravel.api.RelayGate;
import caravel.api.RelayRoutes;
import caravel.api.RelayViewCache;
import caravel.api.RelayViews;
import caravel.api.Server;
import caravel.api.StatusRoutes;
import caravel.api.StripeRoutes;
import caravel.api.TeamRoutes;
import caravel.api.TenantRoutes;
import caravel.api.TlsRoutes;
import caravel.api.TokenRoutes;
import caravel.api.WebhookRoutes;
import caravel.auth.Authenticator;
import caravel.auth.FlotillaTokens;
import caravel.auth.Nip98Verifier;
import caravel.auth.ReplayCache;
import caravel.auth.Sessions;
import caravel.backups.Backups;
import caravel.billing.DraftInvoices;
import caravel.billing.PaymentChecks;
import caravel.billing.Quotes;
import caravel.community.Community;
import caravel.config.Config;
import caravel.crypto.SecretBox;
import caravel.domains.CustomDomains;
import caravel.flotilla.DocumentRoutes;
import caravel.flotilla.FlotillaServer;
import caravel.flotilla.InvoiceReads;
import caravel.flotilla.PaymentRoutes;
import caravel.flotilla.PlanRoutes;
import caravel.http.PlatformMetrics;
import caravel.http.RateLimits;
import caravel.jobs.JobRunners;
import caravel.live.ChangeFeed;
import caravel.live.RecentCounts;
import caravel.live.StreamSlots;
import caravel.money.MoneyReports;
import caravel.relays.Hosting;
import caravel.relays.RelayTransitions;
import caravel.relays.Relays;
import caravel.status.PlatformStatus;
import caravel.store.ActivityLog;
import caravel.store.Database;
import caravel.store.Dialect;
import caravel.store.RelayStore;
import caravel.store.SharedRateBuckets;
import caravel.store.TenantStore;
import caravel.team.RelayAccessCheck;
import caravel.team.Team;
import caravel.team.Transfers;
import caravel.tokens.ApiTokenStore;
import caravel.tokens.ApiTokens;
import caravel.zooid.ZooidAssembly;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The HTTP adapters put together over the services App built: sign-in (NIP-98 with its replay cache, sessions), the
 * native API's server with what /readyz and /metrics read, and the Flotilla listener when FLOTILLA_PORT is set. Each
 * route class is given here exactly the services it calls; no route is handed a bag of them.
 */
final class HttpAssembly implements AutoCloseable {
    /**
     * The shared stores the routes read straight (reads that apply no rule go from a route to a store), the clock, the
     * secret box the account's autopay wallet is sealed with and the state machine the relay views ask: each read here.
     */
    record Stores(
            Clock clock,
            TenantStore tenants,
            RelayStore relayStore,
            ActivityLog activity,
            SecretBox box,
            RelayTransitions transitions) {}

    /**
     * The relays' own services the routes call, as App built them: read by this assembly only, never handed on.
     *
     * @param access the one permission rule every relay route asks (caravel.domain.RelayRole.may)
     */
    record Relaying(
            Stores stores,
            Relays relays,
            Community community,
            CustomDomains domains,
            Backups backups,
            Team team,
            Transfers transfers,
            RelayAccessCheck access,
            caravel.erasure.Erasures erasures,
            caravel.webhooks.Webhooks webhooks) {}

    final Server server;
    /** The hosting API Flotilla speaks, on its own listener: present only when FLOTILLA_PORT is set. */
    final Optional<FlotillaServer> flotilla;
    /** The account's settings: autopay wallet (dialled under the outbound policy), budget, status. */
    final AccountSettings accountSettings;
    /** What a plan change or a new relay would charge (GET /relays/:id/quote, GET /quote). */
    final Quotes quotes;
    /** The live streams' changes and slots (tests read them going back to zero). */
    final ChangeFeed liveFeed;

    final StreamSlots liveSlots;

    private final ReplayCache replay;
    /** The public status page's checks and history; its periodic check is scheduled when the app starts. */
    final PlatformStatus status;

    HttpAssembly(
            Config config,
            Database db,
            PlatformMetrics metrics,
            JobRunners jobs,
            ZooidAssembly zooid,
            BillingAssembly billing,
            AdmissionAssembly admissions,
            Relaying r) {
        var jdbi = db.jdbi();
        var clock = r.stores().clock();
        // a node answers the line probe (one signed GET that changes nothing) when it is up and accepts our key; one
        // node down leaves the platform serving every other node's relays, so it is ready while any node answers
        var readiness = new Readiness(
                db::ready, () -> zooid.nodes.problems().values().stream().anyMatch(Optional::isEmpty), jobs::isRunning);
        watchMetrics(config, db, metrics, jobs, billing, r.community(), readiness, clock);
        // the public status page: the same checks as /readyz, per node, kept as 90 days of history
        // (docs/status-page.md)
        this.status = new PlatformStatus(
                jdbi, new PlatformStatus.Checks(db::ready, jobs::isRunning, zooid.nodes::problems), clock);
        jobs.shared()
                .register(
                        PlatformStatus.JOB,
                        jobs.periodic().handler(PlatformStatus.JOB, PlatformStatus.EVERY, 1, status::periodic));
        this.replay = new ReplayCache(jdbi, clock);
        var sessions = new Sessions(jdbi, db.dataSource(), clock);
        var apiTokens = new ApiTokens(new ApiTokenStore(jdbi), r.access(), clock);
        var authenticator =
                new Authenticator(new Nip98Verifier(config.publicUrls(), replay, clock), sessions, apiTokens, config);
        // several processes share a PostgreSQL database, and so its buckets; one process owns a SQLite file; the
        // Flotilla listener shares them, so one client cannot double its allowance
        var rateLimits = new RateLimits(
                config.limits(), db.dialect() == Dialect.POSTGRESQL ? new SharedRateBuckets(db.dataSource()) : null);
        this.accountSettings = new AccountSettings(
                jdbi,
                clock,
                r.stores().tenants(),
                r.stores().activity(),
                r.stores().box(),
                r.relays(),
                billing.autopay,
                config.limits().outboundAllowLocal());
        this.quotes = billing.quotes(r.relays());
        var orders = new RelayOrders(r.relays(), billing.payments, r.domains());
        var hosting = new Hosting(zooid, r.stores().relayStore());
        this.liveFeed = new ChangeFeed(jdbi, 50);
        // what this process writes reaches open pages at once; other processes' writes at the feed's next poll
        db.commits().listen(liveFeed::nudge);
        this.liveSlots =
                new StreamSlots(config.limits().liveStreams(), config.limits().liveStreamsPerAddress());
        metrics.liveStreams(liveSlots);

        var gate = new RelayGate(r.access());
        var views = new RelayViews(
                config,
                r.stores().relayStore(),
                r.relays(),
                r.domains(),
                r.access(),
                r.stores().transitions(),
                gate,
                new RelayViewCache(clock));
        var store = r.stores();
        var community = r.community();
        List<Server.Routes> routes = List.of(
                (app, auth) -> HealthRoutes.register(app, readiness),
                (app, auth) ->
                        MetricsRoutes.register(app, config.observability().metricsToken(), metrics),
                (app, auth) -> PublicRoutes.register(app, config, billing.prices),
                (app, auth) -> AuthRoutes.register(app, auth, sessions),
                new TokenRoutes(apiTokens, r.stores().activity(), clock),
                new ActivityExportRoutes(
                        r.stores().activity(),
                        gate,
                        config.admins(),
                        clock,
                        r.community().platformBans,
                        r.community().moves),
                new TenantRoutes(store.tenants(), billing.invoices, billing.accountSummary, accountSettings, views),
                new StripeRoutes(billing.card, store.tenants(), jdbi),
                new InvoiceRoutes(billing.invoices, billing.payments, billing.autopay, rateLimits, config),
                new RelayRoutes(config, r.relays(), orders, quotes, hosting, store.activity(), views, gate),
                new LiveRoutes(
                        jdbi,
                        store.relayStore(),
                        community,
                        liveFeed,
                        liveSlots,
                        rateLimits,
                        metrics,
                        new LiveState(
                                clock,
                                jdbi,
                                store.tenants(),
                                billing.accountSummary,
                                billing.invoices,
                                store.activity(),
                                community.store,
                                views),
                        new RecentCounts()),
                new CommunityRoutes(community, admissions.admission.admitting, store.relayStore(), rateLimits, gate),
                new QueueRoutes(community.queue, gate),
                new AutomodRoutes(community.automod, gate),
                new JoinRoutes(admissions.admission.joins, rateLimits),
                new NameRoutes(community.names, community.nip05, config.limits().trustProxy(), gate),
                new AdminRoutes(hosting, billing.prices, new MoneyReports(jdbi, clock, billing.prices)),
                new InsightRoutes(community.insight, gate),
                new DomainRoutes(r.domains(), gate),
                new TlsRoutes(store.relayStore(), config.zooidNodes(), r.domains(), r.relays()),
                new AdmissionRoutes(
                        admissions.settings,
                        admissions.members,
                        admissions.trials,
                        admissions.pages,
                        store.relayStore(),
                        gate,
                        // the recorded node's name, as is: one ZOOID_NODES no longer lists is "unknown", not an error
                        relay -> status.nodeHealth(
                                relay.zooidNode() != null
                                        ? relay.zooidNode()
                                        : zooid.nodes.nodes().defaultNode().name())),
                new JoinRequestRoutes(admissions.requests, admissions.pages, gate, rateLimits),
                new BackupRoutes(r.backups(), gate, rateLimits),
                new TeamRoutes(r.team(), r.transfers(), store.relayStore(), gate, views),
                new ErasureRoutes(r.erasures(), gate),
                new StatusRoutes(status),
                new WebhookRoutes(r.webhooks(), gate));
        this.server = new Server(
                config, metrics, rateLimits, authenticator, admissions.pages, r.relays(), r.domains(), routes);
        this.flotilla = config.flotilla()
                .map(f -> new FlotillaServer(
                        config,
                        new FlotillaTokens(f.publicUrl(), clock),
                        rateLimits,
                        metrics,
                        flotillaRoutes(config, jdbi, billing, r, orders, rateLimits)));
    }

    /** Flotilla's routes: the same services as the native API's, in Flotilla's shapes. */
    private List<FlotillaServer.Routes> flotillaRoutes(
            Config config, Jdbi jdbi, BillingAssembly billing, Relaying r, RelayOrders orders, RateLimits rateLimits) {
        var store = r.stores();
        var clock = store.clock();
        var tenants = new caravel.flotilla.TenantRoutes(
                config,
                jdbi,
                store.tenants(),
                store.relayStore(),
                r.relays(),
                accountSettings,
                billing.invoices,
                r.domains());
        var checks = new PaymentChecks(
                billing.payments, billing.invoices, billing.card.map(c -> c.checkouts), store.tenants());
        var reads = new InvoiceReads(jdbi, billing.invoices, billing.usd, billing.card);
        return List.of(
                new DocumentRoutes(),
                new PlanRoutes(config.plans(), billing.usd),
                tenants,
                new caravel.flotilla.InvoiceRoutes(
                        store.tenants(),
                        new DraftInvoices(billing.accountSummary, store.tenants(), clock),
                        billing.usd,
                        billing.payments,
                        checks,
                        rateLimits,
                        config.plans(),
                        reads),
                new PaymentRoutes(
                        checks,
                        billing.card,
                        new ReturnUrls(config.publicUrls().get(0), config.returnUrlOrigins()),
                        rateLimits,
                        tenants,
                        reads),
                new caravel.flotilla.RelayRoutes(
                        config,
                        store.activity(),
                        r.relays(),
                        orders,
                        r.community(),
                        r.domains(),
                        rateLimits,
                        r.access()));
    }

    void start() {
        server.start();
        flotilla.ifPresent(FlotillaServer::start);
    }

    /** No new requests. */
    void stop() {
        flotilla.ifPresent(FlotillaServer::stop);
        server.stop();
    }

    @Override
    public void close() {
        replay.close();
    }

    /** What /metrics reads when scraped: jobs, invoices, the watcher's sockets, the pool, the data disk, zooid. */
    private static void watchMetrics(
            Config config,
            Database db,
            PlatformMetrics metrics,
            JobRunners jobs,
            BillingAssembly billing,
            Community community,
            Readiness readiness,
            Clock clock) {
        // per plan only: a label per relay would grow with the platform (docs/insight.md)
        metrics.insight(community.insight::byPlan, community.insightRecorder::dropped);
        // the data disk is the SQLite file's; with PostgreSQL, the disk Caravel runs from (its logs, media cache)
        Path dataDir = config.database()
                .file()
                .map(f -> f.toAbsolutePath().getParent())
                .orElse(null);
        metrics.watch(new PlatformMetrics.Sources(
                db.jdbi(),
                clock,
                jobs.queue(),
                billing.invoices,
                community.watcher::watchCount,
                community.watcher::connectedCount,
                db.pool(),
                (dataDir == null ? Path.of(".") : dataDir).toFile(),
                readiness::zooidReachable));
    }
}
