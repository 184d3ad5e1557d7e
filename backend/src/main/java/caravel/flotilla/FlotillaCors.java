package caravel.flotilla;

import io.javalin.http.Context;
import java.util.List;
import java.util.Set;

/**
 * CORS for Flotilla, which runs on another origin and sends Authorization (its sign-in) and Content-Type: only
 * the configured origins (any origin when none is configured: the API takes no cookies, so an origin alone
 * proves nothing and grants nothing), only these headers and methods.
 */
final class FlotillaCors {
    static final String METHODS = "GET, POST, PUT, OPTIONS";
    static final String HEADERS = "Authorization, Content-Type, Accept";
    private final Set<String> origins;

    FlotillaCors(List<String> origins) {
        this.origins = Set.copyOf(origins);
    }

    void apply(Context ctx) {
        String origin = ctx.header("Origin");
        boolean allowed = origin != null && (origins.isEmpty() || origins.contains(origin));
        if (allowed) {
            ctx.header("Access-Control-Allow-Origin", origin);
            ctx.header("Access-Control-Expose-Headers", "Content-Type");
        }
        ctx.header("Vary", "Origin");
        if (!ctx.method().name().equals("OPTIONS")) return;
        // a preflight: answered here, whatever the path, and never reaches authentication
        if (allowed) {
            ctx.header("Access-Control-Allow-Methods", METHODS);
            ctx.header("Access-Control-Allow-Headers", HEADERS);
            ctx.header("Access-Control-Max-Age", "600");
        }
        ctx.status(204);
        ctx.skipRemainingHandlers();
    }
}
