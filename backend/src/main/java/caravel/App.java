package caravel;

import caravel.accounts.AccountSettings;
import caravel.accounts.RelayOrders;
import caravel.accounts.ReturnUrls;
import caravel.admission.PaidAdmissions;
import caravel.api.Server;
import caravel.auth.Authenticator;
import caravel.auth.FlotillaTokens;
import caravel.auth.Nip98Verifier;
import caravel.auth.ReplayCache;
import caravel.auth.Sessions;
import caravel.billing.AccountSummary;
import caravel.billing.Autopay;
import caravel.billing.Billing;
import caravel.billing.BitcoinPrice;
import caravel.billing.CreditStore;
import caravel.billing.DraftInvoices;
import caravel.billing.InvoiceStore;
import caravel.billing.Invoicing;
import caravel.billing.LightningWallet;
import caravel.billing.Notices;
import caravel.billing.NwcWallet;
import caravel.billing.PaymentChecks;
import caravel.billing.PaymentConfirmation;
import caravel.billing.PlanPrices;
import caravel.billing.PriceFeed;
import caravel.billing.Quotes;
import caravel.billing.Rails;
import caravel.billing.RenewalBoundary;
import caravel.billing.Renewals;
import caravel.billing.TenantWalletGate;
import caravel.billing.UsdPrices;
import caravel.community.Community;
import caravel.community.Members;
import caravel.config.Config;
import caravel.crypto.SecretBox;
import caravel.domain.Failure;
import caravel.domains.CustomDomains;
import caravel.domains.DnsLookup;
import caravel.domains.DomainStore;
import caravel.flotilla.FlotillaServer;
import caravel.jobs.JobHandler;
import caravel.jobs.JobQueue;
import caravel.jobs.JobRunner;
import caravel.jobs.Periodic;
import caravel.net.OutboundPolicy;
import caravel.nostr.RelayClient;
import caravel.relays.RelayInfoAdoption;
import caravel.relays.RelayMembers;
import caravel.relays.RelayQuota;
import caravel.relays.RelaySettingsRules;
import caravel.relays.RelaySync;
import caravel.relays.RelayTransitions;
import caravel.relays.Relays;
import caravel.robot.Robot;
import caravel.store.ActivityLog;
import caravel.store.Database;
import caravel.store.RelayStore;
import caravel.store.ScheduledBackups;
import caravel.store.TenantStore;
import caravel.stripe.CardPayments;
import caravel.stripe.CardRail;
import caravel.stripe.CardStore;
import caravel.stripe.StripeGateway;
import caravel.stripe.StripeJavaGateway;
import caravel.zooid.ConfigWrites;
import caravel.zooid.MediaStorage;
import caravel.zooid.NodeClients;
import caravel.zooid.ProxyRoutes;
import caravel.zooid.RelayManagement;
import caravel.zooid.ZooidClient;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.Jdbi;

/** Wires every part together from a Config; start() serves, close() stops in reverse order. */
public final class App implements AutoCloseable {
    // the public fields are what Main and the tests reach; nothing in the application looks parts up through App
    static {
        // NIP-86 calls through ZOOID_RELAY_ORIGIN need a Host header other than the origin's
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
    }

    public final Config config;
    public final Database db;
    private final ReplayCache replay;
    private final Sessions sessions;
    public final TenantStore tenants;
    public final RelayStore relayStore;
    private final ActivityLog activity;
    public final InvoiceStore invoices;
    private final JobQueue jobs;
    private final JobRunner jobRunner;
    /** Runs only work that waits on tenants' own wallets (autopay), with its own slots: a black-holing wallet never
     *  delays provisioning, DMs or other tenants' billing on the shared runner. */
    private final JobRunner walletRunner;

    private final Periodic periodic;
    /** Backups into BACKUP_DIR on the schedule: present only when BACKUP_DIR is set. */
    public final Optional<ScheduledBackups> backups;

