package caravel.api;

import caravel.config.ZooidNodes;
import caravel.domain.Failure;
import caravel.domains.CustomDomains;
import caravel.http.RateLimits;
import caravel.store.RelayStore;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.regex.Pattern;

/**
 * {@code GET /tls/ask?domain=<host>}: the question Caddy's on-demand TLS asks before it gets a certificate for a name
 * it has none for (deploy/Caddyfile). 200 only for the host of a relay zooid serves now or a custom domain served now
 * ({@link CustomDomains}: verified, plan, zooid), and for an old address while it redirects (a renamed relay's old
 * host, a custom domain its relay let go: their NIP-11 redirect is read over TLS), 404 for anything else, so a
 * stranger cannot make Caddy request certificates for made-up names (and use up the CA's limits for the domain).
 *
 * <p>Caddy asks on every handshake for a name without a certificate, so a flood of handshakes with random names is a
 * flood of asks. Each costs a few lookups on unique indexes (the subdomain's or the verified domain's, and an old
 * address's primary key), a name that cannot be a relay's or a custom domain costs none, and at most {@link #CONCURRENT_LOOKUPS} run at once (the rest are refused at once), so the asks can never hold
 * more of the database pool than that. {@link RateLimits#byAddress} gives the path its own, larger per-address bound in
 * place of the ordinary one: every ask comes from the proxy's one address, and a handshake costs far less than a page.
 */
public final class TlsRoutes implements Server.Routes {
    static final String PATH = RateLimits.TLS_ASK_PATH;
    /** Lookups in flight at once; the database pool has 8 connections. */
    static final int CONCURRENT_LOOKUPS = 2;
    /** A relay's subdomain (domain.Validation's rule): one label, so a nested name never matches. */
    private static final Pattern LABEL = Pattern.compile("^[a-z][a-z0-9-]{1,61}[a-z0-9]$");

    /** A custom domain as a TLS server name: ASCII host-name characters, dot-separated labels, no trailing dot. */
    private static final Pattern CUSTOM = Pattern.compile("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z0-9-]{1,63}$");

    private final RelayStore relays;
    private final ZooidNodes nodes;
    private final CustomDomains domains;
    private final Semaphore lookups = new Semaphore(CONCURRENT_LOOKUPS);
    private final caravel.relays.Relays renamed;

    /**
     * @param nodes   the zooid nodes: a relay host is one label under the relay domain of one of them
     * @param domains custom domains: a name that is not a relay host is yes only while it is a served custom domain
     */
    public TlsRoutes(RelayStore relays, ZooidNodes nodes, CustomDomains domains, caravel.relays.Relays renamed) {
        this.renamed = renamed;
        this.relays = relays;
        this.nodes = nodes;
        this.domains = domains;
    }

    @Override
    public void register(Javalin app, Server.Auth auth) {
        app.get(PATH, this::ask);
    }

    private void ask(Context ctx) {
        if (!askedByTheProxy(ctx)) throw Failure.notFound("not found");
        String name = Http.query(ctx, "domain");
        // a label is one DNS label, so a name is under at most one relay host (domains differing only by port aside)
        String host = null;
        String sub = null;
        for (String domain : nodes.domains()) {
            Optional<String> s = subdomainOf(name, relayHost(domain));
            if (s.isPresent()) {
                host = relayHost(domain);
                sub = s.get();
                break;
            }
        }
        if (sub == null) {
            askCustom(ctx, name);
            return;
        }
        if (!lookups.tryAcquire()) throw new RateLimits.Limited("too many certificate checks at once", 1);
        try {
            // the relay must live under the domain the name is under, not merely have the label
            String under = host;
            if (!relays.servedDomain(sub, nodes.defaultNode().relayDomain())
                            .map(d -> relayHost(d).equals(under))
                            .orElse(false)
                    // a renamed relay's old host answers NIP-11 with redirect_to while its redirect lasts
                    && !renamed.redirectedFrom(sub)
                            .map(r -> relayHost(caravel.zooid.RelayAddress.domainOf(r, nodes))
                                    .equals(under))
                            .orElse(false)) throw Failure.notFound("not a relay host Caravel serves");
        } finally {
            lookups.release();
        }
        ctx.contentType("text/plain").result("ok");
    }

