package caravel.nostr;

import caravel.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * NIP-59 gift wrap: a rumor (unsigned) is NIP-44-encrypted into a kind 13 seal signed by the author, and the seal
 * into a kind 1059 wrap signed by a one-time random key and p-tagged to the recipient. Seal and wrap timestamps are
 * randomized up to two days into the past so they do not reveal when the message was written.
 */
public final class Nip59 {
    public static final int SEAL = 13;
    public static final int GIFT_WRAP = 1059;
    public static final int EPHEMERAL_GIFT_WRAP = 21059;
    public static final long TWO_DAYS_SECONDS = 2 * 24 * 60 * 60;
    /**
     * Largest rumor JSON we seal: the seal's JSON (base64 of the encrypted rumor plus the envelope) must itself
     * stay under NIP-44's 65535-byte plaintext limit when it is wrapped.
     */
    public static final int MAX_RUMOR_JSON_BYTES = 40_960;

    private static final SecureRandom RANDOM = new SecureRandom();

    /** What an unwrapped gift wrap held. {@code rumor.pubkey()} is the verified author. */
    public record Unwrapped(Rumor rumor, Event seal, Event wrap) {}

    private Nip59() {}

    /** A time uniformly in (now - 2 days, now]. */
    public static long randomPastTime(long nowSeconds) {
        return nowSeconds - RANDOM.nextLong(TWO_DAYS_SECONDS);
    }

    /** Throws IllegalArgumentException when the rumor is too large to be sealed and wrapped. */
    public static void checkSize(Rumor rumor) {
        int bytes = rumor.toJson().toString().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_RUMOR_JSON_BYTES)
            throw new IllegalArgumentException(
                    "message too long to gift-wrap (" + bytes + " bytes, at most " + MAX_RUMOR_JSON_BYTES + ")");
    }

    /** Kind 13: the rumor encrypted from its author to the recipient, signed by the author, no tags. */
    public static Event seal(Keys author, Rumor rumor, String recipientPubkey, long createdAt) {
        if (!rumor.pubkey().equals(author.pubkey()))
            throw new IllegalArgumentException("the rumor's pubkey must be the sealing author's");
        checkSize(rumor);
        String content = Nip44.encrypt(rumor.toJson().toString(), Nip44.conversationKey(author, recipientPubkey));
        return author.sign(createdAt, SEAL, List.of(), content);
    }

    /** Kind 1059: the seal encrypted to the recipient by a fresh one-time key, p-tagged to the recipient. */
    public static Event wrap(Event seal, String recipientPubkey, long createdAt, List<List<String>> extraTags) {
        Keys oneTime = Keys.generate();
        String content = Nip44.encrypt(seal.toJsonString(), Nip44.conversationKey(oneTime, recipientPubkey));
        List<List<String>> tags = new ArrayList<>();
        tags.add(List.of("p", recipientPubkey));
        tags.addAll(extraTags);
        return oneTime.sign(createdAt, GIFT_WRAP, tags, content);
    }

    /** Seal + wrap for one recipient with independently randomized timestamps. */
    public static Event giftWrap(Keys author, Rumor rumor, String recipientPubkey, long nowSeconds) {
        Event seal = seal(author, rumor, recipientPubkey, randomPastTime(nowSeconds));
        return wrap(seal, recipientPubkey, randomPastTime(nowSeconds), List.of());
    }

    /**
     * Opens a gift wrap addressed to {@code recipient}: checks the wrap's and the seal's signatures and kinds,
     * and that the rumor's author is the seal's signer (otherwise anyone could impersonate anyone).
     * Throws IllegalArgumentException with the reason when any check fails.
     */
    public static Unwrapped unwrap(Keys recipient, Event wrap) {
        if (wrap.kind() != GIFT_WRAP && wrap.kind() != EPHEMERAL_GIFT_WRAP)
            throw new IllegalArgumentException("not a gift wrap (kind " + wrap.kind() + ")");
        if (!wrap.verify()) throw new IllegalArgumentException("gift wrap signature is invalid");
        Event seal = opened(recipient, wrap, "gift wrap", Event::fromJson);
        if (seal.kind() != SEAL)
            throw new IllegalArgumentException("gift wrap does not hold a seal (kind " + seal.kind() + ")");
        if (!seal.verify()) throw new IllegalArgumentException("seal signature is invalid");
        Rumor rumor = opened(recipient, seal, "seal", Rumor::fromJson);
        if (!rumor.pubkey().equals(seal.pubkey()))
            throw new IllegalArgumentException("rumor author differs from the seal's signer");
        return new Unwrapped(rumor, seal, wrap);
    }

    /** What {@code outer} holds for {@code recipient}, decrypted and read; one that does not open is refused by name. */
    private static <T> T opened(Keys recipient, Event outer, String what, Function<JsonNode, T> read) {
        try {
            return read.apply(
                    Json.parse(Nip44.decrypt(outer.content(), Nip44.conversationKey(recipient, outer.pubkey()))));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot open " + what + ": " + e.getMessage());
        }
    }
}
