package caravel.domain;

/**
 * Characters that change how text displays without showing themselves: Unicode's default-ignorable code points
 * (zero-width spaces and joiners, the soft hyphen, the word joiner, the byte order mark, bidirectional controls,
 * variation selectors, Hangul fillers, tag characters) and the other format characters (category Cf). Free text a
 * person puts is refused when it holds one ({@link Validation#text}); automatic rules remove them before matching, as a
 * reader never sees them.
 */
public final class InvisibleCharacters {
    private static final int ZERO_WIDTH_JOINER = 0x200D;

    private InvisibleCharacters() {}

    /** Unicode 16's Default_Ignorable_Code_Point (DerivedCoreProperties.txt), assigned or not. */
    public static boolean ignorable(int cp) {
        if (cp < 0x00AD) return false;
        return cp == 0x00AD
                || cp == 0x034F
                || cp == 0x061C
                || cp == 0x115F
                || cp == 0x1160
                || cp == 0x17B4
                || cp == 0x17B5
                || (cp >= 0x180B && cp <= 0x180F)
                || (cp >= 0x200B && cp <= 0x200F)
                || (cp >= 0x202A && cp <= 0x202E)
                || (cp >= 0x2060 && cp <= 0x206F)
                || cp == 0x3164
                || (cp >= 0xFE00 && cp <= 0xFE0F)
                || cp == 0xFEFF
                || cp == 0xFFA0
                || (cp >= 0xFFF0 && cp <= 0xFFF8)
                || (cp >= 0x1BCA0 && cp <= 0x1BCA3)
                || (cp >= 0x1D173 && cp <= 0x1D17A)
                || (cp >= 0xE0000 && cp <= 0xE0FFF);
    }

    /** The text without its default-ignorable code points: what a reader sees of it, character for character. */
    public static String remove(String s) {
        int i = 0;
        while (i < s.length() && !ignorable(s.codePointAt(i))) i += Character.charCount(s.codePointAt(i));
        if (i == s.length()) return s; // the usual case: nothing to remove, nothing copied
        StringBuilder b = new StringBuilder(s.length());
        b.append(s, 0, i);
        for (; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (!ignorable(cp)) b.appendCodePoint(cp);
            i += Character.charCount(cp);
        }
        return b.toString();
    }

    /**
     * The first character a person may not put in free text, or -1: a default-ignorable or format character, with two
     * exceptions that belong to visible text. A zero-width joiner between two pictographs is how emoji sequences such
     * as 👩‍💻 are written; a variation selector right after a visible character chooses how that character is drawn
     * (❤️ is U+2764 U+FE0F; Mongolian's free variation selectors work the same way).
     */
    public static int firstRefused(String t) {
        int[] cps = t.codePoints().toArray();
        for (int i = 0; i < cps.length; i++) {
            int cp = cps[i];
            if (!ignorable(cp) && Character.getType(cp) != Character.FORMAT) continue;
            boolean emojiJoiner = cp == ZERO_WIDTH_JOINER
                    && i > 0
                    && i < cps.length - 1
                    && pictographic(cps[i - 1])
                    && pictographic(cps[i + 1]);
            boolean selectsPrevious = selector(cp) && i > 0 && visible(cps[i - 1]);
            if (!emojiJoiner && !selectsPrevious) return cp;
        }
        return -1;
    }

    /** Variation selectors (standard and ideographic) and Mongolian's free variation selectors. */
    private static boolean selector(int cp) {
        return (cp >= 0xFE00 && cp <= 0xFE0F)
                || (cp >= 0xE0100 && cp <= 0xE01EF)
                || (cp >= 0x180B && cp <= 0x180D)
                || cp == 0x180F;
    }

    /** A character that shows itself: not a space, a control, an ignorable or a format character. */
    private static boolean visible(int cp) {
        int type = Character.getType(cp);
        return !Character.isWhitespace(cp)
                && !Character.isSpaceChar(cp)
                && type != Character.CONTROL
                && type != Character.FORMAT
                && type != Character.UNASSIGNED
                && !ignorable(cp);
    }

    /** Emoji and symbols that join into sequences (including a preceding variation selector-16). */
    private static boolean pictographic(int cp) {
        return cp == 0xFE0F
                || (cp >= 0x1F000 && cp <= 0x1FAFF)
                || (cp >= 0x2600 && cp <= 0x27BF)
                || (cp >= 0x1F3FB && cp <= 0x1F3FF)
                || cp == 0x2640
                || cp == 0x2642
                || cp == 0x2695
                || cp == 0x2708
                || cp == 0x2764;
    }

    /** "U+202E": how a refusal names the character. */
    public static String name(int cp) {
        return String.format(java.util.Locale.ROOT, "U+%04X", cp);
    }
}
