package caravel.nostr;

import caravel.net.OutboundPolicy;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A NIP-01 client for many relays over java.net.http WebSockets: one {@link RelayConnection} per relay, opened on
 * demand, reused, closed when idle, re-opened with exponential backoff after failures (and at once re-subscribed
 * for live subscriptions). Answers NIP-42 AUTH ({@link Nip42Auth}) when a relay refuses something with
 * {@code auth-required:} and this client has keys, then retries what was refused once.
 *
 * <p>Everything is asynchronous; results carry per-relay outcomes and never throw for relay problems. Events
 * received in queries ({@link OneShotQuery}) are signature-checked, filter-checked and deduplicated by id.
 */
public final class RelayClient implements AutoCloseable {
    /**
     * @param maxEventsPerQuery a one-shot query ends after this many events even when its filters set no limit (a
     *                          relay can stream without end); a filter's own limits end it sooner
     * @param maxBytesPerQuery  a one-shot query ends once the relay sent this many characters of events for it
     */
    public record Options(
            Duration connectTimeout,
            Duration okTimeout,
            Duration eoseTimeout,
            Duration authTimeout,
            Duration reconnectBase,
            Duration reconnectMax,
            Duration idleTimeout,
            int maxMessageChars,
            int maxEventsPerQuery,
            long maxBytesPerQuery) {
        public static Options defaults() {
            return new Options(
                    Duration.ofSeconds(5),
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(5),
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(60),
                    Duration.ofSeconds(60),
                    4 << 20,
                    1000,
                    4L << 20);
        }

        /**
         * These options with what {@code change} sets on a copy of them, e.g.
         * {@code defaults().with(o -> o.okTimeout = Duration.ofSeconds(1))}.
         */
        public Options with(Consumer<Values> change) {
            Values v = new Values(this);
            change.accept(v);
            return v.options();
        }

        /** The options as values to change, for {@link #with}. */
        public static final class Values {
            public Duration connectTimeout,
                    okTimeout,
                    eoseTimeout,
                    authTimeout,
                    reconnectBase,
                    reconnectMax,
                    idleTimeout;
            public int maxMessageChars, maxEventsPerQuery;
            public long maxBytesPerQuery;

            private Values(Options o) {
                connectTimeout = o.connectTimeout;
                okTimeout = o.okTimeout;
                eoseTimeout = o.eoseTimeout;
                authTimeout = o.authTimeout;
                reconnectBase = o.reconnectBase;
                reconnectMax = o.reconnectMax;
                idleTimeout = o.idleTimeout;
                maxMessageChars = o.maxMessageChars;
                maxEventsPerQuery = o.maxEventsPerQuery;
                maxBytesPerQuery = o.maxBytesPerQuery;
            }

            private Options options() {
                return new Options(
                        connectTimeout,
                        okTimeout,
                        eoseTimeout,
                        authTimeout,
                        reconnectBase,
                        reconnectMax,
                        idleTimeout,
                        maxMessageChars,
                        maxEventsPerQuery,
                        maxBytesPerQuery);
            }
        }
    }

    public enum Status {
        OK,
        REJECTED,
        TIMEOUT,
        CONNECTION_ERROR
    }

    /** One relay's answer to a published event. */
    public record PublishResult(String relay, Status status, String message) {
        public boolean ok() {
            return status == Status.OK;
        }

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
    public enum QueryEnd {
        EOSE,
        TIMEOUT,
        CLOSED,
        ERROR
    }

    public record RelayQueryStatus(QueryEnd end, String message) {}

    /** Verified, deduplicated events (newest first) and how the query ended on each relay. */
    public record QueryResult(List<Event> events, Map<String, RelayQueryStatus> relays) {
        /** True when at least one relay sent all of its stored events (EOSE). */
        public boolean anyComplete() {
            return relays.values().stream().anyMatch(s -> s.end() == QueryEnd.EOSE);
        }

        public boolean complete(String relay) {
            RelayQueryStatus s = relays.get(relay);
            return s != null && s.end() == QueryEnd.EOSE;
        }

        public String describe() {
            List<String> parts = new ArrayList<>();
            relays.forEach((r, s) -> parts.add(r + ": " + s.end().name().toLowerCase(java.util.Locale.ROOT)
                    + (s.message() == null ? "" : " (" + s.message() + ")")));
            return String.join("; ", parts);
        }
    }

    private final Options options;
    private final HttpClient http;
    private final ScheduledThreadPoolExecutor timer;
    private final ClientResources shared;
    private final Map<String, RelayConnection> connections = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** @param authKeys keys for NIP-42 AUTH, or null to never authenticate. */
    public RelayClient(Keys authKeys, Options options) {
        this(authKeys, options, OutboundPolicy.unrestricted(), url -> true);
    }

