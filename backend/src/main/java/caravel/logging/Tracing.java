package caravel.logging;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * Traces (OpenTelemetry), the one place the rest of the code starts a span: an HTTP request, a job, a zooid or NIP-86
 * call, a wallet (NWC) call, a relay connection. Off unless the OTEL_* settings ask for it ({@code
 * config.Observability}); off, every call here goes to OpenTelemetry's no-op tracer, which allocates nothing worth
 * counting (the tracing benchmark measures it). A span's attributes are only the keys of {@link Attr} (the allow-list:
 * no header, body, query string, key or wallet connection can be named) and every text value passes {@link Redact}.
 * While a span is current its trace and span ids are in the logging MDC ({@code trace_id}, {@code span_id}), which the
 * JSON log lines write, so a log line finds its trace.
 */
public final class Tracing {
    private static final String SCOPE = "caravel";
    static final String TRACE_ID = "trace_id";
    static final String SPAN_ID = "span_id";
    /** Longer values are cut: an attribute names something, it never carries a payload. */
    private static final int MAX_VALUE = 160;

    private static final Tracer NOOP = OpenTelemetry.noop().getTracer(SCOPE);
    private static volatile Tracer tracer = NOOP;
    private static volatile OpenTelemetry current = OpenTelemetry.noop();
    private static volatile boolean enabled;

    private static final TextMapSetter<BiConsumer<String, String>> HEADERS = (carrier, key, value) -> {
        if (carrier != null) carrier.accept(key, value);
    };

    /** The attributes a span may carry; nothing else can be written to one. */
    public enum Attr {
        HTTP_METHOD("http.request.method"),
        HTTP_ROUTE("http.route"),
        HTTP_STATUS("http.response.status_code"),
        LISTENER("caravel.listener"),
        JOB_KIND("caravel.job.kind"),
        JOB_ID("caravel.job.id"),
        RELAY_ID("caravel.relay.id"),
        ZOOID_CALL("caravel.zooid.call"),
        NIP86_METHOD("caravel.nip86.method"),
        NWC_METHOD("caravel.nwc.method"),
        WEBHOOK_ENDPOINT("caravel.webhook.endpoint"),
        SERVER("server.address"),
        OUTCOME("caravel.outcome");

        final String key;

        Attr(String key) {
            this.key = key;
        }
    }

    private Tracing() {}

    /**
     * Starts the SDK from OpenTelemetry's own autoconfiguration with these {@code otel.*} properties beneath the
     * process's OTEL_* environment (which wins where both are set), and makes it the tracer every span uses. The
     * returned handle flushes what is left and goes back to the no-op tracer.
     */
    public static AutoCloseable start(Map<String, String> properties) {
        Map<String, String> props = new HashMap<>();
        // traces only: Caravel's metrics are /metrics (Prometheus), its logs are its log lines
        props.put("otel.metrics.exporter", "none");
        props.put("otel.logs.exporter", "none");
        props.put("otel.service.name", "caravel");
        // OTLP over HTTP (a collector's port 4318): the exporter sends with the JDK's HttpClient, and gRPC is not
        // bundled
        props.put("otel.exporter.otlp.protocol", "http/protobuf");
        props.putAll(properties);
        OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(() -> props)
                .disableShutdownHook()
                .build()
                .getOpenTelemetrySdk();
        current = sdk;
        tracer = sdk.getTracer(SCOPE);
        enabled = true;
        return () -> {
            enabled = false;
            tracer = NOOP;
            current = OpenTelemetry.noop();
            sdk.close();
        };
    }

    /** Whether spans are recorded at all (a caller whose attributes cost something to build asks first). */
    public static boolean on() {
        return enabled;
    }

    /** Runs {@code work} inside a span of this kind; an exception marks the span an error (its class, no message). */
    public static <T> T span(String name, SpanKind kind, Attributes attrs, Supplier<T> work) {
        if (!on()) return work.get();
        try (Open open = open(name, kind, attrs, false)) {
            try {
                return work.get();
            } catch (RuntimeException | Error e) {
                open.failed(e);
                throw e;
            }
        }
    }

