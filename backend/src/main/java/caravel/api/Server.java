package caravel.api;

import caravel.auth.Authenticator;
import caravel.auth.Principal;
import caravel.auth.Sessions;
import caravel.billing.InvoiceStore;
import caravel.config.Config;
import caravel.crypto.SecretBox;
import caravel.domain.Failure;
import caravel.domain.RelayStatus;
import caravel.http.PlatformMetrics;
import caravel.http.RateLimits;
import caravel.http.RequestBodies;
import caravel.http.RequestObservation;
import caravel.relays.Relays;
import caravel.store.ActivityLog;
import caravel.store.RelayStore;
import caravel.store.TenantStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/** The HTTP server: JSON errors, authentication wrappers, CORS, the web app with client-side-route fallback. */
public final class Server {
    public static final long MAX_BODY = RequestBodies.MAX_BODY;
    static final Set<String> RELAY_STATUSES = java.util.Arrays.stream(RelayStatus.values())
            .map(RelayStatus::wire)
            .collect(java.util.stream.Collectors.toSet());

    public record Deps(
            Config config,
            Jdbi jdbi,
            Clock clock,
            Authenticator authenticator,
            Sessions sessions,
            TenantStore tenants,
            RelayStore relayStore,
            ActivityLog activity,
            InvoiceStore invoices,
            Relays relays,
            SecretBox box,
            caravel.relays.Hosting hosting,
            caravel.billing.PaymentConfirmation payments,
            caravel.billing.Autopay autopay,
            caravel.relays.RelayTransitions transitions,
            caravel.billing.Quotes quotes,
            caravel.billing.AccountSummary accounts,
            java.util.Optional<caravel.stripe.CardPayments> card,
            caravel.community.Community community,
            caravel.admission.PaidAdmissions admission,
            caravel.domains.CustomDomains domains,
            caravel.accounts.AccountSettings accountSettings,
            caravel.admission.AdmissionServices admissionOwner,
            caravel.accounts.RelayOrders relayOrders,
            caravel.billing.PlanPrices prices,
            caravel.money.MoneyReports money,
            PlatformMetrics metrics,
            Readiness readiness,
            RateLimits rateLimits,
            caravel.backups.Backups backups,
            caravel.team.RelayAccessCheck relayAccess,
            caravel.team.Team team,
            caravel.team.Transfers transfers) {}

    private final Deps d;
    private final Javalin app;
    private final RateLimits rateLimits;
    private final SecurityHeaders headers;
    private final WebPages webPages;
    private final caravel.live.ChangeFeed liveFeed;
    private final caravel.live.StreamSlots liveSlots;

