package caravel.names;

import caravel.domains.CustomDomains;
import caravel.store.Relay;
import caravel.zooid.NodeClients;
import java.util.List;
import java.util.Optional;

/**
 * The names a relay answers at besides its canonical host: what NIP-05 names need to know of custom domains (which
 * relay a served custom domain is, and the relay's public URL). The custom-domain service implements it; without one
 * a relay has only its canonical host ({@link #canonical}).
 */
public interface RelayHosts {
    /** The relay a served custom domain names ({@code host}: lower case, no port), if it is one. */
    Optional<String> relayIdForCustomHost(String host);

    /**
     * The relay's custom domain while it is in use (verified, allowed by the plan, the relay served, and routed by the
     * proxy): where its members' names are shown.
     */
    Optional<String> customDomainInUse(Relay r);

    /** The URL people connect to: {@code wss://<custom domain>/} while that is in use, else the canonical URL. */
    String publicUrl(Relay r);

    /** Only the canonical hosts: no relay has a custom domain. */
    static RelayHosts canonical(NodeClients nodes) {
        return new RelayHosts() {
            @Override
            public Optional<String> relayIdForCustomHost(String host) {
                return Optional.empty();
            }

            @Override
            public Optional<String> customDomainInUse(Relay r) {
                return Optional.empty();
            }

            @Override
            public String publicUrl(Relay r) {
                return nodes.address(r).url();
            }
        };
    }

    /** The hosts the custom-domain service serves besides the canonical ones. */
    static RelayHosts servedBy(CustomDomains domains) {
        return new RelayHosts() {
            @Override
            public Optional<String> relayIdForCustomHost(String host) {
                return domains.servedRelay(host);
            }

            @Override
            public Optional<String> customDomainInUse(Relay r) {
                List<String> hosts = domains.hosts(r);
                return hosts.size() > 1 ? Optional.of(hosts.get(1)) : Optional.empty();
            }

            @Override
            public String publicUrl(Relay r) {
                return domains.publicUrl(r);
            }
        };
    }
}
