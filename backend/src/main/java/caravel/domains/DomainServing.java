package caravel.domains;

import caravel.config.ZooidNodes;
import caravel.domain.Plan;
import caravel.domain.Plans;
import caravel.store.Relay;
import caravel.zooid.RelayAddress;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a relay answers at its custom domain (served: verified, the plan includes it, zooid serves the relay) and when
 * that domain is its address (in use: the proxy routes it too), with the proxy told whenever which domains are served
 * may have changed. The rules {@link CustomDomains}' reads, its changes and its checks share.
 *
 * @param plans         which plans include a custom domain
 * @param nodes         the zooid nodes (each relay's canonical host)
 * @param routing       whether the proxy routes a served domain now (what makes it the relay's address)
 * @param servedChanged called after a domain starts or stops being served (the proxy's routes are rewritten)
 */
record DomainServing(Plans plans, ZooidNodes nodes, DomainRouting routing, Runnable servedChanged) {
    private static final Logger log = LoggerFactory.getLogger(DomainServing.class);

    /** The relay's canonical host as a DNS name: {@code <subdomain>.<relay domain>}, without a port. */
    String canonicalHost(Relay r) {
        return RelayAddress.of(r, nodes).host().replaceFirst(":[0-9]+$", "").toLowerCase(Locale.ROOT);
    }

    /** Whether the relay answers at the row's domain now (see {@link CustomDomains}' class comment). */
    boolean served(Relay r, RelayDomain d) {
        return d != null
                && d.verified()
                && d.relayId().equals(r.id())
                && planAllows(r.plan())
                && r.status() == caravel.domain.RelayStatus.ACTIVE
                && r.zooidCreated();
    }

    /** Why a served domain is not routed by the proxy yet; empty while it is, and while it is not served. */
    Optional<String> notRouted(Relay r, RelayDomain d) {
        if (!served(r, d)) return Optional.empty();
        return routing.gap(d.domain(), RelayAddress.of(r, nodes).host());
    }

    /** Served and routed by the proxy: the domain is the relay's address now. */
    boolean inUse(Relay r, RelayDomain d) {
        return served(r, d)
                && routing.gap(d.domain(), RelayAddress.of(r, nodes).host()).isEmpty();
    }

    boolean planAllows(String planId) {
        return plans.byId(planId).map(Plan::customDomain).orElse(false);
    }

    /** Tells the proxy which domains are served now; a failure is logged (the next change or check tries again). */
    void notifyServedChanged() {
        try {
            servedChanged.run();
        } catch (RuntimeException e) {
            log.warn("rewriting the proxy's routes after a custom domain change failed: {}", e.toString());
        }
    }
}
