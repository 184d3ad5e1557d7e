package caravel.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * LOG_FORMAT=json: one JSON object per line, for a log collector: time, level, logger, thread, message, the request
 * id, the trace and span ids while tracing is on (docs/tracing.md) and the error. The message and the error text go through {@link Redact} exactly like the text format's
 * (MaskingConverter), and only the formatted message is written: never the raw arguments, which is where a secret
 * would arrive unmasked (Logback's own JsonEncoder writes them, so it is not used here). Of the MDC only
 * {@code request_id}, {@code trace_id} and {@code span_id} are written, so nothing put there for another reason reaches the log.
 */
public final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {
    private static final JsonFactory JSON = new JsonFactory();
    private static final byte[] NONE = new byte[0];
    private final MaskingConverter masking = new MaskingConverter();

    @Override
    public byte[] headerBytes() {
        return NONE;
    }

    @Override
    public byte[] footerBytes() {
        return NONE;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("ts", Instant.ofEpochMilli(event.getTimeStamp()).toString());
            g.writeStringField("level", event.getLevel().toString());
            g.writeStringField("logger", event.getLoggerName());
            g.writeStringField("thread", event.getThreadName());
            g.writeStringField("msg", Redact.secrets(event.getFormattedMessage()));
            Map<String, String> mdc = event.getMDCPropertyMap();
            String requestId = mdc == null ? null : mdc.get("request_id");
            if (requestId != null) g.writeStringField("request_id", requestId);
            String traceId = mdc == null ? null : mdc.get(Tracing.TRACE_ID);
            if (traceId != null) {
                g.writeStringField(Tracing.TRACE_ID, traceId);
                g.writeStringField(Tracing.SPAN_ID, mdc.get(Tracing.SPAN_ID));
            }
            if (event.getThrowableProxy() != null) {
                // the same masked chain (class, message, frames) the text format prints after its message
                String all = masking.convert(event);
                String msg = Redact.secrets(event.getFormattedMessage());
                g.writeStringField(
                        "error",
                        msg != null && all.startsWith(msg)
                                ? all.substring(msg.length()).strip()
                                : all);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    /** The encoded line as text (tests). */
    public String line(ILoggingEvent event) {
        return new String(encode(event), StandardCharsets.UTF_8);
    }
}
