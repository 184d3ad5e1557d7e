package caravel.testing;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An OTLP/HTTP trace receiver as a collector is one: POST /v1/traces with the protobuf ExportTraceServiceRequest,
 * answered 200 with an empty ExportTraceServiceResponse. It keeps every span it was sent, and each request's raw
 * bytes, so a test can look for a secret in what was exported, not only in the fields it decodes.
 */
public final class OtlpReceiver implements AutoCloseable {
    /** One received span: its ids, its parent, its name and its attributes as text. */
    public record Received(String traceId, String spanId, String parentId, String name, Map<String, String> attrs) {}

    private final HttpServer server;
    private final List<Received> spans = new ArrayList<>();
    private final StringBuilder raw = new StringBuilder();

    public OtlpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/traces", ex -> {
            try (InputStream in = ex.getRequestBody()) {
                byte[] body = in.readAllBytes();
                ExportTraceServiceRequest req = ExportTraceServiceRequest.parseFrom(body);
                synchronized (this) {
                    raw.append(new String(body, java.nio.charset.StandardCharsets.ISO_8859_1));
                    for (ResourceSpans rs : req.getResourceSpansList())
                        for (ScopeSpans ss : rs.getScopeSpansList())
                            for (Span s : ss.getSpansList()) spans.add(received(s));
                    notifyAll();
                }
                ex.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                ex.sendResponseHeaders(200, 0);
            } catch (RuntimeException e) {
                ex.sendResponseHeaders(400, -1);
            }
            ex.close();
        });
        server.start();
    }

    private static Received received(Span s) {
        Map<String, String> attrs = new TreeMap<>();
        for (KeyValue kv : s.getAttributesList()) {
            var v = kv.getValue();
            attrs.put(kv.getKey(), v.hasIntValue() ? Long.toString(v.getIntValue()) : v.getStringValue());
        }
        HexFormat hex = HexFormat.of();
        return new Received(
                hex.formatHex(s.getTraceId().toByteArray()),
                hex.formatHex(s.getSpanId().toByteArray()),
                s.getParentSpanId().isEmpty()
                        ? null
                        : hex.formatHex(s.getParentSpanId().toByteArray()),
                s.getName(),
                attrs);
    }

    /** The endpoint for OTEL_EXPORTER_OTLP_ENDPOINT. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public synchronized List<Received> spans() {
        return List.copyOf(spans);
    }

    /** Everything the exporter sent, as bytes read one to one as characters (protobuf keeps text as UTF-8). */
    public synchronized String raw() {
        return raw.toString();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
