package caravel.store;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list: items, the total number matching, and where the page sits. {@code totalExact} is false when
 * counting stopped at a cap (a search matching very many rows): then at least {@code total} rows match.
 *
 * <p>Lists with a {@link SortKey} also give the cursors of the pages beside this one ({@code nextCursor}: the rows
 * after the last item, {@code prevCursor}: the rows before the first), null where the list ends and on an empty page.
 * {@code page} is null on a page asked for by cursor: where it sits could only be known by counting the rows before it,
 * which is the very cost cursors avoid.
 */
public record Page<T>(
        List<T> items,
        long total,
        Integer page,
        int perPage,
        boolean totalExact,
        String nextCursor,
        String prevCursor) {
    public Page(List<T> items, long total, Integer page, int perPage, boolean totalExact) {
        this(items, total, page, perPage, totalExact, null, null);
    }

    public Page(List<T> items, long total, Integer page, int perPage) {
        this(items, total, page, perPage, true);
    }

    /** A page of a slice: its items and cursors, with the total counted as the request's list. */
    public static <T> Page<T> of(Slice<T> slice, long total, boolean totalExact, Request req) {
        return new Page<>(
                slice.items(),
                total,
                req.seek() == null ? req.page() : null,
                req.perPage(),
                totalExact,
                slice.nextCursor(),
                slice.prevCursor());
    }

    /**
     * A page of a slice whose total is counted only up to {@code countCap} rows (more: "at least countCap", not
     * exact), and not counted at all when the slice ends the list and so shows it ({@link Slice#knownTotal}).
     * @param countUpTo counts the list's rows, reading no further than the limit it is given
     */
    public static <T> Page<T> ofCapped(
            Slice<T> slice, Request req, long countCap, java.util.function.LongUnaryOperator countUpTo) {
        Long known = slice.knownTotal(req);
        long counted = known != null
                ? known
                : countUpTo.applyAsLong(countCap < Long.MAX_VALUE ? countCap + 1 : Long.MAX_VALUE);
        boolean exact = counted <= countCap;
        return of(slice, exact ? counted : countCap, exact, req);
    }

    public <R> Page<R> map(Function<T, R> f) {
        return new Page<>(items.stream().map(f).toList(), total, page, perPage, totalExact, nextCursor, prevCursor);
    }

    /**
     * Page request, already validated: page ≥ 1, 1 ≤ perPage ≤ 200; {@code seek} null for a page by number, else the
     * page right after or right before a cursor's row (and page is then not used).
     */
    public record Request(int page, int perPage, Seek seek) {
        public Request(int page, int perPage) {
            this(page, perPage, null);
        }

        public int offset() {
            return (page - 1) * perPage;
        }
    }

    /** Which side of a row a cursor page lies on, and that row's position (its sort key's values). */
    public record Seek(Direction direction, List<Object> position) {
        public enum Direction {
            AFTER,
            BEFORE
        }
    }

    /** The items of one page and the cursors beside it, before the total is known. */
    public record Slice<T>(List<T> items, String nextCursor, String prevCursor) {
        /**
         * The list's total when this slice shows it without counting: a page by number with no rows after it ends the
         * list, so the rows before it and its own are all there are (an empty first page: none). Null otherwise (a
         * page by cursor does not know how many rows lie before it).
         */
        public Long knownTotal(Request req) {
            if (req.seek() != null || nextCursor != null) return null;
            if (items.isEmpty()) return req.offset() == 0 ? 0L : null;
            return (long) req.offset() + items.size();
        }
    }
}
