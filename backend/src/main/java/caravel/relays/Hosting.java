package caravel.relays;

import caravel.store.Relay;
import caravel.store.RelayStore;
import caravel.zooid.MediaStorage;
import caravel.zooid.NodeClients;
import caravel.zooid.RelayManagement;
import caravel.zooid.SyncErrors;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * What zooid says about the hosting, for the pages that show it: a relay's health, the nodes' use, where media goes,
 * and a sync failure worded for the relay's owner. The routes ask here rather than zooid's clients, so what they may
 * learn of the platform's inside is decided in one place.
 */
public final class Hosting {
    private final RelayManagement management;
    private final NodeClients nodes;
    private final MediaStorage media;
    private final RelayStore relayStore;
    private final Jdbi jdbi;

    public Hosting(
            RelayManagement management, NodeClients nodes, MediaStorage media, RelayStore relayStore, Jdbi jdbi) {
        this.management = management;
        this.nodes = nodes;
        this.media = media;
        this.relayStore = relayStore;
        this.jdbi = jdbi;
    }

    /** Whether zooid serves the relay now (asked at once; a relay not created yet is not asked). */
    public RelayManagement.Health health(Relay r) {
        return management.health(r);
    }

    /** Where Blossom media goes, as the last background check found it: an admin page never waits on zooid. */
    public MediaStorage.Status media() {
        return media.status();
    }

    /** Every node's use: the relays recorded on it (straight from the store) and whether it answers now. */
    public List<NodeClients.Use> nodes() {
        return nodes.use(jdbi.withHandle(relayStore::countByNode));
    }

    /** A relay's last sync error as its owner sees it: never zooid's or the network's own text. */
    public static String syncErrorForTenant(String error) {
        return SyncErrors.forTenant(error);
    }
}
