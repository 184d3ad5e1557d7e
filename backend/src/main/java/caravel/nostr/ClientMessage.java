package caravel.nostr;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;

/**
 * The messages a client sends a relay, as the text of one WebSocket frame: NIP-01's REQ, EVENT and CLOSE, and
 * NIP-42's AUTH. The counterpart of {@link RelayMessage}; both relay clients write frames only through here.
 */
public final class ClientMessage {
    /** NIP-01: relays may refuse a longer subscription id, and an empty one names nothing. */
    static final int MAX_SUBSCRIPTION_ID = 64;

    private ClientMessage() {}

    /** {@code ["REQ", subscription, filter...]}: opens (or replaces) a subscription. */
    public static String req(String subscription, List<Filter> filters) {
        ArrayNode msg = start("REQ").add(checked(subscription));
        for (Filter f : filters) msg.add(f.toJson());
        return msg.toString();
    }

    /** {@code ["EVENT", event]}: publishes an event; the relay answers with OK. */
    public static String event(Event event) {
        return start("EVENT").add(event.toJson()).toString();
    }

    /** {@code ["AUTH", event]} (NIP-42): the signed answer to the relay's challenge; the relay answers with OK. */
    public static String auth(Event event) {
        return start("AUTH").add(event.toJson()).toString();
    }

    /** {@code ["CLOSE", subscription]}: ends a subscription. */
    public static String close(String subscription) {
        return start("CLOSE").add(checked(subscription)).toString();
    }

    private static ArrayNode start(String type) {
        return JsonNodeFactory.instance.arrayNode().add(type);
    }

    private static String checked(String subscription) {
        if (subscription.isEmpty() || subscription.length() > MAX_SUBSCRIPTION_ID)
            throw new IllegalArgumentException(
                    "a subscription id has 1 to " + MAX_SUBSCRIPTION_ID + " characters, not " + subscription.length());
        return subscription;
    }
}