    public final SecretBox box;
    private final RelayTransitions transitions;
    public final Relays relays;
    private final RelayManagement management;
    /** The zooid nodes, a management API client each, and which node and address each relay has. */
    public final NodeClients nodes;
    /** The proxy's routes of relays off their domain's first node, when CADDY_ADMIN_URL names Caddy's admin API. */
    public final Optional<ProxyRoutes> proxyRoutes;

    private final java.util.concurrent.ScheduledExecutorService routesTimer;
    /** Whether the S3 settings are in effect on this zooid, re-checked in the background. */
    public final MediaStorage mediaStorage;

    private final RelayClient relayClient;
    public final Robot robot;
    public final Server server;
    public final AccountSettings accountSettings;
    /** What GET /metrics shows; built first, so every part can be timed as it is built. */
    public final caravel.api.PlatformMetrics metrics;
    /** What GET /readyz checks. */
    public final caravel.api.Readiness readiness;
    /** The hosting API Flotilla speaks, on its own listener: present only when FLOTILLA_PORT is set. */
    public final Optional<FlotillaServer> flotilla;

    public final Invoicing invoicing;
    public final PlanPrices prices;
    private final Optional<PriceFeed> priceFeed;
    public final PaymentConfirmation payments;
    public final Renewals renewals;
    public final Autopay autopay;
    public final Community community;
    /** Relays' own paid admission: owners charge their members, paid straight to the owners' wallets. */
    public final PaidAdmissions admission;
    /** Paid admission's owner side (settings, paying members) and its public join pages. */
    private final caravel.admission.AdmissionServices admissionOwner;
    /** Relays served at their owners' own domains: the DNS checks, what is served, each relay's public URL. */
    public final CustomDomains domains;
    /** Card payments through Stripe: present only when the STRIPE_* settings are. */
    public final Optional<CardPayments> card;
    /** What the account page shows about money (GET /tenants/:pk/billing and the live stream). */
    public final AccountSummary accountSummary;
    /** What a plan change or a new relay would charge (GET /relays/:id/quote, GET /quote). */
    public final Quotes quotes;

    /** The wallets billing talks to: the platform's (from NWC_URL) and a factory for tenants' autopay wallets. */
    public record Wallets(Optional<LightningWallet> platform, Function<String, LightningWallet> tenant) {
        public static Wallets none() {
            return new Wallets(Optional.empty(), url -> {
                throw Failure.invalid("wallet connections are not available");
            });
        }

        /**
         * Real NIP-47 wallets: the platform's from NWC_URL (Lightning billing is off without it; configured by the
         * administrators, so dialled as given), tenants' on demand under the outbound policy and their own timeout.
         */
        public static Wallets nwc(Config config, Clock clock) {
            Duration timeout = Duration.ofSeconds(20);
            OutboundPolicy tenantPolicy = OutboundPolicy.of(config.limits().outboundAllowLocal());
            Duration tenantTimeout = config.limits().tenantWalletTimeout();
            return new Wallets(
                    config.nwcUrl().map(url -> new NwcWallet(url, timeout, clock)),
                    url -> new NwcWallet(url, tenantTimeout, clock, tenantPolicy));
        }
    }

    /**
     * The parts tests and benchmarks replace, each given as how to make it; production makes each from the settings
     * ({@link #defaults()}). Tests build these with {@code caravel.testing.AppOptions}.
     *
     * @param zooid wraps the zooid client relay code calls (a benchmark times it, a test accepts every call)
     * @param provisioningJobs wraps the handler of provisioning and sync jobs
     */
    public record Options(
            JobRunner.Settings jobs,
            Robot.Settings robot,
            BiFunction<Config, Clock, Wallets> wallets,
            Function<Config.Stripe, StripeGateway> stripe,
            Function<Robot, Notices> notices,
            UnaryOperator<ZooidClient> zooid,
            UnaryOperator<JobHandler> provisioningJobs) {
        /**
         * Default job timings and robot, NIP-47 wallets from the settings, stripe-java against STRIPE_API_BASE,
         * billing notices sent as the robot's DMs to the tenant (durable jobs, never twice per key), zooid as built.
         */
        public static Options defaults() {
            return new Options(
                    JobRunner.Settings.defaults(),
                    Robot.Settings.defaults(),
                    Wallets::nwc,
                    s -> new StripeJavaGateway(s.secretKey(), s.apiBase()),
                    robot -> (h, tenant, relayId, message, key) ->
                            robot.sendDm(h, tenant, message, tenant, relayId, key),
                    UnaryOperator.identity(),
                    UnaryOperator.identity());
        }
    }

