package caravel.store;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A list's order for cursor (keyset) paging: its ORDER BY columns, the last of them unique, so that every row has a
 * position of its own and "the rows after this one" leaves none out and repeats none, however many rows share the
 * other columns' values.
 *
 * <p>A cursor is a row's position (its values of these columns) as opaque text. It carries the list's name and a
 * digest, so a cursor that was cut short, edited or taken from another list is refused rather than read as some other
 * position. The digest is not a secret: a cursor grants nothing — every position of a list is reachable by whoever
 * may read the list — so it need only catch cursors that were not made here.
 *
 * @param <T> the listed item, whose column values a cursor is made of
 */
public final class SortKey<T> {
    /** A direction of an ORDER BY column. */
    public enum Order {
        ASC,
        DESC
    }

    /** One ORDER BY column: its SQL, its direction, whether its values are integers or text, and its value in an item. */
    public record Column<T>(String sql, Order order, boolean integer, Function<T, Object> value) {}

    public static <T> Column<T> integer(String sql, Order order, Function<T, Long> value) {
        return new Column<>(sql, order, true, value::apply);
    }

    public static <T> Column<T> text(String sql, Order order, Function<T, String> value) {
        return new Column<>(sql, order, false, value::apply);
    }

    /** Longer query parameters are refused before being decoded; the lists' cursors are under 120 characters. */
    public static final int MAX_CURSOR_LENGTH = 200;

    private static final String VERSION = "1";
    private static final int DIGEST_BYTES = 8;

    private final String list;
    private final List<Column<T>> columns;

    /**
     * @param list    the list's name, written into its cursors so that another list's cursor is refused
     * @param columns the ORDER BY columns; the last one must be unique among the listed rows
     */
    public SortKey(String list, List<Column<T>> columns) {
        if (columns.isEmpty()) throw new IllegalArgumentException("a sort key needs at least one column");
        this.list = list;
        this.columns = List.copyOf(columns);
    }

    /** The list's ORDER BY (without the keywords). */
    public String orderBy() {
        return orderBy(false);
    }

    /** The opposite order: the rows before a cursor are read nearest first, then turned round. */
    public String reversedOrderBy() {
        return orderBy(true);
    }

    private String orderBy(boolean reversed) {
        List<String> parts = new ArrayList<>();
        for (Column<T> c : columns) {
            boolean descending = (c.order() == Order.DESC) != reversed;
            parts.add(c.sql() + (descending ? " DESC" : " ASC"));
        }
        return String.join(", ", parts);
    }

    /**
     * The rows strictly after (or before) the position bound by {@link #seekParams}, in this order. Written as a range
     * on the first column (which an index on these columns answers with a seek) narrowed by the exact condition,
     * column by column: (c1, c2) after (v1, v2) is c1 ≤ v1 AND (c1 < v1 OR (c1 = v1 AND c2 > v2)) for c1 descending,
     * c2 ascending. SQLite's row values cannot say this: they compare every column in one direction.
     */
    public String seekClause(boolean after) {
        List<String> alternatives = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            List<String> terms = new ArrayList<>();
            for (int j = 0; j < i; j++) terms.add(columns.get(j).sql() + " = :" + param(j));
            terms.add(columns.get(i).sql() + " " + beyond(columns.get(i), after) + " :" + param(i));
            alternatives.add(terms.size() == 1 ? terms.getFirst() : "(" + String.join(" AND ", terms) + ")");
        }
        Column<T> first = columns.getFirst();
        return "(" + first.sql() + " " + beyond(first, after) + "= :" + param(0) + " AND ("
                + String.join(" OR ", alternatives) + "))";
    }

    /** The values {@link #seekClause} binds for a position read from a cursor. */
    public Map<String, Object> seekParams(List<Object> position) {
        Map<String, Object> params = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) params.put(param(i), position.get(i));
        return params;
    }

    private static String param(int i) {
        return "_k" + i;
    }

    /** The comparison that keeps the rows on the given side of a value of this column. */
    private static String beyond(Column<?> c, boolean after) {
        return (c.order() == Order.DESC) == after ? "<" : ">";
    }

    /** The cursor of an item's position in this list. */
    public String cursor(T item) {
        StringBuilder payload = new StringBuilder(VERSION).append('\n').append(list);
        for (Column<T> c : columns) {
            Object v = c.value().apply(item);
            payload.append('\n')
                    .append(c.integer() ? v.toString() : URLEncoder.encode((String) v, StandardCharsets.UTF_8));
        }
        byte[] text = payload.toString().getBytes(StandardCharsets.UTF_8);
        byte[] out = Arrays.copyOf(text, text.length + DIGEST_BYTES);
        System.arraycopy(digest(text), 0, out, text.length, DIGEST_BYTES);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    }

    /**
     * The position a cursor of this list names: one value per column (Long or String).
     *
     * @throws IllegalArgumentException when the text is not a cursor this list made (garbled, edited, cut short, too
     *     long, or another list's)
     */
    public List<Object> position(String cursor) {
        if (cursor.length() > MAX_CURSOR_LENGTH) throw notACursor("it is too long");
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(cursor);
        } catch (IllegalArgumentException e) {
            throw notACursor("it is not base64url");
        }
        if (bytes.length <= DIGEST_BYTES) throw notACursor("it is too short");
        byte[] text = Arrays.copyOf(bytes, bytes.length - DIGEST_BYTES);
        byte[] check = Arrays.copyOfRange(bytes, text.length, bytes.length);
        if (!MessageDigest.isEqual(Arrays.copyOf(digest(text), DIGEST_BYTES), check))
            throw notACursor("its digest does not match");
        String[] parts = new String(text, StandardCharsets.UTF_8).split("\n", -1);
        if (parts.length != columns.size() + 2 || !parts[0].equals(VERSION) || !parts[1].equals(list))
            throw notACursor("it is not one of this list's cursors");
        List<Object> position = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            String v = parts[i + 2];
            // a digest someone recomputed lets any text through to here: read it as strictly as the rest
            try {
                position.add(
                        columns.get(i).integer() ? Long.parseLong(v) : URLDecoder.decode(v, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw notACursor("a value is malformed");
            }
        }
        return position;
    }

    private static IllegalArgumentException notACursor(String why) {
        return new IllegalArgumentException("not a cursor: " + why);
    }

    private static byte[] digest(byte[] text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
