package caravel.bench;

import caravel.App;
import caravel.Inside;
import caravel.Wallets;
import caravel.config.Config;
import caravel.crypto.SecretBox;
import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.AppOptions;
import caravel.testing.MemoryWallet;
import caravel.testing.MutableClock;
import caravel.testing.TestEnv;
import caravel.zooid.RelaySecrets;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Scale benchmark: a database seeded with Seeder (100,000 tenants by default), then
 *  1. start-up of the backend as its own process (the jar when it is built) on that database: time until /healthz;
 *  2. p50/p99 of a tenant's dashboard calls and of admin search and filters, one request at a time (latency, not
 *     throughput), for random tenants, relays and search terms drawn from the database;
 *  3. the process's resident memory after the calls and a few idle seconds;
 *  4. the billing run in this JVM on the same file: once with the renewals due, once more with nothing due — the second
 *     is the run's fixed cost, which should not grow with the number of tenants — and EXPLAIN QUERY PLAN of its reads.
 * On SQLite, and on PostgreSQL when SCALE_POSTGRES names a server (bench/run starts a throwaway one): the same seed
 * and the same requests on each, then the two sets of figures side by side, PostgreSQL's as ratios of SQLite's.
 * The seeded platform is kept between runs (see ScaleDatabase) and each run works on a copy migrated forward
 * (SCALE_RESEED=1 seeds it again, e.g. after a migration numbered below the newest one applied).
 */
public final class ScaleBench {
    static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** One database's figures, kept for the side-by-side table at the end. */
    record Figures(
            String database,
            double startup,
            Map<String, double[]> calls,
            List<Long> idleMb,
            double billingMs,
            double idleBillingMs) {}

    public static void main(String[] args) throws Exception {
        int tenants = Integer.parseInt(System.getProperty("tenants", "100000"));
        int samples = Integer.parseInt(System.getProperty("samples", "400"));
        Path root = Path.of(System.getProperty("caravel.root", "."));
        // SCALE_POSTGRES: a superuser's postgresql:// URL (bench/run starts a throwaway server and sets it);
        // SCALE_DATABASES: which to run, "sqlite,postgresql" by default when a server is given
        String postgres = Optional.ofNullable(System.getenv("SCALE_POSTGRES"))
                .filter(v -> !v.isBlank())
                .orElse(null);
        String which = Optional.ofNullable(System.getenv("SCALE_DATABASES"))
                .filter(v -> !v.isBlank())
                .orElse(postgres == null ? "sqlite" : "sqlite,postgresql");
        List<Figures> all = new ArrayList<>();
        for (String name : List.of(which.split(",", -1))) {
            // every run works on a copy: the billing run below changes it
            Path dir = Files.createTempDirectory("caravel-scale");
            // a 2 GB copy per run: removed however the run ends
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
            System.out.printf("%n=== %s%n", name.trim());
            try (ScaleDatabase db = switch (name.trim()) {
                case "sqlite" -> new ScaleDatabase.Sqlite(root, tenants, dir);
                case "postgresql" -> {
                    if (postgres == null)
                        throw new IllegalArgumentException(
                                "SCALE_DATABASES names postgresql but SCALE_POSTGRES is unset");
                    yield new ScaleDatabase.Postgres(postgres, tenants);
                }
                default -> throw new IllegalArgumentException("SCALE_DATABASES: sqlite and/or postgresql, not " + name);
            }) {
                all.add(run(db, dir, root, samples));
            } finally {
                deleteTree(dir);
            }
        }
        if (all.size() == 2) compare(all.get(0), all.get(1));
    }

