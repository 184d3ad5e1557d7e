package caravel.community;

import caravel.archive.Exporter;
import caravel.archive.Importer;
import caravel.automod.AutomaticRules;
import caravel.automod.TeamKeys;
import caravel.bans.BanRule;
import caravel.bans.PlatformBanStore;
import caravel.config.Config;
import caravel.crypto.SecretBox;
import caravel.insight.Insight;
import caravel.insight.InsightRecorder;
import caravel.jobs.JobQueue;
import caravel.jobs.JobRunner;
import caravel.members.CapEnforcer;
import caravel.members.Invites;
import caravel.members.Members;
import caravel.members.MembershipChanges;
import caravel.moderation.BanEffects;
import caravel.moderation.BanTermStore;
import caravel.moderation.Moderation;
import caravel.moderation.ModerationQueue;
import caravel.moderation.ModerationRecipients;
import caravel.moderation.PlatformBans;
import caravel.moderation.QueueDigest;
import caravel.moderation.QueueFeed;
import caravel.moderation.QueueStore;
import caravel.moderation.Reports;
import caravel.moderation.TemporaryBans;
import caravel.moves.RelayMoves;
import caravel.names.RelayHosts;
import caravel.names.RelayNames;
import caravel.relayaccess.Capabilities;
import caravel.relayaccess.CommunityStore;
import caravel.relayaccess.Deps;
import caravel.relayaccess.MemberCap;
import caravel.relayaccess.Profiles;
import caravel.relayaccess.RelayAccess;
import caravel.relayaccess.RelayRpc;
import caravel.relays.RelayDeps;
import caravel.robot.RobotAssembly;
import caravel.watch.MembershipWatcher;
import caravel.watch.RelayEventStream;
import caravel.watch.RelayReach;
import caravel.watch.WatchSettings;
import caravel.watch.WatchedEvents;
import caravel.zooid.NodeClients;
import caravel.zooid.RelayManagement;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.function.IntToLongFunction;
import org.jdbi.v3.core.Jdbi;

/** The community tools wired together: members, invites, moderation, export, import, allowance enforcement, platform bans. */
public final class Community implements AutoCloseable {
    public final Deps deps;
    public final Members members;
    public final Invites invites;
    public final Moderation moderation;
    public final Reports reports;
    /** The moderation queue: reports and automatic removals per event, and the team's decisions on them. */
    public final ModerationQueue queue;
    /**
     * What fills the queue: the watch's reports (and the hide after N reports), and {@link caravel.moderation.QueueIntake}
     * for the automatic rules' removals.
     */
    public final QueueFeed queueFeed;

    private final QueueDigest queueDigest;
    public final Exporter exporter;
    public final Importer importer;
    public final CapEnforcer caps;
    public final MembershipWatcher watcher;
    /** Joins, leaves and refusals as they happen, for the pages' live streams. */
    public final MembershipChanges changes;

    public final PlatformBans platformBans;
    /** Whether a key is banned on a relay (its own ban or a platform ban that stands): every way in asks it. */
    public final BanRule bans;
    /** An administrator's moves of relays between zooid nodes. */
    public final RelayMoves moves;
    /** Each relay's automatic moderation rules, fed every event the watch hears. */
    public final AutomaticRules automod;

    public final CommunityStore store;
    /** Each relay's insight: the watch's events summed per day ({@link InsightRecorder}), read by {@link Insight}. */
    public final InsightRecorder insightRecorder;

    public final Insight insight;
    /** Members' NIP-05 names at their relays' hosts, and the relays' member lists they follow. */
    public final RelayNames names;

    private final HttpClient http;

    /** The job that lifts a temporary relay ban at its time. */
    public final TemporaryBans temporaryBans;

    /** How often the watcher passes over the relays it watches. */
    static final Duration WATCHER_PASS = Duration.ofSeconds(15);

    /**
     * How community reaches back into the platform.
     *
     * @param relayMoved a moved relay's host goes to its new node (the proxy's routes are written at once)
     * @param platformBanRetryMs when a platform ban's pass that failed on a relay is tried again, by attempt
     */
    public record Callbacks(java.util.function.Consumer<String> relayMoved, IntToLongFunction platformBanRetryMs) {}

    /**
     * The relay's team as the community tools need it, handed in by the wiring (the team package sits beside this
     * one): whose posts the automatic rules leave alone (and whom a ban would not hold), who is told when the moderation
     * queue waits, and the roles a moved relay's config names on its new node (as {@code RelaySync} writes them).
     */
    public record TeamPorts(
            TeamKeys keys,
            ModerationRecipients recipients,
            java.util.function.Function<String, caravel.zooid.TeamKeys> roles) {
        public static final TeamPorts OWNER_ONLY =
                new TeamPorts(TeamKeys.NONE, ModerationRecipients.OWNER, relayId -> caravel.zooid.TeamKeys.NONE);
    }

