package caravel.watch;

import caravel.nostr.Event;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What wants every new event a watched relay accepts (automatic moderation, the relay's insight figures): the watch
 * subscribes to all of a relay's new events only when one is given, and hands each over off the socket's reader
 * thread, one relay's events in the order they arrived.
 */
@FunctionalInterface
public interface WatchedEvents {
    /** No one listens: the watch opens no subscription for all events. */
    WatchedEvents NONE = (relayId, event) -> {};

    /**
     * A new event the relay accepted (stored): handed over once by {@link RelayEventStream}, whichever way it reached the
     * watch; after a shard moved to another process it can come again there (handlers keyed by the event id stay
     * correct). Must return quickly.
     */
    void accepted(String relayId, Event event);

    /** Each of the given, in order; one that throws is logged and does not keep the event from the others. */
    static WatchedEvents all(List<WatchedEvents> each) {
        List<WatchedEvents> listeners =
                each.stream().filter(l -> !l.equals(NONE)).toList();
        if (listeners.isEmpty()) return NONE;
        Logger log = LoggerFactory.getLogger(WatchedEvents.class);
        return (relayId, event) -> {
            for (WatchedEvents l : listeners) {
                try {
                    l.accepted(relayId, event);
                } catch (RuntimeException e) {
                    log.warn("relay {}: a watched event's handler failed: {}", relayId, e.toString());
                }
            }
        };
    }
}
