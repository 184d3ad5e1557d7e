package caravel.testing;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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

    public BackendProcess(Map<String, String> env, Path logFile) throws Exception {
        this(env, logFile, List.of());
    }

    /** @param jvmArgs extra JVM options, e.g. a small -Xmx for memory-exhaustion tests */
    public BackendProcess(Map<String, String> env, Path logFile, List<String> jvmArgs) throws Exception {
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new java.util.ArrayList<>(List.of(javaBin, "--enable-native-access=ALL-UNNAMED"));
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "caravel.Main"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().put("PATH", System.getenv("PATH"));
        pb.environment().putAll(env);
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
