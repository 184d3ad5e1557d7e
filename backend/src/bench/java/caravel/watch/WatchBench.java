package caravel.watch;

import caravel.App;
import caravel.Inside;
import caravel.config.Config;
import caravel.jobs.JobRunner;
import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.AppOptions;
import caravel.testing.Member;
import caravel.testing.TestEnv;
import caravel.testing.ZooidEmulator;
import com.fasterxml.jackson.databind.JsonNode;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * The watch at scale (issue 55): N relays (WATCH_RELAYS, default 10,000) on one zooid node (the emulator, or real
 * zooid through {@code ZOOID_BIN}), every one watched by a real backend. For each period of the deafness checks (every
 * socket every 2.5 s, WATCH_CHECK_MS's default, and every 4 s), side by side in one run on the same sockets, it prints
 * the CPU the watch costs Caravel (this process: the backend runs in it, and is otherwise idle) and the node (its
 * processes' CPU read from /proc) over a steady window,
 * beside the same window with no checks at all; then the deaf window: sockets made deaf on purpose (the relay renamed
 * to the same name over NIP-86 as its owner's app would, so zooid serves it from a new instance and neither Caravel's
 * own writes nor the NIP-11 read can tell), a report posted through the new instance, and the time from the relay's OK
 * to the watch's recording of the report. Lives in the watch's package to change the checks' period on a running
 * watch.
 */
public final class WatchBench {
    static final int RELAYS = Integer.getInteger("relays", 10_000);
    static final int SECONDS = Integer.getInteger("seconds", 30);
    static final int DEAF = Integer.getInteger("deaf", 10);
    /**
     * How long creating the relays, and then opening their sockets, may take: 5 minutes and 300 ms a relay (10,000
     * relays were created at 12.8 a second on a shared 2-core machine at load 4-11, in 13 minutes).
     */
    static final Duration BOUND = Duration.ofMinutes(5).plusMillis(RELAYS * 300L);
    /**
     * The check periods compared: WATCH_CHECK_MS's least (its checks many enough for their cost to stand out of a shared
     * machine's noise: one check's cost is the difference to the next window's), its default, and the longest that
     * keeps the window under 5 s.
     */
    static final List<Duration> PERIODS =
            List.of(Duration.ofMillis(500), Duration.ofMillis(2_500), Duration.ofMillis(4_000));

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("caravel-watch-bench");
        Keys zooidKey = Keys.generate();
        try (ZooidEmulator zooid = new ZooidEmulator(dir.resolve("zooid"), zooidKey.pubkey(), 0)) {
            int port = TestEnv.freePort();
            Map<String, String> env = TestEnv.env(dir.resolve("backend"), port);
            zooid.pointAt(env, zooidKey);
            env.put("RELAY_DOMAIN", "localhost:" + zooid.port);
            AppOptions options = AppOptions.builder().jobs(new JobRunner.Settings(50, 120_000, 500, 5_000, 8));
            try (App app = new App(Config.fromEnv(env), Clock.systemUTC(), options.build()).start()) {
                Api api = new Api("http://127.0.0.1:" + port);
                Map<String, Keys> owners = provision(app, api);
                MembershipWatcher watcher = Inside.of(app).community().watcher;
                watchAll(watcher);
                System.out.printf(
                        "%s: %,d relays served, %,d watched sockets open (load average %s)%n",
                        zooid.program.describe(), RELAYS, watcher.connectedCount(), load());

                Window off = steady(watcher, null, zooid);
                List<Window> windows = new ArrayList<>();
                List<String> relays = new ArrayList<>(owners.keySet());
                Collections.shuffle(relays);
                int next = 0;
                for (Duration period : PERIODS) {
                    Window w = steady(watcher, period, zooid);
                    List<String> deaf = relays.subList(next, Math.min(relays.size(), next + DEAF));
                    next += deaf.size();
                    windows.add(period.toMillis() < 1_000 ? w : w.withDeaf(deafWindows(app, zooid, owners, deaf)));
                }
                System.out.printf(
                        "no checks at all: Caravel %.3f cores, node %.3f cores (load average %s)%n",
                        off.caravelCores, off.nodeCores, off.load);
                for (Window w : windows) w.print(off);
                // the two windows next to each other, on the same sockets with the same background (the NIP-11
                // reads, which on the emulator each read its whole config folder): their difference is the checks'
                Window many = windows.get(0), fewer = windows.get(1);
                double more = many.checksPerS - fewer.checksPerS;
                double caravelUs = (many.caravelCores - fewer.caravelCores) / more * 1e6;
                double nodeUs = (many.nodeCores - fewer.nodeCores) / more * 1e6;
                System.out.printf(
                        "one check costs Caravel %.0f µs and the node %.0f µs of CPU (%,.0f checks/s beside %,.0f);"
                                + " at 10,000 relays: %.2f cores every 2.5 s, %.2f cores every 4 s%n",
                        caravelUs,
                        nodeUs,
                        many.checksPerS,
                        fewer.checksPerS,
                        (caravelUs + nodeUs) * 10_000 / 2.5 / 1e6,
                        (caravelUs + nodeUs) * 10_000 / 4 / 1e6);
            }
        } finally {
            Member.shutdown();
        }
        System.exit(0);
    }

    /** Creates the relays through the API (a tenant per 20), and waits until every one is active. */
    static Map<String, Keys> provision(App app, Api api) throws Exception {
        Keys[] tenants = new Keys[Math.max(1, RELAYS / 20)];
        for (int i = 0; i < tenants.length; i++) tenants[i] = Keys.generate();
        Map<String, Keys> owners = new ConcurrentHashMap<>();
        long t0 = System.nanoTime();
        try (var pool = Executors.newFixedThreadPool(4)) {
            for (int i = 0; i < RELAYS; i++) {
                int k = i;
                pool.submit(() -> {
                    Keys owner = tenants[k % tenants.length];
                    Api.Response r = api.as(
                            owner,
                            "POST",
                            "/relays",
                            "{\"name\":\"Watched " + k + "\",\"subdomain\":\"watched-" + k + "\",\"plan\":\"free\"}");
                    if (r.status() != 201) throw new IllegalStateException(r.body());
                    owners.put(r.json().at("/relay/id").asText(), owner);
                });
            }
        }
        int active;
        do {
            Thread.sleep(500);
            active = Inside.of(app)
                    .db()
                    .jdbi()
                    .withHandle(h -> h.createQuery("SELECT count(*) FROM relays WHERE status = 'active'")
                            .mapTo(Integer.class)
                            .one());
        } while (active < RELAYS && System.nanoTime() - t0 < BOUND.toNanos());
        System.out.printf(
                "%,d relays provisioned in %.0f s, %.1f a second (load average %s)%n",
                active, (System.nanoTime() - t0) / 1e9, active / ((System.nanoTime() - t0) / 1e9), load());
        return owners;
    }

    static void watchAll(MembershipWatcher watcher) throws InterruptedException {
        long t0 = System.nanoTime();
        while (watcher.connectedCount() < RELAYS && System.nanoTime() - t0 < BOUND.toNanos()) {
            watcher.reconcileNow();
            Thread.sleep(1_000);
        }
        System.out.printf("%,d sockets open in %.0f s%n", watcher.connectedCount(), (System.nanoTime() - t0) / 1e9);
    }

    /** A steady window with every socket checked every {@code period} (null: none): what it cost Caravel and the node. */
    static Window steady(MembershipWatcher watcher, Duration period, ZooidEmulator zooid) throws InterruptedException {
        watcher.livenessEvery(period);
        Thread.sleep(Math.min(5_000, SECONDS * 1_000L)); // the switch settles (first checks spread over a period)
        long checks0 = watcher.livenessChecks();
        long caravel0 = caravelCpuNanos(), node0 = nodeCpuNanos();
        long t0 = System.nanoTime();
        Thread.sleep(SECONDS * 1_000L);
        double wall = System.nanoTime() - t0;
        double caravel = (caravelCpuNanos() - caravel0) / wall, node = (nodeCpuNanos() - node0) / wall;
        double checksPerS = (watcher.livenessChecks() - checks0) / (wall / 1e9);
        return new Window(period, caravel, node, checksPerS, load(), List.of());
    }

    /**
     * Makes each relay's socket deaf (renamed to the same name over NIP-86, as its owner's app would: zooid builds a new
     * instance, and Caravel neither wrote the config nor can see a new name) and posts a report through the new
     * instance; the ms from the relay's OK to the watch's recording of the report, one relay at a time.
     */
    static List<Double> deafWindows(App app, ZooidEmulator zooid, Map<String, Keys> owners, List<String> relays)
            throws InterruptedException {
        List<Double> out = new ArrayList<>();
        for (String id : relays) {
            var relay = Inside.of(app).relayStore().find(id).orElseThrow();
            Keys owner = owners.get(id);
            WatchedRelay.renameFromAnApp(app, id, owner, relay.profile().name(), "the bench's same-name rename");
            Member member = new Member(owner, "ws://" + relay.subdomain() + ".localhost:" + zooid.port);
            JsonNode ok = null;
            for (int i = 0; i < 100 && (ok == null || !ok.get("ok").asBoolean()); i++) {
                try {
                    ok = member.publish(
                            1984, List.of(List.of("p", Keys.generate().pubkey())), "made deaf");
                } catch (IllegalStateException refused) {
                    Thread.sleep(100); // zooid's moment of not serving the relay after the write
                }
            }
            if (ok == null || !ok.get("ok").asBoolean()) throw new IllegalStateException("no report accepted: " + ok);
            long accepted = System.nanoTime();
            String reportId = ok.at("/event/id").asText();
            while (!counted(app, id, reportId)) {
                if (System.nanoTime() - accepted > Duration.ofMinutes(3).toNanos())
                    throw new IllegalStateException("the report on a deaf socket was never recorded");
                Thread.sleep(20);
            }
            out.add((System.nanoTime() - accepted) / 1e6);
        }
        return out;
    }

    static boolean counted(App app, String relayId, String reportId) {
        return Inside.of(app)
                        .db()
                        .jdbi()
                        .withHandle(h -> h.createQuery(
                                        "SELECT count(*) FROM community_reports WHERE relay = :r AND event_id = :e")
                                .bind("r", relayId)
                                .bind("e", reportId)
                                .mapTo(Integer.class)
                                .one())
                == 1;
    }

    /** CPU this process used (the backend, idle but for its watch during a window). */
    static long caravelCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * CPU the node's processes used: every descendant of this process whose command names zooid (the emulator, or real
     * zooid and the runner in front of it), read from /proc in clock ticks of 10 ms.
     */
    static long nodeCpuNanos() {
        return ProcessHandle.current()
                .descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("zooid"))
                .mapToLong(p -> {
                    try {
                        String stat = Files.readString(Path.of("/proc/" + p.pid() + "/stat"));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ", -1);
                        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
                    } catch (Exception gone) {
                        return 0;
                    }
                })
                .sum();
    }

    static String load() {
        try {
            String[] l = Files.readString(Path.of("/proc/loadavg")).split(" ", -1);
            return l[0] + " " + l[1] + " " + l[2];
        } catch (Exception e) {
            return "?";
        }
    }

    record Window(
            Duration period, double caravelCores, double nodeCores, double checksPerS, String load, List<Double> deaf) {
        Window withDeaf(List<Double> ms) {
            return new Window(period, caravelCores, nodeCores, checksPerS, load, ms);
        }

        void print(Window off) {
            List<Double> d = new ArrayList<>(deaf);
            Collections.sort(d);
            double watch = caravelCores - off.caravelCores + nodeCores - off.nodeCores;
            System.out.printf(
                    "every socket checked every %.1f s: %,.0f checks/s; Caravel %.3f cores, node %.3f cores; the checks' share of both %.3f cores"
                            + " (%.1f per 10,000 relays) (load average %s)%n",
                    period.toMillis() / 1e3, checksPerS, caravelCores, nodeCores, watch, watch * 10_000 / RELAYS, load);
            if (!d.isEmpty())
                System.out.printf(
                        "  deaf window, %d sockets made deaf (same-name rename, a report through the new instance):"
                                + " p50 %.0f ms, p95 %.0f ms, max %.0f ms%n",
                        d.size(), d.get(d.size() / 2), d.get((int) Math.ceil(d.size() * 0.95) - 1), d.getLast());
        }
    }
}
