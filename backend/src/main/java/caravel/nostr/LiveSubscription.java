package caravel.nostr;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A long-lived subscription over one or more relays, from {@link RelayClient#subscribe}. Close it to stop. */
public final class LiveSubscription implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LiveSubscription.class);
    /** Ids already delivered: a relay may send an event again, and several relays send the same one. */
    private static final int REMEMBERED_IDS = 10_000;

    final String id;
    final List<Filter> filters;
    private final Consumer<Event> onEvent;
    private final List<RelayConnection> connections = new ArrayList<>();
    private final Set<String> seen = Collections.newSetFromMap(new LinkedHashMap<String, Boolean>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_IDS;
        }
    });
    private volatile boolean open = true;
    private volatile Runnable onResume = () -> {};

    LiveSubscription(String id, List<Filter> filters, Consumer<Event> onEvent) {
        this.id = id;
        this.filters = filters;
        this.onEvent = onEvent;
    }

    public String id() {
        return id;
    }

    /** Called while the client subscribes, before the subscription is handed out. */
    void attach(RelayConnection c) {
        connections.add(c);
    }

    void deliver(Event e) {
        if (!open) return;
        synchronized (seen) {
            if (!seen.add(e.id())) return;
        }
        try {
            onEvent.accept(e);
        } catch (RuntimeException ex) {
            log.warn("subscription {} handler failed: {}", id, ex.toString());
        }
    }

    /**
     * Called after a relay's connection dropped and came back with this subscription sent again: whatever the relay
     * had while it was down and will not send again (ephemeral events, or ones older than the filters' since) is for
     * the owner to catch up on some other way.
     */
    public void onResume(Runnable action) {
        this.onResume = action;
    }

    void resumed() {
        if (!open) return;
        try {
            onResume.run();
        } catch (RuntimeException ex) {
            log.warn("subscription {} resume handler failed: {}", id, ex.toString());
        }
    }

    @Override
    public void close() {
        open = false;
        for (RelayConnection c : connections) c.removeLive(this);
    }
}