    static Figures run(ScaleDatabase db, Path dir, Path root, int samples) throws Exception {
        db.migrate();
        System.out.printf("database: %,d MB; %s%n", db.bytes() >> 20, counts(db));

        Keys admin = Keys.generate();
        int port = TestEnv.freePort();
        Map<String, String> env = TestEnv.env(dir, port, admin.pubkey());
        env.put("DATABASE_URL", db.url());
        sealRelayKeys(db, Config.fromEnv(env));
        Path jar = root.resolve("backend/target/caravel.jar");
        Map<String, double[]> figures = new LinkedHashMap<>();
        List<Long> idleMb = new ArrayList<>();
        double startup;
        long t0 = System.nanoTime();
        Process p = start(env, jar, root.resolve("deploy/jvm.options"), dir.resolve("backend.log"));
        try {
            String base = "http://127.0.0.1:" + port;
            waitHealthy(base, p, dir.resolve("backend.log"));
            startup = (System.nanoTime() - t0) / 1e9;
            System.out.printf(
                    "%nstart-up (%s, migrations checked on the seeded database) to /healthz: %.2f s (goal < 3 s)%n",
                    Files.exists(jar) ? "java -jar caravel.jar" : "classpath", startup);

            Api api = new Api(base);
            String token = api.as(admin, "POST", "/auth/session", null)
                    .json()
                    .get("token")
                    .asText();
            Sample s = new Sample(db);
            Map<String, Supplier<String>> calls = new LinkedHashMap<>();
            calls.put("GET /tenants/:pubkey/relays", () -> "/tenants/" + s.tenant() + "/relays");
            calls.put("GET /relays/:id", () -> "/relays/" + s.relay());
            calls.put("GET /relays/:id/activity", () -> "/relays/" + s.relay() + "/activity");
            calls.put("GET /tenants/:pubkey/invoices", () -> "/tenants/" + s.billedTenant() + "/invoices");
            calls.put("GET /tenants/:pubkey (biggest tenant) relays", () -> "/tenants/" + s.biggest + "/relays");
            calls.put(
                    "admin GET /relays?q=<name word>&status=active", () -> "/relays?q=" + s.word() + "&status=active");
            calls.put("admin GET /relays?q=<subdomain>", () -> "/relays?q=" + s.subdomain());
            calls.put(
                    "admin GET /relays?q=<owner prefix>",
                    () -> "/relays?q=" + s.tenant().substring(0, 8));
            calls.put("admin GET /relays?status=<status>", () -> "/relays?status=" + s.status());
            calls.put("admin GET /relays", () -> "/relays");
            // offset pagination: a page deep in the list walks every row before it
            calls.put(
                    String.format("admin GET /relays?page=<any of %,d>", s.pages),
                    () -> "/relays?per_page=50&page=" + (1 + s.rnd.nextInt(s.pages)));
            // the same depths by cursor: each page's next_cursor, taken once, leads to the page after it by an index
            // seek, whatever its depth
            List<String> deep = deepCursors(base, token, 200, s.pages);
            calls.put(
                    String.format("admin GET /relays?after=<cursor, any of %,d>", s.pages),
                    () -> "/relays?per_page=50&after=" + deep.get(s.rnd.nextInt(deep.size())));
            calls.put(
                    "admin GET /tenants?q=<prefix>",
                    () -> "/tenants?q=" + s.tenant().substring(0, 6));
            calls.put("admin GET /tenants?status=suspended", () -> "/tenants?status=suspended");
            calls.put("admin GET /tenants", () -> "/tenants");
            // the operator's money view (issue 43: goal p99 < 200 ms) and its CSV of every month
            calls.put("admin GET /admin/money (goal < 200 ms)", () -> "/admin/money");
            calls.put("admin GET /admin/money.csv", () -> "/admin/money.csv");
            // SCALE_CALLS=<word>: only the calls whose name holds it (e.g. "money"), for a quicker run
            String only = System.getenv("SCALE_CALLS");
            if (only != null && !only.isBlank()) calls.keySet().removeIf(k -> !k.contains(only.trim()));
            // warm-up: JIT and SQLite's page cache, as on a server that has been up for a while
            for (var e : calls.entrySet())
                for (int i = 0; i < 50; i++) get(base, token, e.getValue().get());
            long readBefore = storageReadBytes(p.pid());
            System.out.printf(
                    "%n%-48s %8s %8s %8s   (%d requests each, one at a time, goal p99 < 50 ms)%n",
                    "call", "p50", "p99", "max", samples);
            for (var e : calls.entrySet()) {
                double[] ms = new double[samples];
                for (int i = 0; i < samples; i++) {
                    String path = e.getValue().get();
                    long a = System.nanoTime();
                    get(base, token, path);
                    ms[i] = (System.nanoTime() - a) / 1e6;
                }
                Arrays.sort(ms);
                figures.put(e.getKey(), new double[] {
                    ms[samples / 2], ms[(int) Math.ceil(samples * 0.99) - 1], ms[samples - 1]
                });
                System.out.printf(
                        "%-48s %6.1f ms %6.1f ms %6.1f ms%n",
                        e.getKey(), ms[samples / 2], ms[(int) Math.ceil(samples * 0.99) - 1], ms[samples - 1]);
            }
            // pages of the database file the OS no longer had cached: read from the disk during a request (on
            // PostgreSQL the server's processes read, not the backend's)
            System.out.printf(
                    "read from storage by the backend's own process during the calls (page cache misses): %,d MB%n",
                    (storageReadBytes(p.pid()) - readBefore) >> 20);
            StringBuilder idle = new StringBuilder();
            for (int second = 1; second <= 20; second++) {
                Thread.sleep(1_000);
                if (second % 5 == 0) {
                    long mb = rssKb(p.pid()) >> 10;
                    idleMb.add(mb);
                    idle.append(String.format(" %d s: %,d MB;", second, mb));
                }
            }
            System.out.printf("%nresident memory of the backend after the calls, idle (goal < 250 MB):%s%n", idle);
            if (System.getenv("SCALE_NMT") != null) {
                System.out.println(jcmd(p.pid(), "VM.native_memory", "summary"));
                System.out.println(jcmd(p.pid(), "GC.class_histogram")
                        .lines()
                        .limit(30)
                        .collect(java.util.stream.Collectors.joining("\n")));
            }
        } catch (Exception e) {
            // the copy and its log are removed when the run ends: the backend's last words go with the failure
            System.out.println("backend log, last lines:");
            List<String> log = Files.readAllLines(dir.resolve("backend.log"));
            log.subList(Math.max(0, log.size() - 60), log.size()).forEach(l -> System.out.println("  " + l));
            throw e;
        } finally {
            p.destroy();
            p.waitFor();
        }
        double[] billing;
        try {
            billing = billing(db, env);
        } catch (RuntimeException e) {
            // printed, and NaN in the figures (bench/run --smallest fails on it); the calls' figures above stand and
            // the next database is still measured
            System.out.println("billing run failed: " + e);
            billing = new double[] {Double.NaN, Double.NaN};
        }
        return new Figures(db.name(), startup, figures, idleMb, billing[0], billing[1]);
    }

