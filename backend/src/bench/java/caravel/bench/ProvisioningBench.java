package caravel.bench;

import caravel.App;
import caravel.Inside;
import caravel.config.Config;
import caravel.jobs.Job;
import caravel.jobs.JobHandler;
import caravel.jobs.JobRunner;
import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.AppOptions;
import caravel.testing.ProvisioningProbe;
import caravel.testing.TestEnv;
import caravel.testing.ZooidEmulator;
import caravel.zooid.ZooidClient;
import caravel.zooid.ZooidResult;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Provisioning benchmark: provisions N relays (default 1,000) against the zooid emulator, end to end (API create →
 * job → zooid → active), and the backend's share of the time (job time not spent waiting on zooid's HTTP).
 * Then the same against a zooid that answers at once (an in-JVM HTTP server replying 200 to every call), where
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
        var instant = HttpServer.create(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        instant.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            byte[] ok = "{\"message\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, ok.length);
            ex.getResponseBody().write(ok);
            ex.close();
        });
        instant.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        instant.start();
        try {
            System.out.println("-- against a zooid that answers at once (in-JVM HTTP server, 200 to every call)");
            run(
                    n,
                    dir.resolve("instant"),
                    "http://127.0.0.1:" + instant.getAddress().getPort(),
                    zooidKey);
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
            Timings timings = new Timings();
            AppOptions options = AppOptions.builder()
                    .jobs(new JobRunner.Settings(50, 120_000, 500, 5_000, 8))
                    .provisioningProbe(timings);
            try (App app = new App(Config.fromEnv(env), Clock.systemUTC(), options.build()).start()) {
                Api api = new Api("http://127.0.0.1:" + port);
                Keys[] tenants = new Keys[50];
                for (int i = 0; i < tenants.length; i++) tenants[i] = Keys.generate();
                long t0 = System.nanoTime();
                try (var pool = Executors.newFixedThreadPool(8)) {
                    for (int i = 0; i < n; i++) {
                        int k = i;
                        pool.submit(() -> {
                            Api.Response r = api.as(
                                    tenants[k % tenants.length],
                                    "POST",
                                    "/relays",
                                    "{\"name\":\"Bench " + k + "\",\"subdomain\":\"bench-" + k
                                            + "\",\"plan\":\"free\"}");
                            if (r.status() != 201) throw new IllegalStateException(r.body());
                        });
                    }
                }
                double createdSeconds = (System.nanoTime() - t0) / 1e9;
                int active;
                do {
                    Thread.sleep(100);
                    active = Inside.of(app)
                            .db()
                            .jdbi()
                            .withHandle(h -> h.createQuery("SELECT count(*) FROM relays WHERE status = 'active'")
                                    .mapTo(Integer.class)
                                    .one());
                } while (active < n && (System.nanoTime() - t0) / 1e9 < 600);
                double total = (System.nanoTime() - t0) / 1e9;
                System.out.printf(
                        "relays provisioned: %d of %d in %.2f s → %.1f relays/s end to end (API creates took %.2f s)%n",
                        active, n, total, active / total, createdSeconds);
                long zooidNanos = timings.zooidNanos.sum(), jobNanos = timings.jobNanos.sum();
                System.out.printf(
                        "zooid calls: %d, %.2f s waiting on zooid's HTTP in total; provisioning jobs: %.2f s in total%n",
                        timings.zooidCalls.sum(), zooidNanos / 1e9, jobNanos / 1e9);
                double share = 1 - (double) zooidNanos / jobNanos;
                System.out.printf(
                        "backend's own share of provisioning job time: %.1f%% (the rest is zooid's HTTP round trips)%n",
                        share * 100);
            }
        }
    }

    /**
     * Times, from outside the backend, every zooid call (each is one HTTP round trip) and every provisioning or sync
     * job, by wrapping both where the app builds them.
     */
    static final class Timings implements ProvisioningProbe {
        final LongAdder zooidCalls = new LongAdder();
        final LongAdder zooidNanos = new LongAdder();
        final LongAdder jobNanos = new LongAdder();

        @Override
        public ZooidClient zooid(ZooidClient client) {
            return new ZooidClient() {
                @Override
                public ZooidResult create(String id, JsonNode config) {
                    return timed(() -> client.create(id, config));
                }

                @Override
                public ZooidResult replace(String id, JsonNode config) {
                    return timed(() -> client.replace(id, config));
                }

                @Override
                public ZooidResult patch(String id, JsonNode partial) {
                    return timed(() -> client.patch(id, partial));
                }

                @Override
                public ZooidResult delete(String id) {
                    return timed(() -> client.delete(id));
                }

                @Override
                public Optional<List<String>> members(String id) {
                    return timed(() -> client.members(id));
                }

                @Override
                public caravel.zooid.ZooidLine.Probe probeLine() {
                    return client.probeLine();
                }
            };
        }

        @Override
        public JobHandler provisioningJobs(JobHandler handler) {
            return new JobHandler() {
                @Override
                public void run(Job job) throws Exception {
                    long t0 = System.nanoTime();
                    try {
                        handler.run(job);
                    } finally {
                        jobNanos.add(System.nanoTime() - t0);
                    }
                }

                @Override
                public void onGiveUp(Job job, String error) {
                    handler.onGiveUp(job, error);
                }
            };
        }

        private <T> T timed(Supplier<T> call) {
            long t0 = System.nanoTime();
            try {
                return call.get();
            } finally {
                zooidCalls.increment();
                zooidNanos.add(System.nanoTime() - t0);
            }
        }
    }
}
