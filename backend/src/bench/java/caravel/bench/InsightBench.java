package caravel.bench;

import caravel.Inside;
import caravel.nostr.Keys;
import caravel.testing.ListRows;
import caravel.testing.TestBackend;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/**
 * Insight at size (issue 45): a backend on SQLite with 1,000 relays (INSIGHT_RELAYS), each with a year of daily
 * figures (what InsightRecorder's flushes leave after a year: 366 days, 93 days of kinds, 31 days of authors), then
 * p50/p99 of a relay's insight, its CSV and the admin's overview, one request at a time over HTTP with an admin's
 * session, beside comparable reads that exist already: the relay view (GET /relays/:id) and the money view (GET
 * /admin/money). Goal: p99 <= 100 ms for the insight and the overview (issue 55; 200 ms in issue 45).
 */
public final class InsightBench {
    static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public static void main(String[] args) throws Exception {
        int relays = Integer.parseInt(System.getProperty("relays", "1000"));
        int samples = Integer.parseInt(System.getProperty("samples", "400"));
        Path dir = Files.createTempDirectory("insight-bench");
        try (TestBackend backend = new TestBackend(dir)) {
            Jdbi jdbi = Inside.of(backend.app).db().jdbi();
            long t0 = System.nanoTime();
            ListRows.insert(jdbi, Math.max(1, relays / 5), relays, 1);
            List<String> ids = jdbi.withHandle(
                    h -> h.select("SELECT id FROM relays").mapTo(String.class).list());
            long rows = caravel.insight.InsightSeed.seed(jdbi, ids, backend.clock.seconds() / 86_400);
            System.out.printf(
                    "seeded %,d relays with a year of daily figures: %,d insight rows in %.1f s%n",
                    ids.size(), rows, (System.nanoTime() - t0) / 1e9);

            String base = "http://127.0.0.1:" + backend.app.port();
            Keys admin = backend.admin;
            String token = backend.api
                    .as(admin, "POST", "/auth/session", null)
                    .json()
                    .get("token")
                    .asText();
            Random rnd = new Random(45);
            Supplier<String> relay = () -> ids.get(rnd.nextInt(ids.size()));
            Map<String, Supplier<String>> calls = new LinkedHashMap<>();
            calls.put("GET /relays/:id (the relay view, existing)", () -> "/relays/" + relay.get());
            calls.put("GET /relays/:id/insight (goal <= 100 ms)", () -> "/relays/" + relay.get() + "/insight");
            calls.put("GET /relays/:id/insight.csv", () -> "/relays/" + relay.get() + "/insight.csv");
            calls.put("GET /admin/money (the money view, existing)", () -> "/admin/money");
            calls.put("GET /admin/insight (goal <= 100 ms)", () -> "/admin/insight");
            for (var e : calls.entrySet())
                for (int i = 0; i < 50; i++) get(base, token, e.getValue().get());
            Map<String, double[]> figures = new LinkedHashMap<>();
            System.out.printf(
                    "%n%-46s %9s %9s %9s   (%d requests each, one at a time)%n", "call", "p50", "p99", "max", samples);
            for (var e : calls.entrySet()) {
                double[] ms = new double[samples];
                for (int i = 0; i < samples; i++) {
                    String path = e.getValue().get();
                    long a = System.nanoTime();
                    get(base, token, path);
                    ms[i] = (System.nanoTime() - a) / 1e6;
                }
                Arrays.sort(ms);
                double[] f = {ms[samples / 2], ms[(int) Math.ceil(samples * 0.99) - 1], ms[samples - 1]};
                figures.put(e.getKey(), f);
                System.out.printf("%-46s %6.1f ms %6.1f ms %6.1f ms%n", e.getKey(), f[0], f[1], f[2]);
            }
            List<String> keys = new ArrayList<>(figures.keySet());
            double[] view = figures.get(keys.get(0)), insight = figures.get(keys.get(1));
            double[] money = figures.get(keys.get(3)), overview = figures.get(keys.get(4));
            System.out.printf(
                    "%nrelay insight / relay view: p50 %.2f, p99 %.2f;  admin insight / money view: p50 %.2f, p99 %.2f%n",
                    insight[0] / view[0], insight[1] / view[1], overview[0] / money[0], overview[1] / money[1]);
            // issue 45's goal was 200 ms; issue 55's is 100 ms
            boolean ok = insight[1] <= 100 && overview[1] <= 100;
            System.out.println((ok ? "goal met: both p99 <= 100 ms" : "GOAL MISSED: a p99 is over 100 ms")
                    + "; load average " + AuthBench.loadAverage());
            caravel.insight.OverviewReads.profile(
                    jdbi, backend.clock, Inside.of(backend.app).config().plans(), samples);
        } finally {
            ScaleBench.deleteTree(dir);
        }
    }

    static String get(String base, String token, String path) throws Exception {
        var r = HTTP.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200)
            throw new IllegalStateException("GET " + path + " → " + r.statusCode() + " " + r.body());
        return r.body();
    }
}