    /**
     * Whether this is Caddy's own question, sent straight to the backend at exactly {@link #PATH}: the router would
     * also take a trailing slash, a {@code ;parameter} or an escaped letter for it, and a request that came through a
     * reverse proxy (it carries the forwarding headers) is the public's, which must not learn every name served.
     */
    private static boolean askedByTheProxy(Context ctx) {
        if (!PATH.equals(ctx.req().getRequestURI())) return false;
        for (String forwarded : new String[] {"X-Forwarded-For", "X-Forwarded-Host", "Forwarded"})
            if (ctx.header(forwarded) != null) return false;
        return true;
    }

    /**
     * A name under no relay domain: yes only for a custom domain served now (verified, its relay's plan has custom
     * domains, zooid serves the relay) or one its relay let go while its redirect lasts. A name that cannot be one
     * costs no lookup; one that can costs at most two indexed lookups under the same bound as a relay host's.
     */
    private void askCustom(Context ctx, String name) {
        String host = customName(name).orElseThrow(() -> Failure.notFound("not a relay host Caravel serves"));
        for (String domain : nodes.domains()) {
            String h = relayHost(domain);
            // the relay domains and the names under them are the platform's (only the one-label relay hosts are served)
            if (host.equals(h) || host.endsWith("." + h)) throw Failure.notFound("not a relay host Caravel serves");
        }
        if (!lookups.tryAcquire()) throw new RateLimits.Limited("too many certificate checks at once", 1);
        boolean served;
        try {
            served = domains.mayHaveCertificate(host);
        } finally {
            lookups.release();
        }
        if (!served) throw Failure.notFound("not a relay host Caravel serves");
        ctx.contentType("text/plain").result("ok");
    }

    /**
     * The custom domain a TLS server name can stand for: ASCII only (checked before lower-casing, see
     * {@link #subdomainOf}), lower-cased, at least two labels, no trailing dot, port or anything else a server name
     * never has, the last label not all digits (an IP address is never a custom domain).
     */
    static Optional<String> customName(String domain) {
        if (domain == null || domain.length() > 253) return Optional.empty();
        if (!domain.chars().allMatch(c -> c < 128)) return Optional.empty();
        String name = domain.toLowerCase(Locale.ROOT);
        if (!CUSTOM.matcher(name).matches()) return Optional.empty();
        String last = name.substring(name.lastIndexOf('.') + 1);
        if (last.chars().allMatch(c -> c >= '0' && c <= '9') || last.startsWith("-") || last.endsWith("-"))
            return Optional.empty();
        return Optional.of(name);
    }

    /** RELAY_DOMAIN as a TLS name: without the port it may carry, in lower case. */
    static String relayHost(String relayDomain) {
        return relayDomain.replaceFirst(":[0-9]+$", "").toLowerCase(Locale.ROOT);
    }

    /**
     * The relay subdomain a TLS server name stands for: exactly {@code <label>.<relayHost>}. DNS names are
     * case-insensitive, so upper case is the same name; anything else a handshake's name cannot be (a port, a trailing
     * dot, a path, a letter outside ASCII) or that is not one label directly under the relay domain (the relay domain itself, a nested name,
     * {@code team.relays.example.com.evil.com}) is none.
     */
    static Optional<String> subdomainOf(String domain, String relayHost) {
        if (domain == null || domain.length() > 253) return Optional.empty();
        // before lower-casing: Unicode case rules map a few other letters onto ASCII ones (the Kelvin sign to 'k')
        if (!domain.chars().allMatch(c -> c < 128)) return Optional.empty();
        String name = domain.toLowerCase(Locale.ROOT);
        String suffix = "." + relayHost;
        if (!name.endsWith(suffix)) return Optional.empty();
        String label = name.substring(0, name.length() - suffix.length());
        return LABEL.matcher(label).matches() ? Optional.of(label) : Optional.empty();
    }
}
