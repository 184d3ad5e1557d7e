package caravel.api;

import caravel.config.ZooidNodes;
import caravel.json.Json;
import caravel.relays.Relays;
import caravel.store.Relay;
import caravel.zooid.RelayAddress;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * A relay's old address after its subdomain changed: the proxy sends NIP-11 requests for hosts zooid no longer serves
 * here (deploy/Caddyfile), and this answers them with the relay's name and {@code redirect_to}, its address now (the
 * custom domain while that is in use), so a Nostr app that follows it moves its members' relay lists over. Only a
 * NIP-11 read (Accept: application/nostr+json) of a host that was a relay's, while its redirect lasts
 * (RELAY_REDIRECT_SECONDS), is answered; anything else passes on untouched.
 */
final class RelayRedirects {
    private final Relays relays;
    private final ZooidNodes nodes;
    private final Function<Relay, String> publicUrl;
    private final boolean trustProxy;

    RelayRedirects(Relays relays, ZooidNodes nodes, Function<Relay, String> publicUrl, boolean trustProxy) {
        this.relays = relays;
        this.nodes = nodes;
        this.publicUrl = publicUrl;
        this.trustProxy = trustProxy;
    }

    void answer(Context ctx) {
        String method = ctx.method().name();
        if ((!method.equals("GET") && !method.equals("HEAD")) || !ctx.path().equals("/")) return;
        String accept = ctx.header("Accept");
        if (accept == null || !accept.toLowerCase(Locale.ROOT).contains("application/nostr+json")) return;
        String host =
                NameRoutes.requestHost(ctx, trustProxy).toLowerCase(Locale.ROOT).replaceFirst(":\\d+$", "");
        int dot = host.indexOf('.');
        if (dot <= 0) return;
        String subdomain = host.substring(0, dot), domain = host.substring(dot + 1);
        boolean relayHost = nodes.domains().stream()
                .anyMatch(d ->
                        d.toLowerCase(Locale.ROOT).replaceFirst(":\\d+$", "").equals(domain));
        if (!relayHost) return; // the app's own host, a custom domain: not this handler's
        Relay r = relays.redirectedFrom(subdomain).orElse(null);
        // the old host was this relay's own under its domain (not the same name under another node's domain)
        if (r == null
                || !host.equals(RelayAddress.of(subdomain, RelayAddress.domainOf(r, nodes))
                        .host()
                        .toLowerCase(Locale.ROOT)
                        .replaceFirst(":\\d+$", ""))) {
            // the proxy sends here NIP-11 reads zooid answered 404: a host nobody serves stays a plain 404
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
}
