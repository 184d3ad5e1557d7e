package caravel.relays;

import caravel.config.ZooidNode;
import caravel.config.ZooidNodes;
import caravel.domain.Failure;
import caravel.store.RelayStore;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Which zooid node a new relay goes on. A domain asked for (Flotilla's {@code zooid_domain}) narrows the choice to the
 * nodes serving that domain; among the candidates the one with most room (capacity minus the relays it holds) wins,
 * a node without a capacity counting as unlimited, ties going to the node holding fewer relays, then to the first
 * listed. When no candidate has room the platform is full, and says so.
 *
 * <p>The count is read inside the creating transaction, which holds the write lock (SQLite's one writer, or the
 * advisory lock every transaction takes on PostgreSQL, store.PostgresWrites), so two creates, from one process or
 * two, cannot both take a node's last place (PlacementRaceTest).
 */
public final class Placement {
    /** Where a relay is placed: its node, and the domain its address is made under. */
    public record Place(String node, String domain) {}

    private final ZooidNodes nodes;
    private final RelayStore relayStore;

    public Placement(ZooidNodes nodes, RelayStore relayStore) {
        this.nodes = nodes;
        this.relayStore = relayStore;
    }

    public Place choose(Handle h, Optional<String> domain) {
        List<ZooidNode> candidates = domain.map(nodes::serving).orElse(nodes.all());
        if (candidates.isEmpty()) throw unknownDomain();
        Map<String, Long> held = relayStore.countByNode(h);
        java.util.function.ToLongFunction<ZooidNode> placed = n -> nodes.held(n, held);
        java.util.function.ToLongFunction<ZooidNode> room =
                n -> n.capacity().isPresent() ? n.capacity().getAsLong() - placed.applyAsLong(n) : Long.MAX_VALUE;
        ZooidNode best = candidates.stream()
                .min(Comparator.comparingLong((ZooidNode n) -> -room.applyAsLong(n))
                        .thenComparingLong(placed)
                        .thenComparingInt(candidates::indexOf))
                .orElseThrow();
        if (room.applyAsLong(best) <= 0) throw full(domain);
        return new Place(best.name(), best.relayDomain());
    }

    private Failure unknownDomain() {
        List<String> domains = nodes.domains();
        return Failure.invalidField(
                "zooid_domain",
                domains.size() == 1
                        ? "relays are hosted under " + domains.get(0) + " here: zooid_domain must be that"
                        : "relays are hosted under " + String.join(", ", domains)
                                + " here: zooid_domain must be one of them");
    }

    private static Failure full(Optional<String> domain) {
        return new Failure(
                Failure.Kind.CONFLICT,
                "platform_full",
                domain.isPresent() ? "zooid_domain" : null,
                domain.map(d -> "no room for another relay under " + d
                                + " here: every zooid node serving it is full (the operator can add capacity)")
                        .orElse("the platform is full: no zooid node has room for another relay (the operator can"
                                + " add capacity)"));
    }
}
