package caravel.community;

import caravel.config.Config;
import caravel.crypto.SecretBox;
import caravel.jobs.JobQueue;
import caravel.jobs.JobRunner;
import caravel.nostr.RelayClient;
import caravel.robot.Robot;
import caravel.store.ActivityLog;
import caravel.store.RelayStore;
import caravel.zooid.NodeClients;
import caravel.zooid.RelayManagement;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import org.jdbi.v3.core.Jdbi;

/** The community tools wired together: members, invites, moderation, export, import, allowance enforcement, platform bans. */
public final class Community implements AutoCloseable {
    public final Deps deps;
    public final Members members;
    public final Invites invites;
    public final Moderation moderation;
    public final Exporter exporter;
    public final Importer importer;
    public final CapEnforcer caps;
    public final MembershipWatcher watcher;
    /** Joins, leaves and refusals as they happen, for the pages' live streams. */
    public final MembershipChanges changes;

    public final PlatformBans platformBans;
    /** An administrator's moves of relays between zooid nodes. */
    public final RelayMoves moves;

    public final CommunityStore store;
    /** Members' NIP-05 names at their relays' hosts, and the relays' member lists they follow. */
    public final RelayNames names;

    private final HttpClient http;

    public Community(
            Config config,
            Jdbi jdbi,
            Clock clock,
            RelayStore relayStore,
            RelayManagement management,
            NodeClients nodes,
            SecretBox box,
            ActivityLog activity,
            Robot robot,
            RelayClient robotClient,
            JobQueue jobs,
            Duration watcherPass,
            java.util.function.Consumer<String> relayMoved,
            caravel.domains.CustomDomains domains) {
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
                relayStore,
                management,
                new RelayAccess(nodes, box),
                rpc,
                new Capabilities(http, rpc, clock),
                http,
                activity,
                robot,
                new Profiles(robotClient, config.robot().indexerRelays(), clock),
                store,
                new MemberCap(config.plans()));
        PlatformBanStore platformBanStore = new PlatformBanStore(jdbi);
        this.changes = new MembershipChanges(new caravel.live.MemberChangeStore(jdbi)::told);
        this.names = new RelayNames(
                deps, new RelayNameStore(jdbi), new RelayMemberStore(jdbi), config.zooidNodes(), hostsOf(domains));
        this.members = new Members(deps, platformBanStore, changes, names);
        this.invites = new Invites(deps, domains);
        this.moderation = new Moderation(deps, members, platformBanStore, names);
        this.exporter = new Exporter(deps);
        this.importer = new Importer(
                deps, config.limits().importMaxBytes(), config.limits().importMaxLineBytes());
        this.caps = new CapEnforcer(deps, jobs, changes);
        this.watcher = new MembershipWatcher(deps, caps, changes, names, jobs, watcherPass);
        this.platformBans = new PlatformBans(deps, jobs, platformBanStore, members, names);
        this.moves = new RelayMoves(
                deps,
                nodes,
                box,
                config,
                jobs,
                exporter,
                relayMoved,
                new RelayMoves.Settings(config.moveDrain(), config.moveCopyCommand(), RelayMoves.COPY_TIMEOUT));
    }

    public void register(JobRunner runner) {
        runner.register(CapEnforcer.JOB, caps);
        runner.register(PlatformBans.JOB, platformBans);
        runner.register(RelayMoves.JOB, moves);
    }

    public void start() {
        watcher.start();
    }

    @Override
    public void close() {
        watcher.close();
        http.shutdownNow();
    }

    /** Names answer at the canonical hosts and, while it is served, at each relay's custom domain. */
    private static RelayHosts hostsOf(caravel.domains.CustomDomains domains) {
        return new RelayHosts() {
            @Override
            public java.util.Optional<String> relayIdForCustomHost(String host) {
                return domains.servedRelay(host);
            }

            @Override
            public java.util.Optional<String> servedCustomDomain(caravel.store.Relay r) {
                return domains.of(r.id()).filter(d -> domains.served(r, d)).map(caravel.domains.RelayDomain::domain);
            }

            @Override
            public String publicUrl(caravel.store.Relay r) {
                return domains.publicUrl(r);
            }
        };
    }
}
