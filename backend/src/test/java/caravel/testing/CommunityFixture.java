package caravel.testing;

import caravel.Inside;
import caravel.Options;
import caravel.Wallets;
import caravel.nostr.Event;
import caravel.nostr.Filter;
import caravel.nostr.Keys;
import caravel.nostr.Nip17;
import caravel.nostr.RelayClient;
import caravel.watch.MembershipWatcher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One free relay served by the zooid emulator (relays at {@code <sub>.localhost:<port>}, what nostr-tools connects to
 * on loopback), created by its owner through Caravel's API and active and synced before a test begins; the robot's
 * DMs go to a development relay, and billing uses an in-memory wallet on a clock the test moves. The community tests
 * (membership, live counts, config writes, export) start from this state; each test then acts only through the API,
 * the relay's sockets and zooid.
 */
public final class CommunityFixture implements AutoCloseable {
    /** How to start: which zooid line the emulator behaves as, and whether the robot's DMs have a relay to go to. */
    public record Options(
            String zooidLine,
            boolean dms,
            Map<String, String> env,
            java.util.function.Function<String, caravel.billing.LightningWallet> ownerWallets) {
        public static Options defaults() {
            return new Options("archived", true, Map.of(), null);
        }

        public Options zooid(String line) {
            return new Options(line, dms, env, ownerWallets);
        }

        /** The robot's DMs go nowhere (its relays stay unreachable): for tests that read no DM. */
        public Options withoutDms() {
            return new Options(zooidLine, false, env, ownerWallets);
        }

        /** More settings for the backend (PLANS, say), over the fixture's own. */
        public Options withEnv(Map<String, String> more) {
            Map<String, String> all = new java.util.HashMap<>(env);
            all.putAll(more);
            return new Options(zooidLine, dms, Map.copyOf(all), ownerWallets);
        }

        /** Owners' wallets by NWC URL (real NWC connections, say) instead of the in-memory wallet. */
        public Options withOwnerWallets(java.util.function.Function<String, caravel.billing.LightningWallet> wallets) {
            return new Options(zooidLine, dms, env, wallets);
        }
    }

    public final Keys owner = Keys.generate();
    /** zooid's API whitelists this key; the backend signs its zooid calls with it. */
    public final Keys zooidKey = Keys.generate();

    public final MutableClock clock = new MutableClock();
    public final MemoryWallet wallet = new MemoryWallet(clock);
    /** The relay the robot's DMs are delivered to, or null with {@link Options#withoutDms()}. */
    public final LocalRelay dmRelay;

    public final TestBackend backend;
    public final Api api;
    public final String relayId;
    /** The relay's WebSocket URL, as members' apps connect to it. */
    public final String relayUrl;

    private final Path zooidDir;
    private final String zooidLine;
    private ZooidEmulator zooid;

    private CommunityFixture(Path dir, Options options, String name, String subdomain) throws Exception {
        this.zooidDir = dir.resolve("zooid");
        this.zooidLine = options.zooidLine();
        LocalRelay dms = null;
        ZooidEmulator z = null;
        TestBackend b = null;
        try {
            dms = options.dms() ? LocalRelay.start() : null;
            z = new ZooidEmulator(zooidDir, zooidKey.pubkey(), 0, zooidLine);
            int zooidPort = z.port;
            ZooidEmulator pointed = z;
            LocalRelay robotRelay = dms;
            b = new TestBackend(
                    dir,
                    env -> {
                        pointed.pointAt(env, zooidKey);
                        env.put("RELAY_DOMAIN", "localhost:" + zooidPort);
                        if (robotRelay != null) {
                            env.put("ROBOT_OUTBOX_RELAYS", robotRelay.url());
                            env.put("ROBOT_INDEXER_RELAYS", robotRelay.url());
                            env.put("ROBOT_MESSAGING_RELAYS", robotRelay.url());
                        }
                        // "{zooid}" in a setting stands for the emulator's API address, known only once it runs,
                        // "{restore-events}"
                        // for its RESTORE_EVENTS_COMMAND, "{purge-relay}" for its PURGE_RELAY_COMMAND
                        options.env()
                                .forEach((k, v) -> env.put(
                                        k,
                                        v.replace("{zooid}", pointed.url)
                                                .replace("{restore-events}", pointed.restoreEventsCommand())
                                                .replace("{purge-relay}", pointed.purgeCommand())));
                    },
                    new Wallets(
                            Optional.of(wallet),
                            options.ownerWallets() == null ? url -> wallet : options.ownerWallets()),
                    clock);
            this.relayId = createActive(b.api, name, subdomain);
        } catch (Exception | AssertionError e) {
            // a half-started fixture leaves no process behind
            if (b != null) b.close();
            if (z != null) z.close();
            if (dms != null) dms.close();
            throw e;
        }
        this.dmRelay = dms;
        this.zooid = z;
        this.backend = b;
        this.api = b.api;
        this.relayUrl = "ws://" + subdomain + ".localhost:" + z.port;
    }

    /** Starts everything and the owner's free relay {@code name} at {@code subdomain}, returning once it is served. */
    public static CommunityFixture start(Path dir, String name, String subdomain) throws Exception {
        return start(dir, Options.defaults(), name, subdomain);
    }

    public static CommunityFixture start(Path dir, Options options, String name, String subdomain) throws Exception {
        return new CommunityFixture(dir, options, name, subdomain);
    }

    private String createActive(Api api, String name, String subdomain) {
        return FreeRelays.create(api, owner, name, subdomain);
    }

    /** The DMs the robot sent {@code to}, read from the relay they were delivered to and decrypted as {@code to}. */
    public List<String> dmsTo(Keys to) {
        try (RelayClient c = new RelayClient(to, RelayClient.Options.defaults())) {
            List<String> out = new ArrayList<>();
            for (Event e : c.query(
                            List.of(dmRelay.url()),
                            List.of(Filter.any().kinds(1059).tag('p', to.pubkey())))
                    .join()
                    .events()) {
                try {
                    out.add(Nip17.read(to, e).content());
                } catch (IllegalArgumentException ignored) {
                    // not for us
                }
            }
            return out;
        }
    }

    /** The zooid serving the relay now (a new one after {@link #restartZooid()}). */
    public ZooidEmulator zooid() {
        return zooid;
    }

    public MembershipWatcher watcher() {
        return Inside.of(backend.app).community().watcher;
    }

    /** Has the membership watcher read the relay list now, and waits until it listens on the relay. */
    public void watched() {
        MembershipWatcher watcher = watcher();
        watcher.reconcileNow();
        Wait.until("watcher subscribed", Duration.ofSeconds(15), () -> watcher.watching(relayId), w -> w);
    }

    /** Stops zooid; {@link #startZooidAgain()} brings it back on the same port, with the relays it had stored. */
    public void stopZooid() {
        zooid.close();
    }

    public void startZooidAgain() throws Exception {
        zooid = new ZooidEmulator(zooidDir, zooidKey.pubkey(), zooid.port, zooidLine);
    }

    /** A zooid restart: its relays' sockets drop, and come back on the same port. */
    public void restartZooid() throws Exception {
        stopZooid();
        startZooidAgain();
    }

    @Override
    public void close() {
        backend.close();
        zooid.close();
        if (dmRelay != null) dmRelay.close();
    }
}
