package caravel.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** A GET /live reader for tests: parses the Server-Sent Events and queues the data of each "state" event. */
public final class LiveStream implements AutoCloseable {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final BlockingQueue<JsonNode> states = new LinkedBlockingQueue<>();
    private final HttpResponse<Stream<String>> response;
    private final Thread reader;

    public LiveStream(String base, String pathAndQuery, String authorization) throws Exception {
        var b = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).header("Accept", "text/event-stream");
        if (authorization != null) b.header("Authorization", authorization);
        response = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofLines());
        reader = Thread.ofVirtual().start(() -> {
            String event = null;
            try {
                for (var it = response.body().iterator(); it.hasNext(); ) {
                    String line = it.next();
                    if (line.startsWith("event: ")) event = line.substring(7);
                    else if (line.startsWith("data: ") && "state".equals(event))
                        states.add(Api.JSON.readTree(line.substring(6)));
                    else if (line.isEmpty()) event = null;
                }
            } catch (Exception e) {
                // closed by the test or the server
            }
        });
    }

    public int status() {
        return response.statusCode();
    }

    public String contentType() {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    /** The next state event that satisfies the predicate (earlier ones are consumed). */
    public JsonNode until(String what, Duration timeout, Predicate<JsonNode> done) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < end) {
            JsonNode s = states.poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (s == null) break;
            last = s;
            if (done.test(s)) return s;
        }
        throw new AssertionError("no live state with " + what + "; last seen: " + last);
    }

    @Override
    public void close() {
        response.body().close();
        reader.interrupt();
    }
}
