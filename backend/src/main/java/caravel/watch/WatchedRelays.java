package caravel.watch;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The relays watched by this process, one {@link RelayWatch} each: the served relays of the shards its
 * {@link WatchLeases} hold. A watch dropped from here (no longer served, its shard gone to another process) is not
 * this process's any more, whatever its opener or probe is doing with it.
 */
final class WatchedRelays {
    private final Map<String, RelayWatch> watches = new ConcurrentHashMap<>();
    private final WatchLeases leases;

    WatchedRelays(WatchLeases leases) {
        this.leases = leases;
    }

    RelayWatch get(String relayId) {
        return watches.get(relayId);
    }

    RelayWatch watch(String relayId, Function<String, RelayWatch> first) {
        return watches.computeIfAbsent(relayId, first);
    }

    /** Whether the watch is still the relay's here. */
    boolean current(RelayWatch w) {
        return watches.get(w.relayId) == w;
    }

    /** Whether the watch is still the relay's here, and its shard still this process's. */
    boolean stillOurs(RelayWatch w) {
        return current(w) && leases.holds(w.relayId);
    }

    boolean leased(String relayId) {
        return leases.holds(relayId);
    }

    Collection<RelayWatch> all() {
        return watches.values();
    }

    int size() {
        return watches.size();
    }

    /**
     * Drops the watches of relays no longer served here, closing their sockets. The map's own iterator, not a copy:
     * Set.copyOf's open addressing clusters on relay ids' similar hashes and took seconds of CPU per pass at 170,000
     * relays (74 % of the backend's samples in a profile).
     */
    void keepOnly(Set<String> served) {
        for (var it = watches.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (served.contains(e.getKey()) && leases.holds(e.getKey())) continue;
            it.remove();
            var old = e.getValue().takeSocket();
            if (old != null) old.close();
        }
    }

    /** Whether any relay of the shards has a socket open or being opened here (see WatchLeases). */
    boolean busyIn(Set<Integer> shards) {
        for (RelayWatch w : watches.values())
            if ((w.opening || w.connected()) && shards.contains(WatchLeases.shardOf(w.relayId))) return true;
        return false;
    }

    /** Closes every socket and forgets every watch (shutting down). */
    void closeAll() {
        for (RelayWatch w : watches.values()) {
            var s = w.takeSocket();
            if (s != null) s.close();
        }
        watches.clear();
    }
}
