package caravel.automod;

import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A relay's blocked words and patterns, compiled once when they change and shared by every check. Both read the text
 * as a reader sees it ({@link ReaderView}: invisible code points removed, NFKC, letter case folded), and the words and
 * patterns are read the same way, so a zero-width space, a soft hyphen, accents typed as separate marks or full-width
 * letters do not hide a word. Words match whole words: the text is cut into runs of letters, digits and marks, and a
 * word (or a phrase of several) matches the same run (or runs in a row), so "ham" blocks "Ham!" but not "hamster".
 * Patterns are RE2/J ({@link Patterns}) and read at most {@link #PATTERN_TEXT} characters of an event, which with the
 * bounded automata bounds a check's cost by construction; words read the whole text (a hash look-up per word).
 */
final class BlockedTerms {
    /** How much of an event's text patterns read (events are rarely longer; words read all of it). */
    static final int PATTERN_TEXT = 16_384;

    static final BlockedTerms NONE = new BlockedTerms(List.of(), List.of());

    /** A phrase's words, folded, and the word as the owner wrote it (to say which matched). */
    private record Phrase(String[] words, String written) {}

    private final Map<String, List<Phrase>> byFirstWord = new HashMap<>();
    /**
     * Every pattern whose folded form compiles, as one alternation over folded text: one pass of the automaton per
     * event instead of one per pattern, and literal prefixes RE2/J can search for (case folding would turn that off).
     * Null when there is none.
     */
    private final Pattern together;
    /**
     * Patterns that only compile as written ({@code [Z-a]}) or name Unicode classes: each checked alone, case-insensitive,
     * on the text as a reader sees it with its letter case ({@link ReaderView#visible}).
     */
    private final List<Integer> alone = new ArrayList<>();

    /** Patterns with a literal every match contains ({@link Patterns#requiredLiteral}): run only where it is found. */
    private record Guarded(int index, String literal, Pattern folded) {}

    private final List<Guarded> guarded = new ArrayList<>();

    private final List<String> patternSources;
    /** Each pattern as it reads text ({@link Patterns#readerForm}): folded, or as written for the ones checked alone. */
    private final String[] readerForms;
    /** Each pattern compiled on its own when first needed: only to say which one matched. */
    private final Pattern[] single;

    /** Words and patterns already checked ({@link RuleSettings#validate}); a pattern is compiled here again. */
    BlockedTerms(List<String> words, List<String> patterns) {
        for (String w : words) {
            List<String> split = words(ReaderView.folded(w));
            if (split.isEmpty()) continue;
            byFirstWord
                    .computeIfAbsent(split.get(0), k -> new ArrayList<>())
                    .add(new Phrase(split.toArray(String[]::new), w));
        }
        this.readerForms = new String[patterns.size()];
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < patterns.size(); i++) {
            Patterns.compile("patterns[" + i + "]", i, patterns.get(i)); // bounded, as when it was saved
            String folded = Patterns.readerForm(patterns.get(i), true);
            // a Unicode class (\p{Lu}) may be about letter case itself: such a pattern reads the text with its case
            if (patterns.get(i).contains("\\p") || patterns.get(i).contains("\\P")) {
                checkAlone(i, patterns.get(i));
                continue;
            }
            try {
                Pattern compiledFolded = Pattern.compile(folded);
                readerForms[i] = folded;
                String literal = Patterns.requiredLiteral(folded);
                if (literal != null) {
                    guarded.add(new Guarded(i, literal, compiledFolded));
                    continue;
                }
                all.append(all.isEmpty() ? "" : "|")
                        .append("(?:")
                        .append(folded)
                        .append(')');
            } catch (com.google.re2j.PatternSyntaxException e) {
                checkAlone(i, patterns.get(i));
            }
        }
        this.together = all.isEmpty() ? null : Pattern.compile(all.toString());
        this.patternSources = List.copyOf(patterns);
        this.single = new Pattern[patterns.size()];
    }

    private void checkAlone(int i, String source) {
        alone.add(i);
        readerForms[i] = Patterns.readerForm(source, false);
    }

    boolean isEmpty() {
        return byFirstWord.isEmpty() && patternSources.isEmpty();
    }

    /** What matched, in plain words, or null. */
    String match(String text) {
        if (isEmpty()) return null;
        String folded = ReaderView.folded(text);
        if (!byFirstWord.isEmpty()) {
            List<String> got = words(folded);
            for (int i = 0; i < got.size(); i++) {
                List<Phrase> candidates = byFirstWord.get(got.get(i));
                if (candidates == null) continue;
                for (Phrase p : candidates)
                    if (startsAt(got, i, p.words())) return "the blocked word \"" + p.written() + "\"";
            }
        }
        if (!patternSources.isEmpty()) {
            String head = head(folded);
            for (Guarded g : guarded)
                if (head.contains(g.literal()) && g.folded().matcher(head).find()) return named(g.index());
            if (together != null && together.matcher(head).find())
                for (int i = 0; i < patternSources.size(); i++)
                    if (!alone.contains(i) && one(i).matcher(head).find()) return named(i);
            if (!alone.isEmpty()) {
                String visibleHead = head(ReaderView.visible(text));
                for (int i : alone) if (one(i).matcher(visibleHead).find()) return named(i);
            }
        }
        return null;
    }

    /** What patterns read: cut text ends in a line break so that $ (the end of the whole text in RE2) cannot match at the cut. */
    private static String head(String text) {
        return text.length() > PATTERN_TEXT ? text.substring(0, PATTERN_TEXT) + "\n" : text;
    }

    private String named(int i) {
        return "the blocked pattern \"" + patternSources.get(i) + "\"";
    }

    /** The pattern alone (case-insensitive when read with letter case): found again only after a match (rare). */
    private Pattern one(int i) {
        Pattern p = single[i];
        if (p == null)
            single[i] = p = alone.contains(i)
                    ? Pattern.compile(readerForms[i], Pattern.CASE_INSENSITIVE)
                    : Pattern.compile(readerForms[i]);
        return p;
    }

    private static boolean startsAt(List<String> got, int at, String[] phrase) {
        if (at + phrase.length > got.size()) return false;
        for (int j = 1; j < phrase.length; j++) if (!got.get(at + j).equals(phrase[j])) return false;
        return true;
    }

    /** The runs of letters, digits and marks (a Devanagari vowel sign is part of its word), lower-cased. */
    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        int start = -1;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int type = Character.getType(cp);
            boolean inWord = Character.isLetterOrDigit(cp)
                    || type == Character.NON_SPACING_MARK
                    || type == Character.COMBINING_SPACING_MARK
                    || type == Character.ENCLOSING_MARK;
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
