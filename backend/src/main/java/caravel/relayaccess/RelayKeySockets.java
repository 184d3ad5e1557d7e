package caravel.relayaccess;

import caravel.domain.Failure;
import caravel.store.Relay;
import java.net.http.HttpClient;
import java.time.Duration;

/** Sockets signed in (NIP-42) as a relay's own key: how the community tools read and publish on a relay. */
public final class RelayKeySockets {
    /** How long one read or publish on such a socket may take. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http;
    private final RelayAccess access;

    public RelayKeySockets(HttpClient http, RelayAccess access) {
        this.http = http;
        this.access = access;
    }

    /** An open socket; a relay not served right now or out of reach becomes the failure a person can act on. */
    public RelaySocket open(Relay r) {
        try {
            return openAsIs(r);
        } catch (RelaySocket.NotServed e) {
            throw Failure.conflict(
                    "The relay is not online right now (it is inactive, or its settings are still being applied).");
        } catch (RelaySocket.RelayUnavailable e) {
            throw Failure.unavailable(e.getMessage());
        }
    }

    /** An open socket, the socket's own exceptions passed on (for jobs that tell them apart and try again). */
    public RelaySocket openAsIs(Relay r) {
        return RelaySocket.open(http, access.target(r), TIMEOUT);
    }
}