    /** A span started now and current on this thread until closed (a request's before and after handlers). */
    // the scope is closed by the Open that holds it, which its callers close (a request's after handler, or a try)
    @SuppressWarnings("MustBeClosedChecker")
    public static Open open(String name, SpanKind kind, Attributes attrs, boolean root) {
        if (!on()) return Open.NONE;
        SpanBuilder b = tracer.spanBuilder(name).setSpanKind(kind);
        if (root) b.setNoParent();
        Span span = b.setAllAttributes(attrs.built).startSpan();
        return new Open(span, span.makeCurrent());
    }

    /** Writes the current span's W3C traceparent into an outbound request's headers (zooid is called this way). */
    public static void propagate(BiConsumer<String, String> header) {
        if (!on()) return;
        current.getPropagators().getTextMapPropagator().inject(Context.current(), header, HEADERS);
    }

    /** Starts an attribute list (only {@link Attr} keys). */
    public static Attributes with(Attr key, Object value) {
        return on() ? new Attributes().and(key, value) : Attributes.NONE;
    }

    /** A span's attributes, built only from the allow-list, each text value redacted and cut short. */
    public static final class Attributes {
        public static final Attributes NONE = new Attributes();
        private final AttributesBuilder b = io.opentelemetry.api.common.Attributes.builder();
        private io.opentelemetry.api.common.Attributes built = io.opentelemetry.api.common.Attributes.empty();

        public Attributes and(Attr key, Object value) {
            if (value == null || this == NONE) return this;
            if (value instanceof Number n) b.put(key.key, n.longValue());
            else {
                String s = Redact.secrets(String.valueOf(value));
                b.put(key.key, s.length() > MAX_VALUE ? s.substring(0, MAX_VALUE) : s);
            }
            built = b.build();
            return this;
        }
    }

    /** A started span, current until closed; its ids are in the MDC meanwhile. */
    public static final class Open implements AutoCloseable {
        static final Open NONE = new Open(null, null);
        private final Span span;
        private final Scope scope;
        private final Thread thread;
        private final String previousTrace;
        private final String previousSpan;

        private Open(Span span, Scope scope) {
            this.span = span;
            this.scope = scope;
            this.thread = Thread.currentThread();
            if (span == null) {
                previousTrace = null;
                previousSpan = null;
                return;
            }
            previousTrace = MDC.get(TRACE_ID);
            previousSpan = MDC.get(SPAN_ID);
            MDC.put(TRACE_ID, span.getSpanContext().getTraceId());
            MDC.put(SPAN_ID, span.getSpanContext().getSpanId());
        }

        /** Adds an attribute known only later (a response's status). */
        public void set(Attr key, Object value) {
            if (span == null || value == null) return;
            if (value instanceof Number n) span.setAttribute(key.key, n.longValue());
            else span.setAttribute(key.key, Redact.secrets(String.valueOf(value)));
        }

        /** Names the span once its name is known (a request's route template, matched after the span began). */
        public void rename(String name) {
            if (span != null) span.updateName(name);
        }

        /** Marks the span an error, naming the exception's class only: a message may quote what it was given. */
        public void failed(Throwable e) {
            if (span == null) return;
            span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            span.setAttribute("error.type", e.getClass().getName());
        }

        /** Marks the span an error with a fixed word (a failed answer). */
        public void failed(String what) {
            if (span != null) span.setStatus(StatusCode.ERROR, what);
        }

        @Override
        public void close() {
            if (span == null) return;
            // a scope belongs to the thread that opened it; an answer finished on another thread only ends the span
            if (Thread.currentThread() == thread) {
                scope.close();
                restore(TRACE_ID, previousTrace);
                restore(SPAN_ID, previousSpan);
            }
            span.end();
        }

        private static void restore(String key, String value) {
            if (value == null) MDC.remove(key);
            else MDC.put(key, value);
        }
    }
}