    /** The two databases' figures side by side, PostgreSQL's as a ratio of SQLite's where both are times. */
    static void compare(Figures a, Figures b) {
        System.out.printf(
                "%n=== %s beside %s (ratio: %s / %s; goal p99 < 50 ms on both)%n",
                b.database(), a.database(), b.database(), a.database());
        System.out.printf("%-48s %17s %17s %12s%n", "call (p50 / p99)", a.database(), b.database(), "p99 ratio");
        for (var e : a.calls().entrySet()) {
            double[] x = e.getValue(), y = b.calls().get(e.getKey());
            if (y == null) continue;
            System.out.printf(
                    "%-48s %6.1f / %6.1f ms %6.1f / %6.1f ms %11.2f×%s%n",
                    e.getKey(), x[0], x[1], y[0], y[1], y[1] / x[1], y[1] >= 50 || x[1] >= 50 ? "  (over 50 ms)" : "");
        }
        System.out.printf(
                "%-48s %15.2f s %15.2f s %11.2f×%n",
                "start-up to /healthz", a.startup(), b.startup(), b.startup() / a.startup());
        System.out.printf(
                "%-48s %14s MB %14s MB %11.2f×%n",
                "resident memory, idle 20 s",
                last(a.idleMb()),
                last(b.idleMb()),
                (double) last(b.idleMb()) / last(a.idleMb()));
        System.out.printf(
                "%-48s %15.0f ms %14.0f ms %11.2f×%n",
                "billing run, renewals due", a.billingMs(), b.billingMs(), b.billingMs() / a.billingMs());
        System.out.printf(
                "%-48s %15.1f ms %14.1f ms %11.2f×%n",
                "billing run, nothing due",
                a.idleBillingMs(),
                b.idleBillingMs(),
                b.idleBillingMs() / a.idleBillingMs());
    }

