package caravel.relayaccess;

import caravel.nostr.ClientMessage;
import caravel.nostr.Event;
import caravel.nostr.Filter;
import caravel.nostr.Nip42Auth;
import caravel.nostr.RelayMessage;
import caravel.zooid.ReloadWindow;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One NIP-01 connection to a hosted relay, authenticated (NIP-42) as the relay's own key — exactly what a Nostr
 * client logged in with that key does. Unlike the robot's {@code RelayClient}, the socket may travel to another
 * address than the relay's URL (ZOOID_RELAY_ORIGIN, with the relay's Host header) while AUTH names the relay's own
 * URL, which is what zooid checks.
 *
 * <p>Reads apply back-pressure: a query hands events to its caller through a small bounded queue and the socket
 * asks for the next frame only once the previous one was taken, so streaming a large relay holds a constant number
 * of events in memory however slow the reader is.
 */
public final class RelaySocket implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RelaySocket.class);
    private static final int MAX_MESSAGE_CHARS = 4 << 20;
    private static final Object EOSE = new Object();
    private static final AtomicLong SUB_IDS = new AtomicLong();

    /** How a query ended: normally at EOSE, or with the relay's CLOSED reason. */
    public record End(boolean eose, String closedReason) {}

    private final RelayAccess.Target target;
    private final Map<String, Sub> subs = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<RelayMessage.Ok>> oks = new ConcurrentHashMap<>();
    private final CompletableFuture<String> challenge = new CompletableFuture<>();
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    private volatile WebSocket ws;
    private volatile long lastPongMs = System.currentTimeMillis();
    /** When the last keep-alive ping went out (0: none yet). */
    private volatile long lastPingMs;

    private CompletableFuture<?> sendChain = CompletableFuture.completedFuture(null);

    private RelaySocket(RelayAccess.Target target) {
        this.target = target;
    }

    /**
     * Connects and authenticates as the relay's key, asking again through zooid's moment of not serving a relay after
     * a write of its config ({@link ReloadWindow}) when the relay should be served.
     *
     * @throws RelayUnavailable when the relay cannot be reached, is not served, or refuses the AUTH
     */
    public static RelaySocket open(HttpClient http, RelayAccess.Target target, Duration timeout) {
        return ReloadWindow.retry(target.expectServed(), NotServed.class, () -> openOnce(http, target, timeout));
    }

    private static RelaySocket openOnce(HttpClient http, RelayAccess.Target target, Duration timeout) {
        RelaySocket s = new RelaySocket(target);
        WebSocket.Builder b = http.newWebSocketBuilder().connectTimeout(timeout);
        target.hostHeader().ifPresent(h -> b.header("Host", h));
        try {
            s.ws = b.buildAsync(target.wsUri(), s.new Listener()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            Throwable t = e.getCause() == null ? e : e.getCause();
            log.info("relay {}: cannot open a socket: {}", target.relayId(), t.toString());
            if (t instanceof java.net.http.WebSocketHandshakeException)
                throw new NotServed("zooid is not serving this relay right now");
            throw new ZooidUnreachable("the relay cannot be reached right now");
        }
        try {
            s.authenticate(timeout);
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    private void authenticate(Duration timeout) {
        String ch;
        try {
            ch = challenge.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new RelayUnavailable("the relay sent no NIP-42 challenge");
        }
        Event auth = Nip42Auth.answer(target.keys(), target.url(), ch, System.currentTimeMillis() / 1000);
        RelayMessage.Ok ok = sendAndAwaitOk(auth, ClientMessage.auth(auth), timeout);
        if (!ok.accepted())
            throw new RelayUnavailable("the relay refused Caravel's sign-in as the relay key: " + ok.message());
    }

    /** Publishes an event and returns the relay's OK. */
    public RelayMessage.Ok publish(Event e, Duration timeout) {
        return sendAndAwaitOk(e, ClientMessage.event(e), timeout);
    }

    /**
     * Publishes several events at once and returns each one's OK message in order (null where the relay did not
     * answer in time). Sending them all before waiting saves a round trip per event.
     *
     * @throws RelayUnavailable when the connection ends before every answer came
     */
    public List<RelayMessage.Ok> publishAll(List<Event> events, Duration timeout) {
        List<CompletableFuture<RelayMessage.Ok>> futures = new ArrayList<>(events.size());
        for (Event e : events) {
            CompletableFuture<RelayMessage.Ok> f = new CompletableFuture<>();
            oks.put(e.id(), f);
            futures.add(f);
        }
        try {
            for (Event e : events) send(ClientMessage.event(e));
            long deadline = System.nanoTime() + timeout.toNanos();
            List<RelayMessage.Ok> out = new ArrayList<>(events.size());
            for (CompletableFuture<RelayMessage.Ok> f : futures) {
                long left = Math.max(0, deadline - System.nanoTime());
                try {
                    out.add(f.get(left, TimeUnit.NANOSECONDS));
                } catch (java.util.concurrent.TimeoutException ex) {
                    if (closed.isDone())
                        throw new RelayUnavailable("the relay closed the connection: " + closed.getNow(""));
                    out.add(null);
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw new RelayUnavailable("interrupted");
                } catch (java.util.concurrent.ExecutionException ex) {
                    Throwable cause = ex.getCause() == null ? ex : ex.getCause();
                    throw new RelayUnavailable(String.valueOf(cause.getMessage()));
                }
            }
            return out;
        } finally {
            for (Event e : events) oks.remove(e.id());
        }
    }

    /** Sends {@code frame} (the EVENT or AUTH carrying {@code e}) and waits for the relay's OK for that id. */
    private RelayMessage.Ok sendAndAwaitOk(Event e, String frame, Duration timeout) {
        CompletableFuture<RelayMessage.Ok> f = new CompletableFuture<>();
        oks.put(e.id(), f);
        try {
            send(frame);
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException ex) {
            throw new RelayUnavailable("the relay did not answer in time");
        } catch (Exception ex) {
            throw new RelayUnavailable("the relay connection failed: " + ex.getMessage());
        } finally {
            oks.remove(e.id());
        }
    }

    /** Every stored event matching the filters (up to the relay's own cap), newest first as the relay sent them. */
    public List<Event> query(List<Filter> filters, Duration timeout) {
        List<Event> out = new ArrayList<>();
        End end = stream(
                filters,
                e -> {
                    out.add(e);
                    return true;
                },
                timeout);
        if (!end.eose()) throw new RelayRefused(end.closedReason());
        return out;
    }

    /**
     * Hands each stored matching event to {@code onEvent} on this thread until EOSE, CLOSED or {@code onEvent}
     * returning false. {@code timeout} bounds the wait for each next message, not the whole stream.
     */
    public End stream(List<Filter> filters, Predicate<Event> onEvent, Duration timeout) {
        String id = "q" + SUB_IDS.incrementAndGet();
        Sub sub = new Sub(filters, null, new ArrayBlockingQueue<>(64), null);
        subs.put(id, sub);
        try {
            sendReq(id, filters);
            while (true) {
                Object item;
                try {
                    item = sub.queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new RelayUnavailable("interrupted");
                }
                if (item == null) {
                    if (closed.isDone())
                        throw new RelayUnavailable("the relay closed the connection: " + closed.getNow(""));
                    throw new RelayUnavailable("the relay did not finish answering in time");
                }
                if (item == EOSE) return new End(true, null);
                if (item instanceof End end) return end;
                if (!onEvent.test((Event) item)) return new End(true, null);
            }
        } finally {
            subs.remove(id);
            if (!closed.isDone()) send(ClientMessage.close(id));
        }
    }

    /** A live subscription: stored and new events go to {@code onEvent} on the socket's thread (keep it quick). */
    public String subscribe(List<Filter> filters, Consumer<Event> onEvent) {
        String id = "live" + SUB_IDS.incrementAndGet();
        subs.put(id, new Sub(filters, onEvent, null, null));
        sendReq(id, filters);
        return id;
    }

    /**
     * The stored events matching the filters (at most {@code max}, the rest dropped), handed over at EOSE without a
     * thread waiting for them: the events are collected on the socket's reader thread and the future completes there
     * (keep what follows it quick). Their signatures are NOT checked here, to spare a check per event when the caller
     * only compares ids with events it already holds: verify any event before acting on it. It fails with {@link RelayRefused} on CLOSED, and with {@link RelayUnavailable} when
     * the connection ends or no EOSE came within {@code timeout}.
     */
    public CompletableFuture<List<Event>> fetch(List<Filter> filters, int max, Duration timeout) {
        String id = "f" + SUB_IDS.incrementAndGet();
        Fetch f = new Fetch(new ArrayList<>(), max, new CompletableFuture<>());
        subs.put(id, new Sub(filters, null, null, f));
        f.done().whenComplete((v, e) -> {
            // ended by EOSE, CLOSED, a timeout or the connection: the subscription is not kept either way
            if (subs.remove(id) != null && !closed.isDone() && !(e instanceof RelayRefused))
                send(ClientMessage.close(id));
        });
        f.done().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (closed.isDone()) f.done().completeExceptionally(new RelayUnavailable("the connection is closed"));
        else sendReq(id, filters);
        return f.done()
                .exceptionallyCompose(e -> CompletableFuture.failedFuture(
                        e instanceof java.util.concurrent.TimeoutException
                                ? new RelayUnavailable("the relay did not finish answering in time")
                                : e));
    }

    /** A {@link #fetch}'s events so far, bounded, and its end. */
    private record Fetch(List<Event> events, int max, CompletableFuture<List<Event>> done) {}

    /** Completes with a reason when the connection ends (for watchers that reconnect). */
    public CompletableFuture<String> closedFuture() {
        return closed;
    }

    public boolean isOpen() {
        return !closed.isDone();
    }

    /**
     * A WebSocket ping (keep-alive for long-lived subscriptions), sent only when the last one went out at least
     * {@code gap} ago: the watcher's pass that calls this also runs whenever a relay becomes active, and a ping of every
     * socket at each of those cost Caravel and the node a ping per watched socket for every relay created. Returns
     * false, and closes the socket, when the previous pings went unanswered for longer than {@code deadAfter}: a
     * connection whose peer vanished without closing it (a half-open TCP connection) would otherwise look open forever.
     */
    public boolean ping(java.time.Duration deadAfter, java.time.Duration gap) {
        if (closed.isDone()) return false;
        long now = System.currentTimeMillis();
        if (now - lastPongMs > deadAfter.toMillis()) {
            log.info("relay {}: no pong for {} s, closing", target.relayId(), deadAfter.toSeconds());
            close();
            return false;
        }
        if (now - lastPingMs < gap.toMillis()) return true;
        lastPingMs = now;
        WebSocket socket = ws;
        if (socket != null)
            socket.sendPing(java.nio.ByteBuffer.allocate(0)).exceptionally(e -> {
                closed.complete("ping failed: " + e.getMessage());
                return null;
            });
        return true;
    }

    /** When the relay last answered a ping (or the socket opened): the socket is known to have worked until then. */
    public long lastPongMs() {
        return lastPongMs;
    }

    /** The relay's own pubkey (the key this socket signed in with; it signs 8000/8001/13534). */
    public String relayPubkey() {
        return target.pubkey();
    }

    private void sendReq(String id, List<Filter> filters) {
        send(ClientMessage.req(id, filters));
    }

    private synchronized void send(String text) {
        WebSocket socket = ws;
        if (socket == null) return;
        // java.net.http allows one outstanding send per socket: chain them
        sendChain = sendChain.handle((v, e) -> null).thenCompose(v -> socket.sendText(text, true));
        sendChain.whenComplete((v, e) -> {
            if (e != null) closed.complete("send failed: " + e.getMessage());
        });
    }

    @Override
    public void close() {
        WebSocket socket = ws;
        closed.complete("closed by Caravel");
        if (socket != null)
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "")
                    .orTimeout(1, TimeUnit.SECONDS)
                    .whenComplete((w, e) -> socket.abort());
        for (Sub s : subs.values()) {
            if (s.queue != null) s.queue.offer(new End(false, "connection closed"));
            if (s.fetch != null) s.fetch.done().completeExceptionally(new RelayUnavailable("connection closed"));
        }
    }

    private record Sub(List<Filter> filters, Consumer<Event> live, BlockingQueue<Object> queue, Fetch fetch) {}

    /** Routes one frame; blocks while a query's reader is behind (that is the back-pressure). */
    private void onMessage(String text) throws InterruptedException {
        switch (RelayMessage.parse(text)) {
            case RelayMessage.Auth m -> challenge.complete(m.challenge());
            case RelayMessage.Ok m -> {
                CompletableFuture<RelayMessage.Ok> f = oks.get(m.eventId());
                if (f != null) f.complete(m);
            }
            case RelayMessage.EventMessage m -> onEvent(m.subscription(), m.event());
            case RelayMessage.Eose m -> {
                Sub s = subs.get(m.subscription());
                if (s != null && s.fetch() != null)
                    s.fetch().done().complete(List.copyOf(s.fetch().events()));
                else if (s != null && s.queue() != null) hand(m.subscription(), s, EOSE);
            }
            case RelayMessage.Closed m -> onClosed(m.subscription(), m.message());
            // nothing here answers a NOTICE or a type it does not read, and a malformed frame cannot be routed
            case RelayMessage.Notice m -> {}
            case RelayMessage.Unknown m -> {}
            case RelayMessage.Malformed m -> {}
        }
    }

    private void onEvent(String id, Event e) throws InterruptedException {
        Sub s = subs.get(id);
        if (s == null) return;
        if (!Filter.matchesAny(s.filters(), e)) return;
        if (s.fetch() != null) {
            // unverified (see fetch); only the reader thread adds, and only before EOSE completes the fetch
            if (s.fetch().events().size() < s.fetch().max()) s.fetch().events().add(e);
            return;
        }
        // the relay's word is not enough: only genuine events
        if (!e.verify()) return;
        if (s.live() != null) {
            try {
                s.live().accept(e);
            } catch (RuntimeException ex) {
                log.warn("relay {}: subscription handler failed: {}", target.relayId(), ex.toString());
            }
        } else {
            hand(id, s, e);
        }
    }

    private void onClosed(String id, String message) throws InterruptedException {
        Sub s = subs.get(id);
        if (s == null) return;
        if (s.fetch() != null) s.fetch().done().completeExceptionally(new RelayRefused(message));
        else if (s.queue() != null) hand(id, s, new End(false, message));
        else {
            log.info("relay {} closed a live subscription: {}", target.relayId(), message);
            closed.complete("subscription closed: " + message);
        }
    }

    /**
     * Waits while the query's reader is behind (the back-pressure), but gives up once the reader has gone (the
     * query ended, e.g. because the export's client disconnected) or the socket closed, so this thread never hangs.
     */
    private void hand(String id, Sub s, Object item) throws InterruptedException {
        while (!s.queue().offer(item, 500, TimeUnit.MILLISECONDS))
            if (closed.isDone() || !s.equals(subs.get(id)))
                return; // superseded by a new subscription under the same id
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder buffer = new StringBuilder();

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            buffer.append(data);
            if (buffer.length() > MAX_MESSAGE_CHARS) {
                webSocket.abort();
                closed.complete("message too large");
                return null;
            }
            if (last) {
                String text = buffer.toString();
                buffer.setLength(0);
                try {
                    onMessage(text);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                } catch (RuntimeException e) {
                    log.warn("relay {}: error handling a message: {}", target.relayId(), e.toString());
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, java.nio.ByteBuffer message) {
            lastPongMs = System.currentTimeMillis();
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            ended("closed by relay (" + statusCode + ")");
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            ended(String.valueOf(error.getMessage()));
        }

        private void ended(String why) {
            closed.complete(why);
            for (CompletableFuture<RelayMessage.Ok> f : oks.values())
                f.completeExceptionally(new RelayUnavailable("the relay closed the connection: " + why));
            for (Sub s : subs.values()) {
                if (s.queue() != null) s.queue().offer(new End(false, "connection lost: " + why));
                if (s.fetch() != null)
                    s.fetch().done().completeExceptionally(new RelayUnavailable("connection lost: " + why));
            }
        }
    }

    /** The relay could not be reached or would not let Caravel in; shown to people as a sentence. */
    public static class RelayUnavailable extends RuntimeException {
        public RelayUnavailable(String message) {
            super(message, null, false, false);
        }
    }

    /** zooid answered, but does not serve the relay (inactive, or a config it has not loaded, e.g. just rewritten). */
    public static final class NotServed extends RelayUnavailable {
        public NotServed(String message) {
            super(message);
        }
    }

    /** No connection at all (refused, timed out): zooid's server, which serves every relay, is down or unreachable. */
    public static final class ZooidUnreachable extends RelayUnavailable {
        public ZooidUnreachable(String message) {
            super(message);
        }
    }

    /** The relay answered a request with CLOSED (e.g. "restricted: ..."). */
    public static final class RelayRefused extends RuntimeException {
        public RelayRefused(String message) {
            super(message, null, false, false);
        }
    }
}
