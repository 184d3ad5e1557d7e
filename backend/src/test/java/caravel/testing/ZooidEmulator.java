package caravel.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** stack/zooid-emulator as a child process, and its emulator-only control routes. */
public final class ZooidEmulator implements AutoCloseable {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Process process;
    public final int port;
    public final String url;
    public final Path configDir;

    public ZooidEmulator(Path configDir, String whitelistPubkey, int port) throws Exception {
        this(configDir, whitelistPubkey, port, "archived");
    }

    /**
     * @param zooidLine which zooid line to behave as: "archived" (the frozen public image) or "newer". The API host is
     *             left to its default, exactly {@code 127.0.0.1:<port>}, as zooid compares it.
     */
    public ZooidEmulator(Path configDir, String whitelistPubkey, int port, String zooidLine) throws Exception {
        this(configDir, whitelistPubkey, port, zooidLine, 0);
    }

    /**
     * @param reloadGapMs how long a relay is not served after a write of its config, as in zooid (the emulator's own
     *     default is 300 ms). 0 unless a test is about that window: Caravel's calls made right after a write of its
     *     own do not wait it out yet.
     */
    public ZooidEmulator(Path configDir, String whitelistPubkey, int port, String zooidLine, int reloadGapMs)
            throws Exception {
        this.configDir = configDir;
        ProcessBuilder pb = new ProcessBuilder(
                        "node",
                        NostrTools.root()
                                .resolve("stack/zooid-emulator/server.mjs")
                                .toString(),
                        "--port",
                        Integer.toString(port),
                        "--config",
                        configDir.toString(),
                        "--api-whitelist",
                        whitelistPubkey,
                        "--line",
                        zooidLine,
                        "--reload-gap-ms",
                        Integer.toString(reloadGapMs))
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        process = pb.start();
        BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return r.readLine();
            } catch (Exception e) {
                return null;
            }
        });
        String ready = line.get(30, TimeUnit.SECONDS);
        if (ready == null) throw new IllegalStateException("zooid emulator did not start");
        JsonNode j = Api.JSON.readTree(ready);
        this.port = j.get("port").asInt();
        this.url = j.get("url").asText();
        Thread.ofVirtual().start(() -> {
            try {
                while (r.readLine() != null) {
                    /* drain */
                }
            } catch (Exception ignored) {
                // the process ended or its output closed: nothing more to read
            }
        });
    }

    /** Points a backend's settings at this emulator, signing its API calls with {@code apiKey} (the whitelisted key). */
    public void pointAt(java.util.Map<String, String> env, caravel.nostr.Keys apiKey) {
        env.put("ZOOID_API_URL", url);
        env.put("ZOOID_RELAY_ORIGIN", url);
        env.put("ZOOID_API_SECRET", apiKey.secretHex());
    }

    public JsonNode relays() {
        return control("GET", "/_emulator/relays", null);
    }

    public JsonNode relay(String id) {
        return relays().get(id);
    }

    public void addMember(String id, String pubkey) {
        control("POST", "/_emulator/relays/" + id + "/members", "{\"pubkey\":\"" + pubkey + "\",\"reason\":\"test\"}");
    }

    public void failNext(int status, int count) {
        control("POST", "/_emulator/fail", "{\"status\":" + status + ",\"count\":" + count + ",\"target\":\"api\"}");
    }

    public JsonNode control(String method, String path, String body) {
        try {
            var b = HttpRequest.newBuilder(URI.create(url + path))
                    .method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(body));
            HttpResponse<String> resp = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (resp.statusCode() >= 300)
                throw new IllegalStateException(path + " → " + resp.statusCode() + " " + resp.body());
            return Api.JSON.readTree(resp.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stopping anyway; the caller sees the interrupt
        }
    }
}
