package caravel.api;

import caravel.admission.JoinPages;
import caravel.auth.Authenticator;
import caravel.auth.Principal;
import caravel.config.Config;
import caravel.domain.Failure;
import caravel.domains.CustomDomains;
import caravel.http.PlatformMetrics;
import caravel.http.RateLimits;
import caravel.http.RequestBodies;
import caravel.http.RequestObservation;
import caravel.relays.Relays;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The HTTP server: JSON errors, authentication wrappers, CORS, the web app with client-side-route fallback. */
public final class Server {
    public static final long MAX_BODY = RequestBodies.MAX_BODY;
    /**
     * The routes of one part of the API (tenants, relays, invoices, the team…), registered on the server; each is
     * given exactly the services it calls.
     */
    public interface Routes {
        void register(Javalin app, Auth auth);

        /** Called as the server stops, before it stops (streams open on it end first). */
        default void close() {}
    }

    private final Config config;
    private final Authenticator authenticator;
    private final Javalin app;
    private final RateLimits rateLimits;
    private final SecurityHeaders headers;
    private final WebPages webPages;
    private final List<Routes> routes;

    /**
     * The server over its routes. Before any route: the relay addresses that moved (a rename, a custom domain let go:
     * NIP-11 with redirect_to their address now) and the join pages (a relay's custom domain, /join/..), answered from
     * the relays, the custom domains and the join pages' data.
     */
    public Server(
            Config config,
            PlatformMetrics metrics,
            RateLimits rateLimits,
            Authenticator authenticator,
            JoinPages joinPageData,
            Relays relays,
            CustomDomains domains,
            List<Routes> routes) {
        this.config = config;
        this.authenticator = authenticator;
        this.routes = List.copyOf(routes);
        this.webPages = WebPages.load(config);
        this.rateLimits = rateLimits;
        // the CSP allows the inline scripts of every page served (the frame and the prerendered pages)
        this.headers = new SecurityHeaders(config, webPages == null ? null : webPages.allHtml());
        ObjectMapper mapper = new ObjectMapper()
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
        this.app = Javalin.create(cfg -> {
            cfg.useVirtualThreads = true;
            cfg.showJavalinBanner = false;
            cfg.http.maxRequestSize = MAX_BODY;
            // a method the path does not have is 405 with Allow (ErrorResponses), not 404: the contract's promise.
            // Javalin decides it after the static files and the web app's before-handler had their turn, so GET
            // of an app page still serves the app and a path with no route at all stays 404.
            cfg.http.prefer405over404 = true;
            // every NIP-98 Authorization header is unique: Jetty's header-field cache would only churn on them.
            // Jetty by default holds a request back until the first bytes of its body arrive: one declaring 3 GB and
            // sending nothing was answered only by the 30 s idle timeout. Dispatched at once, the body check answers
            // 413 on the declared length alone (RequestBodies, the import's own bound, the webhook's).
            cfg.jetty.modifyHttpConfiguration(http -> {
                http.setHeaderCacheSize(0);
                http.setDelayDispatchUntilContent(false);
            });
            // Jetty keeps the buffers of finished connections for reuse, by default up to a quarter of the heap's
            // maximum each for heap and direct memory: after a burst of connections (2,100 live streams in the
            // black-box review) that much stayed resident for good. A bound keeps reuse for normal traffic and lets
            // the rest go.
            cfg.jetty.modifyServer(server -> server.addBean(bufferPool()));
            // A burst of new connections (strangers joining at once, every live stream reconnecting after a restart)
            // waits in the kernel's queue until Jetty accepts it. Jetty leaves that queue at Java's default of 50;
            // past it the kernel drops the handshake and the client tries again only a second or more later, and
            // again, on a machine busy enough that Jetty accepts slowly. The kernel caps the length asked (somaxconn).
            cfg.jetty.addConnector((server, http) -> {
                var connector = new org.eclipse.jetty.server.ServerConnector(
                        server, new org.eclipse.jetty.server.HttpConnectionFactory(http));
                connector.setHost(config.host());
                connector.setPort(config.port());
                connector.setAcceptQueueSize(ACCEPT_QUEUE);
                return connector;
            });
            cfg.jsonMapper(new JavalinJackson(mapper, true));
            if (webPages != null) {
                cfg.staticFiles.add(sf -> {
                    if (config.webDir().isPresent()) {
                        sf.directory = config.webDir().get().toString();
                        sf.location = Location.EXTERNAL;
                    } else {
                        sf.directory = "/web";
                        sf.location = Location.CLASSPATH;
                    }
                    sf.hostedPath = "/";
                    sf.headers = Map.of("Cache-Control", "public, max-age=3600");
                    // index.html is served (uncached) by webAppFallback; hashed assets and other files are static
                    sf.skipFileFunction = req -> req.getRequestURI().equals("/")
                            || req.getRequestURI().equals("/index.html");
                });
            }
            cfg.bundledPlugins.enableCors(cors -> cors.addRule(rule -> {
                if (config.allowOrigins().isEmpty()) rule.anyHost();
                else config.allowOrigins().forEach(rule::allowHost);
                rule.exposeHeader("Content-Type");
            }));
        });
        // the request id and the clock first, so even a request refused by the rate limits is logged and counted
        RequestObservation.install(app, "api", metrics);
        app.before(headers::apply);
        app.before(rateLimits::byAddress); // cheapest refusal first
        app.before(ctx -> {
            // before auth and routes: nothing may buffer a body without the bound; the import streams its own
            // a method the path does not have gets its 405, not a refusal of the body it carries
            if (!RequestBodies.isStreamedImport(ctx) && !undeclaredMethod(ctx)) RequestBodies.read(ctx);
        });
        JoinPageHtml joinPages = new JoinPageHtml(
                joinPageData,
                webPages == null ? null : webPages.index(),
                appHosts(config),
                config.limits().trustProxy());
        // a relay's old address (a rename, a custom domain let go): NIP-11 with redirect_to its address now (the proxy
        // sends it here)
        app.before(new RelayRedirects(
                relays,
                domains,
                config.zooidNodes(),
                domains::publicUrl,
                appHosts(config),
                config.limits().trustProxy())::answer);
        app.before(joinPages::customDomain); // a relay's custom domain visited in a browser: its join page
        app.before(joinPages::joinPage);
        if (webPages != null) app.before(this::webAppFallback);
        ErrorResponses.register(app, MAX_BODY);
        Auth auth = new Auth();
        for (Routes r : this.routes) r.register(app, auth);
    }

