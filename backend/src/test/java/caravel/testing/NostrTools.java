package caravel.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The independent implementation: nostr-tools running in node (stack/interop/nostr-tools-bridge.mjs), called
 * over JSON lines. One process per test JVM, started on first use.
 */
public final class NostrTools {
    private static NostrTools instance;
    private final Process process;
    private final BufferedReader in;
    private final OutputStream out;
    private long nextId = 1;

    private NostrTools(String extraModules) throws Exception {
        Path script = root().resolve("stack/interop/nostr-tools-bridge.mjs");
        Peers.starting("the nostr-tools bridge");
        ProcessBuilder pb =
                new ProcessBuilder("node", script.toString()).redirectError(ProcessBuilder.Redirect.INHERIT);
        if (extraModules != null) pb.environment().put("BRIDGE_MODULES", extraModules);
        process = pb.start();
        in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        out = process.getOutputStream();
        String ready = in.readLine();
        if (ready == null || !ready.contains("\"ready\""))
            throw new IllegalStateException("nostr-tools bridge did not start: " + ready);
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
    }

    public static Path root() {
        return Path.of(System.getProperty("caravel.root", ".."))
                .toAbsolutePath()
                .normalize();
    }

    public static synchronized NostrTools get() {
        if (instance == null) {
            try {
                String extra = System.getProperty("caravel.bridgeModules");
                instance = new NostrTools(extra);
            } catch (Exception e) {
                throw new IllegalStateException("cannot start nostr-tools: " + e.getMessage(), e);
            }
        }
        return instance;
    }

    public synchronized JsonNode call(String op, ObjectNode args) {
        try {
            ObjectNode msg = Api.JSON.createObjectNode().put("id", nextId++).put("op", op);
            msg.set("args", args);
            out.write((msg + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            String line = in.readLine();
            if (line == null) throw new IllegalStateException("nostr-tools bridge exited");
            JsonNode reply = Api.JSON.readTree(line);
            if (reply.has("error"))
                throw new IllegalStateException(
                        "nostr-tools " + op + ": " + reply.get("error").asText());
            return reply.get("result");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ObjectNode args() {
        return Api.JSON.createObjectNode();
    }

    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(5, TimeUnit.SECONDS);
    }
}
