package caravel.store;

import java.util.Locale;
import java.util.Map;

/**
 * The relay lists' search term (q): a case-insensitive substring of the name, subdomain or id, or a prefix (4+ hex
 * characters) of the owner's pubkey. Terms of 3+ characters are looked up in the trigram index relays_search
 * (migration V41) instead of scanning every relay, and each hit is re-checked against the row itself, so the index
 * can only narrow the scan, never change the answer. Shorter terms (which a trigram cannot match) scan as before.
 */
public final class RelaySearch {
    private RelaySearch() {}

    public static Filters apply(Filters f, String term) {
        if (term == null || term.isBlank()) return f;
        String t = term.trim().toLowerCase(Locale.ROOT);
        String like = "%" + t.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
        String substring = "lower(name) LIKE :q ESCAPE '!' OR lower(subdomain) LIKE :q ESCAPE '!' OR lower(id) LIKE :q ESCAPE '!'";
        if (t.codePointCount(0, t.length()) < 3)
            return f.raw("(" + substring + " OR lower(tenant) LIKE :q ESCAPE '!')", Map.of("q", like));
        String fts = "\"" + t.replace("\"", "\"\"") + "\""; // one phrase: its trigrams in a row, i.e. a substring
        boolean pubkeyPrefix = t.length() >= 4 && t.length() <= 64 && t.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
        String clause = "((rowid IN (SELECT rowid FROM relays_search WHERE relays_search MATCH :q_fts) AND (" + substring + "))"
                + (pubkeyPrefix ? " OR (tenant >= :q_lo AND tenant < :q_hi)" : "") + ")";
        return pubkeyPrefix
                ? f.raw(clause, Map.of("q", like, "q_fts", fts, "q_lo", t, "q_hi", t + "g")) // 'g' sorts after every hex digit
                : f.raw(clause, Map.of("q", like, "q_fts", fts));
    }
}
