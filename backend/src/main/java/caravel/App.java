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
import caravel.config.Config;
import caravel.crypto.SecretBox;
import caravel.domain.Failure;
import caravel.domains.CustomDomains;
import caravel.domains.DnsLookup;
import caravel.domains.DomainStore;
import caravel.flotilla.FlotillaServer;
import caravel.jobs.JobHandler;
import caravel.jobs.JobRunner;
import caravel.jobs.JobRunners;
import caravel.net.OutboundPolicy;
import caravel.relays.Placement;
import caravel.relays.RelayDeps;
import caravel.relays.RelayInfoAdoption;
import caravel.relays.RelayQuota;
import caravel.relays.RelaySettingsRules;
import caravel.relays.RelaySync;
import caravel.relays.RelayTransitions;
import caravel.relays.Relays;
import caravel.robot.Robot;
import caravel.robot.RobotAssembly;
import caravel.store.ActivityLog;
import caravel.store.Database;
import caravel.store.RelayStore;
import caravel.store.ScheduledBackups;
import caravel.store.TenantStore;
import caravel.stripe.CardDeps;
import caravel.stripe.CardPayments;
import caravel.stripe.CardRail;
import caravel.stripe.StripeGateway;
import caravel.stripe.StripeJavaGateway;
import caravel.zooid.MediaStorage;
import caravel.zooid.NodeClients;
import caravel.zooid.ProxyRoutes;
import caravel.zooid.ZooidAssembly;
import caravel.zooid.ZooidClient;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.Jdbi;

/**
 * Wires every part together from a Config, one package after another, each assembled in its own package; start()
 * serves, close() stops in reverse order. The public fields are what Main and the tests reach; nothing in the
 * application looks parts up through App.
 */
public final class App implements AutoCloseable {
    static {
        // NIP-86 calls through ZOOID_RELAY_ORIGIN need a Host header other than the origin's
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
    }

    public final Config config;
    /** What GET /metrics shows; built first, so every part can be timed as it is built. */
    public final caravel.api.PlatformMetrics metrics;
    /** What GET /readyz checks. */
    private final caravel.api.Readiness readiness;

    // store: the database and the stores every package shares
    public final Database db;
    public final TenantStore tenants;
    public final RelayStore relayStore;
    public final InvoiceStore invoices;
    private final ActivityLog activity;
    /** Backups into BACKUP_DIR on the schedule: present only when BACKUP_DIR is set. */
    private final Optional<ScheduledBackups> backups;

    public final SecretBox box;
    private final JobRunners jobs;
    private final ZooidAssembly zooid;
    public final NodeClients nodes;
    public final MediaStorage mediaStorage;
    private final RobotAssembly robotParts;
    public final Robot robot;

    // billing: Lightning invoices, renewals and autopay; the card rail through Stripe
    public final PlanPrices prices;
    private final Optional<PriceFeed> priceFeed;
    public final Invoicing invoicing;
    public final PaymentConfirmation payments;
    public final Autopay autopay;
    /** Card payments through Stripe: present only when the STRIPE_* settings are. */
    public final Optional<CardPayments> card;

    public final Renewals renewals;
    /** What the account page shows about money (GET /tenants/:pk/billing and the live stream). */
    public final AccountSummary accountSummary;
    /** What a plan change or a new relay would charge (GET /relays/:id/quote, GET /quote). */
    public final Quotes quotes;

    /** Relays served at their owners' own domains: the DNS checks, what is served, each relay's public URL. */
    public final CustomDomains domains;

    public final Community community;
    /** Relays' own paid admission: owners charge their members, paid straight to the owners' wallets. */
    public final PaidAdmissions admission;

    public final Relays relays;
    public final AccountSettings accountSettings;

    // the HTTP adapters
    private final ReplayCache replay;
    public final Server server;
    /** The hosting API Flotilla speaks, on its own listener: present only when FLOTILLA_PORT is set. */
    public final Optional<FlotillaServer> flotilla;

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
        this.config = config;
        this.metrics = new caravel.api.PlatformMetrics();

