package caravel.nostr;

import static caravel.nostr.RelayFailures.abbreviate;
import static caravel.nostr.RelayFailures.describe;
import static caravel.nostr.RelayFailures.unwrap;

import caravel.net.OutboundPolicy;
import caravel.nostr.RelayClient.Options;
import caravel.nostr.RelayClient.PublishResult;
import caravel.nostr.RelayClient.QueryEnd;
import caravel.nostr.RelayClient.Status;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One relay of a {@link RelayClient}: its WebSocket, what waits for answers on it (OKs, one-shot queries, live
 * subscriptions), and its reconnect state. A socket that fails or dies young makes the next attempt wait longer;
 * only live subscriptions bring a lost socket back without being asked. Guarded by its monitor.
 */
final class RelayConnection {
    private static final Logger log = LoggerFactory.getLogger(RelayConnection.class);
    /** Policy checks resolve DNS (blocking): never on the caller's thread or under a connection's lock. */
    private static final ExecutorService CHECKS = Executors.newVirtualThreadPerTaskExecutor();

    final String url;
    private final URI uri;
    private final ClientResources shared;
    private final Options options;
    private final Nip42Auth auth;
    private WebSocket ws;
    private CompletableFuture<Void> connecting;
    private long generation; // bumped per connection attempt; callbacks of older sockets are ignored
    private long openedAtNanos;
    private int failures;
    private long retryAtNanos;
    private String lastError;
    private CompletableFuture<?> sendChain = CompletableFuture.completedFuture(null);
    private final Map<String, List<CompletableFuture<RelayMessage.Ok>>> pendingOk = new HashMap<>();
    private final Map<String, OneShotQuery> queries = new HashMap<>();
    private final Map<String, LiveSubscription> live = new LinkedHashMap<>();
    private long lastUsedNanos = System.nanoTime();
    private boolean reconnectScheduled;
    private boolean retired;
    /** A socket was lost since the last open: the next open resumes live subscriptions after a gap. */
    private boolean lostSinceOpen;

    RelayConnection(String url, ClientResources shared) {
        this.url = url;
        this.uri = URI.create(url);
        this.shared = shared;
        this.options = shared.options();
        this.auth = new Nip42Auth(url, shared.authKeys(), shared.authTo(), options.authTimeout());
    }

    /** The largest message the relay may send, in characters (the socket's listener bounds its frames by it). */
    int maxMessageChars() {
        return options.maxMessageChars();
    }

    synchronized boolean isOpen() {
        return ws != null;
    }

    synchronized boolean idleSince(long cutoffNanos) {
        return pendingOk.isEmpty()
                && queries.isEmpty()
                && live.isEmpty()
                && connecting == null
                && lastUsedNanos < cutoffNanos;
    }

    synchronized void touch() {
        lastUsedNanos = System.nanoTime();
    }

    // ---- the socket's life

    /** Completes when the socket is open; fails at once while backing off after a failure. */
    CompletableFuture<Void> connect() {
        return connect(false);
    }

    private CompletableFuture<Void> connect(boolean scheduledRetry) {
        synchronized (this) {
            lastUsedNanos = System.nanoTime();
            if (retired) return CompletableFuture.failedFuture(new ConnectException("relay client closed"));
            if (ws != null) return CompletableFuture.completedFuture(null);
            if (connecting != null) return connecting;
            long wait = retryAtNanos - System.nanoTime();
            if (failures > 0 && wait > 0 && !scheduledRetry) {
                scheduleReconnectLocked();
                return CompletableFuture.failedFuture(new ConnectException(
                        "not connected: " + lastError + " (next attempt in " + Math.max(1, wait / 1_000_000) + " ms)"));
            }
            long gen = ++generation;
            CompletableFuture<Void> attempt = new CompletableFuture<>();
            connecting = attempt;
            SocketListener listener = new SocketListener(this, gen);
            CompletableFuture<WebSocket> build;
            try {
                build = shared.policy().allowsLocal()
                        ? open(listener)
                        : CompletableFuture.runAsync(
                                        () -> {
                                            try {
                                                shared.policy().check(uri);
                                            } catch (OutboundPolicy.Refused e) {
                                                log.info(
                                                        "relay {}: connection refused by the outbound policy: {}",
                                                        url,
                                                        e.getMessage());
                                                throw new CompletionException(e);
                                            }
                                        },
                                        CHECKS)
                                .thenCompose(v -> open(listener));
            } catch (RuntimeException e) {
                build = CompletableFuture.failedFuture(e);
            }
            build.orTimeout(options.connectTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS)
                    .whenComplete((socket, err) -> opened(gen, listener, attempt, socket, err));
            return attempt;
        }
    }

