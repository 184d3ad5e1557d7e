package caravel;

import caravel.config.Observability;
import caravel.logging.Tracing;

/**
 * The running app's tracing: OpenTelemetry started when the OTEL_* settings ask for it, else nothing (the no-op tracer
 * stays). Closing flushes the spans still batched and puts the no-op tracer back.
 */
final class Traces implements AutoCloseable {
    private final AutoCloseable started;

    private Traces(AutoCloseable started) {
        this.started = started;
    }

    static Traces start(Observability observability) {
        return new Traces(observability.traces().isEmpty() ? null : Tracing.start(observability.traces()));
    }

    @Override
    public void close() {
        if (started == null) return;
        try {
            started.close();
        } catch (Exception e) {
            throw new IllegalStateException("traces did not close", e);
        }
    }
}
