package caravel.watch;

import caravel.domain.Epoch;
import caravel.nostr.Event;
import caravel.relayaccess.RelaySocket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a watched relay's socket deaf. A config write Caravel makes, a rename seen in NIP-11, a drop: none of them sees
 * every new zooid instance (a rename to the same name, a rewrite by hand), and the NIP-11 read comes minutes apart. So
 * each socket is also checked every {@link WatchSettings.DeafnessChecks#every()} (WATCH_CHECK_MS): one REQ on the
 * watch's own socket for what the relay stored in the last {@link WatchSettings.DeafnessChecks#windowS()} seconds.
 * zooid's instances share one database, so even an old instance answers it with what the new one stored, while its
 * live subscriptions hear nothing of it: a stored event the stream did not hear within the grace is proof the socket is
 * deaf. Such events are handed over at once (heard late, but within seconds) and the socket is opened again. A deaf
 * socket on a relay where nothing happens misses nothing, and is opened again as soon as something does.
 *
 * <p>The check costs no connection, no signature and no thread per relay: a REQ frame and its EOSE, from one scheduler
 * thread, answered on the socket's reader. What a check found is handed over on a thread of the probe's own, never
 * queued behind the openings and NIP-11 reads of the rest of the watch.
 */
final class DeafnessProbe implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeafnessProbe.class);

    private final WatchSettings.DeafnessChecks settings;
    private final WatchedRelays watches;
    private final RelayEventStream stream;
    private final Clock clock;
    /** Opens the relay's socket again, as after a config write. */
    private final Consumer<String> reopenSocket;

    /** How often a check is allowed (tests lower it; null turns checks off to measure). */
    private volatile Duration every;

    private volatile ScheduledExecutorService liveness;
    /**
     * Hands missed events over, one deaf socket's at a time: a report is a database write, and the checks of other relays
     * must not wait on it. A thread of its own, not the openers': at a restart or on a large node the openers' queue
     * holds thousands of openings and NIP-11 reads (each up to seconds), and a hand-over queued behind them was heard
     * seconds after its check found it (7 s at p95 with 1,000 relays on one node).
     */
    private volatile ExecutorService handing;

    private final AtomicLong checks = new AtomicLong();
    private final AtomicLong deafFound = new AtomicLong();

    DeafnessProbe(
            WatchSettings.DeafnessChecks settings,
            WatchedRelays watches,
            RelayEventStream stream,
            Clock clock,
            Consumer<String> reopen) {
        this.settings = settings;
        this.every = settings.every();
        this.watches = watches;
        this.stream = stream;
        this.clock = clock;
        this.reopenSocket = reopen;
    }

    synchronized void start() {
        if (liveness != null) return;
        liveness = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "community-liveness");
            t.setDaemon(true);
            return t;
        });
        handing = Executors.newSingleThreadExecutor(
                Thread.ofVirtual().name("community-late").factory());
        long tick = settings.tick().toMillis();
        liveness.scheduleWithFixedDelay(this::checkQuietly, tick, tick, TimeUnit.MILLISECONDS);
    }

    /** A socket was opened: its first check is spread over the period (relays opened together are not all due at once). */
    void opened(RelayWatch w) {
        Duration e = every;
        if (e != null) w.checkAtMs = w.openedAtMs + ThreadLocalRandom.current().nextLong(e.toMillis() + 1);
    }

    /** How often each socket is checked; null stops the checks (tests measure the watch without them). */
    void every(Duration every) {
        this.every = every;
        if (every != null) for (RelayWatch w : watches.all()) w.checkAtMs = 0;
    }

    long checks() {
        return checks.get();
    }

    long deafFound() {
        return deafFound.get();
    }

    private void checkQuietly() {
        try {
            checkDue();
        } catch (RuntimeException e) {
            log.info("community watcher: liveness checks failed: {}", e.toString());
        }
    }

    /** Starts the checks that are due; each is a REQ whose answer comes on the socket's reader. */
    private void checkDue() {
        Duration e = every;
        if (e == null) return;
        long now = System.currentTimeMillis();
        for (RelayWatch w : watches.all()) {
            RelaySocket s = w.socket;
            if (s == null || w.checking || now < w.checkAtMs || !s.isOpen()) continue;
            w.checking = true;
            w.checkAtMs = now + e.toMillis();
            checks.incrementAndGet();
            check(w, s);
        }
    }

    private void check(RelayWatch w, RelaySocket s) {
        long nowS = Epoch.seconds(clock);
        long since = Math.max(w.liveSince, nowS - settings.windowS());
        s.fetch(List.of(stream.followed().since(since).limit(settings.limit())), settings.limit(), settings.timeout())
                .whenComplete((stored, err) -> {
                    // the keep-alive closes a dead socket; a refused REQ shows in the log and is asked again
                    List<Event> unheard = err == null ? unheard(w, stored) : List.of();
                    if (unheard.isEmpty()) {
                        w.checking = false;
                        return;
                    }
                    // perhaps broadcast right after it was stored: looked at again a moment later
                    ScheduledExecutorService l = liveness;
                    try {
                        if (l == null) throw new RejectedExecutionException("closed");
                        l.schedule(
                                () -> afterGrace(w, s, unheard),
                                settings.grace().toMillis(),
                                TimeUnit.MILLISECONDS);
                    } catch (RejectedExecutionException ex) {
                        w.checking = false; // closing down
                    }
                });
    }

    private List<Event> unheard(RelayWatch w, List<Event> stored) {
        List<Event> out = new ArrayList<>();
        for (Event e : stored) if (!stream.wasHeard(w.relayId, e.id())) out.add(e);
        return out;
    }

    /** Events the socket did not hear after the grace: handed over now, and the socket is opened again. */
    private void afterGrace(RelayWatch w, RelaySocket s, List<Event> candidates) {
        try {
            List<Event> missed = unheard(w, candidates);
            RelayEventStream.Origin from = w.origin;
            if (missed.isEmpty() || !watches.current(w) || from == null) return;
            long nowMs = System.currentTimeMillis();
            boolean reopen = w.socket == s
                    && nowMs - w.deafReopenAtMs >= settings.reopenDeafAfter().toMillis();
            // noted now, so the next check does not find them again; handed over off this thread: a report is a
            // database write, and the checks of other relays must not wait on it
            for (Event e : missed) stream.noteHeard(w.relayId, e.id());
            if (!onHandingThread(() -> handOver(from, missed))) return;
            deafFound.incrementAndGet();
            if (reopen) w.deafReopenAtMs = nowMs;
            log.info(
                    "relay {}: the watch's socket missed {} stored event(s) (a new zooid instance); handing them over{}",
                    w.relayId,
                    missed.size(),
                    reopen ? " and subscribing again" : "");
            if (reopen) reopenSocket.accept(w.relayId);
        } catch (RuntimeException e) {
            log.info("relay {}: handing over missed events failed: {}", w.relayId, e.toString());
        } finally {
            w.checking = false;
        }
    }

    /** Runs the hand-over on its own thread; false when closing down. */
    private boolean onHandingThread(Runnable task) {
        ExecutorService h = handing;
        if (h == null) return false;
        try {
            h.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    private void handOver(RelayEventStream.Origin from, List<Event> missed) {
        for (Event e : missed) {
            try {
                stream.late(from, e);
            } catch (RuntimeException ex) {
                log.info("relay {}: a missed event's handler failed: {}", from.relayId(), ex.toString());
            }
        }
    }

    @Override
    public synchronized void close() {
        if (liveness != null) liveness.shutdownNow();
        if (handing != null) handing.shutdownNow();
        liveness = null;
        handing = null;
    }
}
