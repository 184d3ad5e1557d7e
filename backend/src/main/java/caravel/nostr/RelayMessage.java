package caravel.nostr;

import caravel.json.Json;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A message a relay sends a client, read from one WebSocket text frame: NIP-01's EVENT, OK, EOSE, CLOSED and
 * NOTICE, and NIP-42's AUTH challenge. Both relay clients (the robot's {@link RelayClient} and the community's relay
 * socket) read frames only through {@link #parse}, so what counts as a well-formed frame is decided once.
 *
 * <p>A relay is a peer that may be buggy or hostile: a frame that is not one of these shapes is {@link Malformed}
 * (with the reason, for a log line) rather than an exception, and the clients ignore it. Trailing elements beyond
 * the ones a type defines are ignored, so a relay speaking a later revision of a NIP still reads. The free-text
 * message of OK, CLOSED and NOTICE may be left out (relays written before NIP-01 required it do): it reads as "".
 */
public sealed interface RelayMessage {
    /**
     * {@code ["EVENT", subscription, event]}: the event has the NIP-01 shape but is not verified; the client checks
     * its signature and that it matches what was asked for, since a relay's word is not enough.
     */
    record EventMessage(String subscription, Event event) implements RelayMessage {}

    /** {@code ["OK", event id, accepted, message]}: the answer to a client's EVENT or AUTH. */
    record Ok(String eventId, boolean accepted, String message) implements RelayMessage {}

    /** {@code ["EOSE", subscription]}: every stored event of a subscription was sent. */
    record Eose(String subscription) implements RelayMessage {}

    /** {@code ["CLOSED", subscription, message]}: the relay ended (or refused) a subscription. */
    record Closed(String subscription, String message) implements RelayMessage {}

    /** {@code ["NOTICE", message]}: something for a human, never a reply to one request. */
    record Notice(String message) implements RelayMessage {}

    /** {@code ["AUTH", challenge]} (NIP-42): what the client signs to authenticate on this connection. */
    record Auth(String challenge) implements RelayMessage {}

    /** A well-formed frame of a type this codec does not read (COUNT, or one from a future NIP). */
    record Unknown(String type) implements RelayMessage {}

    /** A frame that is none of the above: not JSON, not an array led by a type, or a known type with bad fields. */
    record Malformed(String reason) implements RelayMessage {}

    /** Reads one text frame; never throws. */
    static RelayMessage parse(String text) {
        JsonNode msg;
        try {
            msg = Json.parse(text);
        } catch (IllegalArgumentException e) {
            return new Malformed("not JSON");
        }
        if (!msg.isArray() || msg.isEmpty() || !msg.get(0).isTextual())
            return new Malformed("not an array led by a message type");
        String type = msg.get(0).textValue();
        return switch (type) {
            case "EVENT" -> event(msg);
            case "OK" -> ok(msg);
            case "EOSE" -> isText(msg.get(1)) ? new Eose(msg.get(1).textValue()) : bad(type, "subscription id");
            case "CLOSED" ->
                !isText(msg.get(1))
                        ? bad(type, "subscription id")
                        : optionalText(msg.get(2))
                                ? new Closed(msg.get(1).textValue(), text(msg.get(2)))
                                : bad(type, "message");
            case "NOTICE" -> optionalText(msg.get(1)) ? new Notice(text(msg.get(1))) : bad(type, "message");
            case "AUTH" -> isText(msg.get(1)) ? new Auth(msg.get(1).textValue()) : bad(type, "challenge");
            default -> new Unknown(type);
        };
    }

    private static RelayMessage event(JsonNode msg) {
        if (!isText(msg.get(1))) return bad("EVENT", "subscription id");
        try {
            return new EventMessage(msg.get(1).textValue(), Event.fromJson(msg.get(2)));
        } catch (IllegalArgumentException e) {
            return new Malformed("EVENT: " + e.getMessage());
        }
    }

    private static RelayMessage ok(JsonNode msg) {
        if (!isText(msg.get(1))) return bad("OK", "event id");
        JsonNode accepted = msg.get(2);
        if (accepted == null || !accepted.isBoolean()) return bad("OK", "accepted flag (a boolean)");
        if (!optionalText(msg.get(3))) return bad("OK", "message");
        return new Ok(msg.get(1).textValue(), accepted.booleanValue(), text(msg.get(3)));
    }

    private static boolean isText(JsonNode n) {
        return n != null && n.isTextual();
    }

    private static boolean optionalText(JsonNode n) {
        return n == null || n.isNull() || n.isTextual();
    }

    private static String text(JsonNode n) {
        return isText(n) ? n.textValue() : "";
    }

    private static Malformed bad(String type, String field) {
        return new Malformed(type + ": missing or malformed " + field);
    }
}