    public Server(Deps deps) {
        this.d = deps;
        this.webPages = WebPages.load(deps.config());
        this.rateLimits = deps.rateLimits();
        // the CSP allows the inline scripts of every page served (the frame and the prerendered pages)
        this.headers = new SecurityHeaders(deps.config(), webPages == null ? null : webPages.allHtml());
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
            cfg.jsonMapper(new JavalinJackson(mapper, true));
            if (webPages != null) {
                cfg.staticFiles.add(sf -> {
                    if (deps.config().webDir().isPresent()) {
                        sf.directory = deps.config().webDir().get().toString();
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
                if (deps.config().allowOrigins().isEmpty()) rule.anyHost();
                else deps.config().allowOrigins().forEach(rule::allowHost);
                rule.exposeHeader("Content-Type");
            }));
        });
        // the request id and the clock first, so even a request refused by the rate limits is logged and counted
        RequestObservation.install(app, "api", deps.metrics());
        app.before(headers::apply);
        app.before(rateLimits::byAddress); // cheapest refusal first
        app.before(ctx -> {
            // before auth and routes: nothing may buffer a body without the bound; the import streams its own
            // a method the path does not have gets its 405, not a refusal of the body it carries
            if (!RequestBodies.isStreamedImport(ctx) && !undeclaredMethod(ctx)) RequestBodies.read(ctx);
        });
        JoinPageHtml joinPages = new JoinPageHtml(
                deps.admissionOwner().pages(),
                webPages == null ? null : webPages.index(),
                appHosts(deps.config()),
                deps.config().limits().trustProxy());
        // a relay's old address (a rename, a custom domain let go): NIP-11 with redirect_to its address now (the proxy
        // sends it here)
        app.before(new RelayRedirects(
                d.relays(),
                d.domains(),
                deps.config().zooidNodes(),
                d.domains()::publicUrl,
                appHosts(deps.config()),
                deps.config().limits().trustProxy())::answer);
        app.before(joinPages::customDomain); // a relay's custom domain visited in a browser: its join page
        app.before(joinPages::joinPage);
        if (webPages != null) app.before(this::webAppFallback);
        ErrorResponses.register(app, MAX_BODY);
        Auth auth = new Auth();
        HealthRoutes.register(app, d.readiness());
        MetricsRoutes.register(app, d.config().observability().metricsToken(), d.metrics());
        PublicRoutes.register(app, d.config(), d.prices());
        AuthRoutes.register(app, auth, d.sessions());
        new TenantRoutes(d.tenants(), d.invoices(), d.accounts(), d.accountSettings(), this).register(app, auth);
        new StripeRoutes(d.card(), d.tenants(), d.jdbi()).register(app, auth);
        InvoiceRoutes invoiceRoutes =
                new InvoiceRoutes(d.invoices(), d.payments(), d.autopay(), rateLimits, d.config());
        invoiceRoutes.register(app, auth);
        // the one permission rule every relay route asks (caravel.domain.RelayRole.may), with the action it performs
        RelayGate gate = new RelayGate(d.relayAccess());
        RelayRoutes relayRoutes = new RelayRoutes(d, this, gate);
        relayRoutes.register(app, auth);
        this.liveFeed = new caravel.live.ChangeFeed(d.jdbi(), 50);
        this.liveSlots = new caravel.live.StreamSlots(
                d.config().limits().liveStreams(), d.config().limits().liveStreamsPerAddress());
        d.metrics().liveStreams(liveSlots);
        new LiveRoutes(d, liveFeed, liveSlots, rateLimits).register(app, auth);
        new CommunityRoutes(d.community(), d.admission().admitting, d.relayStore(), rateLimits, gate)
                .register(app, auth);
        new QueueRoutes(d.community().queue, gate).register(app, auth);
        new AutomodRoutes(d.community().automod, gate).register(app, auth);
        new JoinRoutes(d.admission().joins, rateLimits).register(app, auth);
        new NameRoutes(d.community().names, d.config().limits().trustProxy(), gate).register(app, auth);
        new AdminRoutes(d.hosting(), d.prices(), d.money()).register(app, auth);
        new InsightRoutes(d.community().insight, gate).register(app, auth);
        new DomainRoutes(d.domains(), gate).register(app, auth);
        new TlsRoutes(d.relayStore(), d.config().zooidNodes(), d.domains(), d.relays()).register(app);
        new AdmissionRoutes(d.admissionOwner(), d.relayStore(), gate).register(app, auth);
        new JoinRequestRoutes(d.admissionOwner().requests(), d.admissionOwner().pages(), gate, rateLimits)
                .register(app, auth);
        new BackupRoutes(d.backups(), gate, rateLimits).register(app, auth);
        new TeamRoutes(d, gate, relayRoutes).register(app, auth);
    }

    /** The app's own hosts (PUBLIC_URL), lower case. */
    private static Set<String> appHosts(Config config) {
        return config.publicUrls().stream()
                .map(u -> java.net.URI.create(u).getHost())
                .filter(java.util.Objects::nonNull)
                .map(h -> h.toLowerCase(java.util.Locale.ROOT))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

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

    /** The request limits, shared with the Flotilla listener so one client cannot double its allowance. */
    public RateLimits rateLimits() {
        return rateLimits;
    }

    Config config() {
        return d.config();
    }

    /** Change subscriptions of open live streams, all tenants (tests: zero once every stream closed). */
    public int liveSubscriptions() {
        return liveFeed.subscriberTotal();
    }

    /** The live streams' slots (tests read the count going back to zero). */
    public caravel.live.StreamSlots liveStreams() {
        return liveSlots;
    }

    public Server start() {
        app.start(d.config().host(), d.config().port());
        return this;
    }

    public int port() {
        return app.port();
    }

    public void stop() {
        liveFeed.close(); // wakes open streams so they end before the server stops
        app.stop();
    }

    /** Relay list shared by GET /relays (admin) and GET /tenants/:pubkey/relays. */
    Views.CursorPageView<Views.RelayView> relayPage(Context ctx, String tenant) {
        caravel.store.Page<caravel.store.Relay> page = d.relayStore()
                .list(
                        tenant,
                        Http.searchParam(ctx),
                        java.util.Optional.ofNullable(Http.enumParam(ctx, "status", RELAY_STATUSES))
                                .map(RelayStatus::of)
                                .orElse(null),
                        Http.enumParam(
                                ctx,
                                "plan",
                                d.config().plans().all().stream()
                                        .map(caravel.domain.Plan::id)
                                        .collect(java.util.stream.Collectors.toSet())),
                        Http.pageRequest(ctx, RelayStore.LIST_ORDER),
                        // a relay removed for good after its deletion is gone for its owner; administrators still see
                        // it
                        Http.principal(ctx).admin());
        // the page's custom domains in one query, not one per relay
        var domains = d.domains()
                .of(page.items().stream().map(caravel.store.Relay::id).toList());
        // and the retries of the page's failed relays, also in one
        var retries = d.relays().retries(page.items());
        return Views.cursorPage(page.map(r -> Views.relay(
                r,
                d.config().zooidNodes(),
                d.relays().settingsRules(),
                Http.principal(ctx).admin(),
                null,
                Views.domain(d.domains(), r, domains.get(r.id())),
                retries.get(r.id()))));
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

    /** Handler wrappers that authenticate first, so 401 always comes before validation. */
    final class Auth {
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
                Principal p = d.authenticator()
                        .authenticateStreamed(
                                ctx.header("Authorization"), ctx.method().name(), pathAndQuery);
                rateLimits.byKey(p.pubkey());
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
                Principal p = d.authenticator()
                        .authenticate(
                                ctx.header("Authorization"),
                                ctx.method().name(),
                                pathAndQuery,
                                body(ctx),
                                allowSession);
                // routes that need the owner's consent (sessions, paying from the wallet) take only a fresh signature
                if (!allowSession && !p.freshSignature())
                    throw new caravel.auth.AuthException("this route needs a fresh NIP-98 signature");
                rateLimits.byKey(p.pubkey());
                if (adminOnly && !p.admin()) throw Failure.forbidden("administrators only");
                ctx.attribute(Http.PRINCIPAL, p);
                h.handle(ctx);
            };
        }
    }
}
