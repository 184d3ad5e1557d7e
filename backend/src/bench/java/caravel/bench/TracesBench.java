package caravel.bench;

import caravel.App;
import caravel.config.Config;
import caravel.logging.Tracing;
import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.OtlpReceiver;
import caravel.testing.TestEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What tracing costs per API request (issue 56): one app, the same request mix (an authenticated GET /relays/{id} with
 * a session token and GET /plans, alternately) sent in rounds with OpenTelemetry off and on by turns (off, on, off,
 * on…), on exporting over OTLP/HTTP to a receiver this process runs. The figures: the whole process's CPU per request
 * (the server, the load generator and, when on, the receiver decoding the spans: the same client and request in both,
 * so the difference is tracing's) and the wall time per round, the median of the rounds, and the ratio on/off.
 *
 * <p>Tracing is process-wide (one tracer behind the facade), so the rounds switch it on the running app the way the app
 * does at start-up: the OTEL_* settings read through {@link Config} and handed to {@link Tracing#start}, closed (flushed)
 * at the end of each on round.
 */
public final class TracesBench {
    public static void main(String[] args) throws Exception {
        int requests = Integer.getInteger("requests", 20_000);
        int rounds = Integer.getInteger("rounds", 6);
        int connections = 4;
        System.out.println("load average before: " + AuthBench.loadAverage());
        Path dir = Files.createTempDirectory("traces-bench");
        int port = TestEnv.freePort();
        try (OtlpReceiver receiver = new OtlpReceiver();
                App app = new App(Config.fromEnv(TestEnv.env(dir, port)), Clock.systemUTC()).start()) {
            Map<String, String> env = new HashMap<>(TestEnv.env(dir, port));
            env.put("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint());
            env.put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
            Map<String, String> traces = Config.fromEnv(env).observability().traces();
            if (traces.isEmpty()) throw new IllegalStateException("the OTEL_* settings did not ask for traces");

            Api api = new Api("http://127.0.0.1:" + app.port());
            Keys user = Keys.generate();
            Api.Response made = api.as(
                    user, "POST", "/relays", "{\"name\":\"Bench\",\"subdomain\":\"bench-traces\",\"plan\":\"free\"}");
            if (made.status() != 201) throw new IllegalStateException(made.body());
            String relayId = made.json().at("/relay/id").asText();
            AuthBench.inService(app, relayId);
            String token = api.as(user, "POST", "/auth/session", null)
                    .json()
                    .get("token")
                    .asText();
            String host = "127.0.0.1:" + port;
            List<byte[]> mix = new ArrayList<>(requests);
            byte[] relay = LoadGen.request("GET", "/relays/" + relayId, host, "Bearer " + token);
            byte[] plans = LoadGen.request("GET", "/plans", host, "Bearer " + token);
            for (int i = 0; i < requests; i++) mix.add(i % 2 == 0 ? relay : plans);

            // a whole round of each first, not counted: the JIT, the pools and the exporter's client warmed on both
            // paths
            // (a shorter warm-up left the first counted rounds twice as slow as the last)
            round(mix, port, connections, null);
            round(mix, port, connections, traces);
            int spansBefore = receiver.spans().size();

            List<Double> cpuOff = new ArrayList<>(), cpuOn = new ArrayList<>();
            List<Double> wallOff = new ArrayList<>(), wallOn = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                double[] off = round(mix, port, connections, null);
                double[] on = round(mix, port, connections, traces);
                cpuOff.add(off[0]);
                wallOff.add(off[1]);
                cpuOn.add(on[0]);
                wallOn.add(on[1]);
                System.out.printf(
                        "round %d: off %.1f µs CPU, %.1f µs wall per request; on %.1f µs CPU, %.1f µs wall%n",
                        r + 1, off[0], off[1], on[0], on[1]);
            }
            int exported = receiver.spans().size() - spansBefore;
            // a request's span each, unless the exporter's queue was full (the SDK drops then: a cost not paid)
            if (exported == 0) throw new IllegalStateException("the on rounds exported no span");
            double cOff = AuthBench.medianOf(cpuOff), cOn = AuthBench.medianOf(cpuOn);
            double wOff = AuthBench.medianOf(wallOff), wOn = AuthBench.medianOf(wallOn);
            System.out.printf(
                    "%d requests per round (GET /relays/{id} and GET /plans, session token, %d connections), %d rounds"
                            + " each; %d spans received for %d traced requests%n",
                    requests, connections, rounds, exported, rounds * requests);
            System.out.printf(
                    "CPU per request (the whole process, median of rounds): off %.1f µs, on %.1f µs, on/off %.2f%n",
                    cOff, cOn, cOn / cOff);
            System.out.printf(
                    "wall time per request (a round's time / its requests, median): off %.1f µs, on %.1f µs, on/off"
                            + " %.2f%n",
                    wOff, wOn, wOn / wOff);
            System.out.println("load average after: " + AuthBench.loadAverage());
        }
        System.exit(0);
    }

    /**
     * One round of the mix, tracing on with these settings (flushed to the receiver before the clock stops) or off
     * (null); returns µs of process CPU and µs of wall time per request.
     */
    static double[] round(List<byte[]> mix, int port, int connections, Map<String, String> traces) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpu = os.getProcessCpuTime(), t0 = System.nanoTime();
        AutoCloseable started = traces == null ? null : Tracing.start(traces);
        LoadGen.Result result;
        try {
            result = LoadGen.run("127.0.0.1", port, mix, connections);
        } finally {
            if (started != null) started.close(); // exports what is still batched: counted in the round
        }
        double cpuMicros = (os.getProcessCpuTime() - cpu) / 1e3 / mix.size();
        double wallMicros = (System.nanoTime() - t0) / 1e3 / mix.size();
        if (result.errors() > 0)
            throw new IllegalStateException(result.errors() + " of " + mix.size() + " requests did not answer 200");
        return new double[] {cpuMicros, wallMicros};
    }
}
