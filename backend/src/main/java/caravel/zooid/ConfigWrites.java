package caravel.zooid;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells whoever listens that zooid accepted a new config for a relay. zooid answers every write of a relay's config
 * file by building a new relay instance: sockets to the old one stay open and answer pings, but never see another
 * event. Anything holding a long-lived subscription to the relay (the membership watcher) must open a fresh one.
 */
public final class ConfigWrites {
    private static final Logger log = LoggerFactory.getLogger(ConfigWrites.class);
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    public void listen(Consumer<String> listener) {
        listeners.add(listener);
    }

    /** zooid took a new config for the relay (create or replace answered with success). */
    public void written(String relayId) {
        for (Consumer<String> l : listeners) {
            try {
                l.accept(relayId);
            } catch (RuntimeException e) {
                // the write itself succeeded; a listener's trouble must not turn the sync job into a failure
                log.warn("relay {}: a listener of config writes failed: {}", relayId, e.toString());
            }
        }
    }
}
