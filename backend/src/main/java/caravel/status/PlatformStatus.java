package caravel.status;

import caravel.domain.Epoch;
import caravel.domain.Failure;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public status page: the health checks Caravel already runs (the database answers and is migrated, the job
 * runners run, each zooid node answers its API), turned into a state per component and kept as history.
 *
 * <p>A node is up when it answers, down when it does not. The platform is down when the database does not answer or no
 * node does (nothing can be served or changed), degraded when a node is down or the job runners are not running, and
 * up otherwise. Each check's outcome goes into its 5-minute bucket (the worst state seen there), 90 days kept. A check
 * runs every minute (the periodic job) and whenever the page is read and the last check is older than {@link #FRESH},
 * one at a time, so visitors cannot make Caravel probe its nodes more often than that.
 */
public final class PlatformStatus {
    private static final Logger log = LoggerFactory.getLogger(PlatformStatus.class);
    public static final Duration FRESH = Duration.ofSeconds(3);
    /** The periodic check's job kind and period. */
    public static final String JOB = "status.check";

    public static final Duration EVERY = Duration.ofMinutes(1);
    static final long BUCKET_S = 300;
    static final long DAY_S = 86_400;
    public static final int DAYS_KEPT = 90;
    public static final String PLATFORM = "platform";
    static final List<String> STATES = List.of("up", "degraded", "down");
    static final Set<String> INCIDENT_STATES = Set.of("investigating", "identified", "monitoring", "resolved");
    static final int TITLE_MAX = 120;
    static final int BODY_MAX = 4000;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One component's state now, with why when not up (words that name no host or key). */
    public record Component(String name, String state, String detail) {}

    /** One component's worst state on one day; {@code state} is null for a day with no check. */
    public record Day(String date, String state) {}

    /** What the page shows. */
    public record Page(
            String state,
            long checkedAt,
            List<Component> components,
            Map<String, List<Day>> history,
            List<Incident> incidents) {}

    /** An incident note as the page shows it. */
    public record Incident(
            String id, String title, String body, String state, long createdAt, long updatedAt, Long resolvedAt) {}

    /** What the checks read: the database, the job runners, each node's problem (empty when it answers). */
    public record Checks(
            BooleanSupplier database, BooleanSupplier jobs, Supplier<Map<String, Optional<String>>> nodes) {}

    private final StatusStore store;
    private final Checks checks;
    private final Clock clock;
    private volatile List<Component> last = List.of();
    private volatile long lastAtMs;

    public PlatformStatus(Jdbi jdbi, Checks checks, Clock clock) {
        this.store = new StatusStore(jdbi);
        this.checks = checks;
        this.clock = clock;
    }

    /** Runs every check now and records each component's outcome; prunes what is older than 90 days. */
    public synchronized List<Component> check() {
        List<Component> out = new ArrayList<>();
        Map<String, Optional<String>> nodes;
        try {
            nodes = checks.nodes().get();
        } catch (RuntimeException e) {
            nodes = Map.of();
        }
        boolean database = safely(checks.database());
        boolean jobs = safely(checks.jobs());
        long nodesDown = nodes.values().stream().filter(Optional::isPresent).count();
        List<Component> nodeStates = new ArrayList<>();
        nodes.forEach((name, problem) -> nodeStates.add(new Component(
                "node:" + name, problem.isPresent() ? "down" : "up", problem.isPresent() ? "not answering" : null)));
        String platform;
        String detail = null;
        if (!database) {
            platform = "down";
            detail = "the database does not answer";
        } else if (!nodes.isEmpty() && nodesDown == nodes.size()) {
            platform = "down";
            detail = "no relay host answers";
        } else if (nodesDown > 0) {
            platform = "degraded";
            detail = nodesDown + " of " + nodes.size() + " relay hosts not answering";
        } else if (!jobs) {
            platform = "degraded";
            detail = "background work is not running";
        } else platform = "up";
        out.add(new Component(PLATFORM, platform, detail));
        out.addAll(nodeStates);
        long now = Epoch.seconds(clock);
        long bucket = now - Math.floorMod(now, BUCKET_S);
        if (database) {
            try {
                for (Component c : out) store.record(c.name(), bucket, STATES.indexOf(c.state()));
            } catch (RuntimeException e) {
                log.warn("status check not recorded: {}", e.toString());
            }
        }
        List<Component> before = last;
        last = List.copyOf(out);
        lastAtMs = clock.millis();
        if (!before.isEmpty() && !before.equals(last)) log.info("platform status now {}", last);
        return last;
    }

    /** The periodic job's pass: a check, and the history beyond 90 days forgotten. */
    public void periodic() {
        check();
        store.prune(Epoch.seconds(clock) - DAYS_KEPT * DAY_S);
    }

    private static boolean safely(BooleanSupplier s) {
        try {
            return s.getAsBoolean();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The state now, checked again when the last check is older than {@link #FRESH}. */
    public List<Component> current() {
        if (last.isEmpty() || clock.millis() - lastAtMs > FRESH.toMillis()) return check();
        return last;
    }

    /** One component's state now, if there is such a component (a relay's node: "node:&lt;name&gt;"). */
    public Optional<Component> component(String name) {
        return current().stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /**
     * What a relay's join page shows of its own health: the state now of the node serving it (the same component, by
     * the same name, the public page shows; "unknown" when no check knows that node) and the open incident notes,
     * which are the platform's and so concern every relay. Nothing here is not already on the public page.
     */
    public record NodeHealth(String component, String state, String detail, List<Incident> incidents) {}

    /** The health of the node named {@code node}, as {@link #page()} would show it now. */
    public NodeHealth nodeHealth(String node) {
        String name = "node:" + node;
        Optional<Component> c = component(name);
        List<Incident> open = store.incidents(Long.MAX_VALUE).stream()
                .map(PlatformStatus::view)
                .toList();
        return new NodeHealth(
                name,
                c.map(Component::state).orElse("unknown"),
                c.map(Component::detail).orElse(null),
                open);
    }

    /** The whole page: the state now, 90 days of history per component, the open and recent incident notes. */
    public Page page() {
        List<Component> now = current();
        long nowS = Epoch.seconds(clock);
        long today = nowS - Math.floorMod(nowS, DAY_S);
        long first = today - (DAYS_KEPT - 1) * DAY_S;
        Map<String, Map<Long, Integer>> seen = new LinkedHashMap<>();
        for (StatusStore.Day d : store.days(first, DAY_S))
            seen.computeIfAbsent(d.component(), k -> new LinkedHashMap<>()).put(d.dayStart(), d.severity());
        Map<String, List<Day>> history = new LinkedHashMap<>();
        for (Component c : now) {
            Map<Long, Integer> days = seen.getOrDefault(c.name(), Map.of());
            List<Day> list = new ArrayList<>(DAYS_KEPT);
            for (long d = first; d <= today; d += DAY_S) {
                Integer s = days.get(d);
                list.add(new Day(
                        java.time.LocalDate.ofEpochDay(d / DAY_S).toString(), s == null ? null : STATES.get(s)));
            }
            history.put(c.name(), list);
        }
        List<Incident> incidents = store.incidents(nowS - DAYS_KEPT * DAY_S).stream()
                .map(PlatformStatus::view)
                .toList();
        return new Page(now.get(0).state(), lastAtMs / 1000, now, history, incidents);
    }

    /** An administrator posts a note; its text is kept as typed and always shown as text, never as markup. */
    public Incident post(String author, String title, String body, String state) {
        String s = state == null ? "investigating" : state;
        validate(title, body, s);
        long now = Epoch.seconds(clock);
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        StatusStore.Incident i = new StatusStore.Incident(
                HexFormat.of().formatHex(b),
                title.strip(),
                body.strip(),
                s,
                author,
                now,
                now,
                s.equals("resolved") ? now : null);
        store.insert(i);
        log.info("status incident {} posted by {} ({})", i.id(), author, s);
        return view(i);
    }

    /** An administrator updates a note (its text, its state; "resolved" resolves it). */
    public Incident update(String author, String id, String title, String body, String state) {
        validate(title, body, state);
        if (!store.update(id, title.strip(), body.strip(), state, Epoch.seconds(clock)))
            throw Failure.notFound("no such incident");
        log.info("status incident {} updated by {} ({})", id, author, state);
        return view(store.incident(id).orElseThrow());
    }

    private static void validate(String title, String body, String state) {
        if (title == null || title.isBlank()) throw Failure.invalidField("title", "an incident needs a title");
        if (title.strip().length() > TITLE_MAX)
            throw Failure.invalidField("title", "the title is longer than " + TITLE_MAX + " characters");
        if (body == null) throw Failure.invalidField("body", "an incident needs a body (it may be empty)");
        if (body.strip().length() > BODY_MAX)
            throw Failure.invalidField("body", "the body is longer than " + BODY_MAX + " characters");
        if (state == null || !INCIDENT_STATES.contains(state))
            throw Failure.invalidField("state", "state must be one of investigating, identified, monitoring, resolved");
    }

    private static Incident view(StatusStore.Incident i) {
        return new Incident(i.id(), i.title(), i.body(), i.state(), i.createdAt(), i.updatedAt(), i.resolvedAt());
    }
}