        this.db = Database.open(config.database());
        Jdbi jdbi = db.jdbi();
        this.tenants = new TenantStore(jdbi);
        this.relayStore = new RelayStore(jdbi, db.dataSource());
        requireCatalogHoldsPlansInUse(config.plans(), jdbi.withHandle(relayStore::plansInUse));
        this.activity = new ActivityLog(jdbi);
        this.invoices = new InvoiceStore(jdbi);
        this.box = new SecretBox(config.encryptionSecret());

        this.jobs =
                JobRunners.assemble(jdbi, clock, options.jobs(), config.limits().tenantWalletConcurrency());
        JobRunner jobRunner = jobs.shared();
        this.backups =
                config.backups().map(s -> new ScheduledBackups(jdbi, jobs.queue(), config.databasePath(), s, clock));
        backups.ifPresent(b -> b.register(jobRunner));

        // the relay state machine's writer; its "overdue" guard reads invoices unpaid past their grace period
        var transitions = new RelayTransitions(
                relayStore,
                tenants,
                activity,
                jobs.queue(),
                clock,
                (h, tenant) -> invoices.overdue(h, tenant, clock.millis() / 1000 - Renewals.GRACE_SECONDS),
                config.plans());
        var relayDeps = new RelayDeps(jdbi, clock, relayStore, tenants, activity, jobs.queue(), box, transitions);

        this.zooid = new ZooidAssembly(
                config, box, clock, options.zooid(), relayStore::placedOnNodes, this::servedCustomRoutes);
        this.nodes = zooid.nodes;
        this.mediaStorage = zooid.mediaStorage;
        // provisioning and sync jobs: one handler for both, timed by the metrics
        JobHandler relaySync = options.provisioningJobs()
                .apply(metrics.zooidSync(new RelaySync(
                        relayDeps,
                        config,
                        nodes,
                        new RelayInfoAdoption(jdbi, relayStore, activity, zooid.management, clock),
                        zooid.configWrites)));
        jobRunner.register(Relays.JOB_PROVISION, relaySync);
        jobRunner.register(Relays.JOB_SYNC, relaySync);

        this.robotParts = RobotAssembly.assemble(config, jdbi, jobs.queue(), activity, clock, options.robot());
        this.robot = robotParts.robot();
        robotParts.register(jobRunner);

        Notices notices = options.notices().apply(robot);
        Wallets wallets = options.wallets().apply(config, clock);
        Rails rails = config.stripe().isPresent()
                ? new CardRail(tenants, relayStore, jobs.queue(), activity, clock, config.plans())
                : Rails.LIGHTNING_ONLY;
        CreditStore credits = new CreditStore();
        this.priceFeed = priceFeed(config);
        this.prices = new PlanPrices(config.plans(), bitcoinPrice(config, priceFeed));
        this.invoicing = invoicing(clock, credits, rails, wallets, transitions);
        this.payments = payments(jdbi, clock, credits, notices, wallets, transitions);
        this.autopay = autopay(jdbi, clock, wallets, notices);
        jobRunner.register(Invoicing.JOB_ISSUE, autopay.issueHandler());
        jobs.wallets().register(Autopay.JOB_AUTOPAY, autopay.autopayHandler());
        UsdPrices usd = new UsdPrices(prices);
        this.card = cardPayments(options, relayDeps, rails, notices, usd);
        card.ifPresent(c -> c.register(jobRunner, jobs.periodic()));
        // built after the card rail, which it asks at a renewal boundary (the rail itself needs only invoicing and
        // payments)
        this.renewals = renewals(jdbi, clock, notices, transitions);
        jobRunner.register(
                Renewals.JOB_TICK,
                jobs.periodic()
                        .handler(Renewals.JOB_TICK, renewals.tickPeriod(), Renewals.TICK_ATTEMPTS, renewals.tick()));

