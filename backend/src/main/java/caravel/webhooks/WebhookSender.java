package caravel.webhooks;

import caravel.logging.Tracing;
import caravel.logging.Tracing.Attr;
import caravel.net.OutboundPolicy;
import io.opentelemetry.api.trace.SpanKind;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/**
 * Sends one signed delivery: the outbound rules are applied to the URL at send time as at registration (its host
 * resolved and every address checked, so a name that now points inside is refused), no redirect is followed (one is a
 * failure, logged as such), short timeouts, and only a bounded excerpt of the answer is read.
 */
public final class WebhookSender {
    /** The longest excerpt of an answer kept in the delivery log. */
    public static final int EXCERPT = 512;

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** What came back: the status ({@code null} when no answer came), the time taken and an excerpt or the error. */
    public record Answer(Integer status, long latencyMs, String excerpt) {
        public boolean ok() {
            return status != null && status >= 200 && status < 300;
        }

        public boolean redirect() {
            return status != null && status >= 300 && status < 400;
        }
    }

    private final OutboundPolicy policy;
    private final Clock clock;
    private final HttpClient http;

    public WebhookSender(OutboundPolicy policy, Clock clock) {
        this.policy = policy;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(CONNECT_TIMEOUT)
                .build();
    }

    public OutboundPolicy policy() {
        return policy;
    }

    /**
     * Posts {@code body} to endpoint {@code endpointId}'s {@code url}, signed with {@code secret} under delivery
     * {@code id}; never throws. The call is a client span named and tagged by the endpoint's id and the URL's host
     * alone: the URL's path and query (a receiver's token may ride there) and the signature never reach it, and no
     * traceparent goes out (the receiver is someone else's server, not part of Caravel's trace).
     */
    public Answer send(String endpointId, String url, String id, String body, String secret) {
        try (Tracing.Open span =
                Tracing.open("webhook POST", SpanKind.CLIENT, Tracing.with(Attr.WEBHOOK_ENDPOINT, endpointId), false)) {
            Answer a = send(url, id, body, secret, span);
            if (a.status() != null) span.set(Attr.HTTP_STATUS, a.status());
            span.set(Attr.OUTCOME, a.ok() ? "delivered" : a.status() == null ? "no answer" : "refused by receiver");
            if (!a.ok()) span.failed(a.status() == null ? "no answer" : "status " + a.status());
            return a;
        }
    }

    private Answer send(String url, String id, String body, String secret, Tracing.Open span) {
        long start = System.nanoTime();
        try {
            URI uri = URI.create(url);
            if (uri.getHost() != null) span.set(Attr.SERVER, uri.getHost());
            policy.check(uri);
            long timestamp = clock.millis() / 1000;
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .timeout(TIMEOUT)
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "Caravel-Webhooks/1")
                    .header(WebhookSignature.ID, id)
                    .header(WebhookSignature.TIMESTAMP, Long.toString(timestamp))
                    .header(WebhookSignature.SIGNATURE, WebhookSignature.sign(secret, id, timestamp, body))
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                    .build();
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            String excerpt;
            try (InputStream in = response.body()) {
                excerpt = new String(in.readNBytes(EXCERPT), StandardCharsets.UTF_8);
            }
            int status = response.statusCode();
            if (status >= 300 && status < 400)
                excerpt = "redirect to "
                        + response.headers().firstValue("Location").orElse("(no location)") + " not followed";
            return new Answer(status, millisSince(start), cut(excerpt));
        } catch (OutboundPolicy.Refused e) {
            return new Answer(null, millisSince(start), cut("refused by the outbound rules: " + e.getMessage()));
        } catch (IOException | IllegalArgumentException e) {
            return new Answer(null, millisSince(start), cut(e.getClass().getSimpleName() + ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(null, millisSince(start), "interrupted");
        }
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static String cut(String s) {
        String t = s == null ? "" : s;
        return t.length() <= EXCERPT ? t : t.substring(0, EXCERPT);
    }
}
