package caravel.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The whole local stack (stack/start.mjs: Nostr relay, NWC wallet services, zooid emulator) on random ports,
 * with the wallet control interface for paying invoices and injecting faults.
 */
public final class LocalStack implements AutoCloseable {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Process process;
    public final JsonNode ready;

    public LocalStack() throws Exception {
        this(false);
    }

    /** @param secondZooid also a second zooid emulator, a node of its own ({@link #pointAtBothNodes}) */
    public LocalStack(boolean secondZooid) throws Exception {
        Peers.starting("the local stack");
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(
                "node", NostrTools.root().resolve("stack/start.mjs").toString(), "--random-ports"));
        if (secondZooid) cmd.add("--second-zooid");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        process = pb.start();
        BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = CompletableFuture.supplyAsync(() -> {
                    try {
                        return r.readLine();
                    } catch (Exception e) {
                        return null;
                    }
                })
                .get(60, TimeUnit.SECONDS);
        if (line == null) throw new IllegalStateException("the local stack did not start");
        ready = Api.JSON.readTree(line);
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

    public String get(String key) {
        return ready.get(key).asText();
    }

    public String relayUrl() {
        return get("relay_url");
    }

    /** Points a backend's environment at this stack: zooid, the platform wallet, and the relay the robot uses. */
    public void pointAt(java.util.Map<String, String> env) {
        env.put("ZOOID_API_URL", get("zooid_api_url"));
        env.put("ZOOID_RELAY_ORIGIN", get("zooid_relay_origin"));
        env.put("ZOOID_API_SECRET", get("zooid_api_secret"));
        env.put("NWC_URL", get("platform_nwc_url"));
        env.put("ROBOT_OUTBOX_RELAYS", relayUrl());
        env.put("ROBOT_INDEXER_RELAYS", relayUrl());
        env.put("ROBOT_MESSAGING_RELAYS", relayUrl());
    }

    /**
     * Like {@link #pointAt}, but with both zooid nodes of a stack started with a second one: ZOOID_NODES names them
     * "default" (relays under relay_domain) and "b" (under relay_domain_2), in place of the single-node settings.
     */
    public void pointAtBothNodes(java.util.Map<String, String> env) {
        if (ready.path("zooid_nodes").isNull())
            throw new IllegalStateException("this stack has one zooid node: start it with new LocalStack(true)");
        pointAt(env);
        env.remove("ZOOID_API_URL");
        env.remove("ZOOID_RELAY_ORIGIN");
        env.remove("RELAY_DOMAIN");
        env.put("ZOOID_NODES", get("zooid_nodes"));
    }

    /** Wallet control (development only): POST/GET on the wallet service's control port. */
    public JsonNode wallet(String method, String path, String body) {
        try {
            var b = HttpRequest.newBuilder(URI.create(get("wallet_control_url") + path))
                    .header("Content-Type", "application/json")
                    .method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(body));
            HttpResponse<String> resp = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = Api.JSON.readTree(resp.body());
            if (resp.statusCode() >= 300)
                throw new IllegalStateException(path + " → " + resp.statusCode() + " " + resp.body());
            return json;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public JsonNode pay(String bolt11, String from) {
        return wallet(
                "POST",
                "/pay",
                "{\"invoice\":\"" + bolt11 + "\"" + (from == null ? "" : ",\"from\":\"" + from + "\"") + "}");
    }

    public void fault(String wallet, String mode, Integer count) {
        wallet(
                "POST",
                "/faults",
                "{\"wallet\":\"" + wallet + "\",\"mode\":\"" + mode + "\""
                        + (count == null ? "" : ",\"count\":" + count) + "}");
    }

    public long balance(String walletName) {
        return wallet("GET", "/wallets/" + walletName, null).get("balance").asLong();
    }

    @Override
    public void close() {
        try {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stopping anyway; the caller sees the interrupt
        }
    }
}
