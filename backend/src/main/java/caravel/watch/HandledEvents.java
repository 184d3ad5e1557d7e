package caravel.watch;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which consumers had each event of a relay lately, by event id, in the order the events arrived: the stream's memory
 * of what it handed over ({@link RelayEventStream}). A relay's ids are forgotten {@code kept} after their arrival, or
 * the oldest first past {@code max} of them; a relay with none left holds nothing.
 */
final class HandledEvents {
    private final long keptMs;
    private final int max;
    private final Map<String, Relay> relays = new ConcurrentHashMap<>();

    HandledEvents(Duration kept, int max) {
        this.keptMs = kept.toMillis();
        this.max = max;
    }

    /** One relay's ids; value: arrival (ms) and the consumers that had the event, a bit each. */
    private final class Relay {
        private final LinkedHashMap<String, long[]> ids = new LinkedHashMap<>();

        synchronized long[] entry(String id, long now) {
            long[] e = ids.get(id);
            if (e == null) {
                e = new long[] {now, 0};
                ids.put(id, e);
                dropOld(now);
            }
            return e;
        }

        synchronized boolean claim(String id, int bit, long now) {
            long[] e = entry(id, now);
            if ((e[1] & bit) != 0) return false;
            e[1] |= bit;
            return true;
        }

        synchronized void release(String id, int bit) {
            long[] e = ids.get(id);
            if (e != null) e[1] &= ~bit;
        }

        synchronized boolean has(String id) {
            return ids.containsKey(id);
        }

        /** Drops what is older than kept, or past max; returns whether none is left. */
        synchronized boolean dropOld(long now) {
            Iterator<long[]> it = ids.values().iterator();
            while (it.hasNext()) {
                long[] e = it.next();
                if (e[0] >= now - keptMs && ids.size() <= max) break;
                it.remove();
            }
            return ids.isEmpty();
        }
    }

    /** The event reached the watch (before any consumer had it). */
    void heard(String relayId, String eventId) {
        relays.computeIfAbsent(relayId, r -> new Relay()).entry(eventId, System.currentTimeMillis());
    }

    /** True, and noted, unless the consumer had the event already. */
    boolean claim(String relayId, String eventId, RelayEventStream.Consumer to) {
        return relays.computeIfAbsent(relayId, r -> new Relay()).claim(eventId, to.bit, System.currentTimeMillis());
    }

    /** The consumer did not handle the event after all: the next delivery hands it over again. */
    void release(String relayId, String eventId, RelayEventStream.Consumer to) {
        Relay r = relays.get(relayId);
        if (r != null) r.release(eventId, to.bit);
    }

    boolean wasHeard(String relayId, String eventId) {
        Relay r = relays.get(relayId);
        return r != null && r.has(eventId);
    }

    /** Forgets every relay's old ids, and the relays left with none. */
    void prune() {
        long now = System.currentTimeMillis();
        // per key, atomically with a concurrent heard or claim of the same relay: none of its new ids is dropped
        for (String relayId : relays.keySet()) relays.computeIfPresent(relayId, (id, r) -> r.dropOld(now) ? null : r);
    }
}
