package caravel.watch;

import caravel.live.ChangeStore;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;

/**
 * Watches every served relay through one socket each, signed in as the relay's key, and hands what it hears to the
 * {@link RelayEventStream} every consumer reads (the allowance checks and the pages' member counts, the member mirror,
 * the moderation queue, the automatic rules and insight), each event once. Nothing here polls relays: a periodic pass
 * only compares the set of served relays ({@link ServedRelays}) with the open sockets and opens the missing ones. Its
 * parts:
 *
 * <ul>
 *   <li>{@link RelaySockets}: one relay's socket and its reopening, after a config write (zooid serves the relay from a
 *       new instance and leaves the old one's sockets open and deaf), a drop, or a failure (with backoff);
 *   <li>{@link WatchSubscriptions}: what a socket subscribes to, each subscription feeding its consumer of the stream;
 *   <li>{@link DeafnessProbe}: a REQ on each socket every WATCH_CHECK_MS for what the relay stored lately, which finds a
 *       socket left on an old instance (and hands over what it missed);
 *   <li>{@link InfoProbe}: the relay's NIP-11 read every few passes, which notices a rename made over NIP-86 from a Nostr
 *       app (zooid rewrote the config itself);
 *   <li>{@link OtherProcessesWrites}: config writes another process made, seen through the relays' counts of writes;
 *   <li>{@link WatchLeases}: processes sharing the database split the relays between them, so each relay is watched by
 *       exactly one process at a time, and a killed process's relays are taken over within a lease.
 * </ul>
 *
 * Their timings are one {@link WatchSettings} value.
 */
public final class MembershipWatcher implements AutoCloseable {
    private final WatchSettings settings;
    private final WatchLeases leases;
    private final WatchedRelays watches;
    private final RelayEventStream stream;
    private final ServedRelays served;
    private final WatchLoop loop;
    private final RelaySockets sockets;
    private final DeafnessProbe deafness;
    private final InfoProbe info;
    private final OtherProcessesWrites otherWrites;
    /** Passes run so far. */
    private final AtomicLong passes = new AtomicLong();

    private boolean started;

    public MembershipWatcher(Jdbi jdbi, RelayReach reach, RelayEventStream stream, WatchSettings settings) {
        this.settings = settings;
        this.stream = stream;
        this.leases = new WatchLeases(jdbi, settings.lease());
        this.watches = new WatchedRelays(leases);
        ChangeStore changes = new ChangeStore(jdbi);
        this.served = new ServedRelays(changes, reach.relays(), settings.passes());
        this.loop = new WatchLoop(this::pass);
        var subscriptions = new WatchSubscriptions(stream, settings.backfill());
        this.sockets = new RelaySockets(reach, settings, watches, subscriptions, loop, this::opened);
        this.deafness = new DeafnessProbe(settings.deafness(), watches, stream, reach.clock(), sockets::configWritten);
        this.info = new InfoProbe(settings.info(), reach.relays(), reach.management(), watches, sockets::configWritten);
        this.otherWrites =
                new OtherProcessesWrites(changes, reach.relays(), watches, settings.passes(), sockets::configWritten);
    }

    private void opened(RelayWatch w) {
        deafness.opened(w);
        info.opened(w, passes.get());
    }

    public synchronized void start() {
        if (started) return;
        started = true;
        stream.start();
        sockets.start();
        loop.start(settings.passes().every());
        // shards gained or lost are acted on at once, not at the next pass
        leases.start(loop::now, watches::busyIn);
        deafness.start();
        loop.every(settings.passes().configChecksEvery(), "looking for config writes", otherWrites::look);
    }

