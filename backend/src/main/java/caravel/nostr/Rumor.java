package caravel.nostr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** An unsigned event with its id (NIP-59 "rumor"): deniable content inside a seal. */
public record Rumor(String id, String pubkey, long createdAt, int kind, List<List<String>> tags, String content) {

    public Rumor {
        tags = tags.stream().map(List::copyOf).toList();
    }

    public static Rumor create(String pubkey, long createdAt, int kind, List<List<String>> tags, String content) {
        return new Rumor(
                Hex.encode(Event.computeId(pubkey, createdAt, kind, tags, content)),
                pubkey,
                createdAt,
                kind,
                tags,
                content);
    }

    /** First value of the first tag named {@code name}, or null. */
    public String tag(String name) {
        for (List<String> t : tags) if (t.size() >= 2 && t.get(0).equals(name)) return t.get(1);
        return null;
    }

    /** Values of every tag named {@code name}. */
    public List<String> tagValues(String name) {
        return tags.stream()
                .filter(t -> t.size() >= 2 && t.get(0).equals(name))
                .map(t -> t.get(1))
                .toList();
    }

    public ObjectNode toJson() {
        return Event.unsignedJson(id, pubkey, createdAt, kind, tags, content);
    }

    /**
     * Parses a rumor. A present id must be the hash of the fields; a missing one is computed (some clients omit it).
     * A signature, if any, is ignored.
     */
    public static Rumor fromJson(JsonNode n) {
        if (n == null || !n.isObject()) throw new IllegalArgumentException("rumor is not a JSON object");
        ObjectNode copy = ((ObjectNode) n).deepCopy();
        boolean hasId = copy.path("id").isTextual();
        if (!hasId) copy.put("id", "");
        if (!copy.path("sig").isTextual()) copy.put("sig", "");
        Event e = Event.fromJson(copy); // same shape rules as a signed event
        if (!Hex.isLowerHex(e.pubkey(), 32))
            throw new IllegalArgumentException("rumor pubkey must be 64 lowercase hex characters");
        String computed = Hex.encode(Event.computeId(e.pubkey(), e.createdAt(), e.kind(), e.tags(), e.content()));
        if (hasId && !computed.equals(e.id()))
            throw new IllegalArgumentException("rumor id does not match its content");
        return new Rumor(computed, e.pubkey(), e.createdAt(), e.kind(), e.tags(), e.content());
    }
}
