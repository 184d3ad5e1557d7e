package caravel;

import caravel.api.Server;
import caravel.auth.Authenticator;
import caravel.auth.Nip98Verifier;
import caravel.auth.ReplayCache;
import caravel.auth.Sessions;
import caravel.billing.InvoiceStore;
import caravel.config.Config;
import caravel.crypto.SecretBox;
import caravel.infra.Provisioner;
import caravel.infra.RelayInfoAdoption;
import caravel.infra.RelayManagement;
import caravel.infra.ZooidClient;
import caravel.jobs.JobQueue;
import caravel.jobs.JobRunner;
import caravel.nostr.RelayClient;
import caravel.relays.Relays;
import caravel.robot.Robot;
import caravel.store.ActivityLog;
import caravel.store.Database;
import caravel.store.RelayStore;
import caravel.store.TenantStore;
import java.time.Clock;

/** Wires every part together from a Config; start() serves, close() stops in reverse order. */
public final class App implements AutoCloseable {
    static {
        // NIP-86 calls through ZOOID_RELAY_ORIGIN need a Host header other than the origin's
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
    }

    public final Config config;
    public final Clock clock;
    public final Database db;
    public final ReplayCache replay;
    public final Sessions sessions;
    public final TenantStore tenants;
    public final RelayStore relayStore;
    public final ActivityLog activity;
    public final InvoiceStore invoices;
    public final JobQueue jobs;
    public final JobRunner jobRunner;
    /** Runs only work that waits on tenants' own wallets (autopay), with its own slots: a black-holing wallet never
     *  delays provisioning, DMs or other tenants' billing on the shared runner. */
    public final JobRunner walletRunner;
    public final SecretBox box;
    public final caravel.relays.RelayTransitions transitions;
    public final Relays relays;
    public final ZooidClient zooid;
    public final Provisioner provisioner;
    public final RelayManagement management;
    public final RelayInfoAdoption infoAdoption;
    public final RelayClient relayClient;
    public final Robot robot;
    public final Server server;
    public final caravel.billing.Billing billing;
    /** Card payments through Stripe: present only when the STRIPE_* settings are. */
    public final java.util.Optional<caravel.stripe.CardPayments> card;

    /** The wallets billing talks to: the platform's (from NWC_URL) and a factory for tenants' autopay wallets. */
    public record Wallets(java.util.Optional<caravel.billing.LightningWallet> platform,
                          java.util.function.Function<String, caravel.billing.LightningWallet> tenant) {
        public static Wallets none() {
            return new Wallets(java.util.Optional.empty(), url -> { throw caravel.api.ApiException.badRequest("wallet connections are not available"); });
        }

        /**
         * Real NIP-47 wallets: the platform's from NWC_URL (Lightning billing is off without it; configured by the
         * administrators, so dialled as given), tenants' on demand under the outbound policy and their own timeout.
         */
        public static Wallets nwc(Config config, Clock clock) {
            java.time.Duration timeout = java.time.Duration.ofSeconds(20);
            caravel.net.OutboundPolicy tenantPolicy = caravel.net.OutboundPolicy.of(config.limits().outboundAllowLocal());
            java.time.Duration tenantTimeout = config.limits().tenantWalletTimeout();
            return new Wallets(config.nwcUrl().map(url -> new caravel.billing.NwcWallet(url, timeout, clock)),
                    url -> new caravel.billing.NwcWallet(url, tenantTimeout, clock, tenantPolicy));
        }

    }

    public App(Config config, Clock clock) {
        this(config, clock, JobRunner.Settings.defaults());
    }

    public App(Config config, Clock clock, JobRunner.Settings jobSettings) {
        this(config, clock, jobSettings, (Wallets) null);
    }

    public App(Config config, Clock clock, JobRunner.Settings jobSettings, Wallets walletsOrNull) {
        this(config, clock, jobSettings, walletsOrNull, Robot.Settings.defaults());
    }

    public App(Config config, Clock clock, JobRunner.Settings jobSettings, Wallets walletsOrNull, Robot.Settings robotSettings) {
        this(config, clock, jobSettings, walletsOrNull, robotSettings, null);
    }

