package caravel.community;

import caravel.archive.Exporter;
import caravel.archive.Importer;
import caravel.automod.AutomaticRules;
import caravel.automod.AutomodStore;
import caravel.automod.RemovalCompletion;
import caravel.automod.Removals;
import caravel.automod.RuleEngine;
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
import caravel.members.JoinReversal;
import caravel.members.MemberAdding;
import caravel.members.MemberListing;
import caravel.members.Members;
import caravel.members.MembershipChanges;
import caravel.members.NewestJoins;
import caravel.moderation.BanEffects;
import caravel.moderation.BanList;
import caravel.moderation.BanTermStore;
import caravel.moderation.BanTerms;
import caravel.moderation.Moderation;
import caravel.moderation.ModerationQueue;
import caravel.moderation.ModerationRecipients;
import caravel.moderation.PlatformBans;
import caravel.moderation.QueueDigest;
import caravel.moderation.QueueFeed;
import caravel.moderation.QueueHides;
import caravel.moderation.QueueStore;
import caravel.moderation.RelayContent;
import caravel.moderation.Reports;
import caravel.moderation.TemporaryBans;
import caravel.moves.EventCopy;
import caravel.moves.MoveNodes;
import caravel.moves.MoveStore;
import caravel.moves.RelayMoves;
import caravel.names.Nip05Names;
import caravel.names.RelayHosts;
import caravel.names.RelayNameStore;
import caravel.names.RelayNames;
import caravel.relayaccess.Capabilities;
import caravel.relayaccess.CommunityStore;
import caravel.relayaccess.MemberCap;
import caravel.relayaccess.OutcomeLog;
import caravel.relayaccess.Profiles;
import caravel.relayaccess.RelayAccess;
import caravel.relayaccess.RelayCalls;
import caravel.relayaccess.RelayKeySockets;
import caravel.relayaccess.RelayRpc;
import caravel.robot.RobotAssembly;
import caravel.store.ActivityLog;
import caravel.store.RelayStore;
import caravel.watch.MembershipWatcher;
import caravel.watch.RelayEventStream;
import caravel.watch.RelayReach;
import caravel.watch.VanishRequestsHeard;
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
    /** A hosted relay reached as itself: its key and address, NIP-86 calls and sockets signed with it. */
    public final RelayAccess access;

    public final RelayRpc rpc;
    /** NIP-86 calls as a relay's own key, a refused attempt recorded in its activity. */
    public final RelayCalls calls;

    public final Capabilities capabilities;
    public final RelayKeySockets sockets;
    /** Where the community tools record what someone did on a relay and how it went. */
    public final OutcomeLog outcomes;
    /** Nostr profiles (names, pictures) of the keys the pages show. */
    public final Profiles profiles;
    /** Each relay's member allowance, as its plan sets it. */
    public final MemberCap memberCap;

    public final Members members;
    public final Invites invites;
    public final Moderation moderation;
    /** The bans standing on a relay, with what Caravel kept of each. */
    public final BanList banList;
    /** A relay's events as its team browses them, deleted or allowed again. */
    public final RelayContent content;

    public final Reports reports;
    /** The moderation queue: reports and automatic removals per event, and the team's decisions on them. */
    public final ModerationQueue queue;
    /**
     * What fills the queue: the watch's reports (and the hide after N reports), and {@link caravel.moderation.QueueIntake}
     * for the automatic rules' removals.
     */
    public final QueueFeed queueFeed;

    private final QueueDigest queueDigest;
    /** The hide that enough members' reports set off, as a job. */
    private final QueueHides queueHides;

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
    /** NIP-05's answers at the relays' hosts. */
    public final Nip05Names nip05;

    /** One client for NIP-86, NIP-11 and the relay-key sockets. */
    public final HttpClient http;

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

    /**
     * The platform's shared parts the community tools are built from, each of them read here: the database and its
     * clock, the job queue, the relays' rows, the activity log (where {@link OutcomeLog} records) and the secret box
     * the relays' keys are sealed with.
     */
    public record Platform(
            Jdbi jdbi, Clock clock, JobQueue jobs, RelayStore relayStore, ActivityLog activity, SecretBox box) {}

    public Community(
            Config config,
            Platform platform,
            RelayManagement management,
            NodeClients nodes,
            RobotAssembly robot,
            caravel.domains.CustomDomains domains,
            TeamPorts team,
            Callbacks callbacks) {
        Jdbi jdbi = platform.jdbi();
        Clock clock = platform.clock();
        JobQueue jobs = platform.jobs();
        RelayStore relayStore = platform.relayStore();
        // one client for NIP-86, NIP-11 and the relay-key sockets; virtual threads, because a socket's reader blocks
        // while whoever consumes its events (an export's HTTP response) is behind
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
        this.rpc = new RelayRpc(http, clock);
        this.store = new CommunityStore(jdbi);
        this.access = new RelayAccess(nodes, platform.box());
        this.capabilities = new Capabilities(http, rpc, clock);
        this.profiles = new Profiles(robot.client(), config.robot().indexerRelays(), clock);
        this.sockets = new RelayKeySockets(http, access);
        this.outcomes = new OutcomeLog(platform.activity(), clock);
        this.calls = new RelayCalls(rpc, access, outcomes);
        this.memberCap = new MemberCap(config.plans());
        PlatformBanStore platformBanStore = new PlatformBanStore(jdbi);
        this.changes = new MembershipChanges(new caravel.live.MemberChangeStore(jdbi)::told);
        // names answer at the canonical hosts and at each relay's custom domain while it is served
        RelayHosts hosts = RelayHosts.servedBy(domains);
        this.names = new RelayNames(jdbi, relayStore, access, memberCap, management, outcomes, clock, hosts);
        this.nip05 = new Nip05Names(config.zooidNodes(), hosts, relayStore, new RelayNameStore(jdbi), memberCap);
        this.bans = new BanRule(access, rpc, platformBanStore);
        this.members = members(platform, management, platformBanStore, team.keys());
        this.invites = new Invites(access, rpc, capabilities, sockets, outcomes, clock, domains);
        var banEffects = new BanEffects(members, names, platformBanStore, bans);
        this.temporaryBans = new TemporaryBans(
                jdbi, clock, relayStore, calls, outcomes, new BanTermStore(jdbi), platformBanStore, jobs);
        var banTerms = new BanTerms(jdbi, new BanTermStore(jdbi), temporaryBans);
        this.moderation = new Moderation(
                clock,
                access,
                management,
                calls,
                outcomes,
                banEffects,
                banTerms,
                (relayId, pubkey) -> team.keys().of(relayId).contains(pubkey));
        this.banList = new BanList(calls, profiles, banTerms);
        this.content = new RelayContent(access, sockets, calls, store, outcomes, clock);
        this.reports = new Reports(store, profiles, sockets, outcomes, clock, moderation, content);
        this.exporter = new Exporter(sockets, outcomes);
        this.importer = new Importer(
                sockets,
                outcomes,
                config.limits().importMaxBytes(),
                config.limits().importMaxLineBytes());
        this.caps = capEnforcer(platform, management, robot.robot());
        QueueStore queueStore = new QueueStore(jdbi);
        this.queue = new ModerationQueue(store, profiles, sockets, outcomes, clock, moderation, content, queueStore);
        String appUrl =
                config.publicUrls().isEmpty() ? null : config.publicUrls().get(0);
        this.queueDigest =
                new QueueDigest(relayStore, access, robot.robot(), clock, queueStore, jobs, team.recipients(), appUrl);
        this.queueFeed = new QueueFeed(
                relayStore, store, clock, queueStore, new caravel.names.RelayMemberStore(jdbi), jobs, queueDigest);
        this.queueHides = new QueueHides(relayStore, access, calls, sockets, store, outcomes, clock, queueStore);
        this.automod = automaticRules(platform, robot.robot(), team.keys());
        this.insightRecorder =
                new InsightRecorder(jdbi, clock, id -> relayStore.find(id).map(r -> r.tenant()));
        this.insight = new Insight(jdbi, clock, config.plans(), store);
        this.watcher = watcher(config, platform, management);
        this.platformBans = new PlatformBans(
                clock, relayStore, management, calls, outcomes, banEffects, jobs, callbacks.platformBanRetryMs());
        this.moves = moves(config, platform, nodes, team, callbacks);
    }

    private Members members(
            Platform platform, RelayManagement management, PlatformBanStore platformBanStore, TeamKeys team) {
        Clock clock = platform.clock();
        return new Members(
                new MemberListing(memberCap, management, profiles, names, changes, store, clock),
                new MemberAdding(platform.relayStore(), management, memberCap, bans, calls, store, outcomes, clock),
                access,
                calls,
                outcomes,
                names,
                platformBanStore,
                (relayId, pubkey) -> team.of(relayId).contains(pubkey));
    }

    private CapEnforcer capEnforcer(Platform platform, RelayManagement management, caravel.robot.Robot robot) {
        Clock clock = platform.clock();
        return new CapEnforcer(
                platform.jdbi(),
                platform.relayStore(),
                memberCap,
                management,
                new NewestJoins(sockets, store, clock),
                new JoinReversal(calls, access, store, outcomes, robot, memberCap, clock),
                platform.jobs(),
                changes);
    }

    /** The automatic rules, their removals and the engine the watch hands every event to, sharing one store. */
    private AutomaticRules automaticRules(Platform platform, caravel.robot.Robot robot, TeamKeys team) {
        Clock clock = platform.clock();
        var rules = new AutomodStore(platform.jdbi());
        var completion =
                new RemovalCompletion(platform.relayStore(), calls, store, outcomes, robot, rules, queueFeed, clock);
        var removals = new Removals(rules, platform.jobs(), clock, Removals.RETRY_AFTER_MS, completion);
        var engine = new RuleEngine(platform.relayStore(), access, clock, rules, removals, team);
        return new AutomaticRules(rules, removals, engine, outcomes, clock);
    }

    private MembershipWatcher watcher(Config config, Platform platform, RelayManagement management) {
        WatchSettings watchSettings = WatchSettings.of(WATCHER_PASS, config.watchCheck(), config.lease());
        return new MembershipWatcher(
                platform.jdbi(),
                new RelayReach(platform.relayStore(), management, access, http, platform.clock()),
                new RelayEventStream(
                        caps,
                        changes,
                        names,
                        queueFeed::reportArrived,
                        WatchedEvents.all(List.of(
                                automod.listener(),
                                insightRecorder,
                                new VanishRequestsHeard(platform.jdbi(), platform.jobs()))),
                        watchSettings.backfill(),
                        platform.jdbi()),
                watchSettings);
    }

    private RelayMoves moves(Config config, Platform platform, NodeClients nodes, TeamPorts team, Callbacks callbacks) {
        Clock clock = platform.clock();
        var settings = new RelayMoves.Settings(config.moveDrain(), config.moveCopyCommand(), RelayMoves.COPY_TIMEOUT);
        // a move copies the whole relay, however large: the upload bound of a person's import does not apply
        var copier = new Importer(sockets, outcomes, Long.MAX_VALUE, Importer.RELAY_MESSAGE_LIMIT);
        return new RelayMoves(
                platform.relayStore(),
                new MoveStore(platform.jdbi()),
                platform.jobs(),
                clock,
                outcomes,
                new MoveNodes(nodes, platform.box(), config, team.roles(), calls, store),
                new EventCopy(exporter, copier, settings, clock),
                callbacks.relayMoved());
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
        runner.register(QueueFeed.HIDE_JOB, queueHides);
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
