package caravel.zooid;

import caravel.config.ZooidNode;
import caravel.config.ZooidNodes;
import caravel.store.Relay;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The zooid nodes with a management API client each, and where each relay lives: every call about a relay goes to the
 * node its row names (a row from before nodes: the default node), and its address is {@code <subdomain>.<the domain it
 * was placed under>}, which stays the relay's address whichever node serves it.
 */
public final class NodeClients {
    private final ZooidNodes nodes;
    private final Map<String, ZooidClient> clients = new LinkedHashMap<>();
    private final NodeLines lines;

    /** @param client the management API client of a node (each node is asked once, as this is built) */
    public NodeClients(ZooidNodes nodes, Function<ZooidNode, ZooidClient> client) {
        this.nodes = nodes;
        for (ZooidNode n : nodes.all()) clients.put(n.name(), client.apply(n));
        this.lines = new NodeLines(this);
    }

    /** Which zooid line each node runs, as the nodes answer (started by the zooid assembly). */
    public NodeLines lines() {
        return lines;
    }

    /** Production's clients: HTTP, each signed with its node's own key. */
    public static NodeClients http(ZooidNodes nodes, Clock clock, Function<ZooidClient, ZooidClient> wrap) {
        return new NodeClients(nodes, n -> wrap.apply(new HttpZooidClient(n.apiUrl(), n.apiKeys(), clock)));
    }

    public ZooidNodes nodes() {
        return nodes;
    }

    /** The node the relay is placed on. */
    public ZooidNode node(Relay r) {
        return nodes.of(r.zooidNode());
    }

    /** The management API of the node the relay is placed on. */
    public ZooidClient client(Relay r) {
        return client(node(r).name());
    }

    public ZooidClient client(String node) {
        ZooidClient c = clients.get(node);
        if (c == null) throw new IllegalArgumentException("no zooid node named '" + node + "'");
        return c;
    }

    /** The domain the relay's address is under: the one recorded when it was placed, else the default node's. */
    public String domain(Relay r) {
        return RelayAddress.domainOf(r, nodes);
    }

    /** The relay's host and URL. */
    public RelayAddress address(Relay r) {
        return RelayAddress.of(r, nodes);
    }

    /** Where the relay's host is reached inside the deployment (its node's relay origin), if the node says. */
    public Optional<String> relayOrigin(Relay r) {
        return node(r).relayOrigin();
    }

    /**
     * Which zooid line the platform runs, for the media check: a single node's own answer; with several, the line all
     * answered, {@link ZooidLine#ARCHIVED} as soon as one node runs it (its relays keep media on its disk), and
     * unknown, naming the node, while one cannot be told.
     */
    public ZooidLine.Probe probeLine() {
        if (clients.size() == 1) return clients.values().iterator().next().probeLine();
        ZooidLine.Probe unknown = null;
        for (Map.Entry<String, ZooidClient> c : clients.entrySet()) {
            ZooidLine.Probe p = c.getValue().probeLine();
            if (p.line() == ZooidLine.ARCHIVED) return p;
            if (p.line() == ZooidLine.UNKNOWN && unknown == null)
                unknown = ZooidLine.Probe.unknown(
                        "zooid node '" + c.getKey() + "': " + p.problem().orElse("unknown"));
        }
        return unknown != null ? unknown : ZooidLine.Probe.of(ZooidLine.NEWER);
    }

    /**
     * Whether each node answers its API with our key (the line probe: one signed GET that changes nothing), by name.
     * Empty for a node that answers; else why not (never a secret).
     */
    public Map<String, Optional<String>> problems() {
        Map<String, Optional<String>> out = new LinkedHashMap<>();
        clients.forEach((name, c) -> out.put(name, c.probeLine().problem()));
        return out;
    }

    /** A node's use, as the admin pages show it. */
    public record Use(ZooidNode node, boolean isDefault, long relays, Optional<String> problem) {
        /** Capacity minus relays; empty without a capacity (no limit). */
        public java.util.OptionalLong room() {
            return node.capacity().isPresent()
                    ? java.util.OptionalLong.of(node.capacity().getAsLong() - relays)
                    : java.util.OptionalLong.empty();
        }
    }

    /**
     * Every node's use: relays held (from counts by recorded node name, {@link caravel.store.RelayStore#countByNode}) and
     * whether it answers now. The nodes are asked at once, each on its own virtual thread, so one node that does not
     * answer costs its own connect timeout, not the sum.
     */
    public List<Use> use(Map<String, Long> byRecordedName) {
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            Map<String, java.util.concurrent.Future<Optional<String>>> asked = new LinkedHashMap<>();
            clients.forEach(
                    (name, c) -> asked.put(name, pool.submit(() -> c.probeLine().problem())));
            List<Use> out = new java.util.ArrayList<>();
            for (ZooidNode n : nodes.all()) {
                Optional<String> problem;
                try {
                    problem = asked.get(n.name()).get();
                } catch (java.util.concurrent.ExecutionException e) {
                    problem = Optional.of("the check failed: " + e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    problem = Optional.of("interrupted");
                }
                out.add(new Use(n, n.equals(nodes.defaultNode()), nodes.held(n, byRecordedName), problem));
            }
            return out;
        }
    }
}