    /** @param stripeOrNull the Stripe client to use (tests); null: stripe-java against STRIPE_API_BASE */
    public App(Config config, Clock clock, JobRunner.Settings jobSettings, Wallets walletsOrNull, Robot.Settings robotSettings,
               caravel.stripe.StripeGateway stripeOrNull) {
        this.config = config;
        this.clock = clock;
        this.db = new Database(config.databasePath());
        var jdbi = db.jdbi();
        this.replay = new ReplayCache(jdbi, clock);
        this.sessions = new Sessions(jdbi, clock);
        this.tenants = new TenantStore(jdbi);
        this.relayStore = new RelayStore(jdbi, db.dataSource());
        this.activity = new ActivityLog(jdbi);
        this.invoices = new InvoiceStore(jdbi);
        this.jobRunner = new JobRunner(jdbi, clock, jobSettings);
        this.walletRunner = new JobRunner(jdbi, clock, new JobRunner.Settings(jobSettings.pollMs(), jobSettings.leaseMs(),
                jobSettings.backoffBaseMs(), jobSettings.backoffMaxMs(), config.limits().tenantWalletConcurrency()));
        this.jobs = new JobQueue(clock, () -> {
            jobRunner.wake();
            walletRunner.wake();
        });
        this.box = new SecretBox(config.encryptionSecret());
        this.transitions = new caravel.relays.RelayTransitions(relayStore, tenants, activity, jobs, clock);
        this.relays = new Relays(jdbi, relayStore, tenants, activity, jobs, box, clock, transitions);
        relays.setQuota(new caravel.relays.RelayQuota(config.limits(), config::isAdmin));
        this.zooid = new ZooidClient(config.zooidApiUrl(), config.zooidApiKeys(), clock);
        this.management = new RelayManagement(config, box, zooid, clock);
        this.infoAdoption = new RelayInfoAdoption(jdbi, relayStore, activity, management, clock);
        this.provisioner = new Provisioner(jdbi, relayStore, activity, zooid, box, config, infoAdoption, clock, transitions);
        jobRunner.register(Relays.JOB_PROVISION, provisioner);
        jobRunner.register(Relays.JOB_SYNC, provisioner);
        // the robot's network work (profile, DMs) runs only in jobs, never on request threads
        // recipients' inbox relays are strangers' data: the outbound policy applies to all but the robot's own relays,
        // and the robot answers NIP-42 AUTH only to its own relays
        var robotRelays = config.robot().allRelays();
        this.relayClient = new RelayClient(config.robot().keys(), robotSettings.relay(),
                caravel.net.OutboundPolicy.of(config.limits().outboundAllowLocal()).trusting(robotRelays), robotRelays::contains);
        this.robot = new Robot(config.robot(), relayClient, jdbi, jobs, activity, clock, robotSettings);
        robot.register(jobRunner);
        Wallets wallets = walletsOrNull != null ? walletsOrNull : Wallets.nwc(config, clock);
        this.billing = new caravel.billing.Billing(jdbi, clock, tenants, relayStore, activity, invoices, jobs, box,
                wallets.platform(), new caravel.billing.TenantWalletGate(wallets.tenant(), config.limits().tenantWalletConcurrency(),
                        config.limits().tenantWalletTimeout()),
                transitions, 60);
        relays.setBilling(billing);
        jobRunner.register(caravel.billing.Billing.JOB_ISSUE, billing.issueHandler());
        jobRunner.register(caravel.billing.Billing.JOB_TICK, billing.tickHandler());
        walletRunner.register(caravel.billing.Billing.JOB_AUTOPAY, billing.autopayHandler());
        // billing's notices go out as the robot's DMs to the tenant (durable jobs, never twice per key)
        caravel.billing.Notices notices = (h, tenant, relayId, message, key) -> robot.sendDm(h, tenant, message, tenant, relayId, key);
        billing.setNotices(notices);
        this.card = config.stripe().map(s -> new caravel.stripe.CardPayments(s,
                stripeOrNull != null ? stripeOrNull : new caravel.stripe.StripeJavaGateway(s.secretKey(), s.apiBase()), jdbi, clock, tenants,
                relayStore, activity, invoices, jobs, transitions, billing, config.publicUrls().get(0), 60));
        card.ifPresent(c -> {
            c.register(jobRunner);
            c.setNotices(notices);
        });
        var authenticator = new Authenticator(new Nip98Verifier(config.publicUrls(), replay, clock), sessions, config);
        this.server = new Server(new Server.Deps(config, jdbi, clock, authenticator, sessions, tenants, relayStore,
                activity, invoices, relays, box, management, billing, transitions,
                new caravel.relays.Quotes(jdbi, relays, relayStore, tenants, invoices, billing, clock),
                new caravel.billing.AccountSummary(jdbi, tenants, relayStore, billing, clock), card));
    }

    public App start() {
        server.start();
        if (billing.enabled() || card.isPresent()) billing.scheduleTick(); // renewals, grace and suspension serve both rails
        if (billing.enabled()) billing.listenForPayments();
        card.ifPresent(c -> c.billing.scheduleTick());
        jobRunner.start();
        walletRunner.start();
        robot.start(); // queues the profile check; the job runner publishes it in the background
        return this;
    }

    public int port() { return server.port(); }

    @Override public void close() {
        server.stop(); // no new requests
        billing.close(); // no new payment notifications
        robot.close();
        relayClient.close(); // ends in-flight relay waits at once, so running jobs finish (and retry later)
        jobRunner.close();
        walletRunner.close();
        replay.close();
        db.close();
    }
}
