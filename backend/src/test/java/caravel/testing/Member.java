package caravel.testing;

import caravel.nostr.Keys;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A community member's Nostr app for tests: nostr-tools in node (stack/interop/community-member.mjs through the
 * nostr-tools bridge) talking to a relay over a real WebSocket, signing with its own key.
 */
public final class Member implements AutoCloseable {
    private static Process shared;
    private static BufferedReader in;
    private static OutputStream out;
    private static long nextId = 1;
    public final Keys keys;
    public final String relayUrl;

    /** The port every connection goes to (0: the URL's own). */
    private final int port;

    public Member(Keys keys, String relayUrl) {
        this(keys, relayUrl, 0);
    }

    /**
     * A member of a relay whose host has no port (zooid matches the Host header exactly), reached on {@code port} of
     * this machine, as a proxy in front of several zooid nodes routes it.
     */
    public Member(Keys keys, String relayUrl, int port) {
        this.keys = keys;
        this.relayUrl = relayUrl;
        this.port = port;
    }

    public String pubkey() {
        return keys.pubkey();
    }

    /** {events: [...], closed: reason|null} for one REQ, authenticated unless {@code auth} is false. */
    public JsonNode query(boolean auth, String filterJson) {
        ObjectNode a = Api.JSON.createObjectNode().put("url", relayUrl);
        if (port != 0) a.put("port", port);
        if (auth) a.put("secret", keys.secretHex());
        ArrayNode filters = a.putArray("filters");
        filters.add(parse(filterJson));
        return reconnecting("memberQuery", a);
    }

    /** {ok, message, event}. */
    public JsonNode publish(int kind, List<List<String>> tags, String content) {
        ObjectNode a = Api.JSON
                .createObjectNode()
                .put("url", relayUrl)
                .put("secret", keys.secretHex())
                .put("kind", kind)
                .put("content", content);
        if (port != 0) a.put("port", port);
        a.set("tags", Api.JSON.valueToTree(tags));
        return reconnecting("memberPublish", a);
    }

    public JsonNode join(String claim) {
        return publish(28934, List.of(List.of("claim", claim)), "");
    }

    private static JsonNode parse(String json) {
        try {
            return Api.JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /**
     * Like a Nostr app, connects again when a connection fails: zooid refuses connections to a relay for a moment after
     * each write of its config, and apps ride that out by reconnecting. A relay that stays refused fails after ~1.5 s.
     */
    private static JsonNode reconnecting(String op, ObjectNode args) {
        for (int pauseMs : new int[] {150, 300, 450, 600}) {
            try {
                return call(op, args);
            } catch (IllegalStateException e) {
                if (e.getMessage() == null || !e.getMessage().endsWith("connection failed")) throw e;
            }
            try {
                Thread.sleep(pauseMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(op + ": interrupted");
            }
        }
        return call(op, args);
    }

    private static synchronized JsonNode call(String op, ObjectNode args) {
        try {
            if (shared == null || !shared.isAlive()) {
                Peers.starting("the community member's nostr-tools bridge");
                ProcessBuilder pb = new ProcessBuilder(
                                "node",
                                NostrTools.root()
                                        .resolve("stack/interop/nostr-tools-bridge.mjs")
                                        .toString())
                        .redirectError(ProcessBuilder.Redirect.INHERIT);
                pb.environment()
                        .put(
                                "BRIDGE_MODULES",
                                NostrTools.root()
                                        .resolve("stack/interop/community-member.mjs")
                                        .toString());
                shared = pb.start();
                in = new BufferedReader(new InputStreamReader(shared.getInputStream(), StandardCharsets.UTF_8));
                out = shared.getOutputStream();
                String ready = in.readLine();
                if (ready == null || !ready.contains("\"ready\""))
                    throw new IllegalStateException("bridge did not start: " + ready);
                Process p = shared;
                Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
            }
            ObjectNode msg = Api.JSON.createObjectNode().put("id", nextId++).put("op", op);
            msg.set("args", args);
            out.write((msg + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            String line = in.readLine();
            if (line == null) throw new IllegalStateException("bridge exited");
            JsonNode reply = Api.JSON.readTree(line);
            if (reply.has("error"))
                throw new IllegalStateException(op + ": " + reply.get("error").asText());
            return reply.get("result");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {}

    /** Stops the shared node process (tests' @AfterAll). */
    public static synchronized void shutdown() throws InterruptedException {
        if (shared != null) {
            shared.destroy();
            shared.waitFor(5, TimeUnit.SECONDS);
            shared = null;
        }
    }
}
