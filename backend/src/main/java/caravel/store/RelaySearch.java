package caravel.store;

import java.util.Locale;
import java.util.Map;

/**
 * The relay lists' search term (q): a case-insensitive substring of the name, subdomain or id, or a prefix (4+ hex
 * characters) of the owner's pubkey. Terms of 3+ characters are looked up in the trigram index relays_search
 * (migration V41) instead of scanning every relay, and each hit is re-checked against the row itself, so the index
 * can only narrow the scan, never change the answer. Shorter terms (which a trigram cannot match) scan as before.
 *
 * <p>How the hits are joined depends on how many there are (one count on the index, before the page's queries). A few:
 * each hit's row is read by rowid and the page sorted. Many (a common word): reading and sorting thousands of rows
 * would cost more than walking the relays newest first and keeping those whose rowid is among the hits (a set built
 * once) until the page is full, so the rowid test is written {@code +rowid}, which leaves the ordered index to SQLite.
 */
public final class RelaySearch {
    private RelaySearch() {}

    /** Above this many index hits the relays are walked in list order instead of read hit by hit. */
    static final int BROAD = 2000;

    public static Filters apply(org.jdbi.v3.core.Handle h, Filters f, String term) {
        return apply(h, f, term, BROAD);
    }

    /** @param broad above this many index hits, walk the relays in list order (tests set 0 to force that plan) */
    static Filters apply(org.jdbi.v3.core.Handle h, Filters f, String term, long broad) {
        if (term == null || term.isBlank()) return f;
        String t = term.trim().toLowerCase(Locale.ROOT);
        String like = "%" + t.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
        String substring =
                "lower(name) LIKE :q ESCAPE '!' OR lower(subdomain) LIKE :q ESCAPE '!' OR lower(id) LIKE :q ESCAPE '!'";
        if (t.codePointCount(0, t.length()) < 3)
            return f.raw("(" + substring + " OR lower(tenant) LIKE :q ESCAPE '!')", Map.of("q", like));
        String fts = "\"" + t.replace("\"", "\"\"") + "\""; // one phrase: its trigrams in a row, i.e. a substring
        boolean pubkeyPrefix = t.length() >= 4
                && t.length() <= 64
                && t.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
        long hits = h.createQuery("SELECT count(*) FROM relays_search WHERE relays_search MATCH :q")
                .bind("q", fts)
                .mapTo(Long.class)
                .one();
        String rowid = hits > broad ? "+rowid" : "rowid";
        String clause = "((" + rowid + " IN (SELECT rowid FROM relays_search WHERE relays_search MATCH :q_fts) AND ("
                + substring + "))" + (pubkeyPrefix ? " OR (tenant >= :q_lo AND tenant < :q_hi)" : "") + ")";
        return pubkeyPrefix
                ? f.raw(
                        clause,
                        Map.of("q", like, "q_fts", fts, "q_lo", t, "q_hi", t + "g")) // 'g' sorts after every hex digit
                : f.raw(clause, Map.of("q", like, "q_fts", fts));
    }
}
