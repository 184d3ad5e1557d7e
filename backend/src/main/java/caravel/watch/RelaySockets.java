package caravel.watch;

import caravel.logging.Tracing;
import caravel.logging.Tracing.Attr;
import caravel.relayaccess.RelaySocket;
import caravel.store.Relay;
import caravel.zooid.RelayManagement;
import io.opentelemetry.api.trace.SpanKind;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each watched relay's socket and its reopening. zooid builds a new relay instance whenever a relay's config file is
 * written, and leaves the sockets of the old instance open: they answer pings but never carry another event. So after
 * every config write ({@link #configWritten}) the socket is thrown away and opened again, retried quickly through the
 * moment in which zooid has not loaded the relay yet. A socket the relay dropped (zooid restarted) is opened again
 * soon the same way ({@link #lost}); one that cannot be opened backs off, 4 s doubling to 10 minutes.
 *
 * <p>Opening is a TLS handshake and a NIP-42 round trip: a restart with many relays opens a few at a time, the relays
 * waiting their turn sitting in the openers' queue as small tasks (a thread each would hold a stack per waiting relay).
 * When zooid's server cannot be reached at all, no socket is tried until it backs off too: every relay is served by it,
 * so an outage costs a few failed connections per backoff step instead of one per served relay.
 */
final class RelaySockets implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RelaySockets.class);

    private final RelayReach reach;
    private final WatchSettings.Reopening reopening;
    private final long marginS;
    private final WatchedRelays watches;
    private final WatchSubscriptions subscriptions;
    private final WatchLoop loop;
    /** Told of each socket opened and subscribed (the deafness probe schedules its first check). */
    private final Consumer<RelayWatch> opened;

    /**
     * Relays whose config was written before they were watched, and when: their first socket is retried quickly
     * through zooid's reload like any other after a write.
     */
    private final Map<String, Long> writtenUnwatched = new ConcurrentHashMap<>();
    /** Until when no socket is opened because zooid's server could not be reached at all. */
    private volatile long zooidDownUntilMs;

    private final AtomicInteger zooidFailures = new AtomicInteger();
    private final AtomicInteger attempts = new AtomicInteger();
    private volatile ExecutorService openers;

    RelaySockets(
            RelayReach reach,
            WatchSettings settings,
            WatchedRelays watches,
            WatchSubscriptions subscriptions,
            WatchLoop loop,
            Consumer<RelayWatch> opened) {
        this.reach = reach;
        this.reopening = settings.reopening();
        this.marginS = settings.deafness().windowS();
        this.watches = watches;
        this.subscriptions = subscriptions;
        this.loop = loop;
        this.opened = opened;
    }

    synchronized void start() {
        if (openers == null)
            openers = Executors.newFixedThreadPool(
                    reopening.openers(),
                    Thread.ofVirtual().name("community-watch-", 0).factory());
    }

    /** Runs a task that waits on a relay (an opening, a NIP-11 read, a late hand-over) on an opener's thread. */
    boolean run(Runnable task) {
        ExecutorService o = openers;
        if (o == null) return false;
        try {
            o.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false; // closing down
        }
    }

    /** Whether zooid could not be reached lately, so no socket is tried before its backoff ends. */
    boolean zooidDown(long nowMs) {
        return nowMs < zooidDownUntilMs;
    }

    /** A served relay's first watch; one written just before is opened as after any write (see configWritten). */
    RelayWatch newWatch(String relayId) {
        RelayWatch w = new RelayWatch(relayId);
        Long written = writtenUnwatched.remove(relayId);
        if (written != null) {
            w.quickRetries = reopening.quickRetries();
            w.retryAtMs = written + reopening.reopenDelay().toMillis();
        }
        return w;
    }

    /** Forgets config writes of relays that never became served (a deactivation writes the config too). */
    void forgetOldWrites(long nowMs) {
        writtenUnwatched
                .values()
                .removeIf(at -> at < nowMs - reopening.writtenUnwatchedKept().toMillis());
    }

    /**
     * zooid accepted a new config for the relay and serves it from a new instance from now on: the open socket (on the
     * old one) is closed and a fresh one opened shortly, quickly retried while zooid is reloading.
     */
    void configWritten(String relayId) {
        RelayWatch w = watches.get(relayId);
        if (w == null) {
            // not watched yet (just provisioned or reactivated): its first joins must not wait for the next pass, so a
            // pass runs as soon as the relay is served and zooid has loaded it, and again shortly in case the write
            // was recorded after the first one looked
            writtenUnwatched.put(relayId, System.currentTimeMillis());
            loop.after(reopening.reopenDelay());
            loop.after(reopening.firstWatchAgain());
            return;
        }
        w.writes.incrementAndGet();
        w.quickRetries = reopening.quickRetries();
        w.failures = 0;
        w.retryAtMs = System.currentTimeMillis() + reopening.reopenDelay().toMillis();
        RelaySocket old = w.takeSocket();
        if (old != null) {
            w.socketEnded(reach.nowS(), marginS);
            old.close();
        }
        loop.after(reopening.reopenDelay());
    }

    /**
     * The open socket ended without Caravel closing it (zooid restarted or dropped it): it is opened again shortly,
     * retried quickly a few times, like after a config write.
     */
    private void lost(RelayWatch w, RelaySocket s) {
        if (w.socket != s || !watches.current(w)) return; // closed by Caravel, or opened again meanwhile
        // a socket whose pings went unanswered may have carried nothing since its last pong
        w.socketEnded(Math.min(reach.nowS(), s.lastPongMs() / 1000), marginS);
        w.quickRetries = reopening.quickRetries();
        w.failures = 0;
        w.retryAtMs = System.currentTimeMillis() + reopening.reconnectDelay().toMillis();
        loop.soon(reopening.reconnectDelay());
    }

    /** Opens the relay's socket and subscriptions, on an opener's thread (the pass set {@code w.opening}). */
    void open(RelayWatch w) {
        try (Tracing.Open span =
                Tracing.open("relay connect", SpanKind.CLIENT, Tracing.with(Attr.RELAY_ID, w.relayId), true)) {
            openTraced(w);
            span.set(Attr.OUTCOME, w.socket != null ? "open" : "not open");
        }
    }

    private void openTraced(RelayWatch w) {
        long started = 0;
        int writesBefore = w.writes.get();
        try {
            if (!watches.current(w)) return; // no longer served while it waited its turn
            if (zooidDown(System.currentTimeMillis())) return; // zooid went down while it waited
            Relay r = reach.relays().find(w.relayId).orElse(null);
            if (r == null) return;
            attempts.incrementAndGet();
            started = System.currentTimeMillis();
            // read before the socket opens: a rename between the two then shows as a change, never hides one
            RelayManagement.Info info = reach.management().info(r).orElse(null);
            long configWrites = reach.relays().configWrites(w.relayId);
            RelaySocket s = RelaySocket.open(reach.http(), reach.access().target(r), reopening.socketTimeout());
            long since = reach.nowS();
            var origin = new RelayEventStream.Origin(w.relayId, r.tenant(), s.relayPubkey());
            subscriptions.subscribe(s, origin, subscriptions.storedSince(w, since));
            if (!watches.stillOurs(w)) {
                // its shard went to another process while this socket was being opened: that one watches it now
                s.close();
                return;
            }
            if (w.writes.get() != writesBefore) {
                // zooid took a config write while this socket was being opened: it may be on the old instance
                s.close();
                w.retryAtMs =
                        System.currentTimeMillis() + reopening.reopenDelay().toMillis();
                loop.after(reopening.reopenDelay());
                return;
            }
            settle(w, s, origin, info, configWrites, since);
        } catch (RelaySocket.ZooidUnreachable e) {
            zooidUnreachable(w, started);
        } catch (RuntimeException e) {
            failed(w, e);
        } finally {
            w.opening = false;
        }
    }

    // the watch's opening flag admits one opener at a time: its counters have a single writer
    @SuppressWarnings("NonAtomicVolatileUpdate")
    private void settle(
            RelayWatch w,
            RelaySocket s,
            RelayEventStream.Origin origin,
            RelayManagement.Info info,
            long configWrites,
            long since) {
        w.info = info;
        w.configWritesSeen = configWrites;
        w.liveSince = since;
        w.resumeFromS = Long.MAX_VALUE;
        w.openedAtMs = System.currentTimeMillis();
        w.origin = origin;
        opened.accept(w);
        w.socket = s;
        w.opens++;
        w.failures = 0;
        w.quickRetries = 0;
        zooidFailures.set(0);
        s.closedFuture().whenComplete((why, err) -> {
            log.info("relay {}: watcher connection ended ({})", w.relayId, why);
            try (Tracing.Open ended = Tracing.open(
                    "relay disconnected",
                    SpanKind.CLIENT,
                    Tracing.with(Attr.RELAY_ID, w.relayId).and(Attr.OUTCOME, why),
                    true)) {
                if (err != null) ended.failed(err);
            }
            lost(w, s);
        });
        subscriptions.opened(w.relayId);
    }

    @SuppressWarnings("NonAtomicVolatileUpdate") // the watch's one opener (see open)
    private void zooidUnreachable(RelayWatch w, long started) {
        // this relay backs off too: a relay whose own address fails must not pause the others on every pass; just
        // after its socket dropped (zooid restarting) it waits no longer than zooid's own backoff below
        if (w.quickRetries > 0) {
            w.quickRetries--;
            w.retryAtMs = System.currentTimeMillis() + reopening.reopenDelay().toMillis();
        } else backOff(w);
        if (started < zooidDownUntilMs) return; // tried before another opener found zooid down: that one counted
        int failures = zooidFailures.incrementAndGet();
        long backoff = Math.min(Duration.ofMinutes(10).toMillis(), 1_000L << Math.min(failures, 9));
        long until = System.currentTimeMillis() + backoff;
        if (until > zooidDownUntilMs + 1_000) {
            zooidDownUntilMs = until;
            log.info("zooid cannot be reached; relay subscriptions are tried again in {} s", backoff / 1000);
            // a restart takes zooid away for a second or two: the first tries come without waiting for a pass
            if (failures <= reopening.quickRetries()) loop.soon(Duration.ofMillis(backoff));
        }
    }

    @SuppressWarnings("NonAtomicVolatileUpdate") // the watch's one opener (see open)
    private void failed(RelayWatch w, RuntimeException e) {
        if (w.quickRetries > 0) {
            // just after a config write: zooid is most likely still loading the relay
            w.quickRetries--;
            w.retryAtMs = System.currentTimeMillis() + reopening.reopenDelay().toMillis();
            loop.after(reopening.reopenDelay());
            return;
        }
        long backoff = backOff(w);
        log.info(
                "relay {}: watcher cannot subscribe ({}); retrying in {} s", w.relayId, e.getMessage(), backoff / 1000);
    }

    /** Counts one more failed opening of the relay and puts its next try off: 4 s, doubling, at most 10 minutes. */
    @SuppressWarnings("NonAtomicVolatileUpdate") // called by the watch's one opener (see open)
    private static long backOff(RelayWatch w) {
        long backoff = Math.min(Duration.ofMinutes(10).toMillis(), 2_000L << Math.min(++w.failures, 8));
        w.retryAtMs = System.currentTimeMillis() + backoff;
        return backoff;
    }

    /** Connections tried since start, successful or not. */
    int attempts() {
        return attempts.get();
    }

    @Override
    public synchronized void close() {
        if (openers != null) openers.shutdownNow();
        openers = null;
    }
}
