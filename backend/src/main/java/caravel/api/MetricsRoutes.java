package caravel.api;

import caravel.domain.Failure;
import caravel.http.PlatformMetrics;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * GET /metrics in Prometheus's text format, for a scraper holding METRICS_TOKEN as a bearer token. Without the setting
 * the route answers 404 like any unknown path; a missing or wrong token answers 401. The token is compared as
 * SHA-256 digests with a constant-time comparison, so neither its length nor how much of a guess matched shows in
 * the time an answer takes.
 */
public final class MetricsRoutes {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private MetricsRoutes() {}

    public static void register(Javalin app, Optional<String> token, PlatformMetrics metrics) {
        byte[] expected = token.map(MetricsRoutes::digest).orElse(null);
        app.get("/metrics", ctx -> {
            if (expected == null) throw Failure.notFound("not found");
            if (!authorized(ctx, expected)) {
                ctx.header("WWW-Authenticate", "Bearer realm=\"metrics\"");
                throw new caravel.auth.AuthException("GET /metrics needs Authorization: Bearer <METRICS_TOKEN>");
            }
            ctx.header("Cache-Control", "no-store");
            ctx.contentType(CONTENT_TYPE).result(metrics.scrape());
        });
    }

    static boolean authorized(Context ctx, byte[] expected) {
        String h = ctx.header("Authorization");
        String given = h != null && h.regionMatches(true, 0, "Bearer ", 0, 7)
                ? h.substring(7).trim()
                : "";
        // digests of equal length: MessageDigest.isEqual then takes the same time whatever was sent
        return MessageDigest.isEqual(digest(given), expected);
    }

    static byte[] digest(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
