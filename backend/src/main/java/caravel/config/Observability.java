package caravel.config;

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
 */
public record Observability(Optional<String> metricsToken, LogFormat logFormat) {
    /** Shorter tokens are guessable from a scrape endpoint that answers every try. */
    public static final int MIN_TOKEN_LENGTH = 16;

    public enum LogFormat {
        TEXT,
        JSON
    }

    public static Observability defaults() {
        return new Observability(Optional.empty(), LogFormat.TEXT);
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
        return new Observability(token, f);
    }

    @Override
    public String toString() {
        return "Observability[metrics=" + (metricsToken.isPresent() ? "on" : "off") + ", log="
                + logFormat.name().toLowerCase(Locale.ROOT) + "]";
    }
}
