package caravel.testing;

import caravel.zooid.ZooidClient;
import caravel.zooid.ZooidLine;
import caravel.zooid.ZooidResult;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * zooid's management API taking every config it is given, with nothing behind it: provisioning and syncs succeed, so
 * relays reach the states they reach in production (active and served as far as Caravel knows) through Caravel's own
 * provisioning jobs, while their sockets stay wherever {@code ZOOID_RELAY_ORIGIN} points (an unreachable port in
 * {@link TestEnv}). For tests about what Caravel does with served relays that need no relay to talk to; a test that
 * talks to relays runs the zooid emulator instead.
 */
public final class AcceptingZooid implements ZooidClient {
    /** Options that put this in place of the zooid API client the backend would build. */
    public static AppOptions options() {
        return AppOptions.builder().provisioningProbe(new ProvisioningProbe() {
            @Override
            public ZooidClient zooid(ZooidClient client) {
                return new AcceptingZooid();
            }
        });
    }

    @Override
    public ZooidResult create(String id, JsonNode config) {
        return new ZooidResult.Ok(200, "created");
    }

    @Override
    public ZooidResult replace(String id, JsonNode config) {
        return new ZooidResult.Ok(200, "replaced");
    }

    @Override
    public ZooidResult patch(String id, JsonNode partial) {
        return new ZooidResult.Ok(200, "patched");
    }

    @Override
    public ZooidResult delete(String id) {
        return new ZooidResult.Ok(200, "deleted");
    }

    @Override
    public Optional<List<String>> members(String id) {
        return Optional.empty();
    }

    @Override
    public ZooidLine.Probe probeLine() {
        return ZooidLine.Probe.of(ZooidLine.ARCHIVED);
    }
}
