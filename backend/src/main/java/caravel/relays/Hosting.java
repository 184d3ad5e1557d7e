package caravel.relays;

import caravel.store.Relay;
import caravel.store.RelayStore;
import caravel.zooid.MediaStorage;
import caravel.zooid.NodeClients;
import caravel.zooid.RelayManagement;
import caravel.zooid.SyncErrors;
import caravel.zooid.ZooidAssembly;
import java.util.List;

/**
 * What zooid says about the hosting, for the pages that show it: a relay's health, the nodes' use, where media goes,
 * and a sync failure worded for the relay's owner. The routes ask here rather than zooid's clients, so what they may
 * learn of the platform's inside is decided in one place.
 */
public final class Hosting {
    private final ZooidAssembly zooid;
    private final RelayStore relayStore;

    public Hosting(ZooidAssembly zooid, RelayStore relayStore) {
        this.zooid = zooid;
        this.relayStore = relayStore;
    }

    /** Whether zooid serves the relay now (asked at once; a relay not created yet is not asked). */
    public RelayManagement.Health health(Relay r) {
        return zooid.management.health(r);
    }

    /** Where Blossom media goes, as the last background check found it: an admin page never waits on zooid. */
    public MediaStorage.Status media() {
        return zooid.mediaStorage.status();
    }

    /** Every node's use: the relays recorded on it (straight from the store) and whether it answers now. */
    public List<NodeClients.Use> nodes() {
        return zooid.nodes.use(relayStore.heldByNode());
    }

    /** A relay's last sync error as its owner sees it: never zooid's or the network's own text. */
    public static String syncErrorForTenant(String error) {
        return SyncErrors.forTenant(error);
    }
}
