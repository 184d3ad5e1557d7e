package caravel.domain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The text a relay's owner writes about it, published in its NIP-11 document: its name, icon URL and description.
 * One value for the relay's row, a new relay, an edit and the relay's backup, so a field added here reaches all of
 * them: the store reads and writes these columns by {@link #FIELDS} (a column per field, named as the field is on the
 * wire), the backup saves {@link #fields()}. In an edit a null field is one the edit leaves as it is.
 */
public record RelayProfile(String name, String icon, String description) {
    /** The fields by wire name (the API's, the backup's, the columns'), in the order an edit's activity lists them. */
    public static final List<String> FIELDS = List.of("name", "icon", "description");

    /** A new relay's profile before its fields are set: every field empty. */
    public static final RelayProfile EMPTY = new RelayProfile("", "", "");

    /** An edit that changes none of the fields (each set by a wither is one the edit changes). */
    public static final RelayProfile UNCHANGED = new RelayProfile(null, null, null);

    public RelayProfile withName(String name) {
        return new RelayProfile(name, icon, description);
    }

    public RelayProfile withIcon(String icon) {
        return new RelayProfile(name, icon, description);
    }

    public RelayProfile withDescription(String description) {
        return new RelayProfile(name, icon, description);
    }

    /** The fields by wire name, in {@link #FIELDS}' order (a field an edit leaves as null). */
    public Map<String, String> fields() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("name", name);
        out.put("icon", icon);
        out.put("description", description);
        return out;
    }

    /** The profile whose fields {@code field} gives by wire name (null: not given). */
    public static RelayProfile of(Function<String, String> field) {
        return new RelayProfile(field.apply("name"), field.apply("icon"), field.apply("description"));
    }

    /**
     * Every field by the rules of the form that edits it ({@link Validation}), normalised as stored (NFC, trimmed): every
     * way of creating or editing a relay passes here, so none of them can publish in NIP-11 what the form refuses. A
     * null field (an edit leaving it) stays null.
     */
    public RelayProfile checked() {
        return new RelayProfile(
                name == null ? null : Validation.name(name),
                icon == null ? null : Validation.icon(icon),
                description == null ? null : Validation.description(description));
    }

    /**
     * This edit over {@code current}: a field the edit leaves (null) or sets to what it is keeps the current value; the
     * wire names of the fields it really changes are added to {@code changed}, in {@link #FIELDS}' order.
     */
    public RelayProfile over(RelayProfile current, List<String> changed) {
        Map<String, String> now = current.fields();
        Map<String, String> out = new LinkedHashMap<>(now);
        fields().forEach((field, asked) -> {
            if (asked != null && !asked.equals(now.get(field))) {
                out.put(field, asked);
                changed.add(field);
            }
        });
        return of(out::get);
    }
}
