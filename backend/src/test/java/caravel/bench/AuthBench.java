package caravel.bench;

import caravel.App;
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
 * Authentication benchmark, one run on one machine: raw libsecp256k1 Schnorr verifies/s; authenticated GET /relays/:id
 * with a fresh strict NIP-98 event per request; the same with a session token; p50/p99; ratios to the raw rate.
 */
public final class AuthBench {
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        // AUTH_POSTGRES: a superuser's postgresql:// URL (bench/run starts a throwaway server and sets it); the same
        // measurement then runs again with the backend on PostgreSQL, where every strict request's event id is
        // committed to the server over the network
        String postgres = System.getenv("AUTH_POSTGRES");
        System.out.println("-- on SQLite");
        double onSqlite = measure(seconds);
        if (postgres == null || postgres.isBlank()) {
            System.out.println("(AUTH_POSTGRES unset: SQLite alone)");
            return;
        }
        System.setProperty("caravel.test.postgres", postgres); // the backend's DATABASE_URL: a database of its own
        System.out.println("-- on PostgreSQL");
        double onPostgres = measure(seconds);
        System.out.printf(
                "ratio NIP-98 path / raw verify: SQLite %.2f, PostgreSQL %.2f (goal >= 0.40 on both)%n",
                onSqlite, onPostgres);
    }

    /** One database's run; returns the NIP-98 path's ratio to the raw verify rate. */
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
            String token = api.as(user, "POST", "/auth/session", null)
                    .json()
                    .get("token")
                    .asText();
            String path = "/relays/" + relayId, url = api.base() + path, host = "127.0.0.1:" + port;

            int connections = 32;
            // warm up both paths (JIT, connection pools)
            LoadGen.run("127.0.0.1", port, nip98Requests(user, url, path, host, 20_000), connections);
            LoadGen.run(
                    "127.0.0.1",
                    port,
                    repeat(LoadGen.request("GET", path, host, "Bearer " + token), 40_000),
                    connections);

            // three interleaved rounds of each measurement; medians, so a noisy moment on a shared machine
            // does not decide a ratio
            int rounds = 3;
            double[] raw = new double[rounds];
            LoadGen.Result[] nip98 = new LoadGen.Result[rounds],
                    session = new LoadGen.Result[rounds],
                    floor = new LoadGen.Result[rounds];
            // the HTTP floor: GET /healthz on the same server (Jetty, Javalin's handlers, JSON; no auth, no database)
            // (with the same Authorization header as the session requests, so parsing costs the same)
            byte[] bare = LoadGen.request("GET", "/healthz", host, "Bearer " + token);
            LoadGen.run("127.0.0.1", port, repeat(bare, 40_000), connections);
            for (int i = 0; i < rounds; i++) {
                raw[i] = rawVerifyRate(seconds);
                int n98 = (int) Math.max(10_000, raw[i] * seconds * 0.6);
                nip98[i] = LoadGen.run("127.0.0.1", port, nip98Requests(user, url, path, host, n98), connections);
                session[i] = LoadGen.run(
                        "127.0.0.1",
                        port,
                        repeat(LoadGen.request("GET", path, host, "Bearer " + token), (int)
                                Math.max(20_000, nip98[i].rps() * seconds * 3)),
                        connections);
                floor[i] = LoadGen.run(
                        "127.0.0.1",
                        port,
                        repeat(bare, (int) Math.max(20_000, session[i].rps() * seconds * 1.5)),
                        connections);
                System.out.printf(
                        "round %d: raw %,.0f verifies/s, NIP-98 %,.0f req/s, session %,.0f req/s, bare %,.0f req/s%n",
                        i + 1, raw[i], nip98[i].rps(), session[i].rps(), floor[i].rps());
            }
            double rawVerify = median(raw);
            LoadGen.Result n = medianByRate(nip98), sess = medianByRate(session), bareFloor = medianByRate(floor);
            System.out.printf("raw libsecp256k1 Schnorr verify (1 thread): %,.0f verifies/s (median)%n", rawVerify);
            report("GET /relays/:id, fresh NIP-98 event per request", n, rawVerify);
            report("GET /relays/:id, session token", sess, rawVerify);
            String goal = "goal >= 0.40: every event id committed before its request goes on";
            System.out.printf("ratio NIP-98 path / raw verify: %.2f (%s)%n", n.rps() / rawVerify, goal);
            System.out.printf("ratio session path / NIP-98 path: %.2f (goal >= 5)%n", sess.rps() / n.rps());
            report("GET /healthz, no authentication (the HTTP floor)", bareFloor, rawVerify);
            System.out.printf(
                    "ratio session path / HTTP floor: %.2f; NIP-98 path / HTTP floor: %.2f%n",
                    sess.rps() / bareFloor.rps(), n.rps() / bareFloor.rps());
            System.out.printf(
                    "(%d cores, %d keep-alive connections, load generator in the same JVM; medians of %d rounds)%n",
                    Runtime.getRuntime().availableProcessors(), connections, rounds);
            return n.rps() / rawVerify;
        }
    }

    static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
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

    static double rawVerifyRate(int seconds) {
        Keys k = Keys.generate();
        List<Event> events = IntStream.range(0, 2000)
                .mapToObj(i -> k.sign(i, 27235, List.of(), "e" + i))
                .toList();
        List<byte[][]> triples = events.stream()
                .map(e -> new byte[][] {Hex.decode(e.sig()), Hex.decode(e.id()), Hex.decode(e.pubkey())})
                .toList();
        for (int w = 0; w < 3; w++) for (byte[][] t : triples) Schnorr.verify(t[0], t[1], t[2]);
        long count = 0, start = System.nanoTime(), end = start + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            for (byte[][] t : triples) if (!Schnorr.verify(t[0], t[1], t[2])) throw new IllegalStateException();
            count += triples.size();
        }
        return count / ((System.nanoTime() - start) / 1e9);
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
