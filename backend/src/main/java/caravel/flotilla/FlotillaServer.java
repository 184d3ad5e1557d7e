package caravel.flotilla;

import caravel.auth.FlotillaTokens;
import caravel.auth.Principal;
import caravel.config.Config;
import caravel.http.PlatformMetrics;
import caravel.http.RateLimits;
import caravel.http.RequestBodies;
import caravel.http.RequestObservation;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.json.JavalinJackson;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The hosting API that Flotilla's client speaks, on a listener of its own (FLOTILLA_PORT): Flotilla builds every
 * request from the root of its hosting URL, and its shapes differ from our API's on the same paths, so it cannot share
 * an origin with it. This is an adapter only: routes map Flotilla's shapes onto the services (relays, accounts,
 * billing, community), which decide everything; refusals come back as {@code {"error": sentence}} through
 * {@link FlotillaErrors}, successes as {@code {"data": …}} through {@link Envelope}.
 */
public final class FlotillaServer {
    private final Config.Flotilla settings;
    private final String host;
    private final Javalin app;

    /** The routes of one part of the API (plans, tenants, relays, invoices …), registered on the listener. */
    public interface Routes {
        void register(Javalin app, Auth auth);
    }

    /**
     * The listener over its routes (each given exactly the services it calls), authenticating with Flotilla's sign-in
     * and sharing the native API's rate limits, so one client cannot double its allowance.
     */
    public FlotillaServer(
            Config config, FlotillaTokens tokens, RateLimits rateLimits, PlatformMetrics metrics, List<Routes> routes) {
        Config.Flotilla settings = config.flotilla().orElseThrow();
        this.settings = settings;
        this.host = config.host();
        ObjectMapper mapper = new ObjectMapper()
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
        FlotillaCors cors = new FlotillaCors(settings.allowOrigins());
        this.app = Javalin.create(cfg -> {
            cfg.useVirtualThreads = true;
            cfg.showJavalinBanner = false;
            cfg.http.maxRequestSize = RequestBodies.MAX_BODY;
            cfg.jetty.modifyHttpConfiguration(http -> {
                http.setHeaderCacheSize(0); // tokens churn the cache
                // a declared body too large is refused at once, not after the idle timeout (api.Server says why)
                http.setDelayDispatchUntilContent(false);
            });
            cfg.jsonMapper(new JavalinJackson(mapper, true));
        });
        RequestObservation.install(app, "flotilla", metrics);
        app.before(ctx -> {
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.header("Referrer-Policy", "no-referrer");
            ctx.header("Cache-Control", "no-store");
        });
        app.before(cors::apply); // a preflight is answered here and goes no further
        app.before(rateLimits::byAddress);
        app.before(ctx -> {
            if (!readsOwnBody(ctx)) RequestBodies.read(ctx);
        });
        FlotillaErrors.register(app);
        Auth auth = new Auth(tokens, rateLimits);
        for (Routes r : routes) r.register(app, auth);
    }

    /** The import streams its own body with its own bound (community's importer); every other body is read here. */
    static boolean readsOwnBody(Context ctx) {
        return ctx.method().name().equals("POST")
                && IMPORT_PATH.matcher(ctx.path()).matches();
    }

    private static final Pattern IMPORT_PATH = Pattern.compile("/relays/[^/]+/import");

    public FlotillaServer start() {
        app.start(host, settings.port());
        return this;
    }

    public int port() {
        return app.port();
    }

    public Javalin app() {
        return app;
    }

    public void stop() {
        app.stop();
    }

    /** The caller of an authenticated route. */
    public static Principal principal(Context ctx) {
        Principal p = ctx.attribute(Auth.PRINCIPAL);
        if (p == null) throw new IllegalStateException("route is not authenticated");
        return p;
    }

    /** Authenticates with Flotilla's sign-in before the route runs, so 401 comes before any validation. */
    public static final class Auth {
        static final String PRINCIPAL = "caravel.flotilla.principal";
        private final FlotillaTokens tokens;
        private final RateLimits rateLimits;

        Auth(FlotillaTokens tokens, RateLimits rateLimits) {
            this.tokens = tokens;
            this.rateLimits = rateLimits;
        }

        public Handler required(Handler h) {
            return ctx -> {
                Principal p = tokens.authenticate(ctx.header("Authorization"));
                rateLimits.byKey(p.pubkey());
                ctx.attribute(PRINCIPAL, p);
                h.handle(ctx);
            };
        }
    }
}
