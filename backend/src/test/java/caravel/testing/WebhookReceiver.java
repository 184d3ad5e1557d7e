package caravel.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * stack/webhook-receiver on a random port: receives Caravel's webhooks and checks them with the documented scheme's own
 * Node implementation (stack/webhook-receiver/verify.mjs), as a real receiver would.
 */
public final class WebhookReceiver implements AutoCloseable {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Process process;
    public final String url;

    public WebhookReceiver() throws Exception {
        Peers.starting("the webhook receiver");
        ProcessBuilder pb = new ProcessBuilder(
                        "node",
                        NostrTools.root()
                                .resolve("stack/webhook-receiver/server.mjs")
                                .toString(),
                        "--port",
                        "0")
                .redirectError(ProcessBuilder.Redirect.INHERIT);
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
        if (line == null) throw new IllegalStateException("the webhook receiver did not start");
        url = Api.JSON.readTree(line).get("url").asText();
    }

    /** Where deliveries for {@code name} go. */
    public String hook(String name) {
        return url + "/hooks/" + name;
    }

    /** The receiver checks {@code name}'s deliveries with this secret from now on. */
    public void secret(String name, String secret) {
        control("POST", "/control/secret", Api.json(java.util.Map.of("name", name, "secret", secret)));
    }

    /** {@code name}'s deliveries are answered {@code status} (0: normally), with a Location when given. */
    public void answer(String name, int status, String location) {
        var body = new java.util.HashMap<String, Object>();
        body.put("name", name);
        body.put("status", status);
        if (location != null) body.put("location", location);
        control("POST", "/control/answer", Api.json(body));
    }

    /** What arrived for {@code name}, once at least {@code count} did (or 20 s passed). */
    public JsonNode received(String name, int count) {
        return control(
                        "GET",
                        "/control/received?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8) + "&count=" + count
                                + "&wait_ms=20000",
                        null)
                .get("received");
    }

    private JsonNode control(String method, String path, String body) {
        try {
            var b = HttpRequest.newBuilder(URI.create(url + path))
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

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
