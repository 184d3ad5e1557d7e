package caravel.domains;

import java.util.Optional;

/**
 * Whether requests for a custom domain reach its relay now: with verification, what decides that a domain is the
 * relay's address ({@link CustomDomains#publicUrl}). A verified domain nothing routes would hand members a dead address,
 * so Caravel advertises a domain only once the proxy in front holds its route (deploy/Caddyfile's custom-domain map,
 * written through CADDY_ADMIN_URL); without a proxy Caravel can write to, no domain is routed.
 */
public interface DomainRouting {
    /**
     * Empty while requests for {@code domain} reach the relay zooid knows as {@code relayHost}; otherwise why not, as a
     * clause the owner reads ("no proxy routes custom domains on this server ...").
     */
    Optional<String> gap(String domain, String relayHost);

    /** A count raised whenever what {@link #gap} answers may have changed (what a kept relay view is checked against). */
    default long changes() {
        return 0;
    }

    /** Routing as a proxy's own record answers it, with the count of its changes. */
    static DomainRouting of(
            java.util.function.BiFunction<String, String, Optional<String>> gap,
            java.util.function.LongSupplier changes) {
        return new DomainRouting() {
            @Override
            public Optional<String> gap(String domain, String relayHost) {
                return gap.apply(domain, relayHost);
            }

            @Override
            public long changes() {
                return changes.getAsLong();
            }
        };
    }

    /** No proxy Caravel can write to (no CADDY_ADMIN_URL, as on `./caravel run`): nothing routes a custom domain. */
    DomainRouting NONE = (domain, relayHost) -> Optional.of(
            "no proxy routes custom domains on this server (Caravel is not connected to Caddy: CADDY_ADMIN_URL is not"
                    + " set, as on a local ./caravel run)");
}
