package caravel.zooid;

import caravel.config.ZooidNodes;
import caravel.store.Relay;
import java.util.regex.Pattern;

/**
 * Where a hosted relay lives: its host ({@code <subdomain>.<RELAY_DOMAIN>}, a port included when RELAY_DOMAIN has one)
 * and its base URL. zooid derives a relay's own URL from the Host it is asked under, without a proxy's
 * X-Forwarded-Proto: plain {@code ws://} when the host is {@code localhost}, carries a port or is an IP address,
 * {@code wss://} for every other name. NIP-86 requests must be signed for exactly that URL, and it is the one
 * clients connect to, so both come from this one rule.
 */
public record RelayAddress(String host, String url) {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    /** A relay's address: under the domain recorded when it was placed, else (a row from before nodes) the default node's. */
    public static RelayAddress of(Relay r, ZooidNodes nodes) {
        return of(r.subdomain(), domainOf(r, nodes));
    }

    /** The domain a relay's address is under (see {@link #of(Relay, ZooidNodes)}). */
    public static String domainOf(Relay r, ZooidNodes nodes) {
        return r.relayDomain() != null ? r.relayDomain() : nodes.defaultNode().relayDomain();
    }

    public static RelayAddress of(String subdomain, String relayDomain) {
        String host = subdomain + "." + relayDomain;
        return new RelayAddress(host, (plainWebSocket(host) ? "ws://" : "wss://") + host);
    }

    /** zooid's rule for hosts it serves without TLS information: localhost, an explicit port, or an IP literal. */
    static boolean plainWebSocket(String host) {
        if (host.startsWith("[")) return true; // IPv6 literal
        int colon = host.lastIndexOf(':');
        if (colon >= 0) return true;
        return host.equals("localhost") || IPV4.matcher(host).matches();
    }
}