    private static long last(List<Long> l) {
        return l.isEmpty() ? 0 : l.getLast();
    }

    /**
     * The billing run in this JVM: renewals due, then again with nothing due (their times); and the plans of its reads.
     */
    static double[] billing(ScaleDatabase db, Map<String, String> env) throws Exception {
        double[] times;
        MutableClock clock = new MutableClock();
        clock.set(Instant.now());
        MemoryWallet wallet = new MemoryWallet(clock);
        try (App app = new App(
                Config.fromEnv(env),
                clock,
                AppOptions.builder()
                        .wallets(new Wallets(Optional.of(wallet), u -> wallet))
                        .build())) {
            long anchored = Inside.of(app)
                    .db()
                    .jdbi()
                    .withHandle(h -> h.createQuery("SELECT count(*) FROM tenants WHERE billing_anchor IS NOT NULL")
                            .mapTo(Long.class)
                            .one());
            long a = System.nanoTime();
            var first = Inside.of(app).renewals().runCycle();
            double firstMs = (System.nanoTime() - a) / 1e6;
            long b = System.nanoTime();
            var second = Inside.of(app).renewals().runCycle();
            double secondMs = (System.nanoTime() - b) / 1e6;
            System.out.printf(
                    "%nbilling run over %,d billed tenants: %s in %.0f ms (%.2f ms per renewal); again with nothing due: %s in %.1f ms%n",
                    anchored,
                    first,
                    firstMs,
                    first.renewalInvoices() == 0 ? 0 : firstMs / first.renewalInvoices(),
                    second,
                    secondMs);
            times = new double[] {firstMs, secondMs};
        }
        try (Connection c = db.connect()) {
            long now = System.currentTimeMillis() / 1000;
            plan(
                    db,
                    c,
                    "renewal candidates",
                    "SELECT pubkey, billing_anchor, renewed_cycle_start FROM tenants WHERE billing_anchor IS NOT NULL "
                            + "AND coalesce(renewed_cycle_start, billing_anchor) <= " + (now - 28 * 86_400)
                            + " ORDER BY coalesce(renewed_cycle_start, billing_anchor), pubkey");
            plan(
                    db,
                    c,
                    "grace check",
                    "SELECT id FROM invoices WHERE status = 'pending' AND due_at <= " + now
                            + " AND (reminded_at IS NULL OR suspended_at IS NULL) ORDER BY due_at");
        }
        return times;
    }