    /** The app's own hosts (PUBLIC_URL), lower case. */
    private static Set<String> appHosts(Config config) {
        return config.publicUrls().stream()
                .map(u -> java.net.URI.create(u).getHost())
                .filter(java.util.Objects::nonNull)
                .map(h -> h.toLowerCase(java.util.Locale.ROOT))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** Connections the kernel may hold for Jetty to accept (Java's default, when none is asked, is 50). */
    static final int ACCEPT_QUEUE = 1024;

    /** What Jetty may keep of released buffers: {@link #POOL_BYTES} each of heap and direct memory. */
    static final long POOL_BYTES = 16L << 20;

    static org.eclipse.jetty.io.ArrayByteBufferPool bufferPool() {
        // minimum, factor, largest and bucket size as Jetty's defaults (-1); the four memory bounds set
        return new org.eclipse.jetty.io.ArrayByteBufferPool(
                0, -1, -1, -1, POOL_BYTES, POOL_BYTES, POOL_BYTES, POOL_BYTES);
    }

    public Javalin app() {
        return app;
    }

    public Server start() {
        app.start(config.host(), config.port());
        return this;
    }

    public int port() {
        return app.port();
    }

    public void stop() {
        routes.forEach(Routes::close); // open streams end before the server stops
        app.stop();
    }

    /** True when the path has routes, but none for this method: Javalin answers 405 (see prefer405over404). */
    private boolean undeclaredMethod(Context ctx) {
        var router = app.unsafeConfig().pvt.internalRouter;
        return router.findHttpHandlerEntries(ctx.method(), ctx.path()).findAny().isEmpty()
                && !io.javalin.http.util.MethodNotAllowedUtil.INSTANCE
                        .findAvailableHttpHandlerTypes(router, ctx.path())
                        .isEmpty();
    }

    /** Browser navigations (Accept: text/html) to app paths get the web app; fetches get the API. */
    private void webAppFallback(Context ctx) {
        String method = ctx.method().name();
        if (!method.equals("GET") && !method.equals("HEAD")) return;
        String path = ctx.path();
        // no API lives at "/": it is the app's home page whatever the client accepts (curl sends */*, or nothing)
        String accept = ctx.header("Accept");
        if (!path.equals("/") && (accept == null || !accept.contains("text/html"))) return;
        if (path.startsWith("/assets/") || path.equals("/healthz")) return;
        String last = path.substring(path.lastIndexOf('/') + 1);
        if (last.contains(".") && !path.startsWith("/relays/") && !path.startsWith("/admin/"))
            return; // a file such as /favicon.svg
        ctx.header("Cache-Control", "no-cache");
        ctx.contentType("text/html; charset=utf-8").result(webPages.forPath(path));
        ctx.skipRemainingHandlers();
    }

    /** The request body, already read with its bound by {@link RequestBodies}. */
    static byte[] body(Context ctx) {
        return RequestBodies.of(ctx);
    }

    /**
     * An API token is accepted on the routes of one relay only ({@code /relays/{id}/...}), each of which asks the relay's
     * gate with the action it performs, where the token's scopes and relay meet its creator's role
     * (team.RelayAccessCheck#requireToken). Every other route (the account, sessions, tokens themselves, billing of the
     * account, administration) refuses it here, before its handler: so a route added later refuses tokens by default.
     */
    static void refuseTokenOffRelays(Context ctx, Principal p) {
        if (p.token() != null && !ctx.endpointHandlerPath().startsWith("/relays/{id}"))
            throw new Failure(
                    Failure.Kind.FORBIDDEN,
                    "token_not_accepted",
                    null,
                    "API tokens are accepted on a relay's routes (/relays/{id}/...) only: this route needs a session or"
                            + " a NIP-98 signature");
    }

    /** Handler wrappers that authenticate first, so 401 always comes before validation. */
    public final class Auth {
        Handler required(Handler h) {
            return wrap(h, true, false);
        }

        Handler admin(Handler h) {
            return wrap(h, true, true);
        }

        /**
         * For a route that reads its own body as a stream: authenticated before any of it is read (a NIP-98 event's
         * payload hash cannot be checked first, see {@code Nip98Verifier.verifyStreamed}).
         */
        Handler streamed(Handler h) {
            return ctx -> {
                String q = ctx.queryString();
                String pathAndQuery = ctx.req().getRequestURI() + (q == null ? "" : "?" + q);
                Principal p = authenticator.authenticateStreamed(
                        ctx.header("Authorization"), ctx.method().name(), pathAndQuery);
                rateLimits.byKey(p.pubkey());
                refuseTokenOffRelays(ctx, p);
                ctx.attribute(Http.PRINCIPAL, p);
                h.handle(ctx);
            };
        }

        Handler nip98Only(Handler h) {
            return wrap(h, false, false);
        }

        private Handler wrap(Handler h, boolean allowSession, boolean adminOnly) {
            return ctx -> {
                String q = ctx.queryString();
                String pathAndQuery = ctx.req().getRequestURI() + (q == null ? "" : "?" + q);
                Principal p = authenticator.authenticate(
                        ctx.header("Authorization"), ctx.method().name(), pathAndQuery, body(ctx), allowSession);
                // routes that need the owner's consent (sessions, paying from the wallet) take only a fresh signature
                if (!allowSession && !p.freshSignature())
                    throw new caravel.auth.AuthException("this route needs a fresh NIP-98 signature");
                rateLimits.byKey(p.pubkey());
                refuseTokenOffRelays(ctx, p);
                if (adminOnly && !p.admin()) throw Failure.forbidden("administrators only");
                ctx.attribute(Http.PRINCIPAL, p);
                h.handle(ctx);
            };
        }
    }
}
