package caravel.watch;

import caravel.domain.Epoch;
import caravel.relayaccess.RelayAccess;
import caravel.store.RelayStore;
import caravel.zooid.RelayManagement;
import java.net.http.HttpClient;
import java.time.Clock;

/**
 * How the watch reaches a relay: the relay's row, its NIP-11 document, a socket signed in as its key, and the time.
 *
 * @param relays the relays' rows (the served ones, their config writes)
 * @param management zooid's management API (a relay's NIP-11 document)
 * @param access a relay's address and key
 * @param http the client the sockets and NIP-11 reads go through
 * @param clock now, for the created_at the subscriptions ask from
 */
public record RelayReach(
        RelayStore relays, RelayManagement management, RelayAccess access, HttpClient http, Clock clock) {
    long nowS() {
        return Epoch.seconds(clock);
    }
}
