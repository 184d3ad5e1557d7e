package caravel.relayaccess;

import caravel.domain.Failure;
import caravel.robot.Robot;
import caravel.store.ActivityLog;
import caravel.store.Relay;
import caravel.store.RelayStore;
import caravel.zooid.RelayManagement;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import org.jdbi.v3.core.Jdbi;

/** What the community services share: how to reach a relay as itself, and where outcomes are recorded. */
public record Deps(
        Jdbi jdbi,
        Clock clock,
        RelayStore relayStore,
        RelayManagement management,
        RelayAccess access,
        RelayRpc rpc,
        Capabilities capabilities,
        HttpClient http,
        ActivityLog activity,
        Robot robot,
        Profiles profiles,
        CommunityStore store,
        MemberCap caps) {
    public static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(10);

    public long now() {
        return clock.millis() / 1000;
    }

    /** A relay zooid was given; community tools make no sense before. */
    public Relay provisioned(String relayId) {
        return NotProvisioned.require(relayStore.find(relayId).orElseThrow(() -> Failure.notFound("relay not found")));
    }

    /** A socket signed in as the relay's key; failures become the 503/409 a person can act on. */
    public RelaySocket socket(Relay r) {
        try {
            return RelaySocket.open(http, access.target(r), SOCKET_TIMEOUT);
        } catch (RelaySocket.NotServed e) {
            throw Failure.conflict(
                    "The relay is not online right now (it is inactive, or its settings are still being applied).");
        } catch (RelaySocket.RelayUnavailable e) {
            throw Failure.unavailable(e.getMessage());
        }
    }

    /** Records what someone did and how it went, in the caller's words, attributed to the actor. */
    public void log(Relay r, String kind, String message, String actor) {
        activity.add(r.tenant(), r.id(), kind, message, actor, now());
    }

    /** The NIP-86 method or a 409 that says the relay does not offer it. */
    public void require(Relay r, String method, String what) {
        if (!capabilities.supports(access.target(r), method))
            throw Failure.conflict("The relay software behind this relay does not offer " + what + " yet.");
    }
}
