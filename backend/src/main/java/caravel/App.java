package caravel;

import caravel.accounts.RelayOrders;
import caravel.admission.PaidAdmissions;
import caravel.backups.Backups;
import caravel.billing.Billing;
import caravel.billing.InvoiceStore;
import caravel.billing.PriceFeed;
import caravel.billing.Renewals;
import caravel.community.Community;
import caravel.config.Config;
import caravel.crypto.SecretBox;
import caravel.domain.Actor;
import caravel.domains.CustomDomains;
import caravel.erasure.ErasureAssembly;
import caravel.http.PlatformMetrics;
import caravel.jobs.JobHandler;
import caravel.jobs.JobRunner;
import caravel.jobs.JobRunners;
import caravel.relayparts.RelayParts;
import caravel.relays.AccountSuspension;
import caravel.relays.DesiredConfig;
import caravel.relays.Placement;
import caravel.relays.RelayAccounts;
import caravel.relays.RelayCreation;
import caravel.relays.RelayDeletion;
import caravel.relays.RelayEdits;
import caravel.relays.RelayFieldEdits;
import caravel.relays.RelayFounding;
import caravel.relays.RelayHandover;
import caravel.relays.RelayInfoAdoption;
import caravel.relays.RelayInvoices;
import caravel.relays.RelayLookups;
import caravel.relays.RelayPlanChange;
import caravel.relays.RelayProvisioning;
import caravel.relays.RelayPurge;
import caravel.relays.RelayQuota;
import caravel.relays.RelayReactivation;
import caravel.relays.RelayRetirement;
import caravel.relays.RelaySettingsEdits;
import caravel.relays.RelaySettingsRules;
import caravel.relays.RelaySync;
import caravel.relays.RelayTransitions;
import caravel.relays.Relays;
import caravel.relays.SyncOutcomes;
import caravel.robot.Robot;
import caravel.robot.RobotAssembly;
import caravel.status.PlatformStatus;
import caravel.store.ActivityLog;
import caravel.store.Database;
import caravel.store.RelayStore;
import caravel.store.ScheduledBackups;
import caravel.store.TenantStore;
import caravel.team.RelayAccessCheck;
import caravel.team.Team;
import caravel.team.TeamStore;
import caravel.team.TransferStore;
import caravel.team.Transfers;
import caravel.zooid.ProxyRoutes;
import caravel.zooid.ZooidAssembly;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The table of contents of the backend: builds every part from a Config in dependency order, one package after
 * another, each assembled in one place (its package's assembly, or an assembly beside App for billing, paid admission
 * and the HTTP adapters); start() serves, close() stops in reverse order. Each assembly is given the packages' façades
 * it builds from, never App; the fields are package-private, read by the tests through their one accessor, and nothing
 * in the application looks parts up through App.
 */
public final class App implements AutoCloseable {
    static {
        // NIP-86 calls through ZOOID_RELAY_ORIGIN need a Host header other than the origin's
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
    }

    final Config config;
    /** What GET /metrics shows; built first, so every part can be timed as it is built. */
    final PlatformMetrics metrics;
    /** Traces, when the OTEL_* settings ask for them (docs/tracing.md): started first, flushed last. */
    final Traces traces;

    // store: the database and the stores every package shares
    final Database db;

    final TenantStore tenants;
    final RelayStore relayStore;
    /** Every relay's and tenant's activity, as the pages list it. */
    final ActivityLog activity;
    /** What relays' keys and tenants' wallets are sealed with (ENCRYPTION_SECRET). */
    final SecretBox box;
    /** Outbound webhooks: relays' and the platform's endpoints, and the drain that feeds their deliveries. */
    final caravel.webhooks.Webhooks webhooks;
    /** Backups into BACKUP_DIR on the schedule: present only when BACKUP_DIR is set. */
    private final Optional<ScheduledBackups> backups;

    final JobRunners jobs;
    final ZooidAssembly zooid;
    final RobotAssembly robotParts;
    final BillingAssembly billing;
    /** Relays served at their owners' own domains: the DNS checks, what is served, each relay's public URL. */
    final CustomDomains domains;

    final Community community;
    /** Relays' own paid admission: owners charge their members, paid straight to the owners' wallets. */
    final AdmissionAssembly admissions;

    final Relays relays;
    /** Relays' own backups (scheduled and on demand) and restores from them. */
    final Backups relayBackups;
    /** Relays' teams (admins and moderators beside the owner) and ownership transfers; the one permission rule. */
    final TeamStore teamStore;

