package caravel.testing;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The whole local stack (stack/start.mjs: Nostr relay, NWC wallet services, zooid emulator) on random ports,
 * with the wallet control interface for paying invoices and injecting faults.
 */
public final class LocalStack implements AutoCloseable {
    private final NodePeer peer;
    public final JsonNode ready;

    public LocalStack() throws Exception {
        this(false);
    }

    /** @param secondZooid also a second zooid emulator, a node of its own ({@link #pointAtBothNodes}) */
    public LocalStack(boolean secondZooid) throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(
                "node", NostrTools.root().resolve("stack/start.mjs").toString(), "--random-ports"));
        if (secondZooid) cmd.add("--second-zooid");
        peer = new NodePeer("the local stack", new ProcessBuilder(cmd), 60, true);
        ready = peer.ready;
    }

    public String get(String key) {
        return ready.get(key).asText();
    }

    public String relayUrl() {
        return get("relay_url");
    }

    /** Points a backend's environment at this stack: zooid, the platform wallet, and the relay the robot uses. */
    public void pointAt(java.util.Map<String, String> env) {
        env.put("ZOOID_API_URL", get("zooid_api_url"));
        env.put("ZOOID_RELAY_ORIGIN", get("zooid_relay_origin"));
        env.put("ZOOID_API_SECRET", get("zooid_api_secret"));
        env.put("NWC_URL", get("platform_nwc_url"));
        env.put("ROBOT_OUTBOX_RELAYS", relayUrl());
        env.put("ROBOT_INDEXER_RELAYS", relayUrl());
        env.put("ROBOT_MESSAGING_RELAYS", relayUrl());
    }

    /**
     * Like {@link #pointAt}, but with both zooid nodes of a stack started with a second one: ZOOID_NODES names them
     * "default" (relays under relay_domain) and "b" (under relay_domain_2), in place of the single-node settings.
     */
    public void pointAtBothNodes(java.util.Map<String, String> env) {
        if (ready.path("zooid_nodes").isNull())
            throw new IllegalStateException("this stack has one zooid node: start it with new LocalStack(true)");
        pointAt(env);
        env.remove("ZOOID_API_URL");
        env.remove("ZOOID_RELAY_ORIGIN");
        env.remove("RELAY_DOMAIN");
        env.put("ZOOID_NODES", get("zooid_nodes"));
    }

    /** Wallet control (development only): POST/GET on the wallet service's control port. */
    public JsonNode wallet(String method, String path, String body) {
        return NodePeer.control(method, get("wallet_control_url") + path, body);
    }

    public JsonNode pay(String bolt11, String from) {
        return wallet(
                "POST",
                "/pay",
                "{\"invoice\":\"" + bolt11 + "\"" + (from == null ? "" : ",\"from\":\"" + from + "\"") + "}");
    }

    public void fault(String wallet, String mode, Integer count) {
        wallet(
                "POST",
                "/faults",
                "{\"wallet\":\"" + wallet + "\",\"mode\":\"" + mode + "\""
                        + (count == null ? "" : ",\"count\":" + count) + "}");
    }

    public long balance(String walletName) {
        return wallet("GET", "/wallets/" + walletName, null).get("balance").asLong();
    }

    @Override
    public void close() {
        peer.close();
    }
}
