package caravel.zooid;

import caravel.json.Json;
import caravel.logging.Hops;
import caravel.store.Relay;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * zooid does not serve a relay for a moment after each write of its config file: it builds a new relay instance, and
 * because the file is not written atomically the first reload fails before the good one (docs/zooid.md). A request
 * that lands in that moment gets the plain-text 404 zooid gives a host it does not serve. So for a relay whose last
 * config zooid accepted is active, that answer is asked again a few times, about 1.5 s in all, before it counts; a
 * relay zooid was told is inactive answers it at once. Writes made from a Nostr app (a rename over NIP-86) open the
 * same window without Caravel knowing, which is why this does not depend on Caravel having written.
 */
public final class ReloadWindow {
    /** The pauses between tries; zooid logs the good reload within the same second as the failed one. */
    static final List<Duration> PAUSES =
            List.of(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800));

    private ReloadWindow() {}

    /** True when the last config zooid accepted for the relay has it active: a 404 from it is then a reload. */
    public static boolean expectServed(Relay r) {
        return r.zooidCreated() && sentInactive(r).map(inactive -> !inactive).orElse(false);
    }

    /** The {@code inactive} flag of the last config zooid accepted; empty when none was accepted or it is unreadable. */
    public static Optional<Boolean> sentInactive(Relay r) {
        if (r.syncedConfig() == null) return Optional.empty();
        try {
            return Optional.of(Json.parse(r.syncedConfig()).path("inactive").asBoolean(false));
        } catch (IllegalArgumentException unreadable) {
            return Optional.empty();
        }
    }

    /** zooid's answer for a host it does not serve: a plain-text 404, the same as for an unknown host. */
    public static boolean notServed(HttpResponse<?> resp) {
        if (resp.statusCode() != 404) return false;
        return resp.headers()
                .firstValue("Content-Type")
                .map(t -> t.startsWith("text/plain"))
                .orElse(true);
    }

    /** Sends the request, asking again through the reload window when the relay should be served (see above). */
    public static HttpResponse<String> send(HttpClient http, HttpRequest request, boolean expectServed)
            throws IOException, InterruptedException {
        HttpResponse<String> resp = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (!expectServed) return resp;
        for (Duration pause : PAUSES) {
            if (!notServed(resp)) return resp;
            Hops.mark("reload.retry", request.uri() + " " + pause.toMillis());
            Thread.sleep(pause.toMillis());
            resp = http.send(request, HttpResponse.BodyHandlers.ofString());
        }
        return resp;
    }

    /**
     * Runs the attempt, and again after each pause while it fails with {@code notServed} and the relay should be
     * served; the last failure is thrown.
     */
    public static <T, E extends RuntimeException> T retry(
            boolean expectServed, Class<E> notServed, Supplier<T> attempt) {
        for (Duration pause : PAUSES) {
            try {
                return attempt.get();
            } catch (RuntimeException e) {
                if (!expectServed || !notServed.isInstance(e)) throw e;
                Hops.mark("reload.retryAttempt", pause.toMillis());
            }
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return attempt.get();
    }
}
