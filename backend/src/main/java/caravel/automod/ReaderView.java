package caravel.automod;

import caravel.domain.InvisibleCharacters;
import java.text.Normalizer;
import java.util.Locale;

/**
 * Text as a reader sees it, which is what automatic rules match: without the code points nobody sees (zero-width
 * spaces and joiners, soft hyphens, word joiners, byte order marks, bidirectional controls, variation selectors:
 * {@link InvisibleCharacters#ignorable}), in compatibility form (NFKC: full-width letters are the ASCII ones, accents
 * typed as separate marks are composed, the ligature ﬁ is "fi"), and, for {@link #folded}, with letter case folded
 * away. A rule's words and patterns are read the same way, so "spam" written with a zero-width space, a soft hyphen or
 * in full-width letters is still "spam". Letters of other scripts that look alike (Cyrillic а for Latin a) stay what
 * they are: see docs/automatic-moderation.md.
 */
final class ReaderView {
    private ReaderView() {}

    /** Invisible code points removed and NFKC; letter case as written. */
    static String visible(String s) {
        if (ascii(s)) return s;
        // NFKC can make an ignorable of a visible-looking one (U+FFA0 to U+3164): removed on both sides
        return InvisibleCharacters.remove(Normalizer.normalize(InvisibleCharacters.remove(s), Normalizer.Form.NFKC));
    }

    /**
     * {@link #visible}, then letter case folded: lower, upper and lower again, which folds what one mapping alone
     * does not (ß and ẞ are both "ss", final ς is σ), and NFKC once more because case mappings may decompose (ǰ).
     */
    static String folded(String s) {
        if (ascii(s)) return s.toLowerCase(Locale.ROOT);
        String v = visible(s).toLowerCase(Locale.ROOT).toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
        return Normalizer.normalize(v, Normalizer.Form.NFKC);
    }

    /** {@link #folded} or {@link #visible}. */
    static String of(String s, boolean fold) {
        return fold ? folded(s) : visible(s);
    }

    /** Most posts are plain ASCII, which both views leave as it is (but for letter case): nothing to normalise. */
    private static boolean ascii(String s) {
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) >= 0x80) return false;
        return true;
    }
}