    /**
     * @param policy where this client may connect (checked at each connection attempt)
     * @param authTo relays this client answers NIP-42 AUTH for: a relay can pass on another relay's challenge, so a
     *               platform identity should authenticate only to relays it chose itself
     */
    public RelayClient(Keys authKeys, Options options, OutboundPolicy policy, Predicate<String> authTo) {
        this.options = options;
        this.http =
                HttpClient.newBuilder().connectTimeout(options.connectTimeout()).build();
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "relay-client-timer");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true); // timeouts are cancelled when answers arrive; don't keep them queued
        this.shared =
                new ClientResources(options, http, timer, policy, authKeys, authTo, new AtomicLong(), () -> closed);
        long sweep = Math.max(1000, options.idleTimeout().toMillis() / 2);
        timer.scheduleWithFixedDelay(this::closeIdle, sweep, sweep, TimeUnit.MILLISECONDS);
    }

    public Options options() {
        return options;
    }

    /** Publishes one event to every relay; completes when each relay answered, timed out or failed. */
    public CompletableFuture<Map<String, PublishResult>> publish(Event event, Collection<String> relays) {
        Map<String, CompletableFuture<PublishResult>> perRelay = new LinkedHashMap<>();
        for (String raw : relays) {
            String url;
            try {
                url = RelayUrls.normalize(raw);
            } catch (IllegalArgumentException e) {
                perRelay.put(
                        raw,
                        CompletableFuture.completedFuture(
                                new PublishResult(raw, Status.CONNECTION_ERROR, e.getMessage())));
                continue;
            }
            if (!perRelay.containsKey(url)) perRelay.put(url, connection(url).publish(event));
        }
        return CompletableFuture.allOf(perRelay.values().toArray(CompletableFuture[]::new))
                .thenApply(v -> {
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
        Map<String, CompletableFuture<OneShotQuery>> perRelay = new LinkedHashMap<>();
        for (String raw : relays) {
            String url;
            try {
                url = RelayUrls.normalize(raw);
            } catch (IllegalArgumentException e) {
                OneShotQuery failed = new OneShotQuery(filters, options.maxEventsPerQuery());
                failed.finish(QueryEnd.ERROR, e.getMessage());
                perRelay.put(raw, CompletableFuture.completedFuture(failed));
                continue;
            }
            if (!perRelay.containsKey(url)) perRelay.put(url, connection(url).query(filters, timeout));
        }
        return CompletableFuture.allOf(perRelay.values().toArray(CompletableFuture[]::new))
                .thenApply(v -> {
                    Map<String, Event> byId = new LinkedHashMap<>();
                    Map<String, RelayQueryStatus> statuses = new LinkedHashMap<>();
                    perRelay.forEach((url, f) -> {
                        OneShotQuery q = f.join();
                        for (Event e : q.events()) byId.putIfAbsent(e.id(), e);
                        statuses.put(url, q.status());
                    });
                    List<Event> events = new ArrayList<>(byId.values());
                    events.sort((a, b) -> a.createdAt() != b.createdAt()
                            ? Long.compare(b.createdAt(), a.createdAt())
                            : a.id().compareTo(b.id()));
                    return new QueryResult(List.copyOf(events), statuses);
                });
    }

    /**
     * A live subscription on every relay: stored and new events go to {@code onEvent} (each id once), and the REQ
     * is sent again whenever a connection comes back. Close it to stop.
     */
    public LiveSubscription subscribe(Collection<String> relays, List<Filter> filters, Consumer<Event> onEvent) {
        if (filters.isEmpty()) throw new IllegalArgumentException("a subscription needs at least one filter");
        LiveSubscription sub = new LiveSubscription(shared.nextSubId("live"), filters, onEvent);
        for (String raw : relays) {
            RelayConnection c = connection(RelayUrls.normalize(raw));
            sub.attach(c);
            c.addLive(sub);
        }
        return sub;
    }

    /** True while a WebSocket to the relay is open (for tests and health views). */
    public boolean isConnected(String relay) {
        RelayConnection c = connections.get(RelayUrls.normalize(relay));
        return c != null && c.isOpen();
    }

    @Override
    public void close() {
        closed = true;
        for (RelayConnection c : connections.values()) c.shutdown("client closed");
        connections.clear();
        timer.shutdownNow();
        http.shutdownNow();
    }

    /** The relay's connection, marked used in the same atomic step so the idle sweeper cannot retire it meanwhile. */
    private RelayConnection connection(String url) {
        if (closed) throw new IllegalStateException("relay client is closed");
        return connections.compute(url, (k, c) -> {
            RelayConnection conn = c == null ? new RelayConnection(k, shared) : c;
            conn.touch();
            return conn;
        });
    }

    private void closeIdle() {
        long cutoff = System.nanoTime() - options.idleTimeout().toNanos();
        for (String url : List.copyOf(connections.keySet())) {
            RelayConnection[] retired = new RelayConnection[1];
            connections.computeIfPresent(url, (k, c) -> {
                if (!c.idleSince(cutoff)) return c;
                retired[0] = c;
                return null;
            });
            if (retired[0] != null) retired[0].shutdown("idle");
        }
    }
}
