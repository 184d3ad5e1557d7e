package caravel.automod;

import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A relay's blocked words and patterns, compiled once when they change and shared by every check. Words match whole
 * words, ignoring letter case: the text is cut into runs of letters and digits, and a word (or a phrase of several)
 * matches the same run (or runs in a row), so "ham" blocks "Ham!" but not "hamster". Patterns are RE2/J
 * ({@link Patterns}) and read at most {@link #PATTERN_TEXT} characters of an event, which with the bounded automata
 * bounds a check's cost by construction; words read the whole text (a hash look-up per word).
 */
final class BlockedTerms {
    /** How much of an event's text patterns read (events are rarely longer; words read all of it). */
    static final int PATTERN_TEXT = 16_384;

    static final BlockedTerms NONE = new BlockedTerms(List.of(), List.of());

    /** A phrase's words, lower-cased, and the word as the owner wrote it (to say which matched). */
    private record Phrase(String[] words, String written) {}

    private final Map<String, List<Phrase>> byFirstWord = new HashMap<>();
    /**
     * Every pattern whose lower-cased form compiles, as one alternation over lower-cased text: one pass of the
     * automaton per event instead of one per pattern, and literal prefixes RE2/J can search for (case folding would
     * turn that off). Null when there is none.
     */
    private final Pattern together;
    /**
     * Patterns that only compile as written ({@code [Z-a]}) or name Unicode classes: each checked alone, case-insensitive.
     */
    private final List<Integer> alone = new ArrayList<>();

    /** Patterns with a literal every match contains ({@link Patterns#requiredLiteral}): run only where it is found. */
    private record Guarded(int index, String literal, Pattern lowered) {}

    private final List<Guarded> guarded = new ArrayList<>();

    private final List<String> patternSources;
    /** Each pattern compiled on its own when first needed: only to say which one matched. */
    private final Pattern[] single;

    /** Words and patterns already checked ({@link RuleSettings#validate}); a pattern is compiled here again. */
    BlockedTerms(List<String> words, List<String> patterns) {
        for (String w : words) {
            List<String> split = words(w);
            if (split.isEmpty()) continue;
            byFirstWord
                    .computeIfAbsent(split.get(0), k -> new ArrayList<>())
                    .add(new Phrase(split.toArray(String[]::new), w));
        }
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < patterns.size(); i++) {
            Patterns.compile("patterns[" + i + "]", i, patterns.get(i)); // bounded, as when it was saved
            String lowered = Patterns.lowerLiterals(patterns.get(i));
            // a Unicode class (\p{Lu}) may be about letter case itself: such a pattern reads the text as written
            if (patterns.get(i).contains("\\p") || patterns.get(i).contains("\\P")) {
                alone.add(i);
                continue;
            }
            try {
                Pattern compiledLowered = Pattern.compile(lowered);
                String literal = Patterns.requiredLiteral(patterns.get(i));
                if (literal != null) {
                    guarded.add(new Guarded(i, literal, compiledLowered));
                    continue;
                }
                all.append(all.isEmpty() ? "" : "|")
                        .append("(?:")
                        .append(lowered)
                        .append(')');
            } catch (com.google.re2j.PatternSyntaxException e) {
                alone.add(i);
            }
        }
        this.together = all.isEmpty() ? null : Pattern.compile(all.toString());
        this.patternSources = List.copyOf(patterns);
        this.single = new Pattern[patterns.size()];
    }

    boolean isEmpty() {
        return byFirstWord.isEmpty() && patternSources.isEmpty();
    }

    /** What matched, in plain words, or null. */
    String match(String text) {
        if (!byFirstWord.isEmpty()) {
            List<String> got = words(text);
            for (int i = 0; i < got.size(); i++) {
                List<Phrase> candidates = byFirstWord.get(got.get(i));
                if (candidates == null) continue;
                for (Phrase p : candidates)
                    if (startsAt(got, i, p.words())) return "the blocked word \"" + p.written() + "\"";
            }
        }
        if (!patternSources.isEmpty()) {
            // cut text ends in a line break so that $ (the end of the whole text in RE2) cannot match at the cut
            String head = text.length() > PATTERN_TEXT ? text.substring(0, PATTERN_TEXT) + "\n" : text;
            String lower = lower(head);
            for (Guarded g : guarded)
                if (lower.contains(g.literal()) && g.lowered().matcher(lower).find()) return named(g.index());
            if (together != null && together.matcher(lower).find())
                for (int i = 0; i < patternSources.size(); i++)
                    if (!alone.contains(i) && one(i).matcher(head).find()) return named(i);
            for (int i : alone) if (one(i).matcher(head).find()) return named(i);
        }
        return null;
    }

    /** Lower-cased code point by code point, as {@link Patterns#lowerLiterals} lowers a pattern's letters. */
    static String lower(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> b.appendCodePoint(Character.toLowerCase(cp)));
        return b.toString();
    }

    private String named(int i) {
        return "the blocked pattern \"" + patternSources.get(i) + "\"";
    }

    /** The pattern alone, case-insensitive: found again only after the alternation matched (rare). */
    private Pattern one(int i) {
        Pattern p = single[i];
        if (p == null) single[i] = p = Pattern.compile(patternSources.get(i), Pattern.CASE_INSENSITIVE);
        return p;
    }

    private static boolean startsAt(List<String> got, int at, String[] phrase) {
        if (at + phrase.length > got.size()) return false;
        for (int j = 1; j < phrase.length; j++) if (!got.get(at + j).equals(phrase[j])) return false;
        return true;
    }

    /** The runs of letters, digits and combining marks, lower-cased. */
    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        int start = -1;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            boolean inWord = Character.isLetterOrDigit(cp) || Character.getType(cp) == Character.NON_SPACING_MARK;
            if (inWord && start < 0) start = i;
            if (!inWord && start >= 0) {
                out.add(text.substring(start, i).toLowerCase(Locale.ROOT));
                start = -1;
            }
            i += Character.charCount(cp);
        }
        if (start >= 0) out.add(text.substring(start).toLowerCase(Locale.ROOT));
        return out;
    }
}
