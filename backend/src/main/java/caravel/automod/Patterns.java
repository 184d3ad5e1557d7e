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

    /**
     * The pattern with its literal letters lower-cased, escapes left as they are ({@code \W}, {@code \x{41}}): matched against lower-cased text it is case-insensitive, without RE2/J's case folding.
     */
    static String lowerLiterals(String source) {
        StringBuilder b = new StringBuilder(source.length());
        for (int i = 0; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c != '\\' || i + 1 >= source.length()) {
                int cp = source.codePointAt(i);
                b.appendCodePoint(Character.toLowerCase(cp));
                i += Character.charCount(cp) - 1;
                continue;
            }
            char next = source.charAt(i + 1);
            int end = i + 1;
            if ((next == 'p' || next == 'P' || next == 'x') && i + 2 < source.length() && source.charAt(i + 2) == '{') {
                int close = source.indexOf('}', i + 2);
                end = close < 0 ? source.length() - 1 : close;
            } else if ((next == 'p' || next == 'P') && i + 2 < source.length()) end = i + 2;
            b.append(source, i, end + 1);
            i = end;
        }
        return b.toString();
    }

    /**
     * A run of ASCII letters, digits or escaped punctuation every match must contain (lower-cased), or null: only what
     * stands at the top level counts (no top-level alternation; groups, classes, escapes of letters and anything
     * made optional end a run), so a text without it cannot match and the automaton need not run. The longest run of
     * at least 3 characters is taken.
     */
    static String requiredLiteral(String source) {
        if (source.contains("\\Q")) return null; // quoted text would confuse the scan below
        String best = null;
        StringBuilder run = new StringBuilder();
        int depth = 0;
        boolean inClass = false;
        for (int i = 0; i < source.length(); i++) {
            char c = source.charAt(i);
            if (inClass) {
                if (c == '\\') i++;
                else if (c == ']') inClass = false;
                continue;
            }
            if (c == '|' && depth == 0) return null; // either side may match: nothing is required
            Character literal = null;
            int next = i + 1;
            if (c == '\\' && i + 1 < source.length()) {
                char e = source.charAt(i + 1);
                if (e < 128 && !Character.isLetterOrDigit(e)) literal = e;
                next = i + 2;
            } else if (c < 128 && (Character.isLetterOrDigit(c) || " -_/:@#%&=~,;'\"!<>`".indexOf(c) >= 0))
                literal = Character.toLowerCase(c);
            if (c == '(') depth++;
            else if (c == ')') depth = Math.max(0, depth - 1);
            else if (c == '[') inClass = true;
            char q = next < source.length() ? source.charAt(next) : 0;
            boolean optional = q == '?'
                    || q == '*'
                    || (q == '{'
                            && next + 1 < source.length()
                            && (source.charAt(next + 1) == '0' || source.charAt(next + 1) == ','));
            boolean repeated = q == '+' || q == '{';
            if (depth == 0 && literal != null && !optional) run.append(literal.charValue());
            if (depth > 0 || literal == null || optional || repeated) {
                best = longer(best, run);
                run.setLength(0);
            }
            if (c == '\\') i++;
        }
        return longer(best, run);
    }

    private static String longer(String best, StringBuilder run) {
        if (run.length() < 3) return best;
        return best == null || run.length() > best.length() ? run.toString() : best;
    }
}
