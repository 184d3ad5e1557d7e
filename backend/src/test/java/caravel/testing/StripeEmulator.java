package caravel.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** stack/stripe-emulator on a random port, with its test control interface (complete a checkout, move time, fail cards). */
public final class StripeEmulator implements AutoCloseable {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Process process;
    public final String url, secretKey, webhookSecret, priceBasic, priceGrowth;

    public StripeEmulator() throws Exception {
        Peers.starting("the Stripe emulator");
        ProcessBuilder pb = new ProcessBuilder(
                        "node",
                        NostrTools.root()
                                .resolve("stack/stripe-emulator/server.mjs")
                                .toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("PORT", "0");
        process = pb.start();
        BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = CompletableFuture.supplyAsync(() -> {
                    try {
                        return r.readLine();
                    } catch (Exception e) {
                        return null;
                    }
                })
                .get(30, TimeUnit.SECONDS);
        if (line == null) throw new IllegalStateException("the Stripe emulator did not start");
        JsonNode ready = Api.JSON.readTree(line);
        url = ready.get("url").asText();
        secretKey = ready.get("secret_key").asText();
        webhookSecret = ready.get("webhook_secret").asText();
        priceBasic = ready.get("price_basic").asText();
        priceGrowth = ready.get("price_growth").asText();
    }

    /** The STRIPE_* settings that point a backend at this emulator. */
    public void configure(Map<String, String> env) {
        env.put("STRIPE_SECRET_KEY", secretKey);
        env.put("STRIPE_WEBHOOK_SECRET", webhookSecret);
        env.put("STRIPE_PRICE_BASIC", priceBasic);
        env.put("STRIPE_PRICE_GROWTH", priceGrowth);
        env.put("STRIPE_API_BASE", url);
    }

    public JsonNode control(String method, String path, String body) {
        try {
            var b = HttpRequest.newBuilder(URI.create(url + "/control/" + path))
                    .header("Content-Type", "application/json")
                    .method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(body));
            HttpResponse<String> resp = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (resp.statusCode() >= 300)
                throw new IllegalStateException(path + " → " + resp.statusCode() + " " + resp.body());
            return Api.JSON.readTree(resp.body());
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public void webhooksTo(String endpoint) {
        control("POST", "webhook", "{\"url\":\"" + endpoint + "\"}");
    }

    public JsonNode state() {
        return control("GET", "state", null);
    }

    /** Waits until every event so far was delivered. */
    public void idle() {
        control("GET", "idle", null);
    }

    /** A browser form post on one of the hosted pages; returns the status code and body. */
    public HttpResponse<String> form(String pathOrUrl, String body) {
        try {
            String target = pathOrUrl.startsWith("http") ? pathOrUrl : url + pathOrUrl;
            return HTTP.send(
                    HttpRequest.newBuilder(URI.create(target))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
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
