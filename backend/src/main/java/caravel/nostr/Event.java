package caravel.nostr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/** A NIP-01 event. Instances made by {@link #fromJson} are shape-checked but not verified: call {@link #verify}. */
public record Event(
        String id, String pubkey, long createdAt, int kind, List<List<String>> tags, String content, String sig) {

    public Event {
        tags = tags.stream().map(List::copyOf).toList();
    }

    public static Event sign(Keys keys, long createdAt, int kind, List<List<String>> tags, String content) {
        byte[] id = computeId(keys.pubkey(), createdAt, kind, tags, content);
        byte[] sig = Schnorr.sign(id, keys.secretUnsafe());
        return new Event(Hex.encode(id), keys.pubkey(), createdAt, kind, tags, content, Hex.encode(sig));
    }

    /** sha256 of the NIP-01 canonical serialization [0,pubkey,created_at,kind,tags,content]. */
    public static byte[] computeId(String pubkey, long createdAt, int kind, List<List<String>> tags, String content) {
        StringBuilder sb = new StringBuilder(128 + content.length());
        sb.append("[0,\"")
                .append(pubkey)
                .append("\",")
                .append(createdAt)
                .append(',')
                .append(kind)
                .append(",[");
        for (int i = 0; i < tags.size(); i++) {
            if (i > 0) sb.append(',');
            sb.append('[');
            List<String> tag = tags.get(i);
            for (int j = 0; j < tag.size(); j++) {
                if (j > 0) sb.append(',');
                appendJsonString(sb, tag.get(j));
            }
            sb.append(']');
        }
        sb.append("],");
        appendJsonString(sb, content);
        sb.append(']');
        return sha256(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** JSON string escaping exactly as NIP-01 and JSON.stringify do it. */
    static void appendJsonString(StringBuilder sb, String s) {
        sb.append('"');
        if (!needsEscape(s)) {
            sb.append(s).append('"');
            return;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }

    private static boolean needsEscape(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\') return true;
        }
        return false;
    }

    public static byte[] sha256(byte[] data) {
        try {
            return ((MessageDigest) SHA256.clone()).digest(data);
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Copied for each digest: a copy costs a fraction of {@code MessageDigest.getInstance}, whose provider lookup took
     * about 7 % of a NIP-98 request's own work in a profile (every event id is hashed on every verify).
     */
    private static final MessageDigest SHA256 = sha256Prototype();

    private static MessageDigest sha256Prototype() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** True when the id matches the content and the signature is valid for pubkey. */
    public boolean verify() {
        if (!Hex.isLowerHex(id, 32) || !Hex.isLowerHex(pubkey, 32) || !Hex.isLowerHex(sig, 64)) return false;
        byte[] computed = computeId(pubkey, createdAt, kind, tags, content);
        if (!MessageDigest.isEqual(computed, Hex.decode(id))) return false;
        return Schnorr.verify(Hex.decode(sig), computed, Hex.decode(pubkey));
    }

    /** First value of the first tag named {@code name}, or null. */
    public String tag(String name) {
        for (List<String> t : tags) if (t.size() >= 2 && t.get(0).equals(name)) return t.get(1);
        return null;
    }

    public ObjectNode toJson() {
        return unsignedJson(id, pubkey, createdAt, kind, tags, content).put("sig", sig);
    }

    /** The NIP-01 fields without sig (a rumor's JSON; an event's before its signature is added). */
    static ObjectNode unsignedJson(
            String id, String pubkey, long createdAt, int kind, List<List<String>> tags, String content) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("id", id).put("pubkey", pubkey).put("created_at", createdAt).put("kind", kind);
        ArrayNode ts = o.putArray("tags");
        for (List<String> t : tags) {
            ArrayNode a = ts.addArray();
            t.forEach(a::add);
        }
        o.put("content", content);
        return o;
    }

    public String toJsonString() {
        return toJson().toString();
    }

    /** Parses the NIP-01 shape strictly; throws IllegalArgumentException naming the bad field. */
    public static Event fromJson(JsonNode n) {
        if (n == null || !n.isObject()) throw new IllegalArgumentException("event is not a JSON object");
        String id = text(n, "id"), pubkey = text(n, "pubkey"), content = text(n, "content"), sig = text(n, "sig");
        JsonNode ca = n.get("created_at"), k = n.get("kind"), ts = n.get("tags");
        if (ca == null || !ca.canConvertToLong() || !ca.isIntegralNumber())
            throw new IllegalArgumentException("event created_at must be an integer");
        if (k == null || !k.isInt() || k.intValue() < 0 || k.intValue() > 65535)
            throw new IllegalArgumentException("event kind must be an integer 0..65535");
        if (ts == null || !ts.isArray()) throw new IllegalArgumentException("event tags must be an array");
        List<List<String>> tags = new ArrayList<>(ts.size());
        for (JsonNode t : ts) {
            if (!t.isArray()) throw new IllegalArgumentException("event tag must be an array of strings");
            List<String> tag = new ArrayList<>(t.size());
            for (JsonNode v : t) {
                if (!v.isTextual()) throw new IllegalArgumentException("event tag must be an array of strings");
                tag.add(v.textValue());
            }
            tags.add(tag);
        }
        return new Event(id, pubkey, ca.longValue(), k.intValue(), tags, content, sig);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) throw new IllegalArgumentException("event " + field + " must be a string");
        return v.textValue();
    }
}
