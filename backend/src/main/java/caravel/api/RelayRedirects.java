package caravel.api;

import caravel.config.ZooidNodes;
import caravel.domains.CustomDomains;
import caravel.json.Json;
import caravel.relays.Relays;
import caravel.store.Relay;
import caravel.zooid.RelayAddress;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A relay's old address: the host it had before its subdomain changed, or a custom domain it let go (changed or
 * removed while verified). The proxy sends here NIP-11 requests for hosts zooid does not serve (deploy/Caddyfile: a
 * relay host zooid answered 404, a custom domain with no route), and this answers them with the relay's name and
 * {@code redirect_to}, its address now (the custom domain while that is in use), so a Nostr app that follows it moves
 * its members' relay lists over. Only a NIP-11 read (Accept: application/nostr+json) of a host that was a relay's,
 * while its redirect lasts (RELAY_REDIRECT_SECONDS), is answered so; any other NIP-11 read of such a host is a plain
 * 404 (what the proxy would have said), and everything else passes on untouched.
 */
final class RelayRedirects {
    private final Relays relays;
    private final CustomDomains domains;
    private final ZooidNodes nodes;
    private final Function<Relay, String> publicUrl;
    private final Set<String> appHosts;
    private final boolean trustProxy;

    /**
     * @param appHosts the app's own hosts (PUBLIC_URL), lower case: never an old address, their requests pass on
     */
    RelayRedirects(
            Relays relays,
            CustomDomains domains,
            ZooidNodes nodes,
            Function<Relay, String> publicUrl,
            Set<String> appHosts,
            boolean trustProxy) {
        this.relays = relays;
        this.domains = domains;
        this.nodes = nodes;
        this.publicUrl = publicUrl;
        this.appHosts = appHosts;
        this.trustProxy = trustProxy;
    }

    void answer(Context ctx) {
        String method = ctx.method().name();
        if ((!method.equals("GET") && !method.equals("HEAD")) || !ctx.path().equals("/")) return;
        String accept = ctx.header("Accept");
        if (accept == null || !accept.toLowerCase(Locale.ROOT).contains("application/nostr+json")) return;
        String host =
                NameRoutes.requestHost(ctx, trustProxy).toLowerCase(Locale.ROOT).replaceFirst(":\\d+$", "");
        Optional<Optional<Relay>> old = oldSubdomain(host).or(() -> oldCustomDomain(host));
        if (old.isEmpty()) return; // the app's own host, a name that cannot be a relay's: not this handler's
        Relay r = old.get().orElse(null);
        if (r == null) {
            // the proxy sends here NIP-11 reads nobody serves: a host that redirects nowhere stays a plain 404
            ctx.status(404).contentType("text/plain; charset=utf-8").result("404 page not found\n");
            ctx.skipRemainingHandlers();
            return;
        }
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("name", r.name());
        info.put("description", r.description());
        info.put("redirect_to", publicUrl.apply(r));
        ctx.header("Access-Control-Allow-Origin", "*");
        ctx.header("Cache-Control", "no-cache");
        try {
            ctx.contentType("application/nostr+json").result(Json.MAPPER.writeValueAsString(info));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        ctx.skipRemainingHandlers();
    }

    /**
     * A host one label under a relay domain: the relay that had it as its own (under its domain, not the same name
     * under another node's domain) while that redirect lasts, or none. Empty when the host is not under a relay domain.
     */
    private Optional<Optional<Relay>> oldSubdomain(String host) {
        int dot = host.indexOf('.');
        if (dot <= 0) return Optional.empty();
        String subdomain = host.substring(0, dot), domain = host.substring(dot + 1);
        if (relayDomains().noneMatch(domain::equals)) return Optional.empty();
        Optional<Relay> r = relays.redirectedFrom(subdomain)
                .filter(x -> host.equals(bare(RelayAddress.of(subdomain, RelayAddress.domainOf(x, nodes))
                        .host())));
        return Optional.of(r);
    }

    /**
     * A name that can be a custom domain (a TLS server name, not the app's host, not a relay domain nor a name under
     * one): the relay that let it go while that redirect lasts, or none. Empty for any other name.
     */
    private Optional<Optional<Relay>> oldCustomDomain(String host) {
        if (appHosts.contains(host) || TlsRoutes.customName(host).isEmpty()) return Optional.empty();
        if (relayDomains().anyMatch(d -> host.equals(d) || host.endsWith("." + d))) return Optional.empty();
        return Optional.of(domains.redirectedFrom(host));
    }

    private java.util.stream.Stream<String> relayDomains() {
        return nodes.domains().stream().map(RelayRedirects::bare);
    }

    private static String bare(String host) {
        return host.toLowerCase(Locale.ROOT).replaceFirst(":\\d+$", "");
    }
}