    /**
     * The seeder writes placeholders for the relays' sealed keys; a real platform's open with its own secret. Without
     * this every served relay's subscription fails at once on the key, and the watcher retries all 172,000 of them in
     * the background of the measurements — a load no real platform has. With real keys the watcher gets as far as
     * connecting, which fails (the relays' domain does not resolve here) as when zooid is down: one shared pause.
     */
    static void sealRelayKeys(ScaleDatabase db, Config config) throws Exception {
        long t0 = System.nanoTime();
        SecretBox box = new SecretBox(config.encryptionSecret());
        byte[] key = Keys.generate().secret();
        try (Connection c = db.connect()) {
            db.bulk(c);
            c.setAutoCommit(false);
            List<String> ids = new ArrayList<>();
            try (var rs = c.createStatement().executeQuery("SELECT id FROM relays")) {
                while (rs.next()) ids.add(rs.getString(1));
            }
            try (var update = c.prepareStatement("UPDATE relays SET secret_enc = ? WHERE id = ?")) {
                for (String id : ids) {
                    update.setString(1, box.seal(key, RelaySecrets.context(id)));
                    update.setString(2, id);
                    update.addBatch();
                }
                update.executeBatch();
            }
            c.commit();
            db.settle(c);
            System.out.printf(
                    "relay keys sealed with this run's secret: %,d in %.1f s%n",
                    ids.size(), (System.nanoTime() - t0) / 1e9);
        }
    }

    static void plan(ScaleDatabase db, Connection c, String what, String sql) throws Exception {
        System.out.println("plan, " + what + ":");
        for (String line : db.plan(c, sql)) System.out.println("  " + line);
    }

    /** Random but real parameters, read once from the database. */
    static final class Sample {
        final List<String> tenants = new ArrayList<>(),
                billed = new ArrayList<>(),
                relays = new ArrayList<>(),
                subdomains = new ArrayList<>();
        final String biggest;
        /** The admin's relay list's pages of 50 (4,000 at 100,000 tenants); a deep page is any of them. */
        final int pages;

        final Random rnd = new Random(7);

        /**
         * 2,000 tenants and relays drawn by this class's own random numbers from the rows in key order, so a run on
         * either database asks for the same ones (the seeder writes the same rows for the same seed).
         */
        Sample(ScaleDatabase db) throws Exception {
            Random pick = new Random(5);
            try (Connection c = db.connect();
                    var st = c.createStatement()) {
                List<String[]> rows = new ArrayList<>();
                try (var rs = st.executeQuery(
                        "SELECT pubkey, CASE WHEN billing_anchor IS NULL THEN 0 ELSE 1 END FROM tenants ORDER BY pubkey")) {
                    while (rs.next()) rows.add(new String[] {rs.getString(1), rs.getString(2)});
                }
                for (int i = 0; i < 2000; i++) {
                    String[] r = rows.get(pick.nextInt(rows.size()));
                    tenants.add(r[0]);
                    if (r[1].equals("1")) billed.add(r[0]);
                }
                rows.clear();
                try (var rs = st.executeQuery("SELECT id, subdomain FROM relays ORDER BY id")) {
                    while (rs.next()) rows.add(new String[] {rs.getString(1), rs.getString(2)});
                }
                pages = Math.max(1, rows.size() / 50);
                for (int i = 0; i < 2000; i++) {
                    String[] r = rows.get(pick.nextInt(rows.size()));
                    relays.add(r[0]);
                    subdomains.add(r[1]);
                }
                try (var rs = st.executeQuery(
                        "SELECT tenant FROM relays GROUP BY tenant ORDER BY count(*) DESC, tenant LIMIT 1")) {
                    rs.next();
                    biggest = rs.getString(1);
                }
            }
        }

        String tenant() {
            return tenants.get(rnd.nextInt(tenants.size()));
        }

        String billedTenant() {
            return billed.get(rnd.nextInt(billed.size()));
        }

        String relay() {
            return relays.get(rnd.nextInt(relays.size()));
        }

        String subdomain() {
            return subdomains.get(rnd.nextInt(subdomains.size()));
        }

        String word() {
            return Seeder.WORDS[rnd.nextInt(Seeder.WORDS.length)];
        }

        String status() {
            return new String[] {"active", "inactive", "suspended", "pending", "provisioning_failed"}[rnd.nextInt(5)];
        }
    }