    public App(Config config, Clock clock) {
        this(config, clock, Options.defaults());
    }

    /** Builds every part in dependency order: each is given what it needs when it is made, nothing is set later. */
    public App(Config config, Clock clock, Options options) {
        JobRunner.Settings jobSettings = options.jobs();
        this.config = config;
        this.metrics = new caravel.api.PlatformMetrics();
        this.db = Database.open(config.database());
        var jdbi = db.jdbi();
        this.replay = new ReplayCache(jdbi, clock);
        this.sessions = new Sessions(jdbi, db.dataSource(), clock);
        this.tenants = new TenantStore(jdbi);
        this.relayStore = new RelayStore(jdbi, db.dataSource());
        requireCatalogHoldsPlansInUse(config.plans(), jdbi.withHandle(relayStore::plansInUse));
        this.activity = new ActivityLog(jdbi);
        this.invoices = new InvoiceStore(jdbi);
        this.jobRunner = new JobRunner(jdbi, clock, jobSettings);
        this.walletRunner = new JobRunner(jdbi, clock, walletJobs(jobSettings, config));
        this.jobs = new JobQueue(clock, () -> {
            jobRunner.wake();
            walletRunner.wake();
        });
        // periodic work (the billing run, the card rail's check) runs once per period across processes
        this.periodic = new Periodic(jdbi, jobs, clock);
        this.backups = config.backups().map(s -> new ScheduledBackups(jdbi, jobs, config.databasePath(), s, clock));
        backups.ifPresent(b -> b.register(jobRunner));
        this.box = new SecretBox(config.encryptionSecret());
        this.transitions = transitions(clock);
        this.nodes = NodeClients.http(config.zooidNodes(), clock, options.zooid());
        this.proxyRoutes = config.caddyAdmin()
                .map(u -> new ProxyRoutes(u, nodes, relayStore::placedOnNodes, this::servedCustomRoutes));
        this.routesTimer = proxyRoutes.isPresent()
                ? java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                        Thread.ofPlatform().name("proxy-routes").daemon().factory())
                : null;
        this.management = new RelayManagement(box, nodes, clock);
        this.mediaStorage = new MediaStorage(config.blossomS3(), nodes::probeLine, clock);
        ConfigWrites configWrites = new ConfigWrites();
        registerRelaySync(options, jdbi, nodes, clock, configWrites);
        // the robot's network work (profile, DMs) runs only in jobs, never on request threads
        this.relayClient = robotClient(config, options);
        this.robot = new Robot(config.robot(), relayClient, jdbi, jobs, activity, clock, options.robot());
        robot.register(jobRunner);
        Notices notices = options.notices().apply(robot);
        Wallets wallets = options.wallets().apply(config, clock);
        CardStore cards = new CardStore();
        Rails rails = config.stripe().isPresent()
                ? new CardRail(tenants, relayStore, jobs, activity, clock, config.plans())
                : Rails.LIGHTNING_ONLY;
        CreditStore credits = new CreditStore();
        this.priceFeed = priceFeed(config);
        this.prices = new PlanPrices(config.plans(), bitcoinPrice(config, priceFeed));
        this.invoicing = invoicing(clock, credits, rails, wallets);
        this.payments = payments(jdbi, clock, credits, notices, wallets);
        this.autopay = autopay(jdbi, clock, wallets, notices);
        jobRunner.register(Invoicing.JOB_ISSUE, autopay.issueHandler());
        walletRunner.register(Autopay.JOB_AUTOPAY, autopay.autopayHandler());
        UsdPrices usd = new UsdPrices(prices);
        this.card = cardPayments(options, jdbi, clock, cards, rails, notices, usd);
        card.ifPresent(c -> c.register(jobRunner, periodic));
        // built after the card rail, which it asks at a renewal boundary (the rail itself needs only invoicing and
        // payments)
        this.renewals = renewals(jdbi, clock, notices);
        jobRunner.register(
                Renewals.JOB_TICK,
                periodic.handler(Renewals.JOB_TICK, renewals.tickPeriod(), Renewals.TICK_ATTEMPTS, renewals.tick()));
        this.domains = customDomains(jdbi, clock);
        jobRunner.register(
                CustomDomains.JOB_CHECK,
                periodic.handler(
                        CustomDomains.JOB_CHECK,
                        config.customDomains().checkEvery(),
                        CustomDomains.CHECK_ATTEMPTS,
                        domains::checkDue));
        this.community = community(jdbi, clock);
        configWrites.listen(community.watcher::configWritten);
        // a relay served again (reactivated, provisioned) is reached by the platform bans that stand
        configWrites.listen(community.platformBans::relayServed);
        community.register(jobRunner);
        // owners' wallets are asked through one gate: a bound on how many are waited on at once, and for how long
        TenantWalletGate ownerWallets = new TenantWalletGate(
                wallets.tenant(),
                config.limits().tenantWalletConcurrency(),
                config.limits().tenantWalletTimeout());
        this.admission = new PaidAdmissions(
                config, jdbi, clock, relayStore, box, community, robot, activity, domains, jobs, ownerWallets);
        admission.register(jobRunner, walletRunner, periodic);
        this.admissionOwner = admissionOwner(jdbi, clock, ownerWallets);
        this.relays = relays(jdbi, clock);
        this.accountSettings = accountSettings(jdbi, clock);
        var relayOrders = new RelayOrders(relays, payments, invoices);
        // a node answers the line probe (one signed GET that changes nothing) when it is up and accepts our key; one
        // node down leaves the platform serving every other node's relays, so it is ready while any node answers
        this.readiness = new caravel.api.Readiness(
                db::ready,
                () -> nodes.problems().values().stream().anyMatch(Optional::isEmpty),
                () -> jobRunner.isRunning() && walletRunner.isRunning());
        watchMetrics(jdbi, clock);
        var authenticator = new Authenticator(new Nip98Verifier(config.publicUrls(), replay, clock), sessions, config);
        caravel.billing.CardPrices cardPrices =
                card.<caravel.billing.CardPrices>map(c -> c.prices).orElse(caravel.billing.CardPrices.NONE);
        AccountSummary accounts = new AccountSummary(
                jdbi, tenants, relayStore, invoices, credits, autopay, prices, clock, rails, cardPrices);
        this.accountSummary = accounts;
        this.quotes =
                new Quotes(jdbi, relays, relayStore, tenants, invoices, autopay, clock, prices, rails, cardPrices);
        this.server = server(jdbi, clock, authenticator, accounts, relayOrders);
        this.flotilla = flotilla(jdbi, clock, accounts, relayOrders, usd);
    }

    /** The wallet runner's timings are the shared runner's; its slots are the tenant wallet concurrency. */
    private static JobRunner.Settings walletJobs(JobRunner.Settings jobs, Config config) {
        return new JobRunner.Settings(
                jobs.pollMs(),
                jobs.leaseMs(),
                jobs.backoffBaseMs(),
                jobs.backoffMaxMs(),
                config.limits().tenantWalletConcurrency());
    }

    /** Provisioning and sync jobs: one handler for both, timed by the metrics, wrapped by a benchmark's probe. */
    private void registerRelaySync(
            Options options, Jdbi jdbi, NodeClients nodes, Clock clock, ConfigWrites configWrites) {
        RelayInfoAdoption infoAdoption = new RelayInfoAdoption(jdbi, relayStore, activity, management, clock);
        JobHandler relaySync = options.provisioningJobs()
                .apply(metrics.zooidSync(new RelaySync(
                        jdbi,
                        relayStore,
                        activity,
                        nodes,
                        box,
                        config,
                        infoAdoption,
                        clock,
                        transitions,
                        configWrites)));
        jobRunner.register(Relays.JOB_PROVISION, relaySync);
        jobRunner.register(Relays.JOB_SYNC, relaySync);
    }

    /**
     * The robot's relay client: recipients' inbox relays are strangers' data, so the outbound policy applies to all
     * but the robot's own relays, and the robot answers NIP-42 AUTH only to its own relays.
     */
    private static RelayClient robotClient(Config config, Options options) {
        var robotRelays = config.robot().allRelays();
        return new RelayClient(
                config.robot().keys(),
                options.robot().relay(),
                OutboundPolicy.of(config.limits().outboundAllowLocal()).trusting(robotRelays),
                robotRelays::contains);
    }

    /** The bitcoin price feed, running, when FIAT_RATE_URL is set. */
    private static Optional<PriceFeed> priceFeed(Config config) {
        return config.pricing()
                .rateUrl()
                .map(url -> new PriceFeed(
                                HttpClient.newBuilder()
                                        .connectTimeout(Duration.ofSeconds(10))
                                        .build(),
                                url,
                                config.pricing().fiatCurrency().orElseThrow())
                        .start());
    }

    /** The feed's price, else the fixed FIAT_RATE, else none (plans priced in sats need neither). */
    private static BitcoinPrice bitcoinPrice(Config config, Optional<PriceFeed> feed) {
        return feed.<BitcoinPrice>map(f -> f)
                .or(() -> config.pricing().fixedRate().map(BitcoinPrice::fixed))
                .orElse(BitcoinPrice.none());
    }

    /** Autopay from tenants' own wallets, through a gate that bounds how many are asked at once and for how long. */
    private Autopay autopay(Jdbi jdbi, Clock clock, Wallets wallets, Notices notices) {
        return new Autopay(
                jdbi,
                clock,
                tenants,
                relayStore,
                activity,
                invoices,
                payments,
                jobs,
                box,
                new TenantWalletGate(
                        wallets.tenant(),
                        config.limits().tenantWalletConcurrency(),
                        config.limits().tenantWalletTimeout()),
                config.limits().tenantWalletTimeout(),
                notices,
                prices);
    }

    /** Card payments through Stripe when the STRIPE_* settings are present (then the rail is a {@link CardRail}). */
    private Optional<CardPayments> cardPayments(
            Options options, Jdbi jdbi, Clock clock, CardStore cards, Rails rails, Notices notices, UsdPrices usd) {
        return config.stripe()
                .map(s -> new CardPayments(
                        s,
                        options.stripe().apply(s),
                        jdbi,
                        clock,
                        cards,
                        (CardRail) rails,
                        tenants,
                        relayStore,
                        activity,
                        invoices,
                        transitions,
                        invoicing,
                        payments,
                        notices,
                        config.publicUrls().get(0),
                        60,
                        usd));
    }

    /** Renewals of the paid plans, asking the card rail (when there is one) at a renewal boundary. */
    private Renewals renewals(Jdbi jdbi, Clock clock, Notices notices) {
        return new Renewals(
                jdbi,
                clock,
                tenants,
                relayStore,
                activity,
                invoices,
                invoicing,
                payments,
                transitions,
                notices,
                card.<RenewalBoundary>map(c -> c.boundary).orElse(RenewalBoundary.NONE),
                60,
                config.plans().paid().stream().map(caravel.domain.Plan::id).toList());
    }

    /** The relay lifecycle, asking billing for invoices and community for the members a plan change must hold. */
    private Relays relays(Jdbi jdbi, Clock clock) {
        return new Relays(
                jdbi,
                relayStore,
                tenants,
                activity,
                jobs,
                box,
                clock,
                transitions,
                new Billing(invoicing, payments, renewals),
                new RelayQuota(config.limits(), config::isAdmin, relayStore, invoices::countPending, config.plans()),
                new RelaySettingsRules(config.livekit().isPresent(), config.plans()),
                relayMembers(community.members),
                new caravel.relays.Placement(config.zooidNodes(), relayStore));
    }

    /** What /metrics reads when scraped: jobs, invoices, the watcher's sockets, the pool, the data disk, zooid. */
    private void watchMetrics(Jdbi jdbi, Clock clock) {
        // the data disk is the SQLite file's; with PostgreSQL, the disk Caravel runs from (its logs, media cache)
        java.nio.file.Path dataDir = config.database()
                .file()
                .map(f -> f.toAbsolutePath().getParent())
                .orElse(null);
        metrics.watch(new caravel.api.PlatformMetrics.Sources(
                jdbi,
                clock,
                jobs,
                invoices,
                community.watcher::watchCount,
                community.watcher::connectedCount,
                db.pool(),
                (dataDir == null ? java.nio.file.Path.of(".") : dataDir).toFile(),
                readiness::zooidReachable));
    }

    /** The native API's server, given every service its routes call. */
    private Server server(
            Jdbi jdbi, Clock clock, Authenticator authenticator, AccountSummary accounts, RelayOrders relayOrders) {
        return new Server(new Server.Deps(
                config,
                jdbi,
                clock,
                authenticator,
                sessions,
                tenants,
                relayStore,
                activity,
                invoices,
                relays,
                box,
                management,
                payments,
                autopay,
                transitions,
                quotes,
                accounts,
                card,
                community,
                admission,
                domains,
                accountSettings,
                admissionOwner,
                relayOrders,
                prices,
                mediaStorage,
                nodes,
                metrics,
                readiness,
                // several processes share a PostgreSQL database, and so its buckets; one process owns a SQLite file
                new caravel.api.RateLimits(
                        config.limits(),
                        db.dialect() == caravel.store.Dialect.POSTGRESQL
                                ? new caravel.store.SharedRateBuckets(db.dataSource())
                                : null)));
    }

    /** The Flotilla listener when FLOTILLA_PORT is set, sharing the native API's rate limits. */
    private Optional<FlotillaServer> flotilla(
            Jdbi jdbi, Clock clock, AccountSummary accounts, RelayOrders relayOrders, UsdPrices usd) {
        return config.flotilla()
                .map(f -> new FlotillaServer(new FlotillaServer.Deps(
                        config,
                        jdbi,
                        new FlotillaTokens(f.publicUrl(), clock),
                        server.rateLimits(),
                        tenants,
                        relayStore,
                        invoices,
                        activity,
                        relays,
                        accountSettings,
                        relayOrders,
                        management,
                        community,
                        domains,
                        new FlotillaServer.Billing(
                                payments,
                                new PaymentChecks(payments, invoices, card.map(c -> c.checkouts)),
                                new DraftInvoices(accounts, tenants, clock),
                                usd,
                                card,
                                new ReturnUrls(config.publicUrls().get(0), config.returnUrlOrigins())),
                        metrics)));
    }

    /** The relay state machine's writer; its "overdue" guard reads invoices unpaid past their grace period. */
    private RelayTransitions transitions(Clock clock) {
        return new RelayTransitions(
                relayStore,
                tenants,
                activity,
                jobs,
                clock,
                (h, tenant) -> invoices.overdue(h, tenant, clock.millis() / 1000 - Renewals.GRACE_SECONDS),
                config.plans());
    }

    /** Issuing invoices; Lightning billing is on when there is a platform wallet. */
    private Invoicing invoicing(Clock clock, CreditStore credits, Rails rails, Wallets wallets) {
        return new Invoicing(
                clock,
                tenants,
                relayStore,
                activity,
                invoices,
                credits,
                jobs,
                transitions,
                rails,
                prices,
                wallets.platform().isPresent());
    }

    /** Settling invoices when the platform wallet says they are paid. */
    private PaymentConfirmation payments(
            Jdbi jdbi, Clock clock, CreditStore credits, Notices notices, Wallets wallets) {
        return new PaymentConfirmation(
                jdbi,
                clock,
                relayStore,
                activity,
                invoices,
                credits,
                invoicing,
                transitions,
                notices,
                wallets.platform());
    }

    /** The proxy's custom-domain routes: every served domain with its relay (read when the routes are written). */
    private java.util.List<ProxyRoutes.CustomRoute> servedCustomRoutes() {
        return domains.served().stream()
                .flatMap(
                        d -> relayStore.find(d.relayId()).map(r -> new ProxyRoutes.CustomRoute(d.domain(), r)).stream())
                .toList();
    }

    /** What NIP-05 names know of custom domains, answered by the custom-domain service. */
    private caravel.community.RelayHosts relayHosts() {
        return new caravel.community.RelayHosts() {
            @Override
            public Optional<String> relayIdForCustomHost(String host) {
                return domains.servedRelay(host);
            }

            @Override
            public Optional<String> servedCustomDomain(caravel.store.Relay r) {
                java.util.List<String> hosts = domains.hosts(r);
                return hosts.size() > 1 ? Optional.of(hosts.get(1)) : Optional.empty();
            }

            @Override
            public String publicUrl(caravel.store.Relay r) {
                return domains.publicUrl(r);
            }
        };
    }

    /**
     * Custom domains, asking DNS_RESOLVERS (or the system's servers); a domain that starts or stops being served has
     * the proxy's routes rewritten at once (the minute timer would also catch it).
     */
    private CustomDomains customDomains(Jdbi jdbi, Clock clock) {
        java.util.List<String> appHosts = config.publicUrls().stream()
                .map(u -> java.net.URI.create(u).getHost())
                .filter(java.util.Objects::nonNull)
                .toList();
        return new CustomDomains(
                jdbi,
                new DomainStore(jdbi),
                relayStore,
                activity,
                new DnsLookup(config.customDomains().dnsResolvers()),
                config.plans(),
                config.zooidNodes(),
                appHosts,
                robot,
                clock,
                transitions,
                () -> proxyRoutes.ifPresent(ProxyRoutes::reconcileQuietly));
    }

    /** Community tools: relay-key sockets and NIP-86 per relay, a watcher of membership and reports. */
    private Community community(Jdbi jdbi, Clock clock) {
        return new Community(
                config,
                jdbi,
                clock,
                relayStore,
                management,
                nodes,
                box,
                activity,
                robot,
                relayClient,
                jobs,
                Duration.ofSeconds(15),
                // a moved relay's host goes to its new node: the proxy's routes are written at once
                relayId -> proxyRoutes.ifPresent(ProxyRoutes::reconcileQuietly),
                domains,
                // names answer at the canonical hosts and at each relay's custom domain while it is served
                relayHosts(),
                // a platform ban's pass that failed on a relay is tried again with the job runner's backoff
                jobRunner::backoff);
    }

    /**
     * Paid admission's owner side over its stores: its settings (an owner's wallet is checked through the owners'
     * wallet gate, so a black-holing wallet cannot pile up waiting requests), the paying members, the join pages.
     */
    private caravel.admission.AdmissionServices admissionOwner(
            Jdbi jdbi, Clock clock, java.util.function.Function<String, caravel.billing.LightningWallet> ownerWallets) {
        var pages = new caravel.admission.JoinPages(
                relayStore,
                admission.store,
                admission.rules,
                admission.joins,
                domains,
                config.publicUrls().get(0),
                config.paidAdmission());
        var settings = new caravel.admission.AdmissionSettings(
                jdbi,
                clock,
                admission.store,
                admission.rules,
                activity,
                pages,
                ownerWallets,
                config.limits().outboundAllowLocal(),
                config.paidAdmission(),
                transitions);
        var members = new caravel.admission.PaidMembersReport(
                clock, admission.members, admission.invoices, community.deps.profiles()::lookup);
        var trials = new caravel.admission.Trials(clock, admission.members, admission.admitting, activity);
        return new caravel.admission.AdmissionServices(settings, members, pages, trials);
    }

    /** The account's settings: autopay wallet (dialled under the outbound policy), budget, status. */
    private AccountSettings accountSettings(Jdbi jdbi, Clock clock) {
        return new AccountSettings(
                jdbi,
                tenants,
                activity,
                relays,
                box,
                clock,
                autopay,
                config.limits().outboundAllowLocal());
    }

    /** The relays service's view of members, served by community (which the relays package does not know). */
    private static RelayMembers relayMembers(Members members) {
        return new RelayMembers() {
            @Override
            public void checkPlanChange(caravel.store.Relay r, caravel.domain.Plan to) {
                members.checkPlanChange(r, to);
            }

            @Override
            public <T> T holdingCount(String relayId, java.util.function.Supplier<T> change) {
                return members.holdingCount(relayId, change);
            }
        };
    }

    /**
     * Plans are stored by id: a catalog that dropped a plan some relay is on (or moving to) would leave it unbillable,
     * so start-up stops with the ids to keep (hidden, if they are no longer sold).
     */
    public static void requireCatalogHoldsPlansInUse(caravel.domain.Plans plans, java.util.List<String> inUse) {
        java.util.List<String> missing =
                inUse.stream().filter(p -> plans.byId(p).isEmpty()).toList();
        if (!missing.isEmpty())
            throw new caravel.config.ConfigException("relays are on plans the catalog no longer has: "
                    + String.join(", ", missing)
                    + "; keep them in PLANS with \"hidden\": true to stop selling them");
    }

    /** The bitcoin price feed when FIAT_RATE_URL is set (tests read it at once instead of waiting a minute). */
    public Optional<PriceFeed> priceFeed() {
        return priceFeed;
    }

    public App start() {
        server.start();
        flotilla.ifPresent(FlotillaServer::start);
        if (invoicing.enabled() || card.isPresent())
            periodic.schedule(Renewals.JOB_TICK, Renewals.TICK_ATTEMPTS); // renewals, grace and suspension: both rails
        if (invoicing.enabled()) payments.listenForPayments();
        card.ifPresent(c -> c.scheduleTick(periodic));
        backups.ifPresent(ScheduledBackups::schedule);
        periodic.schedule(CustomDomains.JOB_CHECK, CustomDomains.CHECK_ATTEMPTS); // custom domains' DNS checks
        admission.schedule(periodic); // join invoices' checks, members' renewals, grace and lapses
        admission.listenForPayments(); // owners' wallets' payment notifications settle joins at once
        jobRunner.start();
        walletRunner.start();
        robot.start(); // queues the profile check; the job runner publishes it in the background
        community.start();
        // Caddy forgets written routes when it restarts: written at start, then checked every minute (a check that
        // finds them right changes nothing)
        if (routesTimer != null)
            routesTimer.scheduleWithFixedDelay(
                    () -> proxyRoutes.get().reconcileQuietly(), 0, 60, java.util.concurrent.TimeUnit.SECONDS);
        mediaStorage.start(); // logs a warning when zooid ignores BLOSSOM_S3_*
        return this;
    }

    /**
     * Claim-loop passes completed by the slower of the two job runners. A test hook: tests wait for more passes, not
     * for time, before asserting that no job did something.
     */
    public long jobRunnerPasses() {
        return Math.min(jobRunner.passes(), walletRunner.passes());
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        flotilla.ifPresent(FlotillaServer::stop); // no new requests
        server.stop();
        community.close(); // no more relay subscriptions queuing work
        if (routesTimer != null) routesTimer.shutdownNow();
        mediaStorage.close();
        payments.close(); // no new payment notifications
        admission.close();
        robot.close();
        relayClient.close(); // ends in-flight relay waits at once, so running jobs finish (and retry later)
        jobRunner.close();
        walletRunner.close();
        replay.close();
        priceFeed.ifPresent(PriceFeed::close);
        db.close();
        metrics.close();
    }
}
