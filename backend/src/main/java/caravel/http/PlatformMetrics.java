package caravel.http;

import caravel.billing.InvoiceStore;
import caravel.domain.InvoiceStatus;
import caravel.domain.Rail;
import caravel.jobs.JobHandler;
import caravel.jobs.JobQueue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.DiskSpaceMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.File;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import org.jdbi.v3.core.Jdbi;

/**
 * The figures GET /metrics shows, in Micrometer's Prometheus registry (which writes the text format). Requests and
 * zooid syncs are timed as they happen; the job queue, invoices and payments are read from the database when
 * Prometheus scrapes (so every process sharing the file agrees, and a restart loses nothing), at most once per
 * {@link #DB_READ_EVERY}; the rest are gauges on the live objects. Labels are only names chosen in code (route
 * templates, job kinds, rails, statuses): never a key, an id or an address.
 */
public final class PlatformMetrics implements AutoCloseable {
    /** Database figures are re-read at most this often, however often scrapes come. */
    public static final Duration DB_READ_EVERY = Duration.ofSeconds(5);
    /** Request and sync latency buckets: from a cached read to a slow zooid call. */
    private static final Duration[] BUCKETS = {
        Duration.ofMillis(5),
        Duration.ofMillis(10),
        Duration.ofMillis(25),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofMillis(2500),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30)
    };

    private static final Set<String> JOB_STATES = Set.of("queued", "running", "failed");

    /** What the scrape reads from the rest of the platform, given once everything is built. */
    public record Sources(
            Jdbi jdbi,
            Clock clock,
            JobQueue jobs,
            InvoiceStore invoices,
            IntSupplier relayWatches,
            IntSupplier relayWatchesConnected,
            com.zaxxer.hikari.HikariPoolMXBean pool,
            File dataDir,
            BooleanSupplier zooidReachable) {}

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Counter syncFailures;
    private final MultiGauge jobCounts, oldestDue, invoiceCounts, credited;
    private volatile Sources sources;
    /** Insight's sums per plan, read at scrape like the database figures (absent until {@link #insight} is called). */
    private volatile java.util.function.Supplier<List<caravel.insight.Insight.PlanFigures>> insightByPlan;

    private MultiGauge insightEvents, insightBytes, insightMembers, insightRelays;
    private long lastReadNanos;
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(PlatformMetrics.class);

    public PlatformMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        this.syncFailures = Counter.builder("caravel.zooid.sync.failures")
                .description("relay config syncs to zooid that failed (each attempt)")
                .register(registry);
        this.jobCounts = MultiGauge.builder("caravel.jobs")
                .description("jobs by kind and state (queued includes those waiting for a retry)")
                .register(registry);
        this.oldestDue = MultiGauge.builder("caravel.jobs.oldest.due.age")
                .description("seconds the oldest due, unclaimed job of a kind has waited (0 when none is due)")
                .baseUnit("seconds")
                .register(registry);
        this.invoiceCounts = MultiGauge.builder("caravel.invoices")
                .description("invoices ever issued, by rail and current status (pending, paid, expired, void)")
                .register(registry);
        this.credited = MultiGauge.builder("caravel.payments.credited")
                .description("payments ever credited, by rail")
                .register(registry);
    }

    /** Starts the scrape-time figures; until then /metrics shows the request, sync and JVM ones. */
    public void watch(Sources s) {
        this.sources = s;
        Gauge.builder("caravel.relay.watches", s.relayWatches()::getAsInt)
                .description("relays the membership watcher follows")
                .register(registry);
        Gauge.builder("caravel.relay.watches.connected", s.relayWatchesConnected()::getAsInt)
                .description("relay watch sockets open now")
                .register(registry);
        Gauge.builder("caravel.db.pool.connections", s.pool(), p -> p.getActiveConnections())
                .tag("state", "active")
                .register(registry);
        Gauge.builder("caravel.db.pool.connections", s.pool(), p -> p.getIdleConnections())
                .tag("state", "idle")
                .register(registry);
        Gauge.builder("caravel.db.pool.pending", s.pool(), p -> p.getThreadsAwaitingConnection())
                .description("threads waiting for a database connection")
                .register(registry);
        Gauge.builder("caravel.zooid.reachable", () -> s.zooidReachable().getAsBoolean() ? 1 : 0)
                .description("1 when zooid answered the last readiness probe (cached a few seconds)")
                .register(registry);
        new DiskSpaceMetrics(s.dataDir()).bindTo(registry);
    }

    /**
     * Insight's figures: per plan (a label bounded by the plan catalog, never a relay's id), the relays counted, their
     * events and event bytes seen since Caravel began counting (counters in all but name: they only grow, so rate()
     * gives events a second per plan), their members; and the events the recorder had to drop.
     */
    public void insight(
            java.util.function.Supplier<List<caravel.insight.Insight.PlanFigures>> byPlan,
            java.util.function.LongSupplier dropped) {
        insightEvents = MultiGauge.builder("caravel.insight.events")
                .description("events seen on the relays of each plan since insight began counting")
                .register(registry);
        insightBytes = MultiGauge.builder("caravel.insight.event.bytes")
                .description("bytes of the events seen on the relays of each plan (their JSON, estimated)")
                .baseUnit("bytes")
                .register(registry);
        insightMembers = MultiGauge.builder("caravel.insight.members")
                .description("members of the relays of each plan, as their last member lists said")
                .register(registry);
        insightRelays = MultiGauge.builder("caravel.insight.relays")
                .description("relays of each plan with insight figures")
                .register(registry);
        Gauge.builder("caravel.insight.dropped", dropped::getAsLong)
                .description("events not counted because the insight buffer was full (the database refused flushes)")
                .register(registry);
        this.insightByPlan = byPlan;
    }

    /** The live-stream figures (bound by the server that holds the streams). */
    public void liveStreams(caravel.live.StreamSlots slots) {
        Gauge.builder("caravel.live.streams", slots, caravel.live.StreamSlots::open)
                .description("live event streams open now")
                .register(registry);
        Gauge.builder("caravel.live.streams.max", slots, caravel.live.StreamSlots::max)
                .description("LIVE_STREAMS_MAX")
                .register(registry);
        Gauge.builder("caravel.live.stream.addresses", slots, caravel.live.StreamSlots::addresses)
                .description("client addresses holding live streams now")
                .register(registry);
    }

    /** A live stream refused for a cap: {@code address} or {@code platform} (a surge, or one address trying). */
    public void liveStreamRefused(String cap) {
        Counter.builder("caravel.live.streams.refused")
                .description(
                        "live streams refused for LIVE_STREAMS_PER_ADDRESS (address) or LIVE_STREAMS_MAX (platform)")
                .tag("cap", cap)
                .register(registry)
                .increment();
    }

    /** One answered request: its route template (never the raw path, which holds ids), method, status and time. */
    public void request(String listener, String method, String route, int status, long nanos) {
        Timer.builder("caravel.http.requests")
                .description("HTTP requests by listener (api, flotilla), route template, method and status")
                .tags("listener", listener, "method", method, "route", route, "status", Integer.toString(status))
                .serviceLevelObjectives(BUCKETS)
                .register(registry)
                .record(Duration.ofNanos(nanos));
    }

    /**
     * Times the relay provisioning and sync jobs (each a config write to zooid) and counts their failures; the job's
     * own outcome is passed through unchanged.
     */
    public JobHandler zooidSync(JobHandler handler) {
        return new JobHandler() {
            @Override
            public void run(caravel.jobs.Job job) throws Exception {
                long start = System.nanoTime();
                String outcome = "failed";
                try {
                    handler.run(job);
                    outcome = "ok";
                } catch (Exception e) {
                    syncFailures.increment();
                    throw e;
                } finally {
                    Timer.builder("caravel.zooid.sync")
                            .description("relay config syncs to zooid (provision and sync jobs), by outcome")
                            .tags("kind", job.kind(), "outcome", outcome)
                            .serviceLevelObjectives(BUCKETS)
                            .register(registry)
                            .record(Duration.ofNanos(System.nanoTime() - start));
                }
            }

            @Override
            public void onGiveUp(caravel.jobs.Job job, String error) {
                handler.onGiveUp(job, error);
            }
        };
    }

    /** The exposition text: the database figures refreshed first if they are older than {@link #DB_READ_EVERY}. */
    public String scrape() {
        refresh();
        return registry.scrape();
    }

    private synchronized void refresh() {
        Sources s = sources;
        if (s == null) return;
        // the cache runs on the monotonic clock; job ages on the platform's clock, which due times are written in
        long tick = System.nanoTime();
        if (lastReadNanos != 0 && tick - lastReadNanos < DB_READ_EVERY.toNanos()) return;
        long now = s.clock().millis();
        record Read(List<JobQueue.KindCount> jobs, List<InvoiceStore.RailCount> invoices, Map<Rail, Long> paid) {}
        Read r;
        try {
            r = s.jdbi()
                    .withHandle(h -> new Read(
                            s.jobs().counts(h, now),
                            s.invoices().countsByRail(h),
                            s.invoices().creditedPayments(h)));
        } catch (RuntimeException e) {
            // a locked or closing database: the scrape still answers, with the figures read last time
            log.warn("metrics: reading the database failed: {}", e.getMessage());
            return;
        }
        lastReadNanos = tick;
        // every kind seen shows all three states (0 when empty), so an alert's series does not vanish when it clears
        Map<String, Map<String, Long>> byKind = new TreeMap<>();
        Map<String, Double> ages = new TreeMap<>();
        for (JobQueue.KindCount c : r.jobs()) {
            byKind.computeIfAbsent(c.kind(), k -> new TreeMap<>()).put(c.status(), c.count());
            ages.merge(
                    c.kind(), c.oldestDueMs() == null ? 0.0 : Math.max(0, now - c.oldestDueMs()) / 1000.0, Math::max);
        }
        List<MultiGauge.Row<?>> jobRows = new ArrayList<>();
        byKind.forEach((kind, states) -> {
            for (String state : JOB_STATES)
                jobRows.add(MultiGauge.Row.of(Tags.of("kind", kind, "state", state), states.getOrDefault(state, 0L)));
        });
        jobCounts.register(jobRows, true);
        List<MultiGauge.Row<?>> ageRows = new ArrayList<>();
        ages.forEach((kind, age) -> ageRows.add(MultiGauge.Row.of(Tags.of("kind", kind), age)));
        oldestDue.register(ageRows, true);
        // every rail and status, 0 when none: a rate over a series that appears only with its first invoice misses it
        Map<String, Long> byRailStatus = new TreeMap<>();
        for (Rail rail : Rail.values())
            for (InvoiceStatus status : InvoiceStatus.values()) byRailStatus.put(rail.wire() + "/" + status.wire(), 0L);
        for (InvoiceStore.RailCount c : r.invoices())
            byRailStatus.put(c.rail().wire() + "/" + c.status().wire(), c.count());
        List<MultiGauge.Row<?>> invoiceRows = new ArrayList<>();
        byRailStatus.forEach((key, n) -> {
            String[] rs = key.split("/", 2);
            invoiceRows.add(MultiGauge.Row.of(Tags.of("rail", rs[0], "status", rs[1]), n));
        });
        invoiceCounts.register(invoiceRows, true);
        List<MultiGauge.Row<?>> paidRows = new ArrayList<>();
        r.paid().forEach((rail, n) -> paidRows.add(MultiGauge.Row.of(Tags.of("rail", rail.wire()), n)));
        credited.register(paidRows, true);
        refreshInsight();
    }

    private void refreshInsight() {
        var byPlan = insightByPlan;
        if (byPlan == null) return;
        List<caravel.insight.Insight.PlanFigures> plans;
        try {
            plans = byPlan.get();
        } catch (RuntimeException e) {
            log.warn("metrics: reading insight failed: {}", e.getMessage());
            return;
        }
        List<MultiGauge.Row<?>> events = new ArrayList<>(), bytes = new ArrayList<>();
        List<MultiGauge.Row<?>> members = new ArrayList<>(), relays = new ArrayList<>();
        for (var p : plans) {
            Tags plan = Tags.of("plan", p.plan());
            events.add(MultiGauge.Row.of(plan, p.events()));
            bytes.add(MultiGauge.Row.of(plan, p.eventBytes()));
            members.add(MultiGauge.Row.of(plan, p.members()));
            relays.add(MultiGauge.Row.of(plan, p.relays()));
        }
        insightEvents.register(events, true);
        insightBytes.register(bytes, true);
        insightMembers.register(members, true);
        insightRelays.register(relays, true);
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