    static String counts(ScaleDatabase db) throws Exception {
        StringBuilder sb = new StringBuilder();
        try (Connection c = db.connect();
                var st = c.createStatement()) {
            for (String t : new String[] {"tenants", "relays", "invoices", "invoice_items", "activity"}) {
                try (var rs = st.executeQuery("SELECT count(*) FROM " + t)) {
                    rs.next();
                    sb.append(String.format("%s %,d; ", t, rs.getLong(1)));
                }
            }
        }
        return sb.toString();
    }

    /** The backend as deployed: the jar (or the classpath when it is not built) with deploy/jvm.options. */
    static Process start(Map<String, String> env, Path jar, Path jvmOptions, Path log) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "@" + jvmOptions));
        // SCALE_NMT=1: the JVM's own account of its memory by area, printed after the idle samples
        if (System.getenv("SCALE_NMT") != null) cmd.add("-XX:NativeMemoryTracking=summary");
        // SCALE_JFR=<file>: a flight recording of the backend (GC pauses, allocation, CPU samples) for `jfr print`
        String jfr = System.getenv("SCALE_JFR");
        if (jfr != null)
            cmd.add("-XX:StartFlightRecording=settings=profile,filename="
                    + Path.of(jfr).toAbsolutePath());
        if (Files.exists(jar)) cmd.addAll(List.of("-jar", jar.toString()));
        else cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "caravel.Main"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().clear();
        pb.environment().put("PATH", System.getenv("PATH"));
        pb.environment().putAll(env);
        return pb.start();
    }

    static void waitHealthy(String base, Process p, Path log) throws Exception {
        long end = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < end) {
            if (!p.isAlive()) throw new IllegalStateException("the backend exited:\n" + Files.readString(log));
            try {
                var r = HTTP.send(
                        HttpRequest.newBuilder(URI.create(base + "/healthz")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) return;
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("no /healthz in 120 s");
    }

    /**
     * Cursors of pages spread over the same pages of 50 as the deep page by number: each page's next_cursor, read once
     * before anything is timed. Its own random numbers, so the other calls draw the same parameters as before.
     */
    static List<String> deepCursors(String base, String token, int count, int pages) throws Exception {
        Random rnd = new Random(11);
        List<String> cursors = new ArrayList<>();
        for (int tries = 0; cursors.size() < count && tries < count * 2; tries++) {
            String page = get(base, token, "/relays?per_page=50&page=" + (1 + rnd.nextInt(pages)));
            var next = Api.JSON.readTree(page).get("next_cursor");
            if (!next.isNull())
                cursors.add(URLEncoder.encode(next.asText(), StandardCharsets.UTF_8)); // null: the last page
        }
        if (cursors.isEmpty()) throw new IllegalStateException("no page of /relays gave a next_cursor");
        return cursors;
    }

    static String get(String base, String token, String path) throws Exception {
        var r = HTTP.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Authorization", "Bearer " + token)
                        .header("Accept", "application/json")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200)
            throw new IllegalStateException("GET " + path + " → " + r.statusCode() + " " + r.body());
        return r.body();
    }

    static String jcmd(long pid, String... command) throws Exception {
        Path javaBin = Path.of(ProcessHandle.current().info().command().orElse("java"));
        List<String> cmd =
                new ArrayList<>(List.of(javaBin.resolveSibling("jcmd").toString(), Long.toString(pid)));
        cmd.addAll(List.of(command));
        Process j = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(j.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        j.waitFor();
        return out;
    }

    static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            if (Files.exists(dir)) System.err.println("could not remove " + dir + ": " + e.getMessage());
        }
    }

    /** Bytes this process caused to be fetched from storage (not served from the page cache), from /proc. */
    static long storageReadBytes(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/io")))
            if (line.startsWith("read_bytes:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
        return -1;
    }

    static long rssKb(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status")))
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
        return -1;
    }
}