        this.domains = customDomains(relayDeps);
        jobRunner.register(
                CustomDomains.JOB_CHECK,
                jobs.periodic()
                        .handler(
                                CustomDomains.JOB_CHECK,
                                config.customDomains().checkEvery(),
                                CustomDomains.CHECK_ATTEMPTS,
                                domains::checkDue));
        this.community = new Community(
                config,
                relayDeps,
                zooid.management,
                nodes,
                robotParts,
                domains,
                // a moved relay's host goes to its new node: the proxy's routes are written at once; a platform ban's
                // pass that failed on a relay is tried again with the job runner's backoff
                new Community.Callbacks(relayId -> zooid.reconcileRoutes(), jobRunner::backoff));
        zooid.configWrites.listen(community.watcher::configWritten);
        // a relay served again (reactivated, provisioned) is reached by the platform bans that stand
        zooid.configWrites.listen(community.platformBans::relayServed);
        community.register(jobRunner);
        // owners' wallets are asked through one gate: a bound on how many are waited on at once, and for how long
        TenantWalletGate ownerWallets = new TenantWalletGate(
                wallets.tenant(),
                config.limits().tenantWalletConcurrency(),
                config.limits().tenantWalletTimeout());
        this.admission = new PaidAdmissions(
                config, jdbi, clock, relayStore, box, community, robot, activity, domains, jobs.queue(), ownerWallets);
        admission.register(jobRunner, jobs.wallets(), jobs.periodic());
        var admissionOwner = admissionOwner(jdbi, clock, ownerWallets, transitions);
        this.relays = new Relays(
                relayDeps,
                new Billing(invoicing, payments, renewals),
                new RelayQuota(config.limits(), config::isAdmin, relayStore, invoices::countPending, config.plans()),
                new RelaySettingsRules(config.livekit().isPresent(), config.plans()),
                community.members,
                new Placement(config.zooidNodes(), relayStore));
        this.accountSettings = accountSettings(jdbi, clock);
        var relayOrders = new RelayOrders(relays, payments, invoices);
        // a node answers the line probe (one signed GET that changes nothing) when it is up and accepts our key; one
        // node down leaves the platform serving every other node's relays, so it is ready while any node answers
        this.readiness = new caravel.api.Readiness(
                db::ready, () -> nodes.problems().values().stream().anyMatch(Optional::isEmpty), jobs::isRunning);
        watchMetrics(jdbi, clock);
        this.replay = new ReplayCache(jdbi, clock);
        var sessions = new Sessions(jdbi, db.dataSource(), clock);
        var authenticator = new Authenticator(new Nip98Verifier(config.publicUrls(), replay, clock), sessions, config);
        caravel.billing.CardPrices cardPrices =
                card.<caravel.billing.CardPrices>map(c -> c.prices).orElse(caravel.billing.CardPrices.NONE);
        AccountSummary accounts = new AccountSummary(
                jdbi, tenants, relayStore, invoices, credits, autopay, prices, clock, rails, cardPrices);
        this.accountSummary = accounts;
        this.quotes =
                new Quotes(jdbi, relays, relayStore, tenants, invoices, autopay, clock, prices, rails, cardPrices);
        this.server = server(jdbi, clock, authenticator, sessions, accounts, relayOrders, transitions, admissionOwner);
        this.flotilla = flotilla(jdbi, clock, accounts, relayOrders, usd);
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
                jobs.queue(),
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
            Options options, RelayDeps relayDeps, Rails rails, Notices notices, UsdPrices usd) {
        return config.stripe()
                .map(s -> new CardPayments(
                        s,
                        new CardDeps(
                                relayDeps,
                                options.stripe().apply(s),
                                invoices,
                                invoicing,
                                payments,
                                (CardRail) rails,
                                notices),
                        config.publicUrls().get(0),
                        60,
                        usd));
    }

    /** Renewals of the paid plans, asking the card rail (when there is one) at a renewal boundary. */
    private Renewals renewals(Jdbi jdbi, Clock clock, Notices notices, RelayTransitions transitions) {
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
                jobs.queue(),
                invoices,
                community.watcher::watchCount,
                community.watcher::connectedCount,
                db.pool(),
                (dataDir == null ? java.nio.file.Path.of(".") : dataDir).toFile(),
                readiness::zooidReachable));
    }

    /** The native API's server, given every service its routes call. */
    private Server server(
            Jdbi jdbi,
            Clock clock,
            Authenticator authenticator,
            Sessions sessions,
            AccountSummary accounts,
            RelayOrders relayOrders,
            RelayTransitions transitions,
            caravel.admission.AdmissionServices admissionOwner) {
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
                zooid.management,
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
                        zooid.management,
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

    /** Issuing invoices; Lightning billing is on when there is a platform wallet. */
    private Invoicing invoicing(
            Clock clock, CreditStore credits, Rails rails, Wallets wallets, RelayTransitions transitions) {
        return new Invoicing(
                clock,
                tenants,
                relayStore,
                activity,
                invoices,
                credits,
                jobs.queue(),
                transitions,
                rails,
                prices,
                wallets.platform().isPresent());
    }

    /** Settling invoices when the platform wallet says they are paid. */
    private PaymentConfirmation payments(
            Jdbi jdbi,
            Clock clock,
            CreditStore credits,
            Notices notices,
            Wallets wallets,
            RelayTransitions transitions) {
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
    private List<ProxyRoutes.CustomRoute> servedCustomRoutes() {
        return domains.served().stream()
                .flatMap(
                        d -> relayStore.find(d.relayId()).map(r -> new ProxyRoutes.CustomRoute(d.domain(), r)).stream())
                .toList();
    }

    /**
     * Custom domains, asking DNS_RESOLVERS (or the system's servers); a domain that starts or stops being served has
     * the proxy's routes rewritten at once (the minute timer would also catch it).
     */
    private CustomDomains customDomains(RelayDeps relayDeps) {
        List<String> appHosts = config.publicUrls().stream()
                .map(u -> java.net.URI.create(u).getHost())
                .filter(java.util.Objects::nonNull)
                .toList();
        return new CustomDomains(
                relayDeps,
                new DomainStore(relayDeps.jdbi()),
                new DnsLookup(config.customDomains().dnsResolvers()),
                config.plans(),
                config.zooidNodes(),
                appHosts,
                robot,
                zooid::reconcileRoutes);
    }

    /**
     * Paid admission's owner side over its stores: its settings (an owner's wallet is checked through the owners'
     * wallet gate, so a black-holing wallet cannot pile up waiting requests), the paying members, the join pages.
     */
    private caravel.admission.AdmissionServices admissionOwner(
            Jdbi jdbi, Clock clock, Function<String, LightningWallet> ownerWallets, RelayTransitions transitions) {
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

    /**
     * Plans are stored by id: a catalog that dropped a plan some relay is on (or moving to) would leave it unbillable,
     * so start-up stops with the ids to keep (hidden, if they are no longer sold).
     */
    public static void requireCatalogHoldsPlansInUse(caravel.domain.Plans plans, List<String> inUse) {
        List<String> missing =
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
        var periodic = jobs.periodic();
        if (invoicing.enabled() || card.isPresent())
            periodic.schedule(Renewals.JOB_TICK, Renewals.TICK_ATTEMPTS); // renewals, grace and suspension: both rails
        if (invoicing.enabled()) payments.listenForPayments();
        card.ifPresent(c -> c.scheduleTick(periodic));
        backups.ifPresent(ScheduledBackups::schedule);
        periodic.schedule(CustomDomains.JOB_CHECK, CustomDomains.CHECK_ATTEMPTS); // custom domains' DNS checks
        admission.schedule(periodic); // join invoices' checks, members' renewals, grace and lapses
        admission.listenForPayments(); // owners' wallets' payment notifications settle joins at once
        jobs.start();
        robotParts.start();
        community.start();
        zooid.start();
        return this;
    }

    /**
     * Claim-loop passes completed by the slower of the two job runners. A test hook: tests wait for more passes, not
     * for time, before asserting that no job did something.
     */
    public long jobRunnerPasses() {
        return jobs.passes();
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        flotilla.ifPresent(FlotillaServer::stop); // no new requests
        server.stop();
        community.close(); // no more relay subscriptions queuing work
        zooid.close();
        payments.close(); // no new payment notifications
        admission.close();
        robotParts.close();
        jobs.close();
        replay.close();
        priceFeed.ifPresent(PriceFeed::close);
        db.close();
        metrics.close();
    }
}
