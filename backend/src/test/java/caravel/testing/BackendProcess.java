package caravel.testing;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The backend as a separate OS process (same classpath as the tests), for restart and crash tests. */
public final class BackendProcess implements AutoCloseable {
    private final Process process;

    @SuppressWarnings(
            "JdkObsolete") // appended by the reader thread while a failing test may read it: synchronized on purpose
    public final StringBuffer output = new StringBuffer();

    /**
     * JVM options for a process that lives seconds, not months: C1 only (C2's compiler threads cost a fresh JVM more
     * CPU than they win back before a test kills it, and the crash tests start dozens) and the serial collector (no GC
     * worker threads on a 2-core machine). Measured on the test machine: a backend ready in 2.4 s of CPU instead of
     * 4.5 s. The code run is the same; only how the JVM compiles and collects differs.
     */
    public static final List<String> QUICK_START = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    /**
     * The lease (LEASE_MS) of a backend started here unless its settings name one: the crash tests wait out a killed
     * process's leases by design, and production's 20 s made them the suite's slowest classes. 8 s still leaves a
     * live process 6 s to renew a lease it holds (it renews every 2 s), whatever the load.
     */
    public static final Duration LEASE = Duration.ofSeconds(8);

    public BackendProcess(Map<String, String> env, Path logFile) throws Exception {
        this(env, logFile, List.of());
    }

    /** @param jvmArgs extra JVM options after {@link #QUICK_START}, e.g. a small -Xmx for memory-exhaustion tests */
    public BackendProcess(Map<String, String> env, Path logFile, List<String> jvmArgs) throws Exception {
        this(env, logFile, jvmArgs, true);
    }

    /**
     * @param quickStart false: the JVM's own defaults, as the jar runs in production (benchmarks measuring a long run)
     */
    public BackendProcess(Map<String, String> env, Path logFile, List<String> jvmArgs, boolean quickStart)
            throws Exception {
        TestDatabases.seed(env);
        List<String> options = new ArrayList<>(quickStart ? QUICK_START : List.of());
        options.addAll(jvmArgs);
        List<String> withClassPath = new ArrayList<>(options);
        withClassPath.addAll(AheadOfTimeCache.options(options));
        ProcessBuilder pb = main(withClassPath, env);
        pb.environment().putIfAbsent("LEASE_MS", Long.toString(LEASE.toMillis()));
        process = pb.start();
        CompletableFuture<Boolean> ready = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    output.append(line).append('\n');
                    if (line.startsWith("Caravel is running")) ready.complete(true);
                }
            } catch (Exception ignored) {
                // the process ended or its output closed: nothing more to read
            }
            ready.complete(false);
        });
        if (!ready.get(60, TimeUnit.SECONDS)) throw new IllegalStateException("backend did not start:\n" + output);
    }

    /**
     * caravel.Main in a process of its own, as an operator runs it: this JVM's java with {@code jvmOptions} (the class
     * path among them), then {@code args}; nothing in its environment but PATH and {@code env}; its output and errors
     * in one stream.
     */
    static ProcessBuilder main(List<String> jvmOptions, Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>(
                List.of(ProcessHandle.current().info().command().orElse("java"), "--enable-native-access=ALL-UNNAMED"));
        cmd.addAll(jvmOptions);
        cmd.add("caravel.Main");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().put("PATH", System.getenv("PATH"));
        pb.environment().putAll(env);
        return pb;
    }

    /** SIGKILL: no shutdown hooks, like a crash or power loss of the process. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM: graceful. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) kill();
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        try {
            kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the process is being killed anyway; let the caller see the interrupt
        }
    }
}
