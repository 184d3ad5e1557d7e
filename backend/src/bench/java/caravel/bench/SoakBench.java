package caravel.bench;

import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.BackendProcess;
import caravel.testing.LocalStack;
import caravel.testing.TestEnv;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * ./caravel bench soak: SOAK_MINUTES (10) of mixed API traffic — tenants and an admin reading and writing, relay
 * creations, renames, paid relays and invoice checks — from this JVM against the backend in its own process (the
 * jar's main class, 256 MB heap, the JVM's own JIT and collector) with the local stack (zooid emulator, NWC wallets).
 * Each minute (or the whole run, when it is shorter): requests/s, p50/p99, errors, and the backend's heap after a full
 * GC (jcmd) and RSS. Flat memory is the goal. Fails when the backend dies or no request was made.
 */
public final class SoakBench {
    private SoakBench() {}

    public static void main(String[] args) throws Exception {
        // fractions too: bench/run --smallest runs a fraction of a minute, reported as one period of that length
        double minutes = Double.parseDouble(System.getenv().getOrDefault("SOAK_MINUTES", "10"));
        long runNanos = (long) (minutes * 60_000_000_000L);
        long periodNanos = Math.min(60_000_000_000L, runNanos);
        int periods = (int) Math.ceil((double) runNanos / periodNanos);
        int clients = Integer.parseInt(System.getenv().getOrDefault("SOAK_CLIENTS", "8"));
        Path dir = Files.createTempDirectory("caravel-soak");
        try (LocalStack stack = new LocalStack()) {
            int port = TestEnv.freePort();
            Keys admin = Keys.generate();
            Map<String, String> env = TestEnv.env(dir, port, admin.pubkey());
            stack.pointAt(env);
            env.put("RELAY_DOMAIN", stack.get("relay_domain"));
            env.put("LOG_LEVEL", "WARN");
            try (BackendProcess backend = new BackendProcess(env, null, List.of("-Xmx256m"), false)) {
                Api api = new Api("http://127.0.0.1:" + port);
                List<Keys> tenants = new ArrayList<>();
                List<String> tokens = new ArrayList<>();
                for (int i = 0; i < clients; i++) {
                    Keys k = Keys.generate();
                    tenants.add(k);
                    tokens.add(api.as(k, "POST", "/auth/session", null)
                            .json()
                            .path("token")
                            .asText());
                }
                String adminToken = api.as(admin, "POST", "/auth/session", null)
                        .json()
                        .path("token")
                        .asText();
                ConcurrentLinkedQueue<long[]> samples = new ConcurrentLinkedQueue<>(); // {minute, nanos, ok?1:0}
                AtomicInteger created = new AtomicInteger();
                ConcurrentLinkedQueue<String> errorsSeen = new ConcurrentLinkedQueue<>();
                AtomicLong stopAt = new AtomicLong(System.nanoTime() + runNanos);
                long start = System.nanoTime();
                List<Thread> threads = new ArrayList<>();
                for (int c = 0; c < clients; c++) {
                    int me = c;
                    threads.add(Thread.ofPlatform().start(() -> {
                        Keys k = tenants.get(me);
                        String token = tokens.get(me);
                        List<String> relays = new ArrayList<>();
                        List<String> invoices = new ArrayList<>();
                        ThreadLocalRandom rnd = ThreadLocalRandom.current();
                        while (System.nanoTime() < stopAt.get()) {
                            int pick = rnd.nextInt(100);
                            long t0 = System.nanoTime();
                            Api.Response r;
                            if (pick < 5 || relays.isEmpty()) {
                                String sub = "soak-" + me + "-" + created.incrementAndGet();
                                String plan = rnd.nextInt(4) == 0 ? "basic" : "free";
                                r = api.bearer(
                                        token,
                                        "POST",
                                        "/relays",
                                        "{\"name\":\"" + sub + "\",\"subdomain\":\"" + sub + "\",\"plan\":\"" + plan
                                                + "\"}");
                                if (r.status() == 201) {
                                    relays.add(r.json().at("/relay/id").asText());
                                    JsonNode inv = r.json().path("invoice");
                                    if (!inv.isNull() && !inv.isMissingNode())
                                        invoices.add(inv.path("id").asText());
                                }
                            } else if (pick < 15) {
                                r = api.bearer(
                                        token,
                                        "PUT",
                                        "/relays/" + relays.get(rnd.nextInt(relays.size())),
                                        "{\"name\":\"renamed " + rnd.nextInt(1000) + "\"}");
                            } else if (pick < 20 && !invoices.isEmpty()) {
                                r = api.bearer(
                                        token,
                                        "POST",
                                        "/invoices/" + invoices.get(rnd.nextInt(invoices.size())) + "/check",
                                        null);
                            } else if (pick < 30) {
                                r = api.bearer(
                                        adminToken,
                                        "GET",
                                        rnd.nextBoolean() ? "/relays?per_page=50" : "/tenants?per_page=50",
                                        null);
                            } else if (pick < 60) {
                                r = api.bearer(token, "GET", "/tenants/" + k.pubkey() + "/relays", null);
                            } else if (pick < 80) {
                                r = api.bearer(token, "GET", "/relays/" + relays.get(rnd.nextInt(relays.size())), null);
                            } else if (pick < 90) {
                                r = api.bearer(token, "GET", "/tenants/" + k.pubkey() + "/invoices", null);
                            } else {
                                r = api.bearer(
                                        token,
                                        "GET",
                                        "/relays/" + relays.get(rnd.nextInt(relays.size())) + "/activity",
                                        null);
                            }
                            long now = System.nanoTime();
                            // 429 (a quota or rate limit doing its job) is not an error; 5xx and anything unexpected is
                            boolean ok = r.status() < 500 && r.status() != 0;
                            samples.add(new long[] {(now - start) / periodNanos, now - t0, ok ? 1 : 0});
                            // the first few errors with their answers, so a run says what failed, not only how often
                            if (!ok && errorsSeen.size() < 10)
                                errorsSeen.add(r.status() + " "
                                        + r.body()
                                                .substring(
                                                        0,
                                                        Math.min(200, r.body().length())));
                        }
                    }));
                }
                System.out.println("minute  req/s   p50 ms  p99 ms  errors  heap-after-GC MB  RSS MB");
                for (int m = 0; m < periods; m++) {
                    Thread.sleep(Math.max(0, start + (m + 1) * periodNanos - System.nanoTime()) / 1_000_000);
                    int minute = m;
                    long[] lat = samples.stream()
                            .filter(s -> s[0] == minute)
                            .mapToLong(s -> s[1])
                            .sorted()
                            .toArray();
                    long errors = samples.stream()
                            .filter(s -> s[0] == minute && s[2] == 0)
                            .count();
                    System.out.printf(
                            "%6d  %6.0f  %6.2f  %6.2f  %6d  %16.1f  %6.1f%n",
                            m + 1,
                            lat.length / (periodNanos / 1e9),
                            pct(lat, 50),
                            pct(lat, 99),
                            errors,
                            heapAfterGcMb(backend.pid()),
                            rssMb(backend.pid()));
                }
                for (Thread t : threads) t.join();
                long total = samples.size(),
                        errors = samples.stream().filter(s -> s[2] == 0).count();
                long[] all = samples.stream().mapToLong(s -> s[1]).sorted().toArray();
                System.out.printf(
                        "total: %d requests, %.0f req/s, p50 %.2f ms, p99 %.2f ms, %d errors, %d relays created%n",
                        total, total / (runNanos / 1e9), pct(all, 50), pct(all, 99), errors, created.get());
                for (String e : errorsSeen) System.out.println("error: " + e);
                // a soak that broke fails (the stack and the backend are closed on the way out)
                if (!backend.alive()) throw new IllegalStateException("the backend died:\n" + backend.output);
                if (total == 0) throw new IllegalStateException("no request was made in the soak");
            }
        }
    }

    static double pct(long[] sorted, double p) {
        if (sorted.length == 0) return 0;
        int i = (int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, i)] / 1e6;
    }

    /** Used heap right after a full GC, from `jcmd <pid> GC.run` then `GC.heap_info`. */
    static double heapAfterGcMb(long pid) {
        try {
            String jcmd =
                    Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
            new ProcessBuilder(jcmd, Long.toString(pid), "GC.run")
                    .redirectErrorStream(true)
                    .start()
                    .waitFor();
            Process p = new ProcessBuilder(jcmd, Long.toString(pid), "GC.heap_info")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            var m = Pattern.compile("used (\\d+)K").matcher(out);
            return m.find() ? Long.parseLong(m.group(1)) / 1024.0 : -1;
        } catch (Exception e) {
            return -1;
        }
    }

    static double rssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status")))
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
        } catch (Exception ignored) {
            // not Linux
        }
        return -1;
    }

    @SuppressWarnings("unused")
    private static String fmt(long[] a) {
        return Arrays.toString(a);
    }
}
