package caravel.relayparts;

import caravel.domain.Failure;
import caravel.json.Json;
import caravel.store.Relay;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A backup section that is a list of items, each under a key (a member's key, a name) with a value (a role, a
 * holder): the relay's current items against the saved ones make the preview, and a restore puts each saved item the
 * relay lacks or holds otherwise, then with replace removes each item the file does not hold, one at a time through
 * the part's own service, each refusal a problem in words. The section says only how its items are read, written,
 * put and removed.
 *
 * @param <V> an item's value
 */
public abstract class ListSection<V> extends FileSection {
    private final String itemWords;
    private final String removalWords;

    /**
     * @param itemWords how a problem names an item before its key ({@code member})
     * @param removalWords how a problem names an item's removal before its key ({@code removing member})
     */
    protected ListSection(String name, int order, String itemWords, String removalWords) {
        super(name, order);
        this.itemWords = itemWords;
        this.removalWords = removalWords;
    }

    /** What the relay holds now, by key. */
    protected abstract Map<String, V> current(Relay r);

    /** Adds the item to the file's list. */
    protected abstract void write(ArrayNode list, String key, V value);

    /** One item of the saved list, already {@link #checkItem checked}. */
    protected abstract Map.Entry<String, V> read(JsonNode item);

    /** Throws IllegalArgumentException, in words, when the {@code i}th item (from 1) is not of this section's shape. */
    protected abstract void checkItem(JsonNode item, int i);

    /**
     * Gives {@code target} the item (held before as {@code had}, null when it was not), as {@code caller}; returns
     * false when it is left as it is (a problem said why, or nothing to do); a refusal throws a {@link Failure}.
     */
    protected abstract boolean put(Relay target, String key, V had, V value, Caller caller, List<String> problems);

    /** Takes the item away from {@code target} as {@code caller}; false when it stays (a problem said why, if any). */
    protected abstract boolean remove(Relay target, String key, Caller caller, List<String> problems);

    /** How a problem names the item: {@code <item words> <key>}, e.g. {@code member <key>}. */
    protected final String item(String key) {
        return itemWords + " " + key;
    }

    /** Whether an item the relay holds as {@code had} changes to the saved {@code value}. */
    protected boolean changes(V had, V value) {
        return !had.equals(value);
    }

    /** An item a restore with replace never removes, even when the file does not hold it. */
    protected boolean kept(Relay target, String key) {
        return false;
    }

    /**
     * Before anything is applied: adds to {@code problems} what of the file the caller may not restore, and takes
     * from {@code want} what is not to be put; false when nothing of the file applies.
     */
    protected boolean applicable(Relay target, Map<String, V> want, Caller caller, List<String> problems) {
        return true;
    }

    /**
     * The person an item is of (a member's key, a name's holder), whom an erasure ends: a restore leaves the item out
     * when that person was erased; null for an item that is the relay's record rather than the person's (a ban).
     */
    protected String person(String key, V value) {
        return null;
    }

    @Override
    public JsonNode without(JsonNode saved, java.util.Set<String> erased) {
        if (erased.isEmpty()) return saved;
        ObjectNode out = saved.deepCopy();
        ArrayNode kept = out.putArray(name());
        for (JsonNode item : saved.path(name())) {
            Map.Entry<String, V> e = read(item);
            String of = person(e.getKey(), e.getValue());
            if (of == null || !erased.contains(of)) kept.add(item);
        }
        return out;
    }

    /** The saved items, by key (a key listed twice keeps its last value). */
    protected final Map<String, V> saved(JsonNode saved) {
        Map<String, V> out = new LinkedHashMap<>();
        for (JsonNode item : saved.path(name())) {
            Map.Entry<String, V> e = read(item);
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    @Override
    public JsonNode save(Relay r) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode list = out.putArray(name());
        current(r).forEach((key, value) -> write(list, key, value));
        return out;
    }

    @Override
    public void check(JsonNode saved) {
        if (!saved.path(name()).isArray()) throw new IllegalArgumentException("it has no \"" + name() + "\" list");
        int i = 0;
        for (JsonNode item : saved.path(name())) checkItem(item, ++i);
    }

    @Override
    public Change preview(Relay target, JsonNode saved, boolean replace) {
        Map<String, V> now = current(target);
        Map<String, V> want = saved(saved);
        long add = want.keySet().stream().filter(k -> !now.containsKey(k)).count();
        long change = want.entrySet().stream()
                .filter(e -> now.containsKey(e.getKey()) && changes(now.get(e.getKey()), e.getValue()))
                .count();
        long remove = replace
                ? now.keySet().stream()
                        .filter(k -> !want.containsKey(k) && !kept(target, k))
                        .count()
                : 0;
        return new Change(add, change, remove);
    }

    @Override
    public long apply(Relay target, JsonNode saved, boolean replace, Caller caller, List<String> problems) {
        Map<String, V> want = saved(saved);
        if (!applicable(target, want, caller, problems)) return 0;
        Map<String, V> now = current(target);
        long done = 0;
        for (var e : want.entrySet()) {
            V had = now.get(e.getKey());
            if (had != null && !changes(had, e.getValue())) continue;
            try {
                if (put(target, e.getKey(), had, e.getValue(), caller, problems)) done++;
            } catch (Failure f) {
                problems.add(item(e.getKey()) + ": " + f.getMessage());
            }
        }
        if (replace)
            for (String key : now.keySet()) {
                if (want.containsKey(key) || kept(target, key)) continue;
                try {
                    if (remove(target, key, caller, problems)) done++;
                } catch (Failure f) {
                    problems.add(removalWords + " " + key + ": " + f.getMessage());
                }
            }
        return done;
    }
}
