package caravel.automod;

import caravel.domain.Failure;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.regex.Matcher;

/**
 * Owners' blocked patterns, compiled with RE2/J: its matching is a simulation of the pattern's automaton, linear in
 * the text, so a pattern such as {@code (a+)+$} that makes a backtracking engine run for ever costs here what any
 * other pattern costs. What remains is the automaton's size, bounded before compiling: a pattern is at most
 * {@link #MAX_LENGTH} characters and its counted repetitions ({@code {n,m}}) may not multiply it past
 * {@link #MAX_WEIGHT}, so one check of one event is bounded by construction, not by a timeout.
 */
public final class Patterns {
    public static final int MAX_LENGTH = 200;
    /** Length times the product of every counted repetition's upper bound ({@code x{2,5}} counts 5). */
    static final int MAX_WEIGHT = 2_000;

    /** Counted repetitions as the owner typed them ({@code {3}}, {@code {2,}}, {@code {2,5}}); escaped braces skip. */
    private static final java.util.regex.Pattern COUNTED =
            java.util.regex.Pattern.compile("(?<!\\\\)\\{(\\d{1,6})(,(\\d{0,6}))?\\}");

    private Patterns() {}

    /**
     * The pattern compiled, case-insensitive (owners think of words, not of letter case), or a refusal naming the
     * {@code field} (such as {@code patterns[2]}) and, for a syntax error, the character where it is.
     */
    public static Pattern compile(String field, int index, String source) {
        String where = "Pattern " + (index + 1);
        if (source.isBlank()) throw Failure.invalidField(field, where + " is empty.");
        if (source.length() > MAX_LENGTH)
            throw Failure.invalidField(
                    field,
                    where + " is " + source.length() + " characters long; at most " + MAX_LENGTH + " are allowed.");
        long weight = source.length();
        // a fixed, owner-free expression over the owner's text (java.util.regex never sees an owner's pattern)
        Matcher m = COUNTED.matcher(source);
        while (m.find()) {
            long upper = m.group(2) == null
                    ? Long.parseLong(m.group(1))
                    : m.group(3).isEmpty() ? Long.parseLong(m.group(1)) + 1 : Long.parseLong(m.group(3));
            weight *= Math.max(1, upper);
            if (weight > MAX_WEIGHT)
                throw Failure.invalidField(
                        field,
                        where + ": the repetition at character " + (m.start() + 1)
                                + " makes the pattern too large to check quickly; use smaller counts such as {1,5}.");
        }
        try {
            return Pattern.compile(source, Pattern.CASE_INSENSITIVE);
        } catch (PatternSyntaxException e) {
            throw Failure.invalidField(
                    field, where + " cannot be read" + position(source, e) + ": " + e.getDescription() + ".");
        }
    }

    /**
     * RE2/J names the offending part of the pattern, not its offset: find that part to say where it is; for unbalanced
     * parentheses (where it names the whole pattern, or nothing useful) the parenthesis that has no partner.
     */
    static String position(String source, PatternSyntaxException e) {
        String bad = e.getPattern();
        String description = e.getDescription();
        boolean parens = description.contains("missing closing )")
                || description.contains("unexpected )")
                || description.contains("internal error");
        if (parens) {
            int at = unbalanced(source);
            return at < 0 ? "" : " at character " + (at + 1) + " (a parenthesis without its partner)";
        }
        if (bad == null || bad.isEmpty()) return "";
        int at = source.indexOf(bad);
        return at < 0 ? "" : " at character " + (at + 1) + " (" + bad + ")";
    }

    /** The first ')' without a '(' before it, else the last '(' never closed, else -1 (escapes and classes skipped). */
    static int unbalanced(String source) {
        java.util.ArrayDeque<Integer> open = new java.util.ArrayDeque<>();
        boolean inClass = false;
        for (int i = 0; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '\\') {
                i++;
                continue;
            }
            if (inClass) {
                if (c == ']') inClass = false;
                continue;
            }
            if (c == '[') {
                inClass = true;
                if (i + 1 < source.length() && source.charAt(i + 1) == ']') i++; // "[]a]": the first ] is literal
            } else if (c == '(') open.push(i);
            else if (c == ')') {
                if (open.isEmpty()) return i;
                open.pop();
            }
        }
        return open.isEmpty() ? -1 : open.peek();
    }
}