    final Team team;
    final ErasureAssembly erasure;
    final Transfers transfers;
    /** Every package's share of a relay, for the operations that cross them (restore, transfer, deletion...). */
    final RelayParts relayParts;

    final RelayAccessCheck relayAccess;
    /** The HTTP adapters: the native API's server, the Flotilla listener when FLOTILLA_PORT is set. */
    final HttpAssembly http;

    public App(Config config, Clock clock) {
        this(config, clock, Options.defaults());
    }

    /** Builds every part in dependency order: each is given what it needs when it is made, nothing is set later. */
    public App(Config config, Clock clock, Options options) {
        this.config = config;
        this.metrics = new PlatformMetrics();
        this.traces = Traces.start(config.observability());

        this.db = Database.open(config.database());
        Jdbi jdbi = db.jdbi();
        this.tenants = new TenantStore(jdbi);
        this.relayStore = new RelayStore(jdbi, db.dataSource());
        this.teamStore = new TeamStore(jdbi);
        this.relayAccess = new RelayAccessCheck(relayStore, teamStore);
        PlansInUse.requireCatalogHolds(config.plans(), jdbi.withHandle(relayStore::plansInUse));
        this.activity = new ActivityLog(jdbi);
        var invoices = new InvoiceStore(jdbi);
        this.box = new SecretBox(config.encryptionSecret());

        this.jobs = JobRunners.assemble(
                jdbi, clock, options.jobs().apply(config), config.limits().tenantWalletConcurrency());
        JobRunner jobRunner = jobs.shared();
        this.backups =
                config.backups().map(s -> new ScheduledBackups(jdbi, jobs.queue(), config.databasePath(), s, clock));
        backups.ifPresent(b -> b.register(jobRunner));

        // the relay state machine's writer; its "overdue" guard reads invoices unpaid past their grace period
        var transitions = new RelayTransitions(
                new RelayTransitions.Tables(relayStore, tenants, activity, jobs.queue(), clock),
                (h, tenant) -> invoices.overdueFrom(h, tenant, Renewals.GRACE_SECONDS),
                config.plans());
        // each package that holds a relay's state registers its part as it is built; frozen before serving
        this.relayParts = new RelayParts();

        this.zooid = new ZooidAssembly(
                config, box, clock, options.zooid(), relayStore::placedOnNodes, this::customDomainRoutes);
        // provisioning and sync jobs: one handler for both, timed by the metrics
        JobHandler relaySync = options.provisioningJobs()
                .apply(metrics.zooidSync(new RelaySync(
                        relayStore,
                        zooid.nodes,
                        new RelayInfoAdoption(jdbi, clock, relayStore, activity, zooid.management),
                        new DesiredConfig(box, zooid.nodes, config, teamStore::keys),
                        new SyncOutcomes(jdbi, clock, relayStore, activity, transitions, zooid.nodes),
                        zooid.configWrites)));
        jobRunner.register(Relays.JOB_PROVISION, relaySync);
        jobRunner.register(Relays.JOB_SYNC, relaySync);

        this.robotParts = RobotAssembly.assemble(config, jdbi, jobs.queue(), activity, clock, options.robot());
        Robot robot = robotParts.robot();
        robotParts.register(jobRunner);

        Wallets wallets = options.wallets().apply(config, clock);
        this.billing = new BillingAssembly(
                config,
                options.stripe(),
                new BillingTables(jdbi, clock, tenants, relayStore, activity, invoices),
                transitions,
                jobs.queue(),
                box,
                wallets,
                options.notices().apply(robot));
        billing.register(jobs);

        // a verified domain becomes the relay's address only once Caddy holds its route; with no Caddy to write to
        // (no CADDY_ADMIN_URL, as on ./caravel run) none does
        this.domains = CustomDomains.fromConfig(
                config,
                jdbi,
                clock,
                relayStore,
                activity,
                transitions,
                robot,
                new CustomDomains.Proxy(
                        zooid::reconcileRoutes,
                        zooid.proxyRoutes
                                .map(p -> caravel.domains.DomainRouting.of(p::customGap, p::changes))
                                .orElse(caravel.domains.DomainRouting.NONE)));
        domains.register(jobRunner, jobs.periodic(), config);
        this.community = new Community(
                config,
                new Community.Platform(jdbi, clock, jobs.queue(), relayStore, activity, box),
                zooid.management,
                zooid.nodes,
                robotParts,
                domains,
                new Community.TeamPorts(
                        relayId -> teamStore.list(relayId).stream()
                                .map(TeamStore.Member::pubkey)
                                .collect(java.util.stream.Collectors.toUnmodifiableSet()),
                        r -> java.util.stream.Stream.concat(
                                        java.util.stream.Stream.of(r.tenant()),
                                        teamStore.list(r.id()).stream().map(TeamStore.Member::pubkey))
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
        this.admissions = new AdmissionAssembly(
                new PaidAdmissions(
                        config,
                        jdbi,
                        clock,
                        relayStore,
                        activity,
                        jobs.queue(),
                        transitions,
                        new PaidAdmissions.Neighbours(
                                box, community, robot, domains, AdmissionAssembly.ownerWallets(config, wallets))),
                clock,
                activity,
                community);
        admissions.register(jobs);
        // the relay's lifecycle and edits, each part given the stores and services it uses
        var relayBilling = new Billing(billing.invoicing, billing.payments, billing.renewals);
        var quota =
                new RelayQuota(config.limits(), config::isAdmin, relayStore, invoices::countPending, config.plans());
        var settingsRules = new RelaySettingsRules(
                config.livekit().isPresent(),
                config.plans(),
                RelaySettingsRules.PublicPolicies.of(zooid.nodes.lines()));
        var awaited = new RelayInvoices(relayBilling, relayStore, transitions);
        var planChange = new RelayPlanChange(relayStore, quota, relayBilling, transitions, awaited);
        this.relays = new Relays(
                new RelayCreation(
                        jdbi,
                        clock,
                        box,
                        new RelayFounding(
                                tenants,
                                relayStore,
                                activity,
                                jobs.queue(),
                                quota,
                                new Placement(config.zooidNodes(), relayStore),
                                settingsRules,
                                awaited)),
                new RelayEdits(
                        jdbi,
                        clock,
                        relayStore,
                        relayBilling,
                        community.members,
                        transitions,
                        new RelayFieldEdits(
                                relayStore,
                                transitions,
                                activity,
                                planChange,
                                config.retirement().redirectFor()),
                        new RelaySettingsEdits(jdbi, clock, relayStore, transitions, activity, settingsRules)),
                new RelayDeletion(
                        jdbi,
                        relayStore,
                        transitions,
                        relayBilling,
                        awaited,
                        jobs.queue(),
                        relayParts,
                        config.retirement().undoWindow()),
                new RelayReactivation(jdbi, clock, relayStore, transitions, relayBilling, awaited, quota, relayParts),
                new RelayAccounts(
                        new AccountSuspension(
                                jdbi, clock, tenants, relayStore, activity, transitions, relayBilling, relayParts),
                        new RelayHandover(clock, tenants, relayStore, activity, transitions, relayBilling, quota)),
                new RelayProvisioning(jdbi, clock, relayStore, transitions, activity, jobs.queue()),
                new RelayLookups(jdbi, clock, relayStore, transitions, relayBilling));
        // the automatic rules keep each relay's team (whose posts they leave alone) beside their compiled rules
        this.team =
                new Team(teamStore, activity, relays, robot, community.bans, clock, community.automod::rulesChanged);
        // a person erased from a relay (NIP-62, or the owner's erasure of a member): docs/erasure.md
        this.erasure = new ErasureAssembly(
                jdbi,
                clock,
                jobs.queue(),
                relayStore,
                activity,
                robot,
                this::olderBackups, // the backups' retention, built below: read when an erasure is done
                new ErasureAssembly.Neighbours(
                        community.access,
                        community.sockets,
                        community.calls,
                        domains,
                        team,
                        relayParts,
                        community.insight));
        erasure.register(jobRunner);
        // outbound webhooks: the outbox's events become signed deliveries sent by the job runner (docs/webhooks.md)
        this.webhooks = caravel.webhooks.Webhooks.assemble(
                jdbi,
                box,
                jobs,
                activity,
                robot,
                config.limits().outboundAllowLocal(),
                new caravel.webhooks.WebhookDeliveries.Pausing(
                        config.webhookPausing().failures(),
                        config.webhookPausing().over()),
                clock);
        var transferStore = new TransferStore(jdbi);
        registerParts(transferStore, robot, clock);
        this.relayBackups = new Backups(
                config.relayBackups(),
                config.plans(),
                relayParts,
                new Backups.Platform(jdbi, clock, relayStore, activity, jobs.queue(), robot),
                new Backups.RelayReach(
                        community.http, community.access, community.sockets, community.exporter, community.outcomes),
                community.insight,
                new RelayOrders(relays, billing.payments, domains),
                // a restore leaves out the people erased from the backup's relay (docs/erasure.md)
                erasure.erasures::erasedOn);
        relayBackups.register(jobRunner, jobs.periodic());
        // a deleted relay's final backup (a full relay backup, reason "final": never pruned, downloadable and
        // restorable like any other), stop and purge (docs/deleting.md)
        new RelayRetirement(
                        jdbi,
                        clock,
                        relayStore,
                        activity,
                        jobs.queue(),
                        transitions,
                        zooid.purge,
                        (r, reason) -> relayBackups.taking.takeFinal(r, Actor.SYSTEM))
                .register(jobRunner);
        new RelayPurge(jdbi, clock, relayStore, activity, transitions, zooid.purge, relayParts).register(jobRunner);
        this.transfers = new Transfers(transferStore, team, relays, community.bans, robot, activity, clock, relayParts);
        // the activity log's retention (ACTIVITY_RETENTION_DAYS; docs/activity-export.md), once an hour across
        // processes
        jobRunner.register(
                ActivityLog.JOB_RETENTION,
                jobs.periodic()
                        .handler(
                                ActivityLog.JOB_RETENTION,
                                java.time.Duration.ofHours(1),
                                3,
                                () -> activity.keepFor(config.activityRetention(), clock)));
        relayParts.freeze();
        this.http = new HttpAssembly(
                config,
                db,
                metrics,
                jobs,
                zooid,
                billing,
                admissions,
                new HttpAssembly.Relaying(
                        new HttpAssembly.Stores(clock, tenants, relayStore, activity, box, transitions),
                        relays,
                        community,
                        domains,
                        relayBackups,
                        team,
                        transfers,
                        relayAccess,
                        erasure.erasures,
                        webhooks));
    }

    /**
     * Each package that holds a relay's state registers its one part (docs: ARCHITECTURE.md, "Relay parts"). The
     * order is the registry's, and an erasure's (after the ends that run first: the webhooks'): the team comes before
     * the members (zooid re-adds the team's keys, so a seat ends before the membership); a restore applies the parts'
     * backup files in their own declared order.
     */
    private void registerParts(TransferStore transferStore, Robot robot, Clock clock) {
        var jdbi = db.jdbi();
        var admission = admissions.admission;
        relayParts.register(new caravel.relays.RelaysPart(relays));
        relayParts.register(new caravel.team.TeamPart(
                team, new caravel.team.OfferWithdrawal(transferStore, activity, robot, clock), transferStore));
        relayParts.register(new caravel.members.MembersPart(community.members, community.access));
        relayParts.register(new caravel.names.NamesPart(community.names, jdbi));
        relayParts.register(
                new caravel.moderation.ModerationPart(community.moderation, community.rpc, community.access, jdbi));
        relayParts.register(new caravel.admission.AdmissionPart(
                admission.store, admission.requests, admission.admitting, activity, robot, clock));
        relayParts.register(new caravel.automod.AutomodPart(jdbi));
        relayParts.register(new caravel.insight.InsightPart(jdbi));
        relayParts.register(new caravel.backups.BackupsPart());
        relayParts.register(new caravel.moves.MovesPart());
        relayParts.register(new caravel.domains.DomainsPart(jdbi));
        relayParts.register(new caravel.live.LivePart(jdbi));
        relayParts.register(new caravel.billing.BillingPart());
        relayParts.register(new caravel.bans.BansPart());
        relayParts.register(erasure.part);
        relayParts.register(new caravel.tokens.TokensPart(jdbi, clock));
        relayParts.register(new caravel.webhooks.WebhooksPart(webhooks.store()));
    }

    /** What the relay's backups still hold of someone erased now (erasure's DM), from the backups' retention. */
    private caravel.erasure.OlderBackups.Held olderBackups(caravel.store.Relay r, long nowS) {
        var held = relayBackups.retention.held(r, nowS);
        return new caravel.erasure.OlderBackups.Held(held.backups(), held.kept(), held.schedule(), held.untilS());
    }

    /** The proxy's routes of custom domains: read when routes are written, from start() on, after domains is built. */
    private List<ProxyRoutes.CustomRoute> customDomainRoutes() {
        return domains.proxyRoutes();
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
        jobs.periodic().schedule(ActivityLog.JOB_RETENTION, 3);
        jobs.periodic().schedule(PlatformStatus.JOB, 1); // the status page's checks
        admissions.start(jobs);
        relayBackups.start();
        jobs.start();
        webhooks.start();
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
        return http.server.port();
    }

    @Override
    public void close() {
        http.stop(); // no new requests
        community.close(); // no more relay subscriptions queuing work
        relayBackups.close();
        zooid.close();
        billing.close(); // no new payment notifications
        admissions.admission.close();
        robotParts.close();
        webhooks.close();
        jobs.close();
        http.close();
        db.close();
        metrics.close();
        traces.close();
    }
}
