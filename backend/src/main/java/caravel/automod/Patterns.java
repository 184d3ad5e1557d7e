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
     * The pattern as it reads text seen by a reader ({@link ReaderView}): each literal character (with the marks and
     * invisible code points after it, so that an accent typed as a separate mark is composed as in the text) becomes
     * what {@link ReaderView#of} makes of it, escaped where that is a character RE2 reads as syntax and grouped where it
     * is several ({@code ﬁ+} is {@code (?:fi)+}); an invisible one becomes an empty group, so a quantifier after it
     * still has something to repeat. Escapes stay as written ({@code \W}, {@code \p{Lu}}), except a character given by
     * its code ({@code \x{FF41}}), which is a literal like any other; quoted text ({@code \Q...\E}) is written out as
     * escaped literals. With {@code fold}, letters are lower-cased (matched against {@link ReaderView#folded} text it
     * is case-insensitive without RE2/J's case folding); without, letter case is kept for patterns about it.
     */
    static String readerForm(String source, boolean fold) {
        StringBuilder b = new StringBuilder(source.length() + 8);
        boolean inClass = false;
        int n = source.length();
        for (int i = 0; i < n; ) {
            char c = source.charAt(i);
            if (c == '\\' && i + 1 < n) {
                char next = source.charAt(i + 1);
                if (next == 'Q') {
                    int close = source.indexOf("\\E", i + 2);
                    int stop = close < 0 ? n : close;
                    for (int j = i + 2; j < stop; ) j = literal(source, j, stop, fold, inClass, b);
                    i = close < 0 ? n : close + 2;
                    continue;
                }
                int end = i + 1; // the escape's last character
                if ((next == 'p' || next == 'P' || next == 'x') && i + 2 < n && source.charAt(i + 2) == '{') {
                    int close = source.indexOf('}', i + 2);
                    end = close < 0 ? n - 1 : close;
                } else if ((next == 'p' || next == 'P') && i + 2 < n) end = i + 2;
                else if (next == 'x' && i + 3 < n) end = i + 3;
                String escape = source.substring(i, end + 1);
                int code = hexCode(escape);
                if (code >= 0) emit(new String(Character.toChars(code)), escape, fold, inClass, b);
                else b.append(escape);
                i = end + 1;
                continue;
            }
            if (!inClass && c == '[') {
                inClass = true;
                b.append(c);
                i++;
                if (i < n && source.charAt(i) == '^') b.append(source.charAt(i++));
                if (i < n && source.charAt(i) == ']') b.append(source.charAt(i++)); // "[]a]": the first ] is literal
                continue;
            }
            if (inClass && c == '[' && i + 1 < n && source.charAt(i + 1) == ':') {
                int close = source.indexOf(":]", i + 2); // a POSIX class, [:alpha:]
                int end = close < 0 ? n : close + 2;
                b.append(source, i, end);
                i = end;
                continue;
            }
            if (inClass && c == ']') {
                inClass = false;
                b.append(c);
                i++;
                continue;
            }
            if (c < 0x80 && !Character.isLetterOrDigit(c)) {
                b.append(c); // syntax, or punctuation that is its own reader's form
                i++;
                continue;
            }
            i = literal(source, i, n, fold, inClass, b);
        }
        return b.toString();
    }

    /** The literal character at {@code i} with the marks and invisible code points after it; returns where it ends. */
    private static int literal(String source, int i, int stop, boolean fold, boolean inClass, StringBuilder b) {
        int j = i + Character.charCount(source.codePointAt(i));
        while (j < stop) {
            int cp = source.codePointAt(j);
            int type = Character.getType(cp);
            boolean attached = type == Character.NON_SPACING_MARK
                    || type == Character.COMBINING_SPACING_MARK
                    || type == Character.ENCLOSING_MARK
                    || caravel.domain.InvisibleCharacters.ignorable(cp);
            if (!attached) break;
            j += Character.charCount(cp);
        }
        String written = source.substring(i, j);
        emit(written, written, fold, inClass, b);
        return j;
    }

    /** What a reader sees of {@code literal}, written so that RE2 reads it as that text. */
    private static void emit(String literal, String written, boolean fold, boolean inClass, StringBuilder b) {
        String seen = ReaderView.of(literal, fold);
        int count = seen.codePointCount(0, seen.length());
        if (inClass) {
            // a class holds single characters: one that reads as several is left as written (it matches nothing)
            if (count == 1) escaped(seen, b);
            else if (count > 1) b.append(written);
            return;
        }
        if (count == 1) escaped(seen, b);
        else {
            b.append("(?:");
            escaped(seen, b);
            b.append(')');
        }
    }

    private static void escaped(String s, StringBuilder b) {
        s.codePoints().forEach(cp -> {
            if (cp < 0x80 && !Character.isLetterOrDigit(cp)) b.append('\\');
            b.appendCodePoint(cp);
        });
    }

    /** The code point of {@code \x{41}} or {@code \x41}, or -1 for any other escape. */
    private static int hexCode(String escape) {
        if (escape.length() < 4 || escape.charAt(1) != 'x') return -1;
        String hex = escape.charAt(2) == '{' && escape.endsWith("}")
                ? escape.substring(3, escape.length() - 1)
                : escape.substring(2);
        if (hex.isEmpty() || hex.length() > 6 || !hex.chars().allMatch(ch -> Character.digit(ch, 16) >= 0)) return -1;
        int cp = Integer.parseInt(hex, 16);
        return Character.isValidCodePoint(cp) && !Character.isSurrogate((char) Math.min(cp, 0xFFFF)) ? cp : -1;
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
