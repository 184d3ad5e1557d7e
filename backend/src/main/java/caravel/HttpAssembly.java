package caravel;

import caravel.accounts.RelayOrders;
import caravel.accounts.ReturnUrls;
import caravel.admission.AdmissionServices;
import caravel.api.Readiness;
import caravel.api.Server;
import caravel.auth.Authenticator;
import caravel.auth.FlotillaTokens;
import caravel.auth.Nip98Verifier;
import caravel.auth.ReplayCache;
import caravel.auth.Sessions;
import caravel.billing.DraftInvoices;
import caravel.billing.PaymentChecks;
import caravel.flotilla.FlotillaServer;
import caravel.http.PlatformMetrics;
import caravel.http.RateLimits;
import caravel.relays.Hosting;
import caravel.relays.RelayTransitions;
import caravel.store.Dialect;
import caravel.store.SharedRateBuckets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The HTTP adapters put together over the services App built: sign-in (NIP-98 with its replay cache, sessions), the
 * native API's server with what /readyz and /metrics read, and the Flotilla listener when FLOTILLA_PORT is set.
 */
final class HttpAssembly implements AutoCloseable {
    final Server server;
    /** The hosting API Flotilla speaks, on its own listener: present only when FLOTILLA_PORT is set. */
    final Optional<FlotillaServer> flotilla;

    private final ReplayCache replay;

    /** What the routes need that App does not keep. */
    record Parts(
            RelayTransitions transitions,
            AdmissionServices admissionOwner,
            RelayOrders relayOrders,
            Readiness readiness) {}

    HttpAssembly(App app, Jdbi jdbi, Clock clock, RelayTransitions transitions, AdmissionServices admissionOwner) {
        // a node answers the line probe (one signed GET that changes nothing) when it is up and accepts our key; one
        // node down leaves the platform serving every other node's relays, so it is ready while any node answers
        var readiness = new Readiness(
                app.db::ready,
                () -> app.nodes.problems().values().stream().anyMatch(Optional::isEmpty),
                app.jobs::isRunning);
        watchMetrics(app, jdbi, clock, readiness);
        this.replay = new ReplayCache(jdbi, clock);
        var sessions = new Sessions(jdbi, app.db.dataSource(), clock);
        var authenticator =
                new Authenticator(new Nip98Verifier(app.config.publicUrls(), replay, clock), sessions, app.config);
        var parts = new Parts(
                transitions, admissionOwner, new RelayOrders(app.relays, app.payments, app.domains), readiness);
        this.server = server(app, jdbi, clock, authenticator, sessions, parts);
        this.flotilla = flotilla(app, jdbi, clock, server, parts);
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
    private static void watchMetrics(App app, Jdbi jdbi, Clock clock, Readiness readiness) {
        // per plan only: a label per relay would grow with the platform (docs/insight.md)
        app.metrics.insight(app.community.insight::byPlan, app.community.insightRecorder::dropped);
        // the data disk is the SQLite file's; with PostgreSQL, the disk Caravel runs from (its logs, media cache)
        Path dataDir = app.config
                .database()
                .file()
                .map(f -> f.toAbsolutePath().getParent())
                .orElse(null);
        app.metrics.watch(new PlatformMetrics.Sources(
                jdbi,
                clock,
                app.jobs.queue(),
                app.invoices,
                app.community.watcher::watchCount,
                app.community.watcher::connectedCount,
                app.db.pool(),
                (dataDir == null ? Path.of(".") : dataDir).toFile(),
                readiness::zooidReachable));
    }

    /** The native API's server, given every service its routes call. */
    private static Server server(
            App app, Jdbi jdbi, Clock clock, Authenticator authenticator, Sessions sessions, Parts parts) {
        return new Server(new Server.Deps(
                app.config,
                jdbi,
                clock,
                authenticator,
                sessions,
                app.tenants,
                app.relayStore,
                app.activity,
                app.invoices,
                app.relays,
                app.box,
                new Hosting(app.zooid, app.relayStore),
                app.payments,
                app.autopay,
                parts.transitions(),
                app.quotes,
                app.accountSummary,
                app.card,
                app.community,
                app.admission,
                app.domains,
                app.accountSettings,
                parts.admissionOwner(),
                parts.relayOrders(),
                app.billing.prices,
                new caravel.money.MoneyReports(jdbi, clock, app.billing.prices),
                app.metrics,
                parts.readiness(),
                // several processes share a PostgreSQL database, and so its buckets; one process owns a SQLite file
                new RateLimits(
                        app.config.limits(),
                        app.db.dialect() == Dialect.POSTGRESQL ? new SharedRateBuckets(app.db.dataSource()) : null),
                app.relayBackups,
                app.relayAccess,
                app.team,
                app.transfers));
    }

    /** The Flotilla listener when FLOTILLA_PORT is set, sharing the native API's rate limits. */
    private static Optional<FlotillaServer> flotilla(App app, Jdbi jdbi, Clock clock, Server server, Parts parts) {
        return app.config
                .flotilla()
                .map(f -> new FlotillaServer(new FlotillaServer.Deps(
                        app.config,
                        jdbi,
                        new FlotillaTokens(f.publicUrl(), clock),
                        server.rateLimits(),
                        app.tenants,
                        app.relayStore,
                        app.invoices,
                        app.activity,
                        app.relays,
                        app.accountSettings,
                        parts.relayOrders(),
                        app.community,
                        app.domains,
                        new FlotillaServer.Billing(
                                app.payments,
                                new PaymentChecks(
                                        app.payments, app.invoices, app.card.map(c -> c.checkouts), app.tenants),
                                new DraftInvoices(app.accountSummary, app.tenants, clock),
                                app.billing.usd,
                                app.card,
                                new ReturnUrls(app.config.publicUrls().get(0), app.config.returnUrlOrigins())),
                        app.metrics,
                        app.relayAccess)));
    }
}