    private CompletableFuture<WebSocket> open(SocketListener listener) {
        return shared.http()
                .newWebSocketBuilder()
                .connectTimeout(options.connectTimeout())
                .buildAsync(uri, listener);
    }

    private void opened(
            long gen, SocketListener listener, CompletableFuture<Void> attempt, WebSocket socket, Throwable err) {
        List<LiveSubscription> resubscribe;
        boolean resumed;
        synchronized (this) {
            if (gen != generation) { // superseded (retired); drop this socket
                if (socket != null) socket.abort();
                attempt.completeExceptionally(new ConnectException("connection attempt abandoned"));
                return;
            }
            connecting = null;
            if (err == null && listener.dead) err = new ConnectException(listener.deadReason);
            if (err != null) {
                if (socket != null) socket.abort();
                failures++;
                lastError = describe(err);
                retryAtNanos = System.nanoTime() + shared.backoffMillis(failures) * 1_000_000;
                log.debug("relay {}: connect failed ({}), failure {}", url, lastError, failures);
                scheduleReconnectLocked();
                attempt.completeExceptionally(new ConnectException(lastError));
                return;
            }
            ws = socket;
            openedAtNanos = System.nanoTime();
            lastError = null;
            resubscribe = new ArrayList<>(live.values());
            resumed = lostSinceOpen;
            lostSinceOpen = false;
        }
        attempt.complete(null);
        for (LiveSubscription s : resubscribe) sendReq(s.id, s.filters);
        if (resumed && !resubscribe.isEmpty()) {
            log.info("relay {}: connection back, {} live subscription(s) sent again", url, resubscribe.size());
            for (LiveSubscription s : resubscribe) s.resumed();
        }
    }

    /** Only live subscriptions need the connection back without being asked. */
    private void scheduleReconnectLocked() {
        if (live.isEmpty() || reconnectScheduled || shared.clientClosed().getAsBoolean() || retired) return;
        reconnectScheduled = true;
        long delay = Math.max(0, (retryAtNanos - System.nanoTime()) / 1_000_000);
        shared.timer()
                .schedule(
                        () -> {
                            synchronized (this) {
                                reconnectScheduled = false;
                                if (live.isEmpty()) return;
                            }
                            connect(true);
                        },
                        delay,
                        TimeUnit.MILLISECONDS);
    }

    /** The socket closed or failed: everything waiting on it ends; live subscriptions wait for a reconnect. */
    void lost(long gen, String why) {
        List<CompletableFuture<RelayMessage.Ok>> oks = new ArrayList<>();
        List<OneShotQuery> shots;
        boolean hadLive;
        synchronized (this) {
            if (gen != generation || ws == null) return;
            ws.abort();
            ws = null;
            // a socket that dies soon after opening counts as another failure, so flapping relays back off
            boolean shortLived = System.nanoTime() - openedAtNanos < 10_000_000_000L;
            failures = shortLived ? failures + 1 : 1;
            lastError = why;
            retryAtNanos = System.nanoTime() + shared.backoffMillis(failures) * 1_000_000;
            pendingOk.values().forEach(oks::addAll);
            pendingOk.clear();
            shots = new ArrayList<>(queries.values());
            queries.clear();
            auth.reset();
            sendChain = CompletableFuture.completedFuture(null);
            hadLive = !live.isEmpty();
            lostSinceOpen = true;
            scheduleReconnectLocked();
        }
        // events sent while a live subscription is down are not replayed (ephemeral ones are never stored): say so
        if (hadLive) log.info("relay {}: connection lost ({}), live subscriptions wait for a reconnect", url, why);
        else log.debug("relay {}: connection lost ({})", url, why);
        for (CompletableFuture<RelayMessage.Ok> f : oks)
            f.completeExceptionally(new ConnectException("connection lost: " + why));
        for (OneShotQuery q : shots) q.finish(QueryEnd.ERROR, "connection lost: " + why);
    }

