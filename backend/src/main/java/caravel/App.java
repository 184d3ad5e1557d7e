package caravel;

import caravel.accounts.AccountSettings;
import caravel.admission.PaidAdmissions;
import caravel.api.Server;
import caravel.billing.AccountSummary;
import caravel.billing.Autopay;
import caravel.billing.Billing;
import caravel.billing.InvoiceStore;
import caravel.billing.Invoicing;
import caravel.billing.LightningWallet;
import caravel.billing.Notices;
import caravel.billing.NwcWallet;
import caravel.billing.PaymentConfirmation;
import caravel.billing.PriceFeed;
import caravel.billing.Quotes;
import caravel.billing.Renewals;
import caravel.community.Community;
import caravel.config.Config;
import caravel.crypto.SecretBox;
import caravel.domain.Failure;
import caravel.domains.CustomDomains;
import caravel.flotilla.FlotillaServer;
import caravel.jobs.JobHandler;
import caravel.jobs.JobRunner;
import caravel.jobs.JobRunners;
import caravel.net.OutboundPolicy;
import caravel.relays.Placement;
import caravel.relays.RelayDeps;
import caravel.relays.RelayInfoAdoption;
import caravel.relays.RelayQuota;
import caravel.relays.RelayRetirement;
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
import caravel.stripe.CardPayments;
import caravel.stripe.StripeGateway;
import caravel.stripe.StripeJavaGateway;
import caravel.zooid.MediaStorage;
import caravel.zooid.NodeClients;
import caravel.zooid.ProxyRoutes;
import caravel.zooid.ZooidAssembly;
import caravel.zooid.ZooidClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.Jdbi;

/**
 * The table of contents of the backend: builds every part from a Config in dependency order, one package after
 * another, each assembled in one place (its package's assembly, or an assembly beside App for billing, paid admission
 * and the HTTP adapters); start() serves, close() stops in reverse order. The public fields are what Main and the tests
 * reach, the package-private ones what {@link HttpAssembly} builds the routes from; nothing in the application looks
 * parts up through App.
 */
public final class App implements AutoCloseable {
    static {
        // NIP-86 calls through ZOOID_RELAY_ORIGIN need a Host header other than the origin's
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
    }

    public final Config config;
    /** What GET /metrics shows; built first, so every part can be timed as it is built. */
    public final caravel.http.PlatformMetrics metrics;

    // store: the database and the stores every package shares
    public final Database db;
    public final TenantStore tenants;
    public final RelayStore relayStore;
    public final InvoiceStore invoices;
    final ActivityLog activity;
    /** Backups into BACKUP_DIR on the schedule: present only when BACKUP_DIR is set. */
    private final Optional<ScheduledBackups> backups;

    public final SecretBox box;
    final JobRunners jobs;
    final ZooidAssembly zooid;
    public final NodeClients nodes;
    public final MediaStorage mediaStorage;
    private final RobotAssembly robotParts;
    public final Robot robot;

    final BillingAssembly billing;
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

    private final AdmissionAssembly admissions;

    public final Relays relays;
    public final AccountSettings accountSettings;
    /** Relays' own backups (scheduled and on demand) and restores from them. */
    public final caravel.backups.Backups relayBackups;

    /** Relays' teams (admins and moderators beside the owner) and ownership transfers; the one permission rule. */
    public final caravel.team.TeamStore teamStore;

    public final caravel.team.Team team;
    public final caravel.team.Transfers transfers;
    /** Every package's share of a relay, for the operations that cross them (restore, transfer, deletion...). */
    public final caravel.relayparts.RelayParts relayParts;

    public final caravel.team.RelayAccessCheck relayAccess;

    // the HTTP adapters
    private final HttpAssembly http;
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
        this.metrics = new caravel.http.PlatformMetrics();

