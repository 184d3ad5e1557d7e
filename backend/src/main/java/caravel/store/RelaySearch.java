package caravel.store;

import java.util.Locale;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * The relay lists' search term (q): a case-insensitive substring of the name, subdomain or id, or a prefix (4+ hex
 * characters) of the owner's pubkey. Terms of 3+ characters are looked up in the trigram index relays_search
 * (migration V41) instead of scanning every relay, and each hit is re-checked against the row itself, so the index
 * can only narrow the scan, never change the answer. Shorter terms (which a trigram cannot match) scan as before.
 *
 * <p>The index hits are counted first (one read of the index), and that number picks each query's plan:
 *
 * <ul>
 *   <li>the page: with a few hits, each hit's row is read by rowid and the page sorted. With many (a common word),
 *       reading and sorting thousands of rows would cost more than walking the relays newest first and keeping those
 *       whose rowid is among the hits (a set built once) until the page is full, so the rowid test is written
 *       {@code +rowid}, which leaves the ordered index to SQLite;
 *   <li>the total, counted up to a cap: whichever side has fewer rows drives the count — the hits, each read by rowid
 *       and tested against the other filters (a common word among mostly active relays reaches the cap after a few
 *       hundred reads), or the relays the other filters keep, each tested against the hits (a common word among the
 *       few suspended relays). A probe that counts the filters' rows no further than the number of hits decides.
 * </ul>
 */
public final class RelaySearch {
    private RelaySearch() {}

    /** Above this many index hits the page walks the relays in list order instead of reading hit by hit. */
    static final int BROAD = 2000;

    private static final String SUBSTRING =
            "lower(name) LIKE :q ESCAPE '!' OR lower(subdomain) LIKE :q ESCAPE '!' OR lower(id) LIKE :q ESCAPE '!'";
    private static final String HITS = "SELECT rowid FROM relays_search WHERE relays_search MATCH :q_fts";
    /** The hits first, each joined to its relay by rowid (the subquery hides the index's own name, subdomain, id). */
    private static final String FROM_HITS =
            "FROM (SELECT rowid AS hit FROM relays_search WHERE relays_search MATCH :q_fts) CROSS JOIN relays ON relays.rowid = hit";

    /**
     * One page (by number or by cursor) of the relays the filters keep that match the term, in {@link
     * RelayStore#LIST_ORDER}; the total counted up to countCap.
     */
    static Page<Relay> page(Handle h, Filters f, String term, Page.Request req, long countCap) {
        if (term == null || term.isBlank())
            return f.page(h, "SELECT *", "FROM relays", RelayStore.LIST_ORDER, req, RelayStore::map, Long.MAX_VALUE);
        Term t = Term.of(term);
        if (Dialect.of(h) == Dialect.POSTGRESQL)
            return byLike(f, t)
                    .page(h, "SELECT *", "FROM relays", RelayStore.LIST_ORDER, req, RelayStore::map, countCap);
        long hits = t.indexed() ? hits(h, t) : 0;
        var slice = narrow(f.copy(), t, hits, BROAD)
                .slice(h, "SELECT *", "FROM relays", RelayStore.LIST_ORDER, req, RelayStore::map);
        // a page that ends the list (one subdomain's relay) is not counted
        return Page.ofCapped(slice, req, countCap, limit -> count(h, f, t, hits, limit));
    }

    /** The filters narrowed to the term, planned for a page: above {@code broad} hits, walking the list order. */
    static Filters apply(Handle h, Filters f, String term, long broad) {
        if (term == null || term.isBlank()) return f;
        Term t = Term.of(term);
        if (Dialect.of(h) == Dialect.POSTGRESQL) return byLike(f, t);
        return narrow(f, t, t.indexed() ? hits(h, t) : 0, broad);
    }

    /**
     * PostgreSQL: the same matches said with LIKE alone. Its trigram indexes (pg_trgm GIN on each searched column,
     * PostgreSQL's baseline migration) serve a LIKE of 3+ characters directly, and its planner picks between them
     * and the list order by its own statistics, which the hit-count planning above does for SQLite by hand.
     */
    private static Filters byLike(Filters f, Term t) {
        if (!t.indexed()) return shortTerm(f, t);
        if (!t.pubkeyPrefix()) return f.raw("(" + SUBSTRING + ")", Map.of("q", t.like()));
        return f.raw(
                "((" + SUBSTRING + ") OR " + OWNER_PREFIX + ")",
                Map.of("q", t.like(), "q_lo", t.text(), "q_hi", t.text() + "g"));
    }

    /** A term too short for a trigram (either database): a plain substring scan, the owner's key included. */
    private static Filters shortTerm(Filters f, Term t) {
        return f.raw("(" + SUBSTRING + " OR lower(tenant) LIKE :q ESCAPE '!')", t.params());
    }

    /** Relays whose owner's key starts with the term (a hex prefix): a range on the tenant column. */
    private static final String OWNER_PREFIX = "(tenant >= :q_lo AND tenant < :q_hi)";

    /** Matches counted no further than limit, driven by whichever side has fewer rows (see the class comment). */
    static long count(Handle h, Filters f, Term t, long hits, long limit) {
        if (t.indexed() && !t.pubkeyPrefix() && f.count(h, "FROM relays", hits) >= hits)
            return f.copy().raw("(" + SUBSTRING + ")", t.params()).count(h, FROM_HITS, limit);
        // walking the filters' rows: +rowid keeps SQLite on them (an owner prefix keeps the page's plan: its OR arm
        // is a range on the tenant column, not the hits)
        return narrow(f.copy(), t, hits, t.pubkeyPrefix() ? BROAD : 0).count(h, "FROM relays", limit);
    }

    private static long hits(Handle h, Term t) {
        return h.select("SELECT count(*) FROM relays_search WHERE relays_search MATCH ?", t.fts())
                .mapTo(Long.class)
                .one();
    }

    private static Filters narrow(Filters f, Term t, long hits, long broad) {
        if (!t.indexed()) return shortTerm(f, t);
        String rowid = hits > broad ? "+rowid" : "rowid";
        String clause = "((" + rowid + " IN (" + HITS + ") AND (" + SUBSTRING + "))"
                + (t.pubkeyPrefix() ? " OR " + OWNER_PREFIX : "") + ")";
        return f.raw(clause, t.params());
    }

    /** A search term, normalized, with the forms each query binds. */
    record Term(String text, String like, String fts, boolean indexed, boolean pubkeyPrefix) {
        static Term of(String term) {
            String t = term.trim().toLowerCase(Locale.ROOT);
            return new Term(
                    t,
                    "%" + t.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%",
                    "\"" + t.replace("\"", "\"\"") + "\"", // one phrase: its trigrams in a row, i.e. a substring
                    t.codePointCount(0, t.length()) >= 3, // a trigram index cannot match fewer characters
                    t.length() >= 4
                            && t.length() <= 64
                            && t.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')));
        }

        Map<String, Object> params() {
            if (!indexed) return Map.of("q", like);
            return pubkeyPrefix
                    ? Map.of(
                            "q",
                            like,
                            "q_fts",
                            fts,
                            "q_lo",
                            text,
                            "q_hi",
                            text + "g") // 'g' sorts after every hex digit
                    : Map.of("q", like, "q_fts", fts);
        }
    }
}
