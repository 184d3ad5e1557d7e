package caravel.nostr;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A NIP-01 REQ filter, immutable; build with {@code Filter.any().kinds(0).authors(pk)}. {@link #matches} applies the
 * same rules a relay does, so a client can drop events a relay should not have sent.
 */
public record Filter(
        List<String> ids,
        List<String> authors,
        List<Integer> kinds,
        Map<String, List<String>> tags,
        Long since,
        Long until,
        Integer limit) {

    public Filter {
        ids = ids == null ? null : List.copyOf(ids);
        authors = authors == null ? null : List.copyOf(authors);
        kinds = kinds == null ? null : List.copyOf(kinds);
        tags = tags == null ? Map.of() : copyTags(tags);
    }

    private static Map<String, List<String>> copyTags(Map<String, List<String>> tags) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        tags.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return Collections.unmodifiableMap(out);
    }

    /** Matches every event. */
    public static Filter any() {
        return new Filter(null, null, null, Map.of(), null, null, null);
    }

    public Filter ids(String... v) {
        return new Filter(List.of(v), authors, kinds, tags, since, until, limit);
    }

    public Filter authors(String... v) {
        return authors(List.of(v));
    }

    public Filter authors(List<String> v) {
        return new Filter(ids, v, kinds, tags, since, until, limit);
    }

    public Filter kinds(Integer... v) {
        return new Filter(ids, authors, Arrays.asList(v), tags, since, until, limit);
    }

    /** A #x tag condition (single-letter tag name). */
    public Filter tag(char name, String... values) {
        if (!Character.isLetter(name)) throw new IllegalArgumentException("tag filters use single letters");
        Map<String, List<String>> t = new LinkedHashMap<>(tags);
        t.put(String.valueOf(name), List.of(values));
        return new Filter(ids, authors, kinds, t, since, until, limit);
    }

    public Filter since(long v) {
        return new Filter(ids, authors, kinds, tags, v, until, limit);
    }

    public Filter until(long v) {
        return new Filter(ids, authors, kinds, tags, since, v, limit);
    }

    public Filter limit(int v) {
        return new Filter(ids, authors, kinds, tags, since, until, v);
    }

    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        if (ids != null) strings(o.putArray("ids"), ids);
        if (authors != null) strings(o.putArray("authors"), authors);
        if (kinds != null) {
            ArrayNode a = o.putArray("kinds");
            kinds.forEach(a::add);
        }
        tags.forEach((k, v) -> strings(o.putArray("#" + k), v));
        if (since != null) o.put("since", since);
        if (until != null) o.put("until", until);
        if (limit != null) o.put("limit", limit);
        return o;
    }

    private static void strings(ArrayNode a, List<String> values) {
        values.forEach(a::add);
    }

    /** NIP-01 matching (limit is not a matching condition). */
    public boolean matches(Event e) {
        if (ids != null && !ids.contains(e.id())) return false;
        if (authors != null && !authors.contains(e.pubkey())) return false;
        if (kinds != null && !kinds.contains(e.kind())) return false;
        if (since != null && e.createdAt() < since) return false;
        if (until != null && e.createdAt() > until) return false;
        for (Map.Entry<String, List<String>> t : tags.entrySet()) {
            boolean found = false;
            for (List<String> tag : e.tags()) {
                if (tag.size() >= 2
                        && tag.get(0).equals(t.getKey())
                        && t.getValue().contains(tag.get(1))) {
                    found = true;
                    break;
                }
            }
            if (!found) return false;
        }
        return true;
    }

    public static boolean matchesAny(List<Filter> filters, Event e) {
        for (Filter f : filters) if (f.matches(e)) return true;
        return false;
    }
}
