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
 * A stack peer run by Node as the tests start it: the process, the JSON line it prints once it listens (its ports,
 * secrets), and its JSON control interface. Shared by the Stripe emulator, the webhook receiver and the local stack.
 */
public final class NodePeer implements AutoCloseable {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final Process process;
    public final JsonNode ready;

    /**
     * Starts {@code pb}'s process (its errors shown with the tests') and waits up to {@code readySeconds} for its ready
     * line; {@code name} says which peer did not start. With {@code drain}, its later output is read and dropped, so a
     * chatty peer never blocks on a full pipe.
     */
    public NodePeer(String name, ProcessBuilder pb, int readySeconds, boolean drain) throws Exception {
        Peers.starting(name);
        process = pb.redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = CompletableFuture.supplyAsync(() -> {
                    try {
                        return r.readLine();
                    } catch (Exception e) {
                        return null;
                    }
                })
                .get(readySeconds, TimeUnit.SECONDS);
        if (line == null) throw new IllegalStateException(name + " did not start");
        ready = Api.JSON.readTree(line);
        if (drain)
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

    /** {@code method} on {@code url} with a JSON body (null: none); the answer's JSON, refused below 300 only. */
    public static JsonNode control(String method, String url, String body) {
        try {
            var b = HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/json")
                    .method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(body));
            HttpResponse<String> resp = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (resp.statusCode() >= 300)
                throw new IllegalStateException(url + " → " + resp.statusCode() + " " + resp.body());
            return Api.JSON.readTree(resp.body());
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A browser-like request outside the control interface (a form post on a hosted page). */
    public static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
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
