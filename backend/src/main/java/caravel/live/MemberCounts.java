package caravel.live;

import caravel.store.Relay;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Member counts for a live stream. Members join and leave on the relay itself (zooid), so no write in Caravel's
 * database announces them: while a stream is open its active relays are counted every {@code intervalMillis} on a
 * background thread, and the stream is nudged when a count changes. A relay that cannot be asked keeps its last count.
 */
public final class MemberCounts implements AutoCloseable {
    private final Supplier<List<Relay>> relays;
    private final Function<Relay, Integer> count;
    private final Runnable changed;
    private final long intervalMillis;
    private volatile Map<String, Integer> counts = Map.of();
    private final Thread thread;

    /**
     * @param relays  the tenant's relays now (only active ones are counted)
     * @param count   members of a relay, the owner not included; may throw when the relay cannot be reached
     * @param changed called when a count changed (wakes the stream)
     */
    public MemberCounts(
            Supplier<List<Relay>> relays, Function<Relay, Integer> count, Runnable changed, long intervalMillis) {
        this.relays = relays;
        this.count = count;
        this.changed = changed;
        this.intervalMillis = intervalMillis;
        this.thread = Thread.ofVirtual().name("live-members").start(this::run);
    }

    /** Relay id → members besides the owner, for the active relays counted so far. */
    public Map<String, Integer> current() {
        return counts;
    }

    private void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Map<String, Integer> next = new TreeMap<>();
                for (Relay r : relays.get()) {
                    if (!r.status().equals("active") || !r.zooidCreated()) continue;
                    try {
                        next.put(r.id(), count.apply(r));
                    } catch (RuntimeException e) {
                        Integer last = counts.get(r.id()); // unreachable for now: keep what was known
                        if (last != null) next.put(r.id(), last);
                    }
                }
                if (!next.equals(counts)) {
                    counts = Map.copyOf(next);
                    changed.run();
                }
                Thread.sleep(intervalMillis);
            }
        } catch (InterruptedException e) {
            // the stream ended
        }
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
