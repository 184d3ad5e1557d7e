package caravel.bench;

import caravel.App;
import caravel.config.Config;
import caravel.jobs.JobRunner;
import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.TestEnv;
import caravel.testing.ZooidEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Executors;

/**
 * Issue 3 benchmark: provision N relays (default 1,000) against the zooid emulator, end to end (API create →
 * job → zooid → active), and the backend's share of the time (job time not spent waiting on zooid's HTTP).
 * Issue 15: the same against a zooid that answers at once (an in-JVM HTTP server replying 200 to every call), where
 * the backend's share is what remains when zooid is as fast as it can be (goal < 5 %).
 */
public final class ProvisioningBench {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        Path dir = Files.createTempDirectory("caravel-prov-bench");
        Keys zooidKey = Keys.generate();
        try (ZooidEmulator zooid = new ZooidEmulator(dir.resolve("zooid"), zooidKey.pubkey(), 0)) {
            System.out.println("-- against the zooid emulator (node, a TOML file per relay)");
            run(n, dir.resolve("emulator"), zooid.url, zooidKey);
            long files;
            try (var s = Files.list(zooid.configDir)) {
                files = s.filter(p -> p.toString().endsWith(".toml")).count();
            }
            System.out.printf("config files in the emulator: %d%n", files);
        }
        var instant = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        instant.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            byte[] ok = "{\"message\":\"ok\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, ok.length);
            ex.getResponseBody().write(ok);
            ex.close();
        });
        instant.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        instant.start();
        try {
            System.out.println("-- against a zooid that answers at once (in-JVM HTTP server, 200 to every call)");
            run(n, dir.resolve("instant"), "http://127.0.0.1:" + instant.getAddress().getPort(), zooidKey);
        } finally {
            instant.stop(0);
        }
    }

    static void run(int n, Path dir, String zooidUrl, Keys zooidKey) throws Exception {
        Files.createDirectories(dir);
        {
            int port = TestEnv.freePort();
            var env = TestEnv.env(dir, port);
            env.put("ZOOID_API_URL", zooidUrl);
            env.put("ZOOID_API_SECRET", zooidKey.secretHex());
            try (App app = new App(Config.fromEnv(env), Clock.systemUTC(), App.Options.defaults().withJobs(new JobRunner.Settings(50, 120_000, 500, 5_000, 8))).start()) {
                Api api = new Api("http://127.0.0.1:" + port);
                Keys[] tenants = new Keys[50];
                for (int i = 0; i < tenants.length; i++) tenants[i] = Keys.generate();
                long t0 = System.nanoTime();
                try (var pool = Executors.newFixedThreadPool(8)) {
                    for (int i = 0; i < n; i++) {
                        int k = i;
                        pool.submit(() -> {
                            Api.Response r = api.as(tenants[k % tenants.length], "POST", "/relays",
                                    "{\"name\":\"Bench " + k + "\",\"subdomain\":\"bench-" + k + "\",\"plan\":\"free\"}");
                            if (r.status() != 201) throw new IllegalStateException(r.body());
                        });
                    }
                }
                double createdSeconds = (System.nanoTime() - t0) / 1e9;
                int active;
                do {
                    Thread.sleep(100);
                    active = app.db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM relays WHERE status = 'active'").mapTo(Integer.class).one());
                } while (active < n && (System.nanoTime() - t0) / 1e9 < 600);
                double total = (System.nanoTime() - t0) / 1e9;
                var stats = app.zooid.stats();
                System.out.printf("relays provisioned: %d of %d in %.2f s → %.1f relays/s end to end (API creates took %.2f s)%n",
                        active, n, total, active / total, createdSeconds);
                System.out.printf("zooid calls: %d, %.2f s waiting on zooid's HTTP in total; provisioning jobs: %.2f s in total%n",
                        stats.calls(), stats.nanos() / 1e9, app.relaySync.busyNanos() / 1e9);
                double share = 1 - (double) stats.nanos() / app.relaySync.busyNanos();
                System.out.printf("backend's own share of provisioning job time: %.1f%% (the rest is zooid's HTTP round trips)%n", share * 100);
            }
        }
    }
}