    public Community(
            Config config,
            RelayDeps relays,
            RelayManagement management,
            NodeClients nodes,
            RobotAssembly robot,
            caravel.domains.CustomDomains domains,
            TeamPorts team,
            Callbacks callbacks) {
        Jdbi jdbi = relays.jdbi();
        Clock clock = relays.clock();
        SecretBox box = relays.box();
        JobQueue jobs = relays.jobs();
        // one client for NIP-86, NIP-11 and the relay-key sockets; virtual threads, because a socket's reader blocks
        // while whoever consumes its events (an export's HTTP response) is behind
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
        RelayRpc rpc = new RelayRpc(http, clock);
        this.store = new CommunityStore(jdbi);
        this.deps = new Deps(
                jdbi,
                clock,
                relays.relayStore(),
                management,
                new RelayAccess(nodes, box),
                rpc,
                new Capabilities(http, rpc, clock),
                http,
                relays.activity(),
                robot.robot(),
                new Profiles(robot.client(), config.robot().indexerRelays(), clock),
                store,
                new MemberCap(config.plans()));
        PlatformBanStore platformBanStore = new PlatformBanStore(jdbi);
        this.changes = new MembershipChanges(new caravel.live.MemberChangeStore(jdbi)::told);
        // names answer at the canonical hosts and at each relay's custom domain while it is served
        this.names = new RelayNames(deps, config.zooidNodes(), RelayHosts.servedBy(domains));
        this.bans = new BanRule(deps.access(), deps.rpc(), platformBanStore);
        this.members = new Members(
                deps,
                platformBanStore,
                changes,
                names,
                bans,
                (relayId, pubkey) -> team.keys().of(relayId).contains(pubkey));
        this.invites = new Invites(deps, domains);
        var banEffects = new BanEffects(members, names, platformBanStore, bans);
        this.temporaryBans = new TemporaryBans(deps, new BanTermStore(jdbi), platformBanStore, jobs);
        this.moderation = new Moderation(
                deps,
                banEffects,
                new BanTermStore(jdbi),
                temporaryBans,
                (relayId, pubkey) -> team.keys().of(relayId).contains(pubkey));
        this.reports = new Reports(deps, moderation);
        this.exporter = new Exporter(deps);
        this.importer = new Importer(
                deps, config.limits().importMaxBytes(), config.limits().importMaxLineBytes());
        this.caps = new CapEnforcer(deps, jobs, changes);
        QueueStore queueStore = new QueueStore(jdbi);
        this.queue = new ModerationQueue(deps, moderation, queueStore);
        this.queueDigest = new QueueDigest(
                deps,
                queueStore,
                jobs,
                team.recipients(),
                config.publicUrls().isEmpty() ? null : config.publicUrls().get(0));
        this.queueFeed = new QueueFeed(deps, queueStore, new caravel.names.RelayMemberStore(jdbi), jobs, queueDigest);
        this.automod = new AutomaticRules(deps, jobs, queueFeed, team.keys());
        this.insightRecorder = new InsightRecorder(
                jdbi, clock, id -> deps.relayStore().find(id).map(r -> r.tenant()));
        this.insight = new Insight(jdbi, clock, config.plans(), store);
        WatchSettings watchSettings = WatchSettings.of(WATCHER_PASS, config.watchCheck(), config.lease());
        this.watcher = new MembershipWatcher(
                jdbi,
                new RelayReach(relays.relayStore(), management, deps.access(), http, clock),
                new RelayEventStream(
                        caps,
                        changes,
                        names,
                        queueFeed::reportArrived,
                        WatchedEvents.all(List.of(automod.listener(), insightRecorder)),
                        watchSettings.backfill()),
                watchSettings);
        this.platformBans = new PlatformBans(deps, banEffects, jobs, callbacks.platformBanRetryMs());
        this.moves = new RelayMoves(
                deps,
                nodes,
                box,
                config,
                jobs,
                exporter,
                new RelayMoves.Ports(callbacks.relayMoved(), team.roles()),
                new RelayMoves.Settings(config.moveDrain(), config.moveCopyCommand(), RelayMoves.COPY_TIMEOUT));
    }

    /**
     * Until the moderation queue's intake is wired here, what the rules remove is recorded in the relay's deleted
     * events (with the rule as its reason) and its activity, not in a queue.
     */
    public void register(JobRunner runner) {
        runner.register(CapEnforcer.JOB, caps);
        runner.register(PlatformBans.JOB, platformBans);
        runner.register(TemporaryBans.JOB, temporaryBans);
        runner.register(RelayMoves.JOB, moves);
        runner.register(QueueFeed.HIDE_JOB, queueFeed);
        runner.register(QueueDigest.JOB, queueDigest);
        automod.register(runner);
    }

    public void start() {
        insightRecorder.start();
        automod.start();
        watcher.start();
    }

    @Override
    public void close() {
        watcher.close();
        automod.close();
        insightRecorder.close(); // after the watch: the events it handed over last are written
        http.shutdownNow();
    }
}
