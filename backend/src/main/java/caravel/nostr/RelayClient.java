package caravel.nostr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A NIP-01 client for many relays over java.net.http WebSockets: one connection per relay, opened on demand,
 * reused, closed when idle, re-opened with exponential backoff after failures (and at once re-subscribed for
 * live subscriptions). Answers NIP-42 AUTH when a relay refuses something with {@code auth-required:} and this
 * client has keys: it signs a kind 22242 event for the relay's challenge, then retries what was refused once.
 *
 * <p>Everything is asynchronous; results carry per-relay outcomes and never throw for relay problems. Events
 * received in queries are signature-checked, filter-checked and deduplicated by id.
 */
public final class RelayClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RelayClient.class);
    public static final int AUTH_KIND = 22242;

    /**
     * @param maxEventsPerQuery a one-shot query ends after this many events even when its filters set no limit (a
     *                          relay can stream without end); a filter's own limits end it sooner
     * @param maxBytesPerQuery  a one-shot query ends once the relay sent this many characters of events for it
     */
    public record Options(Duration connectTimeout, Duration okTimeout, Duration eoseTimeout, Duration authTimeout,
                          Duration reconnectBase, Duration reconnectMax, Duration idleTimeout, int maxMessageChars,
                          int maxEventsPerQuery, long maxBytesPerQuery) {
        public static Options defaults() {
            return new Options(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(5),
                    Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(60), 4 << 20, 1000, 4L << 20);
        }

        public Options withOkTimeout(Duration d) { return new Options(connectTimeout, d, eoseTimeout, authTimeout, reconnectBase, reconnectMax, idleTimeout, maxMessageChars, maxEventsPerQuery, maxBytesPerQuery); }

        public Options withEoseTimeout(Duration d) { return new Options(connectTimeout, okTimeout, d, authTimeout, reconnectBase, reconnectMax, idleTimeout, maxMessageChars, maxEventsPerQuery, maxBytesPerQuery); }

        public Options withReconnect(Duration base, Duration max) { return new Options(connectTimeout, okTimeout, eoseTimeout, authTimeout, base, max, idleTimeout, maxMessageChars, maxEventsPerQuery, maxBytesPerQuery); }

        public Options withConnectTimeout(Duration d) { return new Options(d, okTimeout, eoseTimeout, authTimeout, reconnectBase, reconnectMax, idleTimeout, maxMessageChars, maxEventsPerQuery, maxBytesPerQuery); }

        public Options withIdleTimeout(Duration d) { return new Options(connectTimeout, okTimeout, eoseTimeout, authTimeout, reconnectBase, reconnectMax, d, maxMessageChars, maxEventsPerQuery, maxBytesPerQuery); }

        public Options withQueryCaps(int events, long bytes) { return new Options(connectTimeout, okTimeout, eoseTimeout, authTimeout, reconnectBase, reconnectMax, idleTimeout, maxMessageChars, events, bytes); }
    }

    public enum Status { OK, REJECTED, TIMEOUT, CONNECTION_ERROR }

    /** One relay's answer to a published event. */
    public record PublishResult(String relay, Status status, String message) {
        public boolean ok() { return status == Status.OK; }

        /** e.g. "wss://a: rejected (blocked: spam)". */
        public String describe() {
            String what = switch (status) {
                case OK -> "ok";
                case REJECTED -> "rejected";
                case TIMEOUT -> "timeout";
                case CONNECTION_ERROR -> "connection error";
            };
            return relay + ": " + what + (message == null || message.isEmpty() ? "" : " (" + message + ")");
        }
    }

    /** How a query ended on one relay. */
    public enum QueryEnd { EOSE, TIMEOUT, CLOSED, ERROR }

    public record RelayQueryStatus(QueryEnd end, String message) {}

    /** Verified, deduplicated events (newest first) and how the query ended on each relay. */
    public record QueryResult(List<Event> events, Map<String, RelayQueryStatus> relays) {
        /** True when at least one relay sent all of its stored events (EOSE). */
        public boolean anyComplete() { return relays.values().stream().anyMatch(s -> s.end() == QueryEnd.EOSE); }

        public boolean complete(String relay) {
            RelayQueryStatus s = relays.get(relay);
            return s != null && s.end() == QueryEnd.EOSE;
        }

        public String describe() {
            List<String> parts = new ArrayList<>();
            relays.forEach((r, s) -> parts.add(r + ": " + s.end().name().toLowerCase() + (s.message() == null ? "" : " (" + s.message() + ")")));
            return String.join("; ", parts);
        }
    }

    private final Keys authKeys;
    private final Options options;
    private final caravel.net.OutboundPolicy policy;
    private final java.util.function.Predicate<String> authTo;
    /** Policy checks resolve DNS (blocking): never on the caller's thread or under a connection's lock. */
    private static final java.util.concurrent.ExecutorService CHECKS = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient http;
    private final ScheduledExecutorService timer;
    private final Map<String, Connection> connections = new ConcurrentHashMap<>();
    private final AtomicLong subCounter = new AtomicLong();
    private volatile boolean closed;

    /** @param authKeys keys for NIP-42 AUTH, or null to never authenticate. */
    public RelayClient(Keys authKeys, Options options) {
        this(authKeys, options, caravel.net.OutboundPolicy.unrestricted(), url -> true);
    }

    /**
     * @param policy where this client may connect (checked at each connection attempt)
     * @param authTo relays this client answers NIP-42 AUTH for: a relay can pass on another relay's challenge, so a
     *               platform identity should authenticate only to relays it chose itself
     */
    public RelayClient(Keys authKeys, Options options, caravel.net.OutboundPolicy policy, java.util.function.Predicate<String> authTo) {
        this.authKeys = authKeys;
        this.options = options;
        this.policy = policy;
        this.authTo = authTo;
        this.http = HttpClient.newBuilder().connectTimeout(options.connectTimeout()).build();
        java.util.concurrent.ScheduledThreadPoolExecutor stpe = new java.util.concurrent.ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "relay-client-timer");
            t.setDaemon(true);
            return t;
        });
        stpe.setRemoveOnCancelPolicy(true); // timeouts are cancelled when answers arrive; don't keep them queued
        this.timer = stpe;
        long sweep = Math.max(1000, options.idleTimeout().toMillis() / 2);
        timer.scheduleWithFixedDelay(this::closeIdle, sweep, sweep, TimeUnit.MILLISECONDS);
    }

    public Options options() { return options; }

    // ------------------------------------------------------------------------------------------------ public API

    /** Publishes one event to every relay; completes when each relay answered, timed out or failed. */
    public CompletableFuture<Map<String, PublishResult>> publish(Event event, Collection<String> relays) {
        Map<String, CompletableFuture<PublishResult>> perRelay = new LinkedHashMap<>();
        for (String raw : relays) {
            String url;
            try {
                url = RelayUrls.normalize(raw);
            } catch (IllegalArgumentException e) {
                perRelay.put(raw, CompletableFuture.completedFuture(new PublishResult(raw, Status.CONNECTION_ERROR, e.getMessage())));
                continue;
            }
            if (!perRelay.containsKey(url)) perRelay.put(url, connection(url).publish(event));
        }
        return CompletableFuture.allOf(perRelay.values().toArray(CompletableFuture[]::new)).thenApply(v -> {
            Map<String, PublishResult> out = new LinkedHashMap<>();
            perRelay.forEach((url, f) -> out.put(url, f.join()));
            return out;
        });
    }

    /** Fetches stored events: ends per relay on EOSE, CLOSED, error or the default EOSE timeout. */
    public CompletableFuture<QueryResult> query(Collection<String> relays, List<Filter> filters) {
        return query(relays, filters, options.eoseTimeout());
    }

    public CompletableFuture<QueryResult> query(Collection<String> relays, List<Filter> filters, Duration timeout) {
        if (filters.isEmpty()) throw new IllegalArgumentException("a query needs at least one filter");
        Map<String, CompletableFuture<OneShot>> perRelay = new LinkedHashMap<>();
        for (String raw : relays) {
            String url;
            try {
                url = RelayUrls.normalize(raw);
            } catch (IllegalArgumentException e) {
                OneShot failed = new OneShot(filters, options.maxEventsPerQuery());
                failed.finish(QueryEnd.ERROR, e.getMessage());
                perRelay.put(raw, CompletableFuture.completedFuture(failed));
                continue;
            }
            if (!perRelay.containsKey(url)) perRelay.put(url, connection(url).query(filters, timeout));
        }
        return CompletableFuture.allOf(perRelay.values().toArray(CompletableFuture[]::new)).thenApply(v -> {
            Map<String, Event> byId = new LinkedHashMap<>();
            Map<String, RelayQueryStatus> statuses = new LinkedHashMap<>();
            perRelay.forEach((url, f) -> {
                OneShot q = f.join();
                synchronized (q) {
                    for (Event e : q.events) byId.putIfAbsent(e.id(), e);
                }
                statuses.put(url, new RelayQueryStatus(q.end, q.endMessage));
            });
            List<Event> events = new ArrayList<>(byId.values());
            events.sort((a, b) -> a.createdAt() != b.createdAt() ? Long.compare(b.createdAt(), a.createdAt()) : a.id().compareTo(b.id()));
            return new QueryResult(List.copyOf(events), statuses);
        });
    }

    /**
     * A live subscription on every relay: stored and new events go to {@code onEvent} (each id once), and the REQ
     * is sent again whenever a connection comes back. Close it to stop.
     */
    public LiveSubscription subscribe(Collection<String> relays, List<Filter> filters, Consumer<Event> onEvent) {
        if (filters.isEmpty()) throw new IllegalArgumentException("a subscription needs at least one filter");
        LiveSubscription sub = new LiveSubscription(nextSubId("live"), filters, onEvent);
        for (String raw : relays) {
            String url = RelayUrls.normalize(raw);
            Connection c = connection(url);
            sub.connections.add(c);
            c.addLive(sub);
        }
        return sub;
    }

    /** True while a WebSocket to the relay is open (for tests and health views). */
    public boolean isConnected(String relay) {
        Connection c = connections.get(RelayUrls.normalize(relay));
        return c != null && c.isOpen();
    }

    @Override public void close() {
        closed = true;
        for (Connection c : connections.values()) c.shutdown("client closed");
        connections.clear();
        timer.shutdownNow();
        http.shutdownNow();
    }

    // ------------------------------------------------------------------------------------------------ internals

    /** The relay's connection, marked used in the same atomic step so the idle sweeper cannot retire it meanwhile. */
    private Connection connection(String url) {
        if (closed) throw new IllegalStateException("relay client is closed");
        return connections.compute(url, (k, c) -> {
            Connection conn = c == null ? new Connection(k) : c;
            conn.touch();
            return conn;
        });
    }

    private String nextSubId(String prefix) {
        return prefix + "-" + Long.toString(subCounter.incrementAndGet(), 36) + "-" + Long.toString(ThreadLocalRandom.current().nextLong() & 0xffffffffL, 36);
    }

    private void closeIdle() {
        long cutoff = System.nanoTime() - options.idleTimeout().toNanos();
        for (String url : List.copyOf(connections.keySet())) {
            Connection[] retired = new Connection[1];
            connections.computeIfPresent(url, (k, c) -> {
                if (!c.idleSince(cutoff)) return c;
                retired[0] = c;
                return null;
            });
            if (retired[0] != null) retired[0].shutdown("idle");
        }
    }

    /** Runs {@code action} after {@code ms} unless {@code until} completes first. */
    private void timeout(CompletableFuture<?> until, long ms, Runnable action) {
        java.util.concurrent.ScheduledFuture<?> f = timer.schedule(action, ms, TimeUnit.MILLISECONDS);
        until.whenComplete((v, e) -> f.cancel(false));
    }

    private long backoffMillis(int failures) {
        double exp = options.reconnectBase().toMillis() * Math.pow(2, Math.max(0, failures - 1));
        double capped = Math.min(exp, options.reconnectMax().toMillis());
        return (long) (capped * ThreadLocalRandom.current().nextDouble(0.8, 1.2));
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) t = t.getCause();
        return t;
    }

    private static String describe(Throwable t) {
        t = unwrap(t);
        String m = t.getMessage();
        if (t instanceof java.net.ConnectException) return m == null || m.isBlank() ? "connection refused" : m;
        if (t instanceof java.net.http.HttpTimeoutException || t instanceof TimeoutException) return "connect timed out";
        if (t instanceof java.net.http.WebSocketHandshakeException) return "WebSocket handshake refused";
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }

    /** Reply to an EVENT or AUTH: the relay's OK. */
    private record OkReply(boolean accepted, String message) {}

    /**
     * A one-shot query on one relay. Guarded by its own monitor. It ends by itself once it holds what the filters'
     * limits ask for (a relay that ignores limit would otherwise stream forever), and never holds more than the
     * client's caps.
     */
    private static final class OneShot {
        final List<Filter> filters;
        final List<Event> events = new ArrayList<>();
        final Set<String> seen = new LinkedHashSet<>();
        final CompletableFuture<OneShot> done = new CompletableFuture<>();
        /** Events that satisfy the query: the sum of the filters' limits when all have one, else the cap. */
        final int wanted;
        /** True when {@link #wanted} comes from the filters (reaching it is success, not a cut-off). */
        final boolean wantedByFilters;
        long chars;
        boolean authRetried;
        QueryEnd end;
        String endMessage;
        int dropped;

        OneShot(List<Filter> filters, int maxEvents) {
            this.filters = filters;
            long sum = 0;
            boolean all = true;
            for (Filter f : filters) {
                if (f.limit() == null) all = false;
                else sum += Math.max(0, f.limit());
            }
            this.wantedByFilters = all && sum <= maxEvents;
            this.wanted = wantedByFilters ? (int) Math.max(1, sum) : maxEvents;
        }

        /** Adds a new event; true when the query now holds all it may. */
        synchronized boolean add(Event e) {
            if (end != null || !seen.add(e.id())) return false;
            events.add(e);
            return events.size() >= wanted;
        }

        /** Counts characters the relay sent for this query; the new total. */
        synchronized long charge(int n) { return chars += n; }

        synchronized void drop() { dropped++; }

        /** True the first time: a query is retried after AUTH at most once. */
        synchronized boolean claimAuthRetry() {
            if (authRetried) return false;
            authRetried = true;
            return true;
        }

        /** True if this call ended it. */
        boolean finish(QueryEnd how, String message) {
            synchronized (this) {
                if (end != null) return false;
                end = how;
                endMessage = message;
            }
            done.complete(this);
            return true;
        }
    }

    /** A long-lived subscription over one or more relays. */
    public final class LiveSubscription implements AutoCloseable {
        final String id;
        final List<Filter> filters;
        private final Consumer<Event> onEvent;
        private final List<Connection> connections = new ArrayList<>();
        private final Set<String> seen = java.util.Collections.newSetFromMap(new java.util.LinkedHashMap<String, Boolean>(256, 0.75f, false) {
            @Override protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) { return size() > 10_000; }
        });
        private volatile boolean open = true;

        LiveSubscription(String id, List<Filter> filters, Consumer<Event> onEvent) {
            this.id = id;
            this.filters = filters;
            this.onEvent = onEvent;
        }

        public String id() { return id; }

        void deliver(Event e) {
            if (!open) return;
            synchronized (seen) {
                if (!seen.add(e.id())) return;
            }
            try {
                onEvent.accept(e);
            } catch (RuntimeException ex) {
                log.warn("subscription {} handler failed: {}", id, ex.toString());
            }
        }

        @Override public void close() {
            open = false;
            for (Connection c : connections) c.removeLive(this);
        }
    }

    /** One relay: its WebSocket, what waits for answers on it, and its reconnect state. Guarded by its monitor. */
    private final class Connection {
        final String url;
        final URI uri;
        private WebSocket ws;
        private CompletableFuture<Void> connecting;
        private long generation; // bumped per connection attempt; callbacks of older sockets are ignored
        private long openedAtNanos;
        private int failures;
        private long retryAtNanos;
        private String lastError;
        private CompletableFuture<?> sendChain = CompletableFuture.completedFuture(null);
        private final Map<String, List<CompletableFuture<OkReply>>> pendingOk = new HashMap<>();
        private final Map<String, OneShot> queries = new HashMap<>();
        private final Map<String, LiveSubscription> live = new LinkedHashMap<>();
        private String challenge;
        private CompletableFuture<String> challengeArrived = new CompletableFuture<>();
        private CompletableFuture<Void> auth; // non-null once AUTH was started on this socket
        private long lastUsedNanos = System.nanoTime();
        private boolean reconnectScheduled;
        private boolean retired;

        Connection(String url) {
            this.url = url;
            this.uri = URI.create(url);
        }

        synchronized boolean isOpen() { return ws != null; }

        synchronized boolean idleSince(long cutoffNanos) {
            return pendingOk.isEmpty() && queries.isEmpty() && live.isEmpty() && connecting == null && lastUsedNanos < cutoffNanos;
        }

        synchronized void touch() { lastUsedNanos = System.nanoTime(); }

        /** Completes when the socket is open; fails at once while backing off after a failure. */
        CompletableFuture<Void> connect() { return connect(false); }

        private CompletableFuture<Void> connect(boolean scheduledRetry) {
            synchronized (this) {
                lastUsedNanos = System.nanoTime();
                if (retired) return CompletableFuture.failedFuture(new java.net.ConnectException("relay client closed"));
                if (ws != null) return CompletableFuture.completedFuture(null);
                if (connecting != null) return connecting;
                long wait = retryAtNanos - System.nanoTime();
                if (failures > 0 && wait > 0 && !scheduledRetry) {
                    scheduleReconnectLocked();
                    return CompletableFuture.failedFuture(new java.net.ConnectException(
                            "not connected: " + lastError + " (next attempt in " + Math.max(1, wait / 1_000_000) + " ms)"));
                }
                long gen = ++generation;
                CompletableFuture<Void> attempt = new CompletableFuture<>();
                connecting = attempt;
                Listener listener = new Listener(gen);
                CompletableFuture<WebSocket> build;
                try {
                    build = policy.allowsLocal() ? open(listener) : CompletableFuture.runAsync(() -> {
                        try {
                            policy.check(uri);
                        } catch (caravel.net.OutboundPolicy.Refused e) {
                            log.info("relay {}: connection refused by the outbound policy: {}", url, e.getMessage());
                            throw new CompletionException(e);
                        }
                    }, CHECKS).thenCompose(v -> open(listener));
                } catch (RuntimeException e) {
                    build = CompletableFuture.failedFuture(e);
                }
                build.orTimeout(options.connectTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS)
                        .whenComplete((socket, err) -> opened(gen, listener, attempt, socket, err));
                return attempt;
            }
        }

        private CompletableFuture<WebSocket> open(Listener listener) {
            return http.newWebSocketBuilder().connectTimeout(options.connectTimeout()).buildAsync(uri, listener);
        }

        /** NIP-42 only with keys, and only to relays this client may authenticate to. */
        private boolean mayAuth() { return authKeys != null && authTo.test(url); }

        private void opened(long gen, Listener listener, CompletableFuture<Void> attempt, WebSocket socket, Throwable err) {
            List<LiveSubscription> resubscribe;
            synchronized (this) {
                if (gen != generation) { // superseded (retired); drop this socket
                    if (socket != null) socket.abort();
                    attempt.completeExceptionally(new java.net.ConnectException("connection attempt abandoned"));
                    return;
                }
                connecting = null;
                if (err == null && listener.dead) err = new java.net.ConnectException(listener.deadReason);
                if (err != null) {
                    if (socket != null) socket.abort();
                    failures++;
                    lastError = describe(err);
                    retryAtNanos = System.nanoTime() + backoffMillis(failures) * 1_000_000;
                    log.debug("relay {}: connect failed ({}), failure {}", url, lastError, failures);
                    scheduleReconnectLocked();
                    attempt.completeExceptionally(new java.net.ConnectException(lastError));
                    return;
                }
                ws = socket;
                openedAtNanos = System.nanoTime();
                lastError = null;
                resubscribe = new ArrayList<>(live.values());
            }
            attempt.complete(null);
            for (LiveSubscription s : resubscribe) sendReq(s.id, s.filters);
        }

        /** Only live subscriptions need the connection back without being asked. */
        private void scheduleReconnectLocked() {
            if (live.isEmpty() || reconnectScheduled || closed || retired) return;
            reconnectScheduled = true;
            long delay = Math.max(0, (retryAtNanos - System.nanoTime()) / 1_000_000);
            timer.schedule(() -> {
                synchronized (this) {
                    reconnectScheduled = false;
                    if (live.isEmpty()) return;
                }
                connect(true);
            }, delay, TimeUnit.MILLISECONDS);
        }

        /** The socket closed or failed: everything waiting on it ends; live subscriptions wait for a reconnect. */
        private void lost(long gen, String why) {
            List<CompletableFuture<OkReply>> oks = new ArrayList<>();
            List<OneShot> shots;
            synchronized (this) {
                if (gen != generation || ws == null) return;
                ws.abort();
                ws = null;
                // a socket that dies soon after opening counts as another failure, so flapping relays back off
                boolean shortLived = System.nanoTime() - openedAtNanos < 10_000_000_000L;
                failures = shortLived ? failures + 1 : 1;
                lastError = why;
                retryAtNanos = System.nanoTime() + backoffMillis(failures) * 1_000_000;
                pendingOk.values().forEach(oks::addAll);
                pendingOk.clear();
                shots = new ArrayList<>(queries.values());
                queries.clear();
                challenge = null;
                challengeArrived = new CompletableFuture<>();
                auth = null;
                sendChain = CompletableFuture.completedFuture(null);
                scheduleReconnectLocked();
            }
            log.debug("relay {}: connection lost ({})", url, why);
            for (CompletableFuture<OkReply> f : oks) f.completeExceptionally(new java.net.ConnectException("connection lost: " + why));
            for (OneShot q : shots) q.finish(QueryEnd.ERROR, "connection lost: " + why);
        }

        /** Closes the socket for good (client closing, or idle). */
        void shutdown(String why) {
            WebSocket socket;
            List<CompletableFuture<OkReply>> oks = new ArrayList<>();
            List<OneShot> shots;
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
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(1, TimeUnit.SECONDS).whenComplete((w, e) -> socket.abort());
            }
            for (CompletableFuture<OkReply> f : oks) f.completeExceptionally(new java.net.ConnectException(why));
            for (OneShot q : shots) q.finish(QueryEnd.ERROR, why);
        }

        private CompletableFuture<?> send(String text) {
            synchronized (this) {
                WebSocket socket = ws;
                if (socket == null) return CompletableFuture.failedFuture(new java.net.ConnectException("not connected"));
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
                    .thenCompose(v -> sendAndAwaitOk("EVENT", event))
                    .thenCompose(reply -> {
                        if (!reply.accepted() && reply.message().startsWith("auth-required:") && mayAuth())
                            return authenticate().thenCompose(v -> sendAndAwaitOk("EVENT", event));
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
                        if (t instanceof AuthFailed) return new PublishResult(url, Status.REJECTED, t.getMessage());
                        return new PublishResult(url, Status.CONNECTION_ERROR, describe(t));
                    });
        }

        /** Sends ["EVENT"|"AUTH", event] and waits for the relay's OK for that id. */
        private CompletableFuture<OkReply> sendAndAwaitOk(String type, Event event) {
            CompletableFuture<OkReply> reply = new CompletableFuture<>();
            synchronized (this) {
                pendingOk.computeIfAbsent(event.id(), k -> new ArrayList<>()).add(reply);
            }
            reply.whenComplete((r, e) -> {
                synchronized (this) {
                    List<CompletableFuture<OkReply>> l = pendingOk.get(event.id());
                    if (l != null) {
                        l.remove(reply);
                        if (l.isEmpty()) pendingOk.remove(event.id());
                    }
                }
            });
            long ms = options.okTimeout().toMillis();
            timeout(reply, ms, () -> reply.completeExceptionally(new TimeoutException("no OK within " + ms + " ms")));
            ArrayNode msg = JsonNodeFactory.instance.arrayNode().add(type).add(event.toJson());
            send(msg.toString()).whenComplete((v, err) -> {
                if (err != null) reply.completeExceptionally(unwrap(err));
            });
            return reply;
        }

        // ---- NIP-42

        /** Authenticates this socket once (waiting briefly for a challenge if none arrived yet). */
        private CompletableFuture<Void> authenticate() {
            CompletableFuture<Void> a;
            CompletableFuture<String> challengeF;
            synchronized (this) {
                if (auth != null) return auth;
                a = new CompletableFuture<>();
                auth = a;
                challengeF = challenge != null ? CompletableFuture.completedFuture(challenge) : challengeArrived.copy();
            }
            long ms = options.authTimeout().toMillis();
            challengeF.orTimeout(ms, TimeUnit.MILLISECONDS)
                    .exceptionallyCompose(e -> CompletableFuture.failedFuture(new AuthFailed("auth-required, but the relay sent no AUTH challenge")))
                    .thenCompose(ch -> {
                        Event authEvent = authKeys.sign(System.currentTimeMillis() / 1000, AUTH_KIND,
                                List.of(List.of("relay", url), List.of("challenge", ch)), "");
                        return sendAndAwaitOk("AUTH", authEvent);
                    })
                    .whenComplete((reply, err) -> {
                        if (err == null && reply.accepted()) {
                            log.debug("relay {}: authenticated as {}", url, authKeys.pubkey());
                            a.complete(null);
                            return;
                        }
                        Throwable t = err == null ? new AuthFailed("auth failed: " + reply.message()) : unwrap(err);
                        if (!(t instanceof AuthFailed)) t = new AuthFailed("auth failed: " + describe(t));
                        synchronized (this) {
                            if (auth == a) auth = null; // allow a later attempt
                        }
                        a.completeExceptionally(t);
                    });
            return a;
        }

        // ---- queries and subscriptions

        CompletableFuture<OneShot> query(List<Filter> filters, Duration timeout) {
            OneShot q = new OneShot(filters, options.maxEventsPerQuery());
            String subId = nextSubId("q");
            q.done.whenComplete((r, e) -> {
                synchronized (this) {
                    queries.remove(subId);
                }
                touch();
            });
            timeout(q.done, timeout.toMillis(), () -> {
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
            ArrayNode req = JsonNodeFactory.instance.arrayNode().add("REQ").add(subId);
            for (Filter f : filters) req.add(f.toJson());
            send(req.toString()).whenComplete((v, err) -> {
                if (err == null) return;
                OneShot q;
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
            send(JsonNodeFactory.instance.arrayNode().add("CLOSE").add(subId).toString());
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
            JsonNode msg;
            try {
                msg = Json.parse(text);
            } catch (IllegalArgumentException e) {
                log.debug("relay {}: ignoring non-JSON message", url);
                return;
            }
            if (!msg.isArray() || msg.isEmpty() || !msg.get(0).isTextual()) return;
            switch (msg.get(0).textValue()) {
                case "EVENT" -> onEvent(msg, text.length());
                case "OK" -> onOk(msg);
                case "EOSE" -> onEose(msg.path(1).asText());
                case "CLOSED" -> onClosed(msg.path(1).asText(), msg.path(2).asText(""));
                case "NOTICE" -> log.debug("relay {} NOTICE: {}", url, abbreviate(msg.path(1).asText("")));
                case "AUTH" -> onChallenge(msg.path(1));
                default -> log.debug("relay {}: unknown message type {}", url, abbreviate(msg.get(0).textValue()));
            }
        }

        private void onEvent(JsonNode msg, int chars) {
            String subId = msg.path(1).asText();
            Event e;
            try {
                e = Event.fromJson(msg.get(2));
            } catch (IllegalArgumentException ex) {
                log.debug("relay {}: malformed event ({})", url, ex.getMessage());
                return;
            }
            OneShot q;
            LiveSubscription s;
            synchronized (this) {
                q = queries.get(subId);
                s = live.get(subId);
            }
            List<Filter> filters = q != null ? q.filters : s != null ? s.filters : null;
            if (filters == null) return;
            if (q != null && q.charge(chars) > options.maxBytesPerQuery()) {
                log.info("relay {}: query {} cut off after {} characters", url, subId, options.maxBytesPerQuery());
                if (q.finish(QueryEnd.ERROR, "the relay sent more than " + options.maxBytesPerQuery() + " characters of events")) sendClose(subId);
                return;
            }
            // a relay's word is not enough: the event must be genuine and be what we asked for
            if (!Filter.matchesAny(filters, e) || !e.verify()) {
                if (q != null) q.drop();
                log.debug("relay {}: dropped an event that is invalid or does not match the filters", url);
                return;
            }
            if (q != null) {
                if (q.add(e)) {
                    // all that was asked for (EOSE in effect), or the cap: either way the relay is told to stop
                    boolean ok = q.wantedByFilters;
                    if (!ok) log.info("relay {}: query {} cut off after {} events", url, subId, q.wanted);
                    if (q.finish(ok ? QueryEnd.EOSE : QueryEnd.ERROR, ok ? null : "the relay sent more than " + q.wanted + " events")) sendClose(subId);
                }
            } else {
                s.deliver(e);
            }
        }

        private void onOk(JsonNode msg) {
            String id = msg.path(1).asText();
            OkReply reply = new OkReply(msg.path(2).asBoolean(false), msg.path(3).asText(""));
            List<CompletableFuture<OkReply>> waiting;
            synchronized (this) {
                List<CompletableFuture<OkReply>> l = pendingOk.get(id);
                waiting = l == null ? List.of() : List.copyOf(l);
            }
            for (CompletableFuture<OkReply> f : waiting) f.complete(reply);
        }

        private void onEose(String subId) {
            OneShot q;
            synchronized (this) {
                q = queries.get(subId);
            }
            if (q != null && q.finish(QueryEnd.EOSE, null)) sendClose(subId);
        }

        private void onClosed(String subId, String message) {
            OneShot q;
            LiveSubscription s;
            synchronized (this) {
                q = queries.get(subId);
                s = live.get(subId);
            }
            boolean canAuth = message.startsWith("auth-required:") && mayAuth();
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

        private void onChallenge(JsonNode value) {
            if (!value.isTextual()) return;
            CompletableFuture<String> f;
            synchronized (this) {
                challenge = value.textValue();
                f = challengeArrived;
            }
            f.complete(value.textValue());
        }

        /** WebSocket callbacks for one connection attempt (generation). */
        private final class Listener implements WebSocket.Listener {
            private final long gen;
            private final StringBuilder buffer = new StringBuilder();
            volatile boolean dead;
            volatile String deadReason;

            Listener(long gen) { this.gen = gen; }

            private void died(String why) {
                deadReason = why;
                dead = true; // before lost(): opened() may not have run yet
                lost(gen, why);
            }

            @Override public void onOpen(WebSocket webSocket) { webSocket.request(1); }

            @Override public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                buffer.append(data);
                if (buffer.length() > options.maxMessageChars()) {
                    buffer.setLength(0);
                    webSocket.abort();
                    died("message larger than " + options.maxMessageChars() + " characters");
                    return null;
                }
                if (last) {
                    String text = buffer.toString();
                    buffer.setLength(0);
                    try {
                        onMessage(text);
                    } catch (RuntimeException e) {
                        log.warn("relay {}: error handling a message: {}", url, e.toString());
                    }
                }
                webSocket.request(1);
                return null;
            }

            @Override public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
                webSocket.request(1);
                return null;
            }

            @Override public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                died("closed by relay (" + statusCode + (reason == null || reason.isEmpty() ? "" : " " + reason) + ")");
                return null;
            }

            @Override public void onError(WebSocket webSocket, Throwable error) {
                died(describe(error));
            }
        }
    }

    private static final class AuthFailed extends RuntimeException {
        AuthFailed(String message) { super(message); }
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
