package caravel.http;

import caravel.logging.Hops;
import caravel.logging.Tracing;
import caravel.logging.Tracing.Attr;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.opentelemetry.api.trace.SpanKind;

/**
 * Installs on a listener what every request gets for the operator: a request id (see {@link RequestIds}) and its
 * timing under its route template in {@link PlatformMetrics}, labelled with the listener (the main API or the
 * Flotilla hosting API). Installed first, so even a request refused by the rate limits has an id and is counted;
 * after-handlers run whatever happened before them (a refusal, an exception mapped to its answer).
 */
public final class RequestObservation {
    /** The request attribute holding System.nanoTime() at the request's start, for its latency. */
    private static final String STARTED = "caravel.started";
    /** The request attribute holding its span while tracing is on. */
    private static final String SPAN = "caravel.span";

    private RequestObservation() {}

    public static void install(Javalin app, String listener, PlatformMetrics metrics) {
        app.before(RequestIds::begin);
        app.before(ctx -> ctx.attribute(STARTED, System.nanoTime()));
        app.before(ctx -> begin(ctx, listener));
        if (Hops.on()) {
            // where a person's wait meets the server: when each request came in and was answered
            app.before(ctx -> Hops.mark("http.in", ctx.method() + " " + ctx.path()));
            app.after(ctx -> Hops.mark("http.out", ctx.method() + " " + ctx.path() + " " + ctx.statusCode()));
        }
        app.after(ctx -> count(ctx, listener, metrics));
        app.after(RequestObservation::end);
        app.after(RequestIds::end);
    }

    /**
     * A request's span: a root (a caller's traceparent is not trusted to join its trace), named by the route template
     * once matched, never by the raw path, which may carry a key or an invoice; the query string is never recorded.
     */
    private static void begin(Context ctx, String listener) {
        if (!Tracing.on()) return;
        ctx.attribute(
                SPAN,
                Tracing.open(
                        "HTTP " + ctx.method().name(),
                        SpanKind.SERVER,
                        Tracing.with(Attr.HTTP_METHOD, ctx.method().name()).and(Attr.LISTENER, listener),
                        true));
    }

    private static void end(Context ctx) {
        Tracing.Open span = ctx.attribute(SPAN);
        if (span == null) return;
        String route = ctx.endpointHandlerPath();
        route = route == null || route.isEmpty() ? "unmatched" : route;
        span.rename(ctx.method().name() + " " + route);
        span.set(Attr.HTTP_ROUTE, route);
        span.set(Attr.HTTP_STATUS, ctx.statusCode());
        if (ctx.statusCode() >= 500) span.failed("status " + ctx.statusCode());
        span.close();
    }

    /** Records one answered request under its route template; requests no route matched share one label. */
    private static void count(Context ctx, String listener, PlatformMetrics metrics) {
        Long started = ctx.attribute(STARTED);
        if (started == null) return;
        String route = ctx.endpointHandlerPath();
        metrics.request(
                listener,
                ctx.method().name(),
                route == null || route.isEmpty() ? "unmatched" : route,
                ctx.statusCode(),
                System.nanoTime() - started);
    }
}