    /** Closes the socket for good (client closing, or idle). */
    void shutdown(String why) {
        WebSocket socket;
        List<CompletableFuture<RelayMessage.Ok>> oks = new ArrayList<>();
        List<OneShotQuery> shots;
        synchronized (this) {
            retired = true;
            socket = ws;
            generation++; // ignore anything the old socket still reports
            ws = null;
            connecting = null;
            pendingOk.values().forEach(oks::addAll);
            pendingOk.clear();
            shots = new ArrayList<>(queries.values());
            queries.clear();
            live.clear();
        }
        if (socket != null) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "")
                    .orTimeout(1, TimeUnit.SECONDS)
                    .whenComplete((w, e) -> socket.abort());
        }
        for (CompletableFuture<RelayMessage.Ok> f : oks) f.completeExceptionally(new ConnectException(why));
        for (OneShotQuery q : shots) q.finish(QueryEnd.ERROR, why);
    }

    private CompletableFuture<?> send(String text) {
        synchronized (this) {
            WebSocket socket = ws;
            if (socket == null) return CompletableFuture.failedFuture(new ConnectException("not connected"));
            long gen = generation;
            lastUsedNanos = System.nanoTime();
            // java.net.http allows one outstanding send per socket: chain them.
            CompletableFuture<?> next = sendChain.handle((v, e) -> null).thenCompose(v -> socket.sendText(text, true));
            sendChain = next;
            next.whenComplete((v, err) -> {
                if (err != null) lost(gen, "send failed: " + describe(err));
            });
            return next;
        }
    }

    // ---- publishing

    CompletableFuture<PublishResult> publish(Event event) {
        return connect()
                .thenCompose(v -> sendAndAwaitOk(event, ClientMessage.event(event)))
                .thenCompose(reply -> {
                    if (!reply.accepted() && reply.message().startsWith("auth-required:") && auth.allowed())
                        return authenticate().thenCompose(v -> sendAndAwaitOk(event, ClientMessage.event(event)));
                    return CompletableFuture.completedFuture(reply);
                })
                .handle((reply, err) -> {
                    touch();
                    if (err == null) {
                        boolean ok = reply.accepted() || reply.message().startsWith("duplicate:");
                        return new PublishResult(url, ok ? Status.OK : Status.REJECTED, reply.message());
                    }
                    Throwable t = unwrap(err);
                    if (t instanceof TimeoutException) return new PublishResult(url, Status.TIMEOUT, t.getMessage());
                    if (t instanceof Nip42Auth.Failed) return new PublishResult(url, Status.REJECTED, t.getMessage());
                    return new PublishResult(url, Status.CONNECTION_ERROR, describe(t));
                });
    }

    /** Sends {@code frame} (the EVENT or AUTH carrying {@code event}) and waits for the relay's OK for that id. */
    @SuppressWarnings("ReferenceEquality") // removes this very future from the waiting list, not an equal one
    private CompletableFuture<RelayMessage.Ok> sendAndAwaitOk(Event event, String frame) {
        CompletableFuture<RelayMessage.Ok> reply = new CompletableFuture<>();
        synchronized (this) {
            pendingOk.computeIfAbsent(event.id(), k -> new ArrayList<>()).add(reply);
        }
        reply.whenComplete((r, e) -> {
            synchronized (this) {
                List<CompletableFuture<RelayMessage.Ok>> l = pendingOk.get(event.id());
                if (l != null) {
                    l.removeIf(f -> f == reply);
                    if (l.isEmpty()) pendingOk.remove(event.id());
                }
            }
        });
        long ms = options.okTimeout().toMillis();
        shared.timeout(
                reply, ms, () -> reply.completeExceptionally(new TimeoutException("no OK within " + ms + " ms")));
        send(frame).whenComplete((v, err) -> {
            if (err != null) reply.completeExceptionally(unwrap(err));
        });
        return reply;
    }

    private CompletableFuture<Void> authenticate() {
        return auth.authenticate(authEvent -> sendAndAwaitOk(authEvent, ClientMessage.auth(authEvent)));
    }

    // ---- queries and subscriptions

    CompletableFuture<OneShotQuery> query(List<Filter> filters, Duration timeout) {
        OneShotQuery q = new OneShotQuery(filters, options.maxEventsPerQuery());
        String subId = shared.nextSubId("q");
        q.done.whenComplete((r, e) -> {
            synchronized (this) {
                queries.remove(subId);
            }
            touch();
        });
        shared.timeout(q.done, timeout.toMillis(), () -> {
            if (q.finish(QueryEnd.TIMEOUT, "no EOSE within " + timeout.toMillis() + " ms")) sendClose(subId);
        });
        connect().whenComplete((v, err) -> {
            if (err != null) {
                q.finish(QueryEnd.ERROR, describe(err));
                return;
            }
            synchronized (this) {
                if (q.done.isDone()) return;
                queries.put(subId, q);
            }
            sendReq(subId, filters);
        });
        return q.done;
    }

    private void sendReq(String subId, List<Filter> filters) {
        send(ClientMessage.req(subId, filters)).whenComplete((v, err) -> {
            if (err == null) return;
            OneShotQuery q;
            synchronized (this) {
                q = queries.get(subId);
            }
            if (q != null) q.finish(QueryEnd.ERROR, describe(err));
        });
    }

    private void sendClose(String subId) {
        synchronized (this) {
            if (ws == null) return;
        }
        send(ClientMessage.close(subId));
    }

    void addLive(LiveSubscription s) {
        boolean open;
        synchronized (this) {
            live.put(s.id, s);
            open = ws != null;
        }
        if (open) sendReq(s.id, s.filters);
        else connect(); // opened() sends the REQ of every live subscription
    }

    void removeLive(LiveSubscription s) {
        synchronized (this) {
            if (live.remove(s.id) == null) return;
        }
        sendClose(s.id);
    }

    // ---- incoming

    void onMessage(String text) {
        switch (RelayMessage.parse(text)) {
            case RelayMessage.EventMessage m -> onEvent(m.subscription(), m.event(), text.length());
            case RelayMessage.Ok m -> onOk(m);
            case RelayMessage.Eose m -> onEose(m.subscription());
            case RelayMessage.Closed m -> onClosed(m.subscription(), m.message());
            case RelayMessage.Notice m -> log.debug("relay {} NOTICE: {}", url, abbreviate(m.message()));
            case RelayMessage.Auth m -> auth.onChallenge(m.challenge());
            case RelayMessage.Unknown m -> log.debug("relay {}: unknown message type {}", url, abbreviate(m.type()));
            case RelayMessage.Malformed m -> log.debug("relay {}: ignoring a malformed message ({})", url, m.reason());
        }
    }

    private void onEvent(String subId, Event e, int chars) {
        OneShotQuery q;
        LiveSubscription s;
        synchronized (this) {
            q = queries.get(subId);
            s = live.get(subId);
        }
        List<Filter> filters = q != null ? q.filters : s != null ? s.filters : null;
        if (filters == null) return;
        if (q != null && q.charge(chars) > options.maxBytesPerQuery()) {
            log.info("relay {}: query {} cut off after {} characters", url, subId, options.maxBytesPerQuery());
            if (q.finish(
                    QueryEnd.ERROR, "the relay sent more than " + options.maxBytesPerQuery() + " characters of events"))
                sendClose(subId);
            return;
        }
        // a relay's word is not enough: the event must be genuine and be what we asked for
        if (!Filter.matchesAny(filters, e) || !e.verify()) {
            log.debug("relay {}: dropped an event that is invalid or does not match the filters", url);
            return;
        }
        if (q != null) {
            if (q.add(e)) {
                // all that was asked for (EOSE in effect), or the cap: either way the relay is told to stop
                boolean ok = q.wantedByFilters;
                if (!ok) log.info("relay {}: query {} cut off after {} events", url, subId, q.wanted);
                if (q.finish(
                        ok ? QueryEnd.EOSE : QueryEnd.ERROR,
                        ok ? null : "the relay sent more than " + q.wanted + " events")) sendClose(subId);
            }
        } else {
            s.deliver(e);
        }
    }

    private void onOk(RelayMessage.Ok reply) {
        List<CompletableFuture<RelayMessage.Ok>> waiting;
        synchronized (this) {
            List<CompletableFuture<RelayMessage.Ok>> l = pendingOk.get(reply.eventId());
            waiting = l == null ? List.of() : List.copyOf(l);
        }
        for (CompletableFuture<RelayMessage.Ok> f : waiting) f.complete(reply);
    }

    private void onEose(String subId) {
        OneShotQuery q;
        synchronized (this) {
            q = queries.get(subId);
        }
        if (q != null && q.finish(QueryEnd.EOSE, null)) sendClose(subId);
    }

    private void onClosed(String subId, String message) {
        OneShotQuery q;
        LiveSubscription s;
        synchronized (this) {
            q = queries.get(subId);
            s = live.get(subId);
        }
        boolean canAuth = message.startsWith("auth-required:") && auth.allowed();
        if (q != null) {
            if (!canAuth || !q.claimAuthRetry()) {
                q.finish(QueryEnd.CLOSED, message);
                return;
            }
            authenticate().whenComplete((v, err) -> {
                if (err != null) q.finish(QueryEnd.CLOSED, describe(err));
                else sendReq(subId, q.filters);
            });
        } else if (s != null) {
            if (canAuth) authenticate().thenRun(() -> sendReq(subId, s.filters));
            else log.info("relay {} closed subscription {}: {}", url, subId, abbreviate(message));
        }
    }
}
