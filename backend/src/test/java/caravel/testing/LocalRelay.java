package caravel.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The development relay (stack/relay/server.mjs, a real Nostr relay on @nostr-relay/core) as a child process on
 * 127.0.0.1. Start with {@link #start}; close() stops it (it also exits by itself when this JVM goes away, because
 * its stdin pipe closes).
 */
public final class LocalRelay implements AutoCloseable {
    public enum Mode {
        AUTH_REQUIRED,
        NEVER_OK,
        REJECT
    }

    private final Process process;
    private final int port;
    private final String url;

    private LocalRelay(Process process, int port, String url) {
        this.process = process;
        this.port = port;
        this.url = url;
    }

    /** On a random free port. */
    public static LocalRelay start(Mode... modes) {
        return start(0, modes);
    }

    /** On {@code port} (0 = random), e.g. to bring a relay back on the URL it had. */
    public static LocalRelay start(int port, Mode... modes) {
        Path script = NostrTools.root().resolve("stack/relay/server.mjs");
        if (!Files.exists(script)) throw new IllegalStateException("missing " + script);
        Peers.starting("the local Nostr relay");
        List<String> cmd = new ArrayList<>(List.of("node", script.toString(), "--port", Integer.toString(port)));
        for (Mode m : modes)
            cmd.add("--" + m.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        try {
            Process p = new ProcessBuilder(cmd).start();
            // relay logs go to this JVM's stderr (captured per test by surefire)
            Thread.ofVirtual().start(() -> pump(p, "relay:" + port));
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
                try {
                    String line;
                    while ((line = out.readLine()) != null) if (line.startsWith("{\"ready\":true")) return line;
                    return null;
                } catch (IOException e) {
                    return null;
                }
            });
            String line = ready.get(20, TimeUnit.SECONDS);
            if (line == null) {
                p.destroyForcibly();
                throw new IllegalStateException("local relay exited before it was ready (exit " + p.waitFor() + ")");
            }
            Thread.ofVirtual().start(() -> {
                try {
                    while (out.readLine() != null) {
                        /* drain */
                    }
                } catch (IOException ignored) {
                    // process ended
                }
            });
            JsonNode j = Api.JSON.readTree(line);
            return new LocalRelay(p, j.get("port").asInt(), j.get("url").asText());
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the local relay: " + e.getMessage(), e);
        }
    }

    private static void pump(Process p, String label) {
        try (BufferedReader err =
                new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = err.readLine()) != null) System.err.println("[" + label + "] " + line);
        } catch (IOException ignored) {
            // process ended
        }
    }

    public String url() {
        return url;
    }

    public int port() {
        return port;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Stops the relay (SIGTERM, then SIGKILL after 3 s) and waits for it to exit. */
    @Override
    public void close() {
        if (!process.isAlive()) return;
        process.destroy();
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(3, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
