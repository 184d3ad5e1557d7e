package caravel.testing;

import caravel.nostr.Keys;
import java.util.Map;

/**
 * The settings of a backend in front of two zooid emulators for relay moves: node a takes every new relay, node b is
 * listed full (a move is the administrator's, never placement's), each trusts only its own key.
 */
public final class MoveNodes {
    private MoveNodes() {}

    /** Replaces the single-node settings in {@code env} with nodes a and b. */
    public static void configure(Map<String, String> env, ZooidEmulator a, Keys keyA, ZooidEmulator b, Keys keyB) {
        env.remove("ZOOID_API_URL");
        env.remove("ZOOID_API_SECRET");
        env.remove("RELAY_DOMAIN");
        env.put(
                "ZOOID_NODES",
                "a api=" + a.url + " origin=" + a.url + " domain=a.relays.test capacity=10\n" + "b api=" + b.url
                        + " origin=" + b.url + " domain=b.relays.test capacity=0");
        env.put("ZOOID_API_SECRET_A", keyA.secretHex());
        env.put("ZOOID_API_SECRET_B", keyB.secretHex());
    }

    /**
     * MOVE_COPY_COMMAND for two real zooid nodes (ZOOID_BIN): the deploy's own deploy/zooid-copy-events between their
     * databases, as production runs it.
     */
    public static String deployCopier(ZooidEmulator a, ZooidEmulator b) {
        return "env ZOOID_DB_A=" + a.database() + " ZOOID_DB_B=" + b.database() + " "
                + NostrTools.root().resolve("deploy/zooid-copy-events");
    }

    /** MOVE_COPY_COMMAND for the two: the stack's copier between emulators (standing in for deploy/zooid-copy-events). */
    public static String copier(ZooidEmulator a, ZooidEmulator b) {
        return "node " + NostrTools.root().resolve("stack/zooid-emulator/copy-events.mjs") + " --node a=" + a.url
                + " --node b=" + b.url;
    }
}
