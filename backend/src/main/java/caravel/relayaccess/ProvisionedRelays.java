package caravel.relayaccess;

import caravel.domain.Failure;
import caravel.store.Relay;
import caravel.store.RelayStore;

/** The relays the community tools may act on: found, and given to zooid already. */
public final class ProvisionedRelays {
    private final RelayStore relays;

    public ProvisionedRelays(RelayStore relays) {
        this.relays = relays;
    }

    /** The relay, once zooid was given it (community tools make no sense before); not found when there is none. */
    public Relay get(String relayId) {
        return NotProvisioned.require(relays.find(relayId).orElseThrow(() -> Failure.notFound("relay not found")));
    }
}
