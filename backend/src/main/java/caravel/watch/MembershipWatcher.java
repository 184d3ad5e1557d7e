package caravel.watch;

import caravel.live.ChangeStore;
import caravel.members.CapEnforcer;
import caravel.members.MembershipChanges;
import caravel.names.RelayNames;
import caravel.nostr.Event;
import caravel.nostr.Filter;
import caravel.relayaccess.Deps;
import caravel.relayaccess.RelaySocket;
import caravel.store.Relay;
import caravel.zooid.RelayManagement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches every served relay through one live subscription each, signed in as the relay's key: kind 8000 (member
 * added, which zooid writes for every join) queues the plan-allowance check, every membership event (8000, 8001 and
 * the member list 13534) reaches open pages through {@link MembershipChanges}, and kind 1984 (reports) is recorded
 * by the moderation queue ({@link ReportsHeard}). Nothing here polls relays: a
 * periodic pass only compares the set of served relays with the open subscriptions and re-opens lost ones (with
 * backoff). Opening a subscription also queues one allowance check, covering joins made while it was closed. A third
 * subscription reads the relay's member list (13534) as it stands and then each new one, for the member mirror and the
 * NIP-05 names it releases ({@link RelayNames#memberList}). When {@link WatchedEvents} listens, a fourth asks for every
 * event. The membership subscription and the fourth first ask for what the relay stored while no socket of the watch
 * was open on it ({@link #BACKFILL_MAX_S}), then for each new event.
 *
 * <p>zooid builds a new relay instance whenever a relay's config file is written, and leaves the sockets of the old
 * instance open: they answer pings (so the keep-alive below cannot tell) but never carry another event. So after
 * every config write Caravel makes ({@link #configWritten}) the relay's subscription is thrown away and opened again
 * on a fresh socket, retried quickly through the moment in which zooid has not loaded the relay yet.
 *
 * <p>An owner can also make zooid rewrite the file without Caravel: renaming the relay (or changing its description or
 * icon) over NIP-86 from any Nostr app, the only config zooid writes itself. A socket's traffic cannot tell (a quiet
 * relay and a deaf socket look the same), but the relay's NIP-11 document can: its name, description and icon are read
 * just before each subscription opens and then again every {@link #INFO_CHECK_PASSES} passes, and a change means a
 * new instance, so the subscription is opened again as after Caravel's own writes. The reads are one small HTTP
 * request each, at most {@link #INFO_CHECKS_PER_PASS} per pass: a large platform notices such a rename later, never
 * at more cost. A rewrite that changes none of the three (renaming to the same name) goes unnoticed until the next
 * write or restart.
 *
 * <p>Neither of those sees every new instance (a rename to the same name, a rewrite by hand), and the NIP-11 read
 * comes minutes apart. So each watched relay's socket is also checked every WATCH_CHECK_MS (2.5 s by default): one REQ on the
 * watch's own socket for what the relay stored in the last {@link #CHECK_WINDOW_S} seconds (the kinds the watch
 * follows, or every kind when {@link WatchedEvents} listens). zooid's instances share one database, so even an old
 * instance answers it with what the new one stored, while its live subscriptions hear nothing of it: a stored event the
 * socket did not hear within {@link #CHECK_GRACE} is proof it is deaf. Such events are handed to the handlers at once
 * (heard late, but within seconds) and the socket is opened again. A deaf socket on a relay where nothing happens
 * misses nothing, and is opened again as soon as something does. The check costs no connection, no signature and no
 * thread per relay: a REQ frame and its EOSE, from one scheduler thread, answered on the socket's reader.
 *
 * <p>Processes sharing the database split the relays between them: this watcher subscribes only to the relays of the
 * shards {@link WatchLeases} holds for this process, so each relay is watched by exactly one process at a time, and a
 * killed process's relays are taken over within a lease.
 */
public final class MembershipWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MembershipWatcher.class);
    /** zooid's membership events, signed by the relay's key: member added, member removed, the member list. */
    static final int MEMBER_ADDED = 8000, MEMBER_REMOVED = 8001, MEMBER_LIST = 13534;

    /** NIP-56 reports. */
    static final int REPORT = 1984;

    private final Deps d;
    private final CapEnforcer caps;
    private final MembershipChanges membership;
    private final RelayNames names;
    private final Duration pass;
    private final WatchLeases leases;
    /** Who hears every new event of the watched relays; NONE opens no such subscription. */
    private final WatchedEvents events;
    /** Who records the relays' reports (the moderation queue). */
    private final ReportsHeard reports;

    private final Map<String, Watch> watches = new ConcurrentHashMap<>();
    private ScheduledExecutorService loop;
    /**
     * Opening a subscription is a TLS handshake and a NIP-42 round trip: a restart with many relays opens a few at a
     * time. The relays waiting their turn sit in this pool's queue as small tasks — a thread each would hold a stack
     * per waiting relay, ~1 KB × every served relay on a large platform whose relays are unreachable.
     */
    private static final int OPENERS = 8;

    private ExecutorService openers;
    /**
     * Applies the relays' member lists to the mirror one at a time, in the order they arrived, off the sockets' reader
     * threads: a database write there would hold up the membership events behind it, which pages wait on.
     */
    private ExecutorService mirror;
    /**
     * Hands the relays' new events to {@link #events}, one at a time in arrival order, off the sockets' reader threads
     * (a slow handler then delays the next event, never the membership events pages wait on).
     */
    private ExecutorService delivery;
    /**
     * Until when no subscription is opened because zooid's server could not be reached at all: every relay is served by
     * it, so an outage costs a few failed connections per backoff step instead of one per served relay (170,000 on a
     * platform of 100,000 tenants).
     */
    private volatile long zooidDownUntilMs;

    private final AtomicInteger zooidFailures = new AtomicInteger();

    /**
     * The served relays, kept by the pass (its thread alone): read whole at the first pass and every FULL_EVERY passes,
     * otherwise only the relays of tenants whose change version (V40's triggers, bumped by any write to their relays)
     * moved since the set was read. Reading every served id each pass cost ~0.1-0.3 s of CPU and ~30 MB of garbage
     * every 15 s at 170,000 served relays, felt as latency spikes by the requests beside it.
     */
    private final Set<String> served = new HashSet<>();

    private final ChangeStore changes;
    private long servedVersion = -1;
    private int passesSinceFullRead;
    static final int FULL_EVERY = 40;
    static final int CHANGED_TENANTS_MAX = 500;
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger fullReads = new AtomicInteger();

    /**
     * After a config write, when the fresh subscription is first tried and how often it is tried again quickly
     * before the ordinary backoff: zooid does not serve the relay for a moment after each write.
     */
    static final Duration REOPEN_DELAY = Duration.ofMillis(300);

    static final int QUICK_RETRIES = 5;

    /** After a config write of a relay not watched yet, when a second pass looks for it. */
    static final Duration FIRST_WATCH_AGAIN = Duration.ofSeconds(2);

    /**
     * Relays whose config was written before they were watched, and when: their first subscription is retried quickly
     * through zooid's reload like any other after a write. Entries of relays that never became served (a deactivation
     * writes the config too) are dropped after {@link #WRITTEN_UNWATCHED_KEPT}.
     */
    private final Map<String, Long> writtenUnwatched = new ConcurrentHashMap<>();

    static final Duration WRITTEN_UNWATCHED_KEPT = Duration.ofMinutes(1);

    /** Every how many passes a watched relay's NIP-11 is read again (15 s passes: every 2 minutes). */
    static final int INFO_CHECK_PASSES = 8;

    /** At most this many NIP-11 reads start per pass; relays left over stay due and are read at a later pass. */
    static final int INFO_CHECKS_PER_PASS = 64;

    /** How often the checker looks for relays due; checks of many relays are spread over WATCH_CHECK_MS (2.5 s by default). */
    static final Duration LIVENESS_TICK = Duration.ofMillis(250);

    /**
     * How far back a check asks (by created_at): wide enough for a client's clock some seconds off, and the ids heard
     * are kept that long.
     */
    static final long CHECK_WINDOW_S = 30;

    /**
     * How far back (by created_at) a relay's first subscription in this process asks for the events it stored, and at
     * most how many (the newest): events stored before the watch subscribed (a relay just provisioned, whose first
     * posts can beat its first subscription; a restart; a shard taken over from a killed process) are handed over too.
     * Every later subscription asks from {@link #CHECK_WINDOW_S} before the previous socket was closed or lost (a
     * socket found dead: before its last pong). The handlers are keyed by event id, so what is handed over twice counts
     * once.
     */
    static final long BACKFILL_MAX_S = Duration.ofMinutes(10).toSeconds();

    static final int BACKFILL_LIMIT = 1_000;

    /** Past this many ids heard, a relay's set is pruned as it grows (a busy relay between checks). */
    static final int HEARD_MAX = 2_000;

    /** At most this many events per check (the newest): a deaf socket misses the newest too. */
    static final int CHECK_LIMIT = 50;

    /** An event stored but not heard yet may be on its way (zooid stores before it broadcasts): it gets this long. */
    static final Duration CHECK_GRACE = Duration.ofMillis(300);

    /** How long a check may wait for its EOSE before the socket counts as failed (then the keep-alive decides). */
    static final Duration CHECK_TIMEOUT = Duration.ofSeconds(5);

    /**
     * After a socket found deaf was opened again, another one found deaf within this time is not: events a client
     * sends through its own socket on an older instance reach no socket opened since, and must not make the watch
     * re-open on every check (the checks hand those over anyway).
     */
    static final Duration REOPEN_DEAF_AFTER = Duration.ofSeconds(15);

    /** How often a check between sockets' frames is allowed (tests lower it; null turns checks off to measure). */
    private volatile Duration livenessEvery;

    private ScheduledExecutorService liveness;
    private final AtomicLong checks = new AtomicLong();
    private final AtomicLong deafFound = new AtomicLong();

    /** Passes run so far. */
    private final AtomicLong passes = new AtomicLong();
    /** Passes that ran to their end, failed or not (a test hook, see {@link #passesCompleted()}). */
    private final AtomicLong passesCompleted = new AtomicLong();

    /** One served relay's subscription; only the pass and one opener at a time write it. */
    private static final class Watch {
        /** Config writes seen for the relay: a socket opened before the latest one may belong to an old instance. */
        final AtomicInteger writes = new AtomicInteger();

        volatile int quickRetries;
        volatile RelaySocket socket;
        volatile int opens;
        volatile int failures;
        volatile long retryAtMs;
        volatile boolean opening;

        /** The relay's name, description and icon read just before the open subscription; null if unread. */
        volatile RelayManagement.Info info;

        /** The pass from which its NIP-11 is due to be read again. */
        volatile long infoDuePass;

        volatile boolean infoReading;

        /** The relay's count of config writes read just before its open subscription was opened; -1 if none is. */
        volatile long configWritesSeen = -1;

        /**
         * From when (created_at, seconds) the next subscription asks for every stored event: {@code MIN_VALUE} before
         * the first one (then {@link #BACKFILL_MAX_S} back), {@code MAX_VALUE} while a socket is open, and set just
         * before the time an open socket was closed or lost, since which it may have missed events.
         */
        volatile long resumeFromS = Long.MIN_VALUE;

        /**
         * The socket was closed or lost, and worked until {@code workedUntilS} as far as is known: the next subscription
         * asks for what it may have missed since (and {@link #CHECK_WINDOW_S} before, for clients' clocks).
         */
        void socketEnded(long workedUntilS) {
            resumeFromS = Math.min(resumeFromS, workedUntilS - CHECK_WINDOW_S);
        }

        /** The socket's live subscriptions' since (seconds), and when it was opened (ms). */
        volatile long liveSince;

        volatile long openedAtMs;

        /** When the socket is due for its next liveness check (ms), and whether one is under way. */
        volatile long checkAtMs;

        volatile boolean checking;

        /** When a socket found deaf was last opened again (ms); 0 if never. */
        volatile long deafReopenAtMs;

        /**
         * The events heard in the last {@link #CHECK_WINDOW_S} seconds of created_at, by id (value: created_at); older
         * ones are dropped at each check, so a quiet relay holds none.
         */
        final Map<String, Long> heard = new ConcurrentHashMap<>();

        /** Records a live event the checks compare with, if recent enough to be asked for again. */
        void heard(Event e, long nowS) {
            if (e.createdAt() < nowS - CHECK_WINDOW_S) return;
            heard.put(e.id(), e.createdAt());
            // the checks prune it too; this bounds a busy relay's set while they are off
            if (heard.size() > HEARD_MAX) heard.values().removeIf(at -> at < nowS - CHECK_WINDOW_S);
        }
    }

    public MembershipWatcher(
            Deps d,
            CapEnforcer caps,
            MembershipChanges membership,
            RelayNames names,
            Duration pass,
            Duration check,
            WatchedEvents events,
            ReportsHeard reports) {
        this.d = d;
        this.livenessEvery = check;
        this.reports = reports;
        this.events = events;
        this.caps = caps;
        this.membership = membership;
        this.names = names;
        this.pass = pass;
        this.changes = new ChangeStore(d.jdbi());
        this.leases = new WatchLeases(d.jdbi());
    }

    /** The shards of relays this process watches (tests, and the metrics). */
    public WatchLeases leases() {
        return leases;
    }

    /** Whether any relay of the shards has a subscription open or being opened here (see WatchLeases). */
    private boolean busyIn(Set<Integer> shards) {
        for (var e : watches.entrySet()) {
            Watch w = e.getValue();
            boolean live = w.opening || (w.socket != null && w.socket.isOpen());
            if (live && shards.contains(WatchLeases.shardOf(e.getKey()))) return true;
        }
        return false;
    }

    public synchronized void start() {
        if (loop != null) return;
        openers = Executors.newFixedThreadPool(
                OPENERS, Thread.ofVirtual().name("community-watch-", 0).factory());
        mirror = Executors.newSingleThreadExecutor(
                Thread.ofVirtual().name("community-mirror").factory());
        delivery = Executors.newSingleThreadExecutor(
                Thread.ofVirtual().name("community-events").factory());
        loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "community-watcher");
            t.setDaemon(true);
            return t;
        });
        loop.scheduleWithFixedDelay(this::reconcileQuietly, 0, pass.toMillis(), TimeUnit.MILLISECONDS);
        // shards gained or lost are acted on at once, not at the next pass
        leases.start(this::reconcileNow, this::busyIn);
        liveness = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "community-liveness");
            t.setDaemon(true);
            return t;
        });
        liveness.scheduleWithFixedDelay(
                this::checkLivenessQuietly, LIVENESS_TICK.toMillis(), LIVENESS_TICK.toMillis(), TimeUnit.MILLISECONDS);
        loop.scheduleWithFixedDelay(
                this::checkConfigWritesQuietly,
                CONFIG_CHECK_EVERY.toMillis(),
                CONFIG_CHECK_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** How many times every served relay was read (tests: changes between them are read by tenant). */
    int fullReads() {
        return fullReads.get();
    }

    /** True while the relay is among the served relays the watcher keeps a subscription to (tests). */
    boolean tracks(String relayId) {
        return watches.containsKey(relayId);
    }

    /** Relays watched now, connected or not (read-only, for the metrics scrape). */
    public int watchCount() {
        return watches.size();
    }

    /** Watched relays whose socket is open now (read-only, for the metrics scrape). */
    public int connectedCount() {
        int n = 0;
        for (Watch w : watches.values()) if (w.socket != null && w.socket.isOpen()) n++;
        return n;
    }

    /** True while a live subscription to the relay is open (for tests and the relay page). */
    public boolean watching(String relayId) {
        Watch w = watches.get(relayId);
        return w != null && w.socket != null && w.socket.isOpen();
    }

    /** How many times a subscription to the relay was opened (tests: a new one after a lost connection). */
    public int opens(String relayId) {
        Watch w = watches.get(relayId);
        return w == null ? 0 : w.opens;
    }

    /** Connections tried since start, successful or not (tests: an outage does not cost one per relay). */
    int attempts() {
        return attempts.get();
    }

    /**
     * zooid accepted a new config for the relay and serves it from a new instance from now on: the open subscription
     * (on the old one) is closed and a fresh one opened shortly, quickly retried while zooid is reloading.
     */
    public void configWritten(String relayId) {
        Watch w = watches.get(relayId);
        if (w == null) {
            // not watched yet (just provisioned or reactivated): its first joins must not wait for the next pass, so a
            // pass runs as soon as the relay is served and zooid has loaded it, and again shortly in case the write
            // was recorded after the first one looked
            writtenUnwatched.put(relayId, System.currentTimeMillis());
            reconcileAfter(REOPEN_DELAY);
            reconcileAfter(FIRST_WATCH_AGAIN);
            return;
        }
        w.writes.incrementAndGet();
        w.quickRetries = QUICK_RETRIES;
        w.failures = 0;
        w.retryAtMs = System.currentTimeMillis() + REOPEN_DELAY.toMillis();
        RelaySocket old = w.socket;
        w.socket = null;
        if (old != null) {
            w.socketEnded(d.now());
            old.close();
        }
        reconcileAfter(REOPEN_DELAY);
    }

    /** How often the tenants changed since the last look are read for config writes made by other processes. */
    static final Duration CONFIG_CHECK_EVERY = Duration.ofSeconds(1);

    /** The change version up to which config writes were looked at; -1 before the first look. */
    private long configCheckedVersion = -1;

    private void checkConfigWritesQuietly() {
        try {
            checkConfigWrites();
        } catch (RuntimeException e) {
            log.info("community watcher: looking for config writes failed: {}", e.toString());
        }
    }

    /**
     * Config writes made by another process (its job runner synced a relay this process watches) are told to this one
     * through the relay's count of writes: a watched relay whose count moved past the one its subscription was opened
     * at is opened again, as after this process's own writes ({@link #configWritten}). Each look reads the change
     * version (one indexed read) and, when it moved, the relays of the tenants that changed since the last look.
     */
    private void checkConfigWrites() {
        long latest = changes.latestVersion();
        if (configCheckedVersion < 0 || latest < configCheckedVersion) {
            configCheckedVersion = latest;
            return;
        }
        while (configCheckedVersion < latest) {
            List<Map.Entry<String, Long>> changed = changes.changedAfter(configCheckedVersion, CHANGED_TENANTS_MAX);
            if (changed.isEmpty()) break;
            d.relayStore()
                    .configWritesOf(changed.stream().map(Map.Entry::getKey).toList())
                    .forEach((id, writes) -> {
                        Watch w = watches.get(id);
                        if (w == null || w.configWritesSeen < 0 || writes <= w.configWritesSeen) return;
                        w.configWritesSeen = writes;
                        log.info("relay {}: zooid took a config written by another process; subscribing again", id);
                        configWritten(id);
                    });
            configCheckedVersion = changed.getLast().getValue();
        }
    }

    /** When a socket the relay dropped (zooid restarted) is opened again: soon, not at the next pass. */
    static final Duration RECONNECT_DELAY = Duration.ofMillis(500);

    /** Whether a pass is already due soon for dropped sockets (one pass serves every relay that dropped). */
    private final java.util.concurrent.atomic.AtomicBoolean soonPass = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * The open socket ended without Caravel closing it (zooid restarted or dropped it): it is opened again shortly,
     * retried quickly a few times, like after a config write.
     */
    private void lost(String relayId, Watch w, RelaySocket s) {
        if (w.socket != s || watches.get(relayId) != w) return; // closed by Caravel, or re-opened meanwhile
        // a socket whose pings went unanswered may have carried nothing since its last pong
        w.socketEnded(Math.min(d.now(), s.lastPongMs() / 1000));
        w.quickRetries = QUICK_RETRIES;
        w.failures = 0;
        w.retryAtMs = System.currentTimeMillis() + RECONNECT_DELAY.toMillis();
        reconcileSoon(RECONNECT_DELAY);
    }

    /**
     * One pass after the delay for all relays that asked, however many (a zooid restart drops every socket at once: a
     * pass each would read the served relays thousands of times).
     */
    private void reconcileSoon(Duration delay) {
        ScheduledExecutorService l = loop;
        if (l == null || !soonPass.compareAndSet(false, true)) return;
        try {
            l.schedule(
                    () -> {
                        soonPass.set(false);
                        reconcileQuietly();
                    },
                    delay.toMillis() + 20,
                    TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            soonPass.set(false); // closing down
        }
    }

    /** Runs a pass after the delay (a re-open after a config write must not wait for the next pass). */
    private void reconcileAfter(Duration delay) {
        ScheduledExecutorService l = loop;
        if (l == null) return;
        try {
            l.schedule(this::reconcileQuietly, delay.toMillis() + 20, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing down
        }
    }

    /** Makes every watched relay's NIP-11 due for reading at the next pass (tests). */
    void readInfoAtNextPass() {
        for (Watch w : watches.values()) w.infoDuePass = 0;
    }

    /** Runs one pass now (tests; and after a relay becomes active, to not wait for the next pass). */
    public void reconcileNow() {
        ScheduledExecutorService l = loop;
        if (l != null) l.execute(this::reconcileQuietly);
    }

    private void reconcileQuietly() {
        try {
            reconcile();
        } catch (RuntimeException e) {
            log.warn("community watcher pass failed: {}", e.toString());
        } finally {
            passesCompleted.incrementAndGet();
        }
    }

    /** Passes that ran to their end (tests wait for one more instead of sleeping). */
    long passesCompleted() {
        return passesCompleted.get();
    }

    /** Subscriptions being opened right now (tests: wait until none is, then count attempts). */
    int opening() {
        return (int) watches.values().stream().filter(w -> w.opening).count();
    }

    /** Brings {@link #served} up to date with the database (see there). */
    private void refreshServed() {
        long latest = changes.latestVersion();
        if (servedVersion >= 0 && ++passesSinceFullRead < FULL_EVERY) {
            if (latest == servedVersion) return;
            List<Map.Entry<String, Long>> changed = changes.changedAfter(servedVersion, CHANGED_TENANTS_MAX + 1);
            if (changed.isEmpty()) { // nothing newer after all (cannot happen while versions only grow)
                servedVersion = latest;
                return;
            }
            if (changed.size() <= CHANGED_TENANTS_MAX) {
                d.relayStore()
                        .servedOf(changed.stream().map(Map.Entry::getKey).toList())
                        .forEach((id, isServed) -> {
                            if (isServed) served.add(id);
                            else served.remove(id);
                        });
                servedVersion = changed.getLast().getValue();
                return;
            }
        }
        // the version is read first: a change made during the read is read again on the next pass
        served.clear();
        served.addAll(d.relayStore().servedIds());
        fullReads.incrementAndGet();
        servedVersion = latest;
        passesSinceFullRead = 0;
    }

    private void reconcile() {
        refreshServed();
        // the map's own iterator, not a copy: Set.copyOf's open addressing clusters on relay ids' similar hashes and
        // took seconds of CPU per pass at 170,000 relays (74 % of the backend's samples in a profile)
        for (var it = watches.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (served.contains(e.getKey()) && leases.holds(e.getKey())) continue;
            it.remove();
            if (e.getValue().socket != null) e.getValue().socket.close();
        }
        long now = System.currentTimeMillis();
        long passNo = passes.incrementAndGet();
        int infoReads = 0;
        writtenUnwatched.values().removeIf(at -> at < now - WRITTEN_UNWATCHED_KEPT.toMillis());
        for (String id : served) {
            if (!leases.holds(id)) continue; // another process watches it
            Watch w = watches.computeIfAbsent(id, this::newWatch);
            // keep-alive: a socket whose pings go unanswered for three passes is closed, and re-opened below
            if (w.socket != null && w.socket.isOpen() && w.socket.ping(pass.multipliedBy(3))) {
                if (w.infoDuePass <= passNo && !w.infoReading && infoReads < INFO_CHECKS_PER_PASS) {
                    infoReads++;
                    w.infoReading = true;
                    w.infoDuePass = passNo + INFO_CHECK_PASSES;
                    openers.execute(() -> checkInfo(id, w));
                }
                continue;
            }
            if (w.opening || now < w.retryAtMs || now < zooidDownUntilMs) continue;
            w.opening = true;
            openers.execute(() -> open(id, w));
        }
    }

    /** A served relay's first watch; one written just before is opened as after any write (see configWritten). */
    private Watch newWatch(String relayId) {
        Watch w = new Watch();
        Long written = writtenUnwatched.remove(relayId);
        if (written != null) {
            w.quickRetries = QUICK_RETRIES;
            w.retryAtMs = written + REOPEN_DELAY.toMillis();
        }
        return w;
    }

    // the watch's opening flag admits one opener at a time: its counters have a single writer
    @SuppressWarnings("NonAtomicVolatileUpdate")
    private void open(String relayId, Watch w) {
        long started = 0;
        int writesBefore = w.writes.get();
        try {
            if (watches.get(relayId) != w) return; // no longer served while it waited its turn
            if (System.currentTimeMillis() < zooidDownUntilMs) return; // zooid went down while it waited
            Relay r = d.relayStore().find(relayId).orElse(null);
            if (r == null) return;
            attempts.incrementAndGet();
            started = System.currentTimeMillis();
            // read before the socket opens: a rename between the two then shows as a change, never hides one
            RelayManagement.Info info = d.management().info(r).orElse(null);
            long configWrites = d.relayStore().configWrites(relayId);
            RelaySocket s = RelaySocket.open(d.http(), d.access().target(r), Deps.SOCKET_TIMEOUT);
            long since = d.now();
            // what the relay stored while no socket of this watch was open is asked for too, then each new event: a
            // join made in that gap is heard (its allowance check holds pages' counts), as is a post
            long storedSince = Math.max(Math.min(w.resumeFromS, since), since - BACKFILL_MAX_S);
            String tenant = r.tenant();
            // every event heard is noted for the liveness checks (heard(), before its handler)
            s.subscribe(
                    List.of(Filter.any()
                            .kinds(MEMBER_ADDED, MEMBER_REMOVED, MEMBER_LIST)
                            .authors(s.relayPubkey())
                            .since(storedSince)
                            .limit(BACKFILL_LIMIT)),
                    e -> {
                        w.heard(e, d.now());
                        onMembership(tenant, relayId, e);
                    });
            s.subscribe(List.of(Filter.any().kinds(REPORT).limit(200)), e -> {
                w.heard(e, d.now());
                onReport(relayId, e);
            });
            if (!events.equals(WatchedEvents.NONE))
                s.subscribe(List.of(Filter.any().since(storedSince).limit(BACKFILL_LIMIT)), e -> {
                    w.heard(e, d.now());
                    deliverLater(relayId, e);
                });
            // the member list as it stands (the newest stored one), then each new one: the member mirror and names
            s.subscribe(
                    List.of(Filter.any()
                            .kinds(MEMBER_LIST)
                            .authors(s.relayPubkey())
                            .limit(1)),
                    e -> {
                        w.heard(e, d.now());
                        applyLater(relayId, e);
                    });
            if (watches.get(relayId) != w || !leases.holds(relayId)) {
                // its shard went to another process while this socket was being opened: that one watches it now
                s.close();
                return;
            }
            if (w.writes.get() != writesBefore) {
                // zooid took a config write while this socket was being opened: it may be on the old instance
                s.close();
                w.retryAtMs = System.currentTimeMillis() + REOPEN_DELAY.toMillis();
                reconcileAfter(REOPEN_DELAY);
                return;
            }
            w.info = info;
            w.configWritesSeen = configWrites;
            w.liveSince = since;
            w.resumeFromS = Long.MAX_VALUE;
            w.openedAtMs = System.currentTimeMillis();
            Duration every = livenessEvery;
            // spread over the period: relays opened together (a restart) are not all checked in the same tick
            if (every != null)
                w.checkAtMs = w.openedAtMs
                        + java.util.concurrent.ThreadLocalRandom.current().nextLong(every.toMillis() + 1);
            w.infoDuePass = passes.get() + INFO_CHECK_PASSES;
            w.socket = s;
            w.opens++;
            w.failures = 0;
            w.quickRetries = 0;
            zooidFailures.set(0);
            s.closedFuture().whenComplete((why, err) -> {
                log.info("relay {}: watcher connection ended ({})", relayId, why);
                lost(relayId, w, s);
            });
            caps.enqueue(relayId);
        } catch (RelaySocket.ZooidUnreachable e) {
            // this relay backs off too: a relay whose own address fails must not pause the others on every pass; just
            // after its socket dropped (zooid restarting) it waits no longer than zooid's own backoff below
            if (w.quickRetries > 0) {
                w.quickRetries--;
                w.retryAtMs = System.currentTimeMillis() + REOPEN_DELAY.toMillis();
            } else backOff(w);
            if (started < zooidDownUntilMs) return; // tried before another opener found zooid down: that one counted
            int failures = zooidFailures.incrementAndGet();
            long backoff = Math.min(Duration.ofMinutes(10).toMillis(), 1_000L << Math.min(failures, 9));
            long until = System.currentTimeMillis() + backoff;
            if (until > zooidDownUntilMs + 1_000) {
                zooidDownUntilMs = until;
                log.info("zooid cannot be reached; relay subscriptions are tried again in {} s", backoff / 1000);
                // a restart takes zooid away for a second or two: the first tries come without waiting for a pass
                if (failures <= QUICK_RETRIES) reconcileSoon(Duration.ofMillis(backoff));
            }
        } catch (RuntimeException e) {
            if (w.quickRetries > 0) {
                // just after a config write: zooid is most likely still loading the relay
                w.quickRetries--;
                w.retryAtMs = System.currentTimeMillis() + REOPEN_DELAY.toMillis();
                reconcileAfter(REOPEN_DELAY);
                return;
            }
            long backoff = backOff(w);
            log.info(
                    "relay {}: watcher cannot subscribe ({}); retrying in {} s",
                    relayId,
                    e.getMessage(),
                    backoff / 1000);
        } finally {
            w.opening = false;
        }
    }

    /**
     * Reads the watched relay's NIP-11 again; a name, description or icon other than the one read before its
     * subscription opened means zooid rewrote the config (a change over NIP-86 from a Nostr app), so the subscription
     * is on an old instance and is opened again.
     */
    private void checkInfo(String relayId, Watch w) {
        try {
            RelaySocket socket = w.socket;
            if (watches.get(relayId) != w || socket == null) return;
            Relay r = d.relayStore().find(relayId).orElse(null);
            if (r == null) return;
            RelayManagement.Info now = d.management().info(r).orElse(null);
            if (now == null) { // not readable now: tried again at the next pass
                w.infoDuePass = passes.get() + 1;
                return;
            }
            RelayManagement.Info before = w.info;
            if (w.socket != socket) return; // re-opened meanwhile, with its own reading
            if (before == null) {
                w.info = now;
                return;
            }
            if (before.equals(now)) return;
            log.info(
                    "relay {}: its name, description or icon changed on the relay itself, so zooid rewrote its config;"
                            + " the watcher subscribes again",
                    relayId);
            configWritten(relayId);
        } catch (RuntimeException e) {
            log.info("relay {}: reading its NIP-11 for the watcher failed: {}", relayId, e.toString());
        } finally {
            w.infoReading = false;
        }
    }

    private void checkLivenessQuietly() {
        try {
            checkLiveness();
        } catch (RuntimeException e) {
            log.info("community watcher: liveness checks failed: {}", e.toString());
        }
    }

    /** Starts the checks that are due (see the class comment); each is a REQ whose answer comes on the socket's reader. */
    private void checkLiveness() {
        Duration every = livenessEvery;
        if (every == null) return;
        long now = System.currentTimeMillis();
        for (var e : watches.entrySet()) {
            Watch w = e.getValue();
            RelaySocket s = w.socket;
            if (s == null || w.checking || now < w.checkAtMs || !s.isOpen()) continue;
            w.checking = true;
            w.checkAtMs = now + every.toMillis();
            checks.incrementAndGet();
            check(e.getKey(), w, s);
        }
    }

    private void check(String relayId, Watch w, RelaySocket s) {
        long nowS = d.now();
        w.heard.values().removeIf(createdAt -> createdAt < nowS - CHECK_WINDOW_S);
        long since = Math.max(w.liveSince, nowS - CHECK_WINDOW_S);
        Filter f = events.equals(WatchedEvents.NONE)
                ? Filter.any().kinds(MEMBER_ADDED, MEMBER_REMOVED, MEMBER_LIST, REPORT)
                : Filter.any();
        s.fetch(List.of(f.since(since).limit(CHECK_LIMIT)), CHECK_LIMIT, CHECK_TIMEOUT)
                .whenComplete((stored, err) -> {
                    if (err != null) {
                        // the keep-alive closes a dead socket; a refused REQ shows in the log and is asked again
                        w.checking = false;
                        return;
                    }
                    List<Event> unheard = unheard(w, stored);
                    if (unheard.isEmpty()) {
                        w.checking = false;
                        return;
                    }
                    // perhaps broadcast right after it was stored: looked at again a moment later
                    ScheduledExecutorService l = liveness;
                    if (l == null) return;
                    try {
                        l.schedule(
                                () -> afterGrace(relayId, w, s, unheard),
                                CHECK_GRACE.toMillis(),
                                TimeUnit.MILLISECONDS);
                    } catch (java.util.concurrent.RejectedExecutionException ex) {
                        w.checking = false; // closing down
                    }
                });
    }

    private static List<Event> unheard(Watch w, List<Event> stored) {
        List<Event> out = new java.util.ArrayList<>();
        for (Event e : stored) if (!w.heard.containsKey(e.id())) out.add(e);
        return out;
    }

    /** Events the socket did not hear after the grace: handed over now, and the socket is opened again. */
    private void afterGrace(String relayId, Watch w, RelaySocket s, List<Event> candidates) {
        try {
            List<Event> missed = unheard(w, candidates);
            if (missed.isEmpty() || watches.get(relayId) != w) return;
            ExecutorService o = openers;
            if (o == null) return;
            deafFound.incrementAndGet();
            long nowMs = System.currentTimeMillis();
            boolean reopen = w.socket == s && nowMs - w.deafReopenAtMs >= REOPEN_DEAF_AFTER.toMillis();
            if (reopen) w.deafReopenAtMs = nowMs;
            log.info(
                    "relay {}: the watch's socket missed {} stored event(s) (a new zooid instance); handing them over{}",
                    relayId,
                    missed.size(),
                    reopen ? " and subscribing again" : "");
            long nowS = d.now();
            for (Event e : missed) w.heard(e, nowS);
            // off this thread: a report is a database write, and the checks of other relays must not wait on it
            o.execute(() -> {
                for (Event e : missed) hearLate(relayId, s, e);
            });
            if (reopen) configWritten(relayId);
        } catch (RuntimeException e) {
            log.info("relay {}: handing over missed events failed: {}", relayId, e.toString());
        } finally {
            w.checking = false;
        }
    }

    /** An event the live subscriptions should have delivered, given to the handlers they would have called. */
    private void hearLate(String relayId, RelaySocket s, Event e) {
        try {
            if (!e.verify()) return;
            Relay r = d.relayStore().find(relayId).orElse(null);
            if (r == null) return;
            boolean byRelay = e.pubkey().equals(s.relayPubkey());
            if (byRelay && (e.kind() == MEMBER_ADDED || e.kind() == MEMBER_REMOVED || e.kind() == MEMBER_LIST))
                onMembership(r.tenant(), relayId, e);
            if (byRelay && e.kind() == MEMBER_LIST) applyLater(relayId, e);
            if (e.kind() == REPORT) onReport(relayId, e);
            if (!events.equals(WatchedEvents.NONE)) deliverLater(relayId, e);
        } catch (RuntimeException ex) {
            log.info("relay {}: a missed event's handler failed: {}", relayId, ex.toString());
        }
    }

    /** Liveness checks run so far, and sockets found deaf by them (tests, and the metrics). */
    public long livenessChecks() {
        return checks.get();
    }

    public long deafSocketsFound() {
        return deafFound.get();
    }

    /** How often each socket is checked; null stops the checks (tests measure the watch without them). */
    void livenessEvery(Duration every) {
        livenessEvery = every;
        if (every != null) for (Watch w : watches.values()) w.checkAtMs = 0;
    }

    /** Counts one more failed opening of the relay and puts its next try off: 4 s, doubling, at most 10 minutes. */
    @SuppressWarnings("NonAtomicVolatileUpdate") // called by the watch's one opener (see open)
    private static long backOff(Watch w) {
        long backoff = Math.min(Duration.ofMinutes(10).toMillis(), 2_000L << Math.min(++w.failures, 8));
        w.retryAtMs = System.currentTimeMillis() + backoff;
        return backoff;
    }

    /**
     * The relay key wrote a membership event: a join (8000) is held for the allowance check it queues, which tells the
     * pages when done; a leave or removal (8001) is told at once. The new member list (13534) is held and checked again
     * like a join: zooid writes it after the 8000, and its member listing reads that list, so a check that ran between
     * the two saw the relay without the new member and let a join past the allowance stand (seen with real zooid).
     */
    void onMembership(String tenant, String relayId, Event e) {
        if (e.kind() == MEMBER_ADDED || e.kind() == MEMBER_LIST) {
            membership.joined(tenant, relayId);
            caps.enqueue(relayId);
        } else {
            membership.changed(tenant, relayId);
        }
    }

    /**
     * The relay's member list (13534), the newest stored one when the subscription opens and each new one after: the
     * member mirror follows it and names of people it no longer has are released ({@link RelayNames#memberList}).
     */
    private void applyLater(String relayId, Event e) {
        ExecutorService m = mirror;
        if (m == null) return;
        try {
            m.execute(() -> onMemberList(relayId, e));
        } catch (java.util.concurrent.RejectedExecutionException ex) {
            // closing down
        }
    }

    private void deliverLater(String relayId, Event e) {
        ExecutorService x = delivery;
        if (x == null) return;
        try {
            x.execute(() -> events.accepted(relayId, e));
        } catch (java.util.concurrent.RejectedExecutionException ex) {
            // closing down
        }
    }

    void onMemberList(String relayId, Event e) {
        try {
            names.memberList(relayId, e);
        } catch (RuntimeException ex) {
            // the next list, or the next subscription's first one, brings the mirror up to date
            log.info("relay {}: its member list was not applied: {}", relayId, ex.toString());
        }
    }

    /** A report on the relay: the moderation queue records it, counts it and tells the team ({@link ReportsHeard}). */
    void onReport(String relayId, Event e) {
        reports.arrived(relayId, e);
    }

    @Override
    public synchronized void close() {
        if (loop != null) loop.shutdownNow();
        if (openers != null) openers.shutdownNow();
        if (mirror != null) mirror.shutdownNow();
        if (delivery != null) delivery.shutdownNow();
        if (liveness != null) liveness.shutdownNow();
        liveness = null;
        loop = null;
        openers = null;
        mirror = null;
        delivery = null;
        for (Watch w : watches.values()) if (w.socket != null) w.socket.close();
        watches.clear();
        leases.close(); // the sockets are closed: another process may take the relays at once
    }
}
