package caravel.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How an operator watches the service: the bearer token that opens GET /metrics and the log format.
 *
 * @param metricsToken METRICS_TOKEN: Prometheus sends it as {@code Authorization: Bearer <token>}; unset, /metrics
 *                     does not exist (not found), so a deployment that never asked for metrics exposes none
 * @param logFormat    LOG_FORMAT: {@code text} (default, one readable line per event) or {@code json} (one JSON object
 *                     per line with the request id, for a log collector). Read by logback.xml itself; checked here so
 *                     a typo stops start-up with the variable's name instead of silencing every log line
 * @param traces       the OTEL_* settings Caravel hands OpenTelemetry's autoconfiguration as {@code otel.*}
 *                     properties (the SDK reads the process's OTEL_* variables itself too; these make a Config built
 *                     from a map, as the tests build it, trace the same way); empty when tracing is off, which it is
 *                     unless an exporter or an OTLP endpoint is named, or OTEL_SDK_DISABLED is {@code false}
 */
public record Observability(Optional<String> metricsToken, LogFormat logFormat, Map<String, String> traces) {
    /** Shorter tokens are guessable from a scrape endpoint that answers every try. */
    public static final int MIN_TOKEN_LENGTH = 16;

    public enum LogFormat {
        TEXT,
        JSON
    }

    public static Observability defaults() {
        return new Observability(Optional.empty(), LogFormat.TEXT, Map.of());
    }

    static Observability fromEnv(Map<String, String> env) {
        Optional<String> token =
                Optional.ofNullable(env.get("METRICS_TOKEN")).map(String::trim).filter(t -> !t.isEmpty());
        token.ifPresent(t -> {
            if (t.length() < MIN_TOKEN_LENGTH || !t.chars().allMatch(c -> c > 32 && c < 127))
                throw new ConfigException("METRICS_TOKEN must be at least " + MIN_TOKEN_LENGTH
                        + " printable characters without spaces (e.g. openssl rand -hex 32)");
        });
        // exactly as logback.xml's LogFormatDefiner reads it, so no case or space is forgiven
        String format = Optional.ofNullable(env.get("LOG_FORMAT"))
                .filter(v -> !v.isEmpty())
                .orElse("text");
        LogFormat f = switch (format) {
            case "text" -> LogFormat.TEXT;
            case "json" -> LogFormat.JSON;
            default -> throw new ConfigException("LOG_FORMAT must be text or json");
        };
        return new Observability(token, f, traces(env));
    }

    /** The standard variables Caravel forwards; any other OTEL_* variable still reaches the SDK from the process. */
    private static final List<String> OTEL = List.of(
            "OTEL_SDK_DISABLED",
            "OTEL_TRACES_EXPORTER",
            "OTEL_EXPORTER_OTLP_ENDPOINT",
            "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
            "OTEL_EXPORTER_OTLP_PROTOCOL",
            "OTEL_EXPORTER_OTLP_HEADERS",
            "OTEL_SERVICE_NAME",
            "OTEL_RESOURCE_ATTRIBUTES",
            "OTEL_TRACES_SAMPLER",
            "OTEL_TRACES_SAMPLER_ARG",
            "OTEL_BSP_SCHEDULE_DELAY");

    /**
     * Tracing is off by default: on only when asked, by naming where spans go (an exporter other than none, an OTLP
     * endpoint) or by OTEL_SDK_DISABLED=false (the SDK's defaults then: OTLP to localhost:4318).
     */
    private static Map<String, String> traces(Map<String, String> env) {
        Map<String, String> props = new LinkedHashMap<>();
        for (String name : OTEL) {
            String v = env.get(name);
            if (v != null && !v.isBlank())
                props.put(name.toLowerCase(Locale.ROOT).replace('_', '.'), v.trim());
        }
        String disabled = props.getOrDefault("otel.sdk.disabled", "").toLowerCase(Locale.ROOT);
        if (!disabled.isEmpty() && !disabled.equals("true") && !disabled.equals("false"))
            throw new ConfigException("OTEL_SDK_DISABLED must be true or false");
        String exporter = props.getOrDefault("otel.traces.exporter", "");
        boolean asked = disabled.equals("false")
                || (!exporter.isEmpty() && !exporter.equals("none"))
                || props.containsKey("otel.exporter.otlp.endpoint")
                || props.containsKey("otel.exporter.otlp.traces.endpoint");
        if (disabled.equals("true") || !asked || exporter.equals("none")) return Map.of();
        props.put("otel.sdk.disabled", "false");
        return Map.copyOf(props);
    }

    @Override
    public String toString() {
        return "Observability[metrics=" + (metricsToken.isPresent() ? "on" : "off") + ", log="
                + logFormat.name().toLowerCase(Locale.ROOT) + ", traces=" + (traces.isEmpty() ? "off" : "on") + "]";
    }
}
