package caravel.logging;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.nostr.Keys;
import caravel.testing.FreeRelays;
import caravel.testing.OtlpReceiver;
import caravel.testing.TestBackend;
import caravel.testing.Wait;
import caravel.testing.ZooidEmulator;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.trace.SpanKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Traces end to end: a real app with OTEL_EXPORTER_OTLP_ENDPOINT pointed at a receiver this test starts, a relay made
 * and provisioned on the zooid emulator, then one request whose span tree must be there (the request, with the zooid
 * call it made as its child), named by the route template, and nothing secret
 * anywhere in the exported bytes: not the query string's token, the request's or zooid's Authorization header, nor
 * any of the app's keys.
 */
class TracingTest {
    @TempDir
    Path dir;

    @Test
    void aRequestsSpanTreeReachesTheReceiverWithoutSecrets() throws Exception {
        Keys zooidKey = Keys.generate();
        Keys owner = Keys.generate();
        String queryToken = "querysecret" + Keys.generate().secretHex().substring(0, 16);
        try (OtlpReceiver receiver = new OtlpReceiver();
                ZooidEmulator zooid = new ZooidEmulator(dir.resolve("zooid"), zooidKey.pubkey(), 0);
                TestBackend backend = new TestBackend(dir, env -> {
                    zooid.pointAt(env, zooidKey);
                    env.put("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint());
                    env.put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
                    env.put("OTEL_BSP_SCHEDULE_DELAY", "50");
                })) {
            assertThat(Tracing.on()).isTrue();
            long t0 = System.nanoTime();
            String id = FreeRelays.create(backend.api, owner, "Traced", "traced");
            var members = backend.api.as(owner, "GET", "/relays/" + id + "/members?token=" + queryToken, null);
            assertThat(members.status()).as(members.body()).isEqualTo(200);
            System.out.println("relay ready and listed in " + (System.nanoTime() - t0) / 1_000_000 + " ms");

            OtlpReceiver.Received request = Wait.until(
                    "the members request's span",
                    Duration.ofSeconds(10),
                    () -> receiver.spans().stream()
                            .filter(s -> s.name().equals("GET /relays/{id}/members"))
                            .findFirst()
                            .orElse(null),
                    s -> s != null);
            assertThat(request.parentId()).as("a request's span is a root").isNull();
            assertThat(request.attrs())
                    .containsEntry("http.route", "/relays/{id}/members")
                    .containsEntry("http.response.status_code", "200")
                    .containsEntry("http.request.method", "GET");
            List<OtlpReceiver.Received> children = Wait.until(
                    "the zooid call inside it",
                    Duration.ofSeconds(10),
                    () -> receiver.spans().stream()
                            .filter(s -> request.spanId().equals(s.parentId()))
                            .toList(),
                    l -> l.stream().anyMatch(s -> s.name().startsWith("zooid GET /relay/{id}/members")));
            OtlpReceiver.Received call = children.stream()
                    .filter(s -> s.name().startsWith("zooid GET"))
                    .findFirst()
                    .orElseThrow();
            assertThat(call.traceId()).isEqualTo(request.traceId());
            assertThat(call.attrs()).containsKeys("caravel.relay.id", "http.response.status_code");
            // the relay's provisioning ran as a job, its own root with the zooid call it made beneath it
            assertThat(receiver.spans()).anyMatch(s -> s.name().startsWith("job ") && s.parentId() == null);

            String raw = receiver.raw();
            assertThat(raw)
                    .doesNotContain(queryToken)
                    .doesNotContain("token=")
                    .doesNotContain("Nostr ")
                    .doesNotContain("Authorization")
                    .doesNotContain(owner.secretHex())
                    .doesNotContain(zooidKey.secretHex())
                    .doesNotContain(backend.env.get("ZOOID_API_SECRET"))
                    .doesNotContain(backend.env.get("ENCRYPTION_SECRET"))
                    .doesNotContain(backend.env.get("ROBOT_SECRET"));
        }
        assertThat(Tracing.on())
                .as("closing the app puts the no-op tracer back")
                .isFalse();
    }

    @Test
    void aJsonLogLineCarriesTheCurrentTraceAndSpan() throws Exception {
        try (OtlpReceiver receiver = new OtlpReceiver();
                AutoCloseable started =
                        Tracing.start(java.util.Map.of("otel.exporter.otlp.endpoint", receiver.endpoint()))) {
            LoggerContext ctx = new LoggerContext();
            ctx.setMDCAdapter(org.slf4j.MDC.getMDCAdapter());
            String line;
            String traceId;
            try (Tracing.Open span =
                    Tracing.open("test", SpanKind.INTERNAL, Tracing.with(Tracing.Attr.OUTCOME, "x"), true)) {
                assertThat(started).isNotNull();
                span.set(Tracing.Attr.OUTCOME, "logged");
                traceId = org.slf4j.MDC.get(Tracing.TRACE_ID);
                LoggingEvent e = new LoggingEvent(
                        "caravel", ctx.getLogger("caravel.x"), Level.INFO, "hello", null, new Object[0]);
                line = new JsonLineEncoder().line(e);
                // what an outbound call to zooid carries: the W3C traceparent of the current span
                java.util.Map<String, String> headers = new java.util.HashMap<>();
                Tracing.propagate(headers::put);
                assertThat(headers.get("traceparent")).startsWith("00-" + traceId + "-");
            }
            var node = new ObjectMapper().readTree(line);
            assertThat(traceId).hasSize(32);
            assertThat(node.get("trace_id").asText()).isEqualTo(traceId);
            assertThat(node.get("span_id").asText()).hasSize(16);
            assertThat(org.slf4j.MDC.get(Tracing.TRACE_ID))
                    .as("gone once the span ends")
                    .isNull();
        }
    }

    @Test
    void aWebhookDeliveryIsAClientSpanWithoutItsQueryOrSecret() throws Exception {
        String queryToken = "hooktoken" + Keys.generate().secretHex().substring(0, 16);
        String secret = "whsec_" + Keys.generate().secretHex();
        var hook = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        java.util.List<String> traceparents = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.List<String> signatures = new java.util.concurrent.CopyOnWriteArrayList<>();
        hook.createContext("/hook", ex -> {
            ex.getRequestBody().readAllBytes();
            traceparents.add(String.valueOf(ex.getRequestHeaders().getFirst("traceparent")));
            signatures.add(ex.getRequestHeaders().getFirst(caravel.webhooks.WebhookSignature.SIGNATURE));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        hook.start();
        try (OtlpReceiver receiver = new OtlpReceiver();
                AutoCloseable started = Tracing.start(java.util.Map.of(
                        "otel.exporter.otlp.endpoint", receiver.endpoint(), "otel.bsp.schedule.delay", "50"))) {
            assertThat(started).isNotNull();
            String url = "http://127.0.0.1:" + hook.getAddress().getPort() + "/hook?token=" + queryToken;
            var answer = new caravel.webhooks.WebhookSender(
                            caravel.net.OutboundPolicy.of(true), java.time.Clock.systemUTC())
                    .send("endpoint-1", url, "delivery-1", "{}", secret);
            assertThat(answer.status()).isEqualTo(204);
            OtlpReceiver.Received span = Wait.until(
                    "the delivery's span",
                    Duration.ofSeconds(10),
                    () -> receiver.spans().stream()
                            .filter(s -> s.name().equals("webhook POST"))
                            .findFirst()
                            .orElse(null),
                    s -> s != null);
            assertThat(span.attrs())
                    .containsEntry("caravel.webhook.endpoint", "endpoint-1")
                    .containsEntry("server.address", "127.0.0.1")
                    .containsEntry("http.response.status_code", "204")
                    .containsEntry("caravel.outcome", "delivered");
            assertThat(receiver.raw())
                    .doesNotContain(queryToken)
                    .doesNotContain("token=")
                    .doesNotContain("/hook")
                    .doesNotContain(secret)
                    .doesNotContain(signatures.getFirst());
            assertThat(traceparents)
                    .as("no traceparent to someone else's server")
                    .containsExactly("null");
        } finally {
            hook.stop(0);
        }
    }

    @Test
    void offTheFacadeRunsTheWorkAndRecordsNothing() {
        assertThat(Tracing.on()).isFalse();
        assertThat(Tracing.with(Tracing.Attr.RELAY_ID, "r")).isSameAs(Tracing.Attributes.NONE);
        try (Tracing.Open span = Tracing.open("x", SpanKind.INTERNAL, Tracing.Attributes.NONE, true)) {
            span.set(Tracing.Attr.OUTCOME, "nothing");
            assertThat(org.slf4j.MDC.get(Tracing.TRACE_ID)).isNull();
        }
        assertThat(Tracing.span("x", SpanKind.INTERNAL, Tracing.Attributes.NONE, () -> 42))
                .isEqualTo(42);
    }
}
