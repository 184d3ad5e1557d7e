package caravel.config;

import java.util.List;
import java.util.Optional;

/**
 * The zooid nodes relays are placed on, in the order the operator listed them. The default node is the one named
 * {@code default}, else the first listed: relays rows from before nodes existed (no node recorded) live there, and its
 * relay domain is the one the platform advertises.
 */
public record ZooidNodes(List<ZooidNode> all) {
    public ZooidNodes {
        all = List.copyOf(all);
        if (all.isEmpty()) throw new ConfigException("at least one zooid node is needed");
    }

    public ZooidNode defaultNode() {
        return byName(ZooidNode.DEFAULT).orElse(all.get(0));
    }

    public Optional<ZooidNode> byName(String name) {
        return all.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    /** The node a relays row names; null (a row from before nodes) is the default node. */
    public ZooidNode of(String recorded) {
        if (recorded == null) return defaultNode();
        return byName(recorded)
                .orElseThrow(() -> new IllegalStateException(
                        "relay placed on zooid node '" + recorded + "', which ZOOID_NODES no longer lists"));
    }

    /** The nodes whose relay domain is {@code domain} (compared without case). */
    public List<ZooidNode> serving(String domain) {
        return all.stream()
                .filter(n -> n.relayDomain().equalsIgnoreCase(domain))
                .toList();
    }

    /**
     * How many relays the node holds, from counts by the node name relays rows record (the null key: rows from before
     * nodes, which are the default node's).
     */
    public long held(ZooidNode node, java.util.Map<String, Long> byRecordedName) {
        long own = byRecordedName.getOrDefault(node.name(), 0L);
        return node.equals(defaultNode()) ? own + byRecordedName.getOrDefault(null, 0L) : own;
    }

    /** Every relay domain, each once, the default node's first. */
    public List<String> domains() {
        java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
        out.add(defaultNode().relayDomain());
        for (ZooidNode n : all) out.add(n.relayDomain());
        return List.copyOf(out);
    }

    @Override
    public String toString() {
        return all.toString();
    }
}
