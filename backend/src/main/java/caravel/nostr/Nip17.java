package caravel.nostr;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** NIP-17 private direct messages: kind 14 rumors, gift-wrapped to each recipient and to the sender's own inbox. */
public final class Nip17 {
    public static final int CHAT_MESSAGE = 14;
    public static final int DM_RELAYS = 10050;

    /** One message wrapped for its recipient and for the sender's own copy (same rumor, so the same id). */
    public record Wrapped(Rumor rumor, Event forRecipient, Event forSender) {}

    /** A received chat message; {@code sender} is verified through the seal's signature. */
    public record Message(
            String id,
            String sender,
            List<String> recipients,
            String content,
            long createdAt,
            String subject,
            Rumor rumor) {}

    private Nip17() {}

    /** A kind 14 rumor from {@code senderPubkey} to the given recipients, with an optional subject. */
    public static Rumor chatMessage(
            String senderPubkey, List<String> recipients, String content, long createdAt, String subject) {
        if (content == null || content.isEmpty()) throw new IllegalArgumentException("message is empty");
        List<List<String>> tags = new ArrayList<>();
        for (String r : recipients) {
            if (!Hex.isLowerHex(r, 32)) throw new IllegalArgumentException("recipient must be a 64-hex public key");
            tags.add(List.of("p", r));
        }
        if (subject != null && !subject.isBlank()) tags.add(List.of("subject", subject));
        return Rumor.create(senderPubkey, createdAt, CHAT_MESSAGE, tags, content);
    }

    /** Gift wraps for one recipient and for the sender (so the sender's other clients show the sent message). */
    public static Wrapped wrap(Keys sender, Rumor rumor, String recipientPubkey, long nowSeconds) {
        Event toRecipient = Nip59.giftWrap(sender, rumor, recipientPubkey, nowSeconds);
        Event toSelf = Nip59.giftWrap(sender, rumor, sender.pubkey(), nowSeconds);
        return new Wrapped(rumor, toRecipient, toSelf);
    }

    /** Unwraps a gift wrap addressed to {@code me} and requires a kind 14 message inside. */
    public static Message read(Keys me, Event giftWrap) {
        Rumor r = Nip59.unwrap(me, giftWrap).rumor();
        if (r.kind() != CHAT_MESSAGE)
            throw new IllegalArgumentException("gift wrap holds kind " + r.kind() + ", not a chat message");
        return new Message(r.id(), r.pubkey(), r.tagValues("p"), r.content(), r.createdAt(), r.tag("subject"), r);
    }

    /** Kind 10050: the relays where this key wants to receive DMs. */
    public static Event dmRelayList(Keys keys, List<String> relays, long createdAt) {
        return keys.sign(
                createdAt,
                DM_RELAYS,
                relays.stream().map(r -> List.of("relay", r)).toList(),
                "");
    }

    /** The relay URLs of a kind 10050 event, normalized and deduplicated; malformed entries are skipped. */
    public static List<String> dmRelays(Event kind10050) {
        if (kind10050.kind() != DM_RELAYS) throw new IllegalArgumentException("not a kind 10050 event");
        Set<String> out = new LinkedHashSet<>();
        for (List<String> t : kind10050.tags()) {
            if (t.size() < 2 || !t.get(0).equals("relay")) continue;
            try {
                out.add(RelayUrls.normalize(t.get(1)));
            } catch (IllegalArgumentException ignored) {
                // someone else's list: skip what we cannot use
            }
        }
        return List.copyOf(out);
    }
}