    /** One pass: drops the watches of relays no longer served here, and opens the sockets missing or lost. */
    private void pass() {
        Set<String> ids = served.refresh();
        watches.keepOnly(ids);
        stream.prune();
        long now = System.currentTimeMillis();
        long passNo = passes.incrementAndGet();
        int infoReads = 0;
        sockets.forgetOldWrites(now);
        Duration deadAfter = settings.passes().every().multipliedBy(3);
        // at most two keep-alive pings a period per socket, however many passes relays becoming active ask for
        Duration pingGap = settings.passes().every().dividedBy(2);
        for (String id : ids) {
            if (!watches.leased(id)) continue; // another process watches it
            RelayWatch w = watches.watch(id, sockets::newWatch);
            // keep-alive: a socket whose pings go unanswered for three passes is closed, and opened again below
            var s = w.socket;
            if (s != null && s.isOpen() && s.ping(deadAfter, pingGap)) {
                if (info.due(w, passNo, infoReads)) {
                    infoReads++;
                    sockets.run(() -> info.read(w, passes.get()));
                }
                continue;
            }
            if (w.opening || now < w.retryAtMs || sockets.zooidDown(now)) continue;
            w.opening = true;
            if (!sockets.run(() -> sockets.open(w))) w.opening = false;
        }
    }

    /**
     * zooid accepted a new config for the relay and serves it from a new instance from now on: the open socket (on the
     * old one) is closed and a fresh one opened shortly, quickly retried while zooid is reloading.
     */
    public void configWritten(String relayId) {
        sockets.configWritten(relayId);
    }

    /** Runs one pass now (tests; and after a relay becomes active, to not wait for the next pass). */
    public void reconcileNow() {
        loop.now();
    }

    /** The shards of relays this process watches (tests, and the metrics). */
    public WatchLeases leases() {
        return leases;
    }

    /** The stream of the watched relays' events (the metrics, tests). */
    public RelayEventStream events() {
        return stream;
    }

    /** Relays watched now, connected or not (read-only, for the metrics scrape). */
    public int watchCount() {
        return watches.size();
    }

    /** Watched relays whose socket is open now (read-only, for the metrics scrape). */
    public int connectedCount() {
        int n = 0;
        for (RelayWatch w : watches.all()) if (w.connected()) n++;
        return n;
    }

    /** True while a live subscription to the relay is open (for tests and the relay page). */
    public boolean watching(String relayId) {
        RelayWatch w = watches.get(relayId);
        return w != null && w.connected();
    }

    /** How many times a subscription to the relay was opened (tests: a new one after a lost connection). */
    public int opens(String relayId) {
        RelayWatch w = watches.get(relayId);
        return w == null ? 0 : w.opens;
    }

    /** Liveness checks run so far, and sockets found deaf by them (tests, and the metrics). */
    public long livenessChecks() {
        return deafness.checks();
    }

    public long deafSocketsFound() {
        return deafness.deafFound();
    }

    /** How often each socket is checked; null stops the checks (tests measure the watch without them). */
    void livenessEvery(Duration every) {
        deafness.every(every);
    }

    /** How many times every served relay was read (tests: changes between them are read by tenant). */
    int fullReads() {
        return served.fullReads();
    }

    /** True while the relay is among the served relays the watcher keeps a subscription to (tests). */
    boolean tracks(String relayId) {
        return watches.get(relayId) != null;
    }

    /** Connections tried since start, successful or not (tests: an outage does not cost one per relay). */
    int attempts() {
        return sockets.attempts();
    }

    /** Passes that ran to their end (tests wait for one more instead of sleeping). */
    long passesCompleted() {
        return loop.passesCompleted();
    }

    /** Subscriptions being opened right now (tests: wait until none is, then count attempts). */
    int opening() {
        return (int) watches.all().stream().filter(w -> w.opening).count();
    }

    /** Makes every watched relay's NIP-11 due for reading at the next pass (tests). */
    void readInfoAtNextPass() {
        info.readAllAtNextPass();
    }

    /**
     * Keeps every opener busy until {@code release} opens (tests: what must not wait behind the openings queued on a
     * large node or after a restart).
     */
    void occupyOpeners(CountDownLatch release) {
        for (int i = 0; i < settings.reopening().openers(); i++)
            sockets.run(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
    }

    /** Drops the relay's socket as a network would, without Caravel's knowing (tests). */
    void dropSocket(String relayId) {
        RelayWatch w = watches.get(relayId);
        var s = w == null ? null : w.socket;
        if (s != null) s.close();
    }

    @Override
    public synchronized void close() {
        loop.close();
        sockets.close();
        stream.close();
        deafness.close();
        watches.closeAll();
        started = false;
        leases.close(); // the sockets are closed: another process may take the relays at once
    }
}