        this.db = Database.open(config.database());
        Jdbi jdbi = db.jdbi();
        this.tenants = new TenantStore(jdbi);
        this.relayStore = new RelayStore(jdbi, db.dataSource());
        this.teamStore = new caravel.team.TeamStore(jdbi);
        this.relayAccess = new caravel.team.RelayAccessCheck(relayStore, teamStore);
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
                new RelayTransitions.Tables(relayStore, tenants, activity, jobs.queue(), clock),
                (h, tenant) -> invoices.overdueFrom(h, tenant, Renewals.GRACE_SECONDS),
                config.plans());
        var relayDeps = new RelayDeps(jdbi, clock, relayStore, tenants, activity, jobs.queue(), box, transitions);
        // each package that holds a relay's state registers its part as it is built; frozen before serving
        this.relayParts = new caravel.relayparts.RelayParts();

        this.zooid = new ZooidAssembly(
                config, box, clock, options.zooid(), relayStore::placedOnNodes, this::customDomainRoutes);
        this.nodes = zooid.nodes;
        this.mediaStorage = zooid.mediaStorage;
        // provisioning and sync jobs: one handler for both, timed by the metrics
        JobHandler relaySync = options.provisioningJobs()
                .apply(metrics.zooidSync(new RelaySync(
                        relayDeps,
                        config,
                        nodes,
                        new RelayInfoAdoption(relayDeps, zooid.management),
                        zooid.configWrites,
                        teamStore::keys)));
        jobRunner.register(Relays.JOB_PROVISION, relaySync);
        jobRunner.register(Relays.JOB_SYNC, relaySync);

        this.robotParts = RobotAssembly.assemble(config, jdbi, jobs.queue(), activity, clock, options.robot());
        this.robot = robotParts.robot();
        robotParts.register(jobRunner);

        Wallets wallets = options.wallets().apply(config, clock);
        this.billing = new BillingAssembly(
                config, options, relayDeps, invoices, wallets, options.notices().apply(robot));
        billing.register(jobs);
        this.invoicing = billing.invoicing;
        this.payments = billing.payments;
        this.autopay = billing.autopay;
        this.card = billing.card;
        this.renewals = billing.renewals;
        this.accountSummary = billing.accountSummary;

        // a verified domain becomes the relay's address only once Caddy holds its route; with no Caddy to write to
        // (no CADDY_ADMIN_URL, as on ./caravel run) none does
        this.domains = CustomDomains.fromConfig(
                config,
                relayDeps,
                robot,
                zooid::reconcileRoutes,
                zooid.proxyRoutes
                        .map(p -> caravel.domains.DomainRouting.of(p::customGap, p::changes))
                        .orElse(caravel.domains.DomainRouting.NONE));
        domains.register(jobRunner, jobs.periodic(), config);
        this.community = new Community(
                config,
                relayDeps,
                zooid.management,
                nodes,
                robotParts,
                domains,
                new Community.TeamPorts(
                        relayId -> teamStore.list(relayId).stream()
                                .map(caravel.team.TeamStore.Member::pubkey)
                                .collect(java.util.stream.Collectors.toUnmodifiableSet()),
                        r -> java.util.stream.Stream.concat(
                                        java.util.stream.Stream.of(r.tenant()),
                                        teamStore.list(r.id()).stream().map(caravel.team.TeamStore.Member::pubkey))
                                .toList(),
                        teamStore::keys),
                // a moved relay's host goes to its new node: the proxy's routes are written at once; a platform ban's
                // pass that failed on a relay is tried again with the job runner's backoff
                new Community.Callbacks(
                        relayId -> {
                            zooid.reconcileRoutes();
                            relayParts.moved(relayId);
                        },
                        jobRunner::backoff));
        zooid.configWrites.listen(community.watcher::configWritten);
        // a relay served again (reactivated, provisioned) is reached by the platform bans that stand
        zooid.configWrites.listen(community.platformBans::relayServed);
        community.register(jobRunner);
        this.admissions = new AdmissionAssembly(config, relayDeps, wallets, community, robot, domains);
        this.admission = admissions.admission;
        admissions.register(jobs);
        this.relays = new Relays(
                relayDeps,
                new Billing(invoicing, payments, renewals),
                new RelayQuota(config.limits(), config::isAdmin, relayStore, invoices::countPending, config.plans()),
                new RelaySettingsRules(
                        config.livekit().isPresent(),
                        config.plans(),
                        RelaySettingsRules.PublicPolicies.of(nodes.lines())),
                community.members,
                new Placement(config.zooidNodes(), relayStore),
                config.retirement(),
                relayParts);
        this.accountSettings = accountSettings(relayDeps);
        // the automatic rules keep each relay's team (whose posts they leave alone) beside their compiled rules
        this.team = new caravel.team.Team(
                teamStore, activity, relays, robot, community.bans, clock, community.automod::rulesChanged);
        var transferStore = new caravel.team.TransferStore(jdbi);
        registerParts(community, transferStore, clock);
        this.relayBackups = new caravel.backups.Backups(new caravel.backups.Backups.Wiring(
                config,
                community,
                relays,
                new caravel.accounts.RelayOrders(relays, payments, domains),
                jobs.queue(),
                relayParts));
        relayBackups.register(jobRunner, jobs.periodic());
        // a deleted relay's final backup (a full relay backup, reason "final": never pruned, downloadable and
        // restorable like any other), stop and purge (docs/deleting.md)
        new RelayRetirement(
                        relayDeps, zooid.purge, (r, reason) -> relayBackups.backups.takeFinal(r, "system"), relayParts)
                .register(jobRunner);
        this.quotes = new Quotes(billing.data, relays, billing.charging);
        this.transfers = new caravel.team.Transfers(
                transferStore, team, relays, community.bans, robot, activity, clock, relayParts);
        relayParts.freeze();
        this.http = new HttpAssembly(this, jdbi, clock, transitions, admissions.owner);
        this.server = http.server;
        this.flotilla = http.flotilla;
    }

    /**
     * Each package that holds a relay's state registers its one part (docs: ARCHITECTURE.md, "Relay parts"). The
     * order is the registry's only: a restore applies the parts' backup files in their own declared order.
     */
    private void registerParts(Community community, caravel.team.TransferStore transferStore, java.time.Clock clock) {
        var d = community.deps;
        relayParts.register(new caravel.relays.RelaysPart(relays));
        relayParts.register(new caravel.members.MembersPart(community.members, d.access()));
        relayParts.register(new caravel.team.TeamPart(
                team, new caravel.team.OfferWithdrawal(transferStore, activity, robot, clock), transferStore));
        relayParts.register(new caravel.names.NamesPart(community.names, d.jdbi()));
        relayParts.register(new caravel.moderation.ModerationPart(community.moderation, d.rpc(), d.access(), d.jdbi()));
        relayParts.register(
                new caravel.admission.AdmissionPart(admission.store, admission.requests, activity, robot, clock));
        relayParts.register(new caravel.automod.AutomodPart(d.jdbi()));
        relayParts.register(new caravel.insight.InsightPart());
        relayParts.register(new caravel.backups.BackupsPart());
        relayParts.register(new caravel.moves.MovesPart());
        relayParts.register(new caravel.domains.DomainsPart(d.jdbi()));
        relayParts.register(new caravel.live.LivePart(d.jdbi()));
        relayParts.register(new caravel.billing.BillingPart());
        relayParts.register(new caravel.bans.BansPart());
    }

    /** The account's settings: autopay wallet (dialled under the outbound policy), budget, status. */
    private AccountSettings accountSettings(RelayDeps relayDeps) {
        return new AccountSettings(relayDeps, relays, autopay, config.limits().outboundAllowLocal());
    }

    /** The proxy's routes of custom domains: read when routes are written, from start() on, after domains is built. */
    private List<ProxyRoutes.CustomRoute> customDomainRoutes() {
        return domains.proxyRoutes();
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
        return billing.priceFeed;
    }

    public App start() {
        http.start();
        billing.start(jobs);
        backups.ifPresent(ScheduledBackups::schedule);
        jobs.periodic().schedule(CustomDomains.JOB_CHECK, CustomDomains.CHECK_ATTEMPTS); // custom domains' DNS checks
        admissions.start(jobs);
        relayBackups.start();
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
        http.stop(); // no new requests
        community.close(); // no more relay subscriptions queuing work
        relayBackups.close();
        zooid.close();
        billing.close(); // no new payment notifications
        admission.close();
        robotParts.close();
        jobs.close();
        http.close();
        db.close();
        metrics.close();
    }
}
