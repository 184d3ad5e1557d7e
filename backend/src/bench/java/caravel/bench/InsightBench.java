package caravel.bench;

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
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Insight at size (issue 45): a backend on SQLite with 1,000 relays (INSIGHT_RELAYS), each with a year of daily
 * figures (what InsightRecorder's flushes leave after a year: 366 days, 93 days of kinds, 31 days of authors), then
 * p50/p99 of a relay's insight, its CSV and the admin's overview, one request at a time over HTTP with an admin's
 * session, beside comparable reads that exist already: the relay view (GET /relays/:id) and the money view (GET
 * /admin/money). Goal: p99 < 200 ms for the insight and the overview.
 */
public final class InsightBench {
    static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public static void main(String[] args) throws Exception {
        int relays = Integer.parseInt(System.getProperty("relays", "1000"));
        int samples = Integer.parseInt(System.getProperty("samples", "400"));
        Path dir = Files.createTempDirectory("insight-bench");
        try (TestBackend backend = new TestBackend(dir)) {
            Jdbi jdbi = backend.app.db.jdbi();
            long t0 = System.nanoTime();
            ListRows.insert(jdbi, Math.max(1, relays / 5), relays, 1);
            List<String> ids = jdbi.withHandle(
                    h -> h.select("SELECT id FROM relays").mapTo(String.class).list());
            long rows = seed(jdbi, ids, backend.clock.seconds() / 86_400);
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
            calls.put("GET /relays/:id/insight (goal < 200 ms)", () -> "/relays/" + relay.get() + "/insight");
            calls.put("GET /relays/:id/insight.csv", () -> "/relays/" + relay.get() + "/insight.csv");
            calls.put("GET /admin/money (the money view, existing)", () -> "/admin/money");
            calls.put("GET /admin/insight (goal < 200 ms)", () -> "/admin/insight");
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
            boolean ok = insight[1] < 200 && overview[1] < 200;
            System.out.println(ok ? "goal met: both p99 < 200 ms" : "GOAL MISSED: a p99 is 200 ms or more");
        } finally {
            ScaleBench.deleteTree(dir);
        }
    }

    /**
     * What a year of flushes leaves per relay: a row a day with varied figures, 5 kinds a day for 93 days, 12 authors
     * a day (of 40) for 31 days, its totals; the platform's days. Busier relays are busier every day (a skew as real
     * platforms have).
     */
    static long seed(Jdbi jdbi, List<String> ids, long today) {
        Random rnd = new Random(7);
        int[] kinds = {1, 7, 9, 1111, 30023};
        List<String> authors = new ArrayList<>();
        for (int i = 0; i < 40; i++) authors.add(Keys.generate().pubkey());
        long[] count = {0};
        for (int from = 0; from < ids.size(); from += 50) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 50));
            jdbi.useTransaction(h -> {
                PreparedBatch days = h.prepareBatch(
                        "INSERT INTO insight_days (relay_id, day, events, posts, bytes, joins, leaves, authors)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
                PreparedBatch kind =
                        h.prepareBatch("INSERT INTO insight_kinds (relay_id, day, kind, events) VALUES (?, ?, ?, ?)");
                PreparedBatch author = h.prepareBatch(
                        "INSERT INTO insight_authors (relay_id, day, pubkey, events) VALUES (?, ?, ?, ?)");
                PreparedBatch totals = h.prepareBatch(
                        "INSERT INTO insight_totals (relay_id, events, bytes, members, members_at, first_day)"
                                + " VALUES (?, ?, ?, ?, ?, ?)");
                for (String id : chunk) {
                    int scale = 1 + rnd.nextInt(200);
                    long sumEvents = 0, sumBytes = 0;
                    for (long d = today - 365; d <= today; d++) {
                        long events = (long) scale + rnd.nextInt(scale * 2 + 1);
                        long posts = events / 3;
                        long bytes = events * (400 + rnd.nextInt(400));
                        sumEvents += events;
                        sumBytes += bytes;
                        days.add(id, d, events, posts, bytes, rnd.nextInt(3), rnd.nextInt(2), 1 + rnd.nextInt(12));
                        count[0]++;
                        if (d > today - 93)
                            for (int k : kinds) {
                                kind.add(id, d, k, 1 + rnd.nextInt(scale));
                                count[0]++;
                            }
                        if (d > today - 31)
                            for (int a = 0; a < 12; a++) {
                                author.add(id, d, authors.get((a * 3 + (int) d) % authors.size()), 1 + rnd.nextInt(9));
                                count[0]++;
                            }
                    }
                    totals.add(id, sumEvents, sumBytes, rnd.nextInt(120), today * 86_400, today - 365);
                    count[0]++;
                }
                days.execute();
                kind.execute();
                author.execute();
                totals.execute();
            });
        }
        jdbi.useHandle(h -> h.execute("INSERT INTO insight_platform_days (day, events, posts, bytes, joins, leaves)"
                + " SELECT day, sum(events), sum(posts), sum(bytes), sum(joins), sum(leaves) FROM insight_days"
                + " GROUP BY day"));
        return count[0];
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
