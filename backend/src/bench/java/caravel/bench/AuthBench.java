package caravel.bench;

import caravel.App;
import caravel.Inside;
import caravel.config.Config;
import caravel.nostr.Event;
import caravel.nostr.Hex;
import caravel.nostr.Keys;
import caravel.nostr.Schnorr;
import caravel.testing.Api;
import caravel.testing.TestEnv;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Authentication benchmark, one run on one machine: raw libsecp256k1 Schnorr verifies/s; authenticated GET /identity
 * (authentication alone) and GET /relays/:id (a dashboard read) with a fresh strict NIP-98 event per request and with
 * a session token; p50/p99; ratios to the raw rate, by rate and by CPU per operation. Goal (issue 55): the dashboard
 * read's NIP-98 path at 0.50 of the raw verify rate or more, on SQLite and on PostgreSQL.
 */
public final class AuthBench {
    /** The fewest NIP-98 requests per measurement (twice that for the others); bench/run --smallest sets fewer. */
    static final int FEWEST = Integer.getInteger("requests", 10_000);

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        // AUTH_POSTGRES: a superuser's postgresql:// URL (bench/run starts a throwaway server and sets it); the same
        // measurement then runs again with the backend on PostgreSQL, where every strict request's event id is
        // committed to the server over the network
        String postgres = System.getenv("AUTH_POSTGRES");
        System.out.println("-- on SQLite");
        System.out.println("load average before: " + loadAverage());
        double onSqlite = measure(seconds);
        if (postgres == null || postgres.isBlank()) {
            System.out.println("(AUTH_POSTGRES unset: SQLite alone)");
            return;
        }
        System.setProperty("caravel.test.postgres", postgres); // the backend's DATABASE_URL: a database of its own
        System.out.println("-- on PostgreSQL");
        double onPostgres = measure(seconds);
        System.out.printf(
                "GET /relays/:id NIP-98 path / raw verify, by CPU per operation: SQLite %.2f, PostgreSQL %.2f (goal >= 0.50"
                        + " on both); load average after: %s%n",
                onSqlite, onPostgres, loadAverage());
    }

    /**
     * One database's run; returns the dashboard read's (GET /relays/:id) NIP-98 path as a ratio of the raw verify rate,
     * judged by CPU per operation (see {@link #byCpu}).
     */
    static double measure(int seconds) throws Exception {
        Path dir = Files.createTempDirectory("caravel-bench");
        int port = TestEnv.freePort();
        var env = TestEnv.env(dir, port);
        try (App app = new App(Config.fromEnv(env), Clock.systemUTC()).start()) {
            Api api = new Api("http://127.0.0.1:" + app.port());
            Keys user = Keys.generate();
            String relayId = api.as(
                            user,
                            "POST",
                            "/relays",
                            "{\"name\":\"Bench\",\"subdomain\":\"bench-relay\",\"plan\":\"free\"}")
                    .json()
                    .at("/relay/id")
                    .asText();
            inService(app, relayId);
            String token = api.as(user, "POST", "/auth/session", null)
                    .json()
                    .get("token")
                    .asText();
            String relayPath = "/relays/" + relayId, host = "127.0.0.1:" + port;
            // two routes: GET /relays/:id (a dashboard read: the relay, its settings' rules, the actions on offer,
            // its domain; served from the view kept at its version, two statements with the session's) and GET
            // /identity (authentication and nothing else: who the caller is). The goal is judged on the second, where
            // the strict path's own cost (signature, replay check) is what is measured; the first shows what a real
            // read adds
            List<String> paths = List.of(relayPath, "/identity");

            int connections = 32;
            for (String path : paths) { // warm up both paths of both routes (JIT, connection pools)
                LoadGen.run(
                        "127.0.0.1", port, nip98Requests(user, api.base() + path, path, host, 2 * FEWEST), connections);
                LoadGen.run("127.0.0.1", port, sessionRequests(path, host, token, 4 * FEWEST), connections);
            }

            // three interleaved rounds of each measurement; medians, so a noisy moment on a shared machine
            // does not decide a ratio
            int rounds = 3;
            double[] raw = new double[rounds], rawCpu = new double[rounds];
            LoadGen.Result[][] nip98 = new LoadGen.Result[paths.size()][rounds],
                    session = new LoadGen.Result[paths.size()][rounds];
            LoadGen.Result[] floor = new LoadGen.Result[rounds];
            // the process's CPU per request (server and load generator), per route and path, each round
            List<List<Double>> cpuNip98 = List.of(new ArrayList<>(), new ArrayList<>()),
                    cpuSession = List.of(new ArrayList<>(), new ArrayList<>());
            List<Double> cpuFloor = new ArrayList<>();
            // the HTTP floor: GET /healthz on the same server (Jetty, Javalin's handlers, JSON; no auth, no database)
            // (with the same Authorization header as the session requests, so parsing costs the same)
            byte[] bare = LoadGen.request("GET", "/healthz", host, "Bearer " + token);
            LoadGen.run("127.0.0.1", port, repeat(bare, 40_000), connections);
            for (int i = 0; i < rounds; i++) {
                double[] verified = rawVerifyRate(seconds);
                raw[i] = verified[0];
                rawCpu[i] = verified[1];
                StringBuilder line = new StringBuilder(String.format("round %d: raw %,.0f verifies/s", i + 1, raw[i]));
                for (int r = 0; r < paths.size(); r++) {
                    String path = paths.get(r);
                    int n98 = (int) Math.max(FEWEST, raw[i] * seconds * 0.6);
                    nip98[r][i] = timed(
                            nip98Requests(user, api.base() + path, path, host, n98),
                            port,
                            connections,
                            cpuNip98.get(r));
                    session[r][i] = timed(
                            sessionRequests(
                                    path, host, token, (int) Math.max(2 * FEWEST, nip98[r][i].rps() * seconds * 3)),
                            port,
                            connections,
                            cpuSession.get(r));
                    line.append(String.format(
                            "; %s NIP-98 %,.0f req/s, session %,.0f req/s",
                            r == 0 ? "relay" : "identity", nip98[r][i].rps(), session[r][i].rps()));
                }
                floor[i] = timed(
                        repeat(bare, (int) Math.max(2 * FEWEST, session[1][i].rps() * seconds * 1.5)),
                        port,
                        connections,
                        cpuFloor);
                System.out.println(line + String.format("; bare %,.0f req/s", floor[i].rps()));
            }
            double rawVerify = median(raw), verifyCpu = median(rawCpu);
            LoadGen.Result bareFloor = medianByRate(floor);
            System.out.printf(
                    "raw libsecp256k1 Schnorr verify (1 thread): %,.0f verifies/s, %.1f us of CPU each (medians)%n",
                    rawVerify, verifyCpu);
            int cores = Runtime.getRuntime().availableProcessors();
            double goalRatio = 0;
            for (int r = 0; r < paths.size(); r++) {
                String route = r == 0 ? "GET /relays/:id" : "GET /identity";
                LoadGen.Result n = medianByRate(nip98[r]), sess = medianByRate(session[r]);
                report(route + ", fresh NIP-98 event per request", n, rawVerify);
                report(route + ", session token", sess, rawVerify);
                System.out.printf(
                        "%s: CPU per request (the whole process, median of rounds): NIP-98 %.0f us, session %.0f us%n",
                        route, medianOf(cpuNip98.get(r)), medianOf(cpuSession.get(r)));
                System.out.printf(
                        "%s: NIP-98 path / raw verify %.2f, session path / raw verify %.2f, session / NIP-98 %.2f%n",
                        route, n.rps() / rawVerify, sess.rps() / rawVerify, sess.rps() / n.rps());
                double nip98ByCpu = byCpu(cores, verifyCpu, medianOf(cpuNip98.get(r)));
                System.out.printf(
                        "%s: by CPU per operation (%d cores at full use / one verifying thread): NIP-98 path / raw"
                                + " verify %.2f, session path / raw verify %.2f%n",
                        route, cores, nip98ByCpu, byCpu(cores, verifyCpu, medianOf(cpuSession.get(r))));
                if (r == 0) goalRatio = nip98ByCpu;
            }
            System.out.printf(
                    "ratio NIP-98 path / raw verify on GET /relays/:id (the dashboard read), by CPU per operation: %.2f"
                            + " (goal >= 0.50: every event id committed before its request goes on); by rate %.2f%n",
                    goalRatio, medianByRate(nip98[0]).rps() / rawVerify);
            report("GET /healthz, no authentication (the HTTP floor)", bareFloor, rawVerify);
            System.out.printf(
                    "GET /healthz: CPU per request %.0f us; GET /relays/:id session / GET /identity session in CPU per"
                            + " request: %.2f%n",
                    medianOf(cpuFloor), medianOf(cpuSession.get(0)) / medianOf(cpuSession.get(1)));
            System.out.printf(
                    "(%d cores, %d keep-alive connections, load generator in the same JVM; medians of %d rounds)%n",
                    Runtime.getRuntime().availableProcessors(), connections, rounds);
            return goalRatio;
        }
    }

    /**
     * Runs one measurement and records the CPU the whole process (server and load generator) spent per request: on a
     * machine shared with other work the rates follow the share of the cores this process gets, while CPU per request
     * stays near what the request costs.
     */
    static LoadGen.Result timed(List<byte[]> requests, int port, int connections, List<Double> cpuMicros)
            throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpu = os.getProcessCpuTime();
        LoadGen.Result r = LoadGen.run("127.0.0.1", port, requests, connections);
        cpuMicros.add((os.getProcessCpuTime() - cpu) / 1e3 / requests.size());
        return r;
    }

    static List<byte[]> sessionRequests(String path, String host, String token, int n) {
        return repeat(LoadGen.request("GET", path, host, "Bearer " + token), n);
    }

    static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }

    static double medianOf(List<Double> v) {
        return median(v.stream().mapToDouble(Double::doubleValue).toArray());
    }

    static LoadGen.Result medianByRate(LoadGen.Result[] rs) {
        LoadGen.Result[] c = rs.clone();
        Arrays.sort(c, Comparator.comparingDouble(LoadGen.Result::rps));
        return c[c.length / 2];
    }

    static void report(String name, LoadGen.Result r, double raw) {
        System.out.printf(
                "%s: %,.0f req/s (%d requests, %d errors), p50 %.2f ms, p99 %.2f ms, ratio to raw verify %.2f%n",
                name, r.rps(), r.requests(), r.errors(), r.percentileMs(50), r.percentileMs(99), r.rps() / raw);
        if (r.errors() > 0) throw new IllegalStateException(name + ": " + r.errors() + " requests failed");
    }

    /**
     * The relay as dashboards mostly show one: active and synced. No zooid runs beside the bench, so its provisioning
     * fails; once the first attempt has, the retry is taken out of the queue and the row set as a served relay's (a
     * relay whose sync failed is rendered on every read: its retry lives in the job queue).
     */
    static void inService(App app, String relayId) throws InterruptedException {
        var jdbi = Inside.of(app).db().jdbi();
        for (int i = 0; i < 200; i++) {
            String state = jdbi.withHandle(h -> h.select("SELECT sync_state FROM relays WHERE id = ?", relayId)
                    .mapTo(String.class)
                    .one());
            if ("failed".equals(state)) break;
            Thread.sleep(50);
        }
        jdbi.useHandle(h -> {
            h.execute("DELETE FROM jobs WHERE dedupe_key = ? AND status = 'queued'", "relay:" + relayId);
            h.execute(
                    "UPDATE relays SET status = 'active', sync_state = 'synced', sync_error = NULL, sync_attempts = 0"
                            + " WHERE id = ?",
                    relayId);
        });
    }

    /**
     * What a path's rate would be as a ratio of the raw verify rate on a machine that gives this process all its cores:
     * the raw rate is one thread's (1 / its CPU per verify), the server's is every core's (cores / its CPU per
     * request, server and load generator together). On a shared machine the rates follow the share of the cores each
     * measurement happened to get (the one-thread verify loop and the many-threaded server are not squeezed alike),
     * while CPU per operation stays near what the operation costs; both ratios are printed.
     */
    static double byCpu(int cores, double verifyCpuMicros, double requestCpuMicros) {
        return cores * verifyCpuMicros / requestCpuMicros;
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    /** Verifies per second on one thread, and the thread's CPU per verify in µs. */
    static double[] rawVerifyRate(int seconds) {
        Keys k = Keys.generate();
        List<Event> events = IntStream.range(0, 2000)
                .mapToObj(i -> k.sign(i, 27235, List.of(), "e" + i))
                .toList();
        List<byte[][]> triples = events.stream()
                .map(e -> new byte[][] {Hex.decode(e.sig()), Hex.decode(e.id()), Hex.decode(e.pubkey())})
                .toList();
        for (int w = 0; w < 3; w++) for (byte[][] t : triples) Schnorr.verify(t[0], t[1], t[2]);
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        long count = 0, start = System.nanoTime(), end = start + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            for (byte[][] t : triples) if (!Schnorr.verify(t[0], t[1], t[2])) throw new IllegalStateException();
            count += triples.size();
        }
        return new double[] {
            count / ((System.nanoTime() - start) / 1e9), (threads.getCurrentThreadCpuTime() - cpu) / 1e3 / count
        };
    }

    static List<byte[]> nip98Requests(Keys user, String url, String path, String host, int n) {
        long now = System.currentTimeMillis() / 1000;
        return IntStream.range(0, n)
                .parallel()
                .mapToObj(i -> {
                    Event e = user.sign(
                            now,
                            27235,
                            List.of(List.of("u", url), List.of("method", "GET"), List.of("nonce", Integer.toString(i))),
                            "");
                    return LoadGen.request(
                            "GET",
                            path,
                            host,
                            "Nostr "
                                    + Base64.getEncoder()
                                            .encodeToString(e.toJsonString().getBytes(StandardCharsets.UTF_8)));
                })
                .toList();
    }

    static List<byte[]> repeat(byte[] r, int n) {
        List<byte[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(r);
        return out;
    }
}
