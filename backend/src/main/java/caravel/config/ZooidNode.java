package caravel.config;

import caravel.nostr.Keys;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One zooid process the platform places relays on (ZOOID_NODES, or the single node the older ZOOID_API_URL,
 * ZOOID_API_SECRET, ZOOID_RELAY_ORIGIN and RELAY_DOMAIN describe).
 *
 * @param name        how relays rows and the admin pages name it ({@code default} for the single-node settings)
 * @param apiUrl      its management API, without a trailing slash
 * @param apiKeys     signs NIP-98 requests to that API (its pubkey must be in that zooid's API_WHITELIST)
 * @param relayOrigin where its relay hosts are reached for NIP-86, NIP-11 and sockets (sent with the relay's Host);
 *                    empty: the relay's public address
 * @param relayDomain new relays placed here live at {@code <subdomain>.<relayDomain>} (a port allowed, as RELAY_DOMAIN)
 * @param capacity    how many relays it may hold; empty: no limit
 */
public record ZooidNode(
        String name,
        String apiUrl,
        Keys apiKeys,
        Optional<String> relayOrigin,
        String relayDomain,
        OptionalLong capacity) {

    /** The name of the node the single-node settings describe, and of every relay row placed before nodes existed. */
    public static final String DEFAULT = "default";

    /** Without the key: settings are printed at start-up. */
    @Override
    public String toString() {
        return name + "[" + apiUrl + ", " + relayDomain
                + relayOrigin.map(o -> ", origin " + o).orElse("")
                + (capacity.isPresent() ? ", capacity " + capacity.getAsLong() : "") + "]";
    }
}
