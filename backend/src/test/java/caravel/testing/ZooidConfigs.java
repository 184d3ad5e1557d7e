package caravel.testing;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Questions a test asks of a relay config as zooid holds it ({@link ZooidEmulator#relay}), answered the same for the
 * emulator and real zooid. The emulator keeps what Caravel sent; real zooid writes every field of its config struct,
 * so an unused section is there with empty values rather than missing.
 */
public final class ZooidConfigs {
    private ZooidConfigs() {}

    /** LiveKit set for the relay (a server URL), not merely a {@code [livekit]} section. */
    public static boolean livekitOn(JsonNode zooidConfig) {
        return !zooidConfig.at("/livekit/server_url").asText("").isEmpty();
    }
}
