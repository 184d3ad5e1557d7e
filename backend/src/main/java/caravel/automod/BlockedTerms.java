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
    private final List<Pattern> patterns;
    private final List<String> patternSources;

    /** Words and patterns already checked ({@link RuleSettings#validate}); a pattern is compiled here again. */
    BlockedTerms(List<String> words, List<String> patterns) {
        for (String w : words) {
            List<String> split = words(w);
            if (split.isEmpty()) continue;
            byFirstWord
                    .computeIfAbsent(split.get(0), k -> new ArrayList<>())
                    .add(new Phrase(split.toArray(String[]::new), w));
        }
        List<Pattern> compiled = new ArrayList<>();
        for (int i = 0; i < patterns.size(); i++)
            compiled.add(Patterns.compile("patterns[" + i + "]", i, patterns.get(i)));
        this.patterns = List.copyOf(compiled);
        this.patternSources = List.copyOf(patterns);
    }

    boolean isEmpty() {
        return byFirstWord.isEmpty() && patterns.isEmpty();
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
        if (!patterns.isEmpty()) {
            // cut text ends in a line break so that $ (the end of the whole text in RE2) cannot match at the cut
            String head = text.length() > PATTERN_TEXT ? text.substring(0, PATTERN_TEXT) + "\n" : text;
            for (int i = 0; i < patterns.size(); i++)
                if (patterns.get(i).matcher(head).find())
                    return "the blocked pattern \"" + patternSources.get(i) + "\"";
        }
        return null;
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
