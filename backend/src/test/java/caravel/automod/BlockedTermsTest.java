package caravel.automod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import caravel.domain.Failure;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The blocked words and patterns: what matches, what is refused, and that no pattern can stall a check. */
class BlockedTermsTest {
    @Test
    void wordsMatchWholeWordsWhateverTheirCase() {
        BlockedTerms t = new BlockedTerms(List.of("ham", "cheap pills"), List.of());
        assertThat(t.match("Fresh HAM!")).isEqualTo("the blocked word \"ham\"");
        assertThat(t.match("a hamster and shame")).isNull();
        assertThat(t.match("buy Cheap   PILLS now")).isEqualTo("the blocked word \"cheap pills\"");
        assertThat(t.match("cheap vitamins, pills")).isNull();
        assertThat(t.match("Ünïcode ham")).isNotNull();
    }

    @Test
    void patternsAreCaseInsensitiveAndNamed() {
        BlockedTerms t = new BlockedTerms(List.of(), List.of("bit\\.ly/\\w+", "(?:free|cheap)\\s+crypto"));
        assertThat(t.match("see BIT.LY/abc")).isEqualTo("the blocked pattern \"bit\\.ly/\\w+\"");
        assertThat(t.match("FREE  crypto")).isEqualTo("the blocked pattern \"(?:free|cheap)\\s+crypto\"");
        assertThat(t.match("crypto is free")).isNull();
    }

    @Test
    void patternsAreCheckedTogetherOnLowerCasedTextWithTheSameAnswers() {
        // escapes stay as written, but a character given by its code, or quoted, is a literal like any other
        assertThat(Patterns.readerForm("Bit\\.LY/\\W\\S\\p{Lu}\\x{41}[A-Z]\\QA.B\\E", true))
                .isEqualTo("bit\\.ly/\\W\\S\\p{Lu}a[a-z]a\\.b");
        BlockedTerms t = new BlockedTerms(List.of(), List.of("\\p{Greek}{3}", "[Z-a]x", "SHOUT\\d", "\\bCAT\\b"));
        assertThat(t.match("say ΑΒΓ")).isEqualTo("the blocked pattern \"\\p{Greek}{3}\"");
        assertThat(t.match("shout1")).isEqualTo("the blocked pattern \"SHOUT\\d\"");
        assertThat(t.match("a Cat!")).isEqualTo("the blocked pattern \"\\bCAT\\b\"");
        assertThat(t.match("category")).isNull();
        assertThat(t.match("_X")).isEqualTo("the blocked pattern \"[Z-a]x\"");
    }

    @Test
    void aPatternRunsOnlyWhereTheLiteralItNeedsIsFound() {
        assertThat(Patterns.requiredLiteral("bit\\.ly/\\w+")).isEqualTo("bit.ly/");
        assertThat(Patterns.requiredLiteral("(?:free|cheap)\\s+Crypto\\d+")).isEqualTo("crypto");
        assertThat(Patterns.requiredLiteral("buy\\s+now")).isEqualTo("buy");
        // optional, alternated or grouped letters are not required
        assertThat(Patterns.requiredLiteral("abcd?")).isEqualTo("abc");
        assertThat(Patterns.requiredLiteral("abcd*")).isEqualTo("abc");
        assertThat(Patterns.requiredLiteral("abcd{0,2}")).isEqualTo("abc");
        assertThat(Patterns.requiredLiteral("spam|eggs")).isNull();
        assertThat(Patterns.requiredLiteral("(spam)?x")).isNull();
        assertThat(Patterns.requiredLiteral("[spam]+")).isNull();
        assertThat(Patterns.requiredLiteral("(x\\Q)\\Eabc)?")).isNull();
        assertThat(Patterns.requiredLiteral("\\bwin\\b")).isEqualTo("win");
        BlockedTerms t = new BlockedTerms(List.of(), List.of("BIT\\.ly/\\w+", "abcd?e", "x(?:yz)?longer"));
        assertThat(t.match("see Bit.Ly/x")).isEqualTo("the blocked pattern \"BIT\\.ly/\\w+\"");
        assertThat(t.match("ABCE")).isEqualTo("the blocked pattern \"abcd?e\"");
        assertThat(t.match("xlonger")).isEqualTo("the blocked pattern \"x(?:yz)?longer\"");
        assertThat(t.match("bit ly abc")).isNull();
    }

    /**
     * (a+)+$ backtracks exponentially in java.util.regex on "aaaa…!"; RE2/J simulates the automaton, so the check is
     * linear in the text: a million characters finish here like any other input (no timeout needed to stop it).
     */
    @Test
    void aCatastrophicPatternReturnsPromptly() {
        BlockedTerms t = new BlockedTerms(List.of(), List.of("(a+)+$", "(x|x)*y", "(a|aa)+b"));
        String evil = "a".repeat(1_000_000) + "!";
        assertThat(t.match(evil)).isNull();
        assertThat(t.match("a".repeat(40) + "!")).isNull();
        assertThat(t.match("aaaa")).isEqualTo("the blocked pattern \"(a+)+$\"");
        // patterns read the first PATTERN_TEXT characters: a match beyond them is not found by a pattern
        assertThat(t.match("b".repeat(BlockedTerms.PATTERN_TEXT) + "aaa")).isNull();
        // words read everything
        assertThat(new BlockedTerms(List.of("spam"), List.of()).match("x ".repeat(500_000) + "spam"))
                .isNotNull();
    }

    @Test
    void aPatternThatCannotCompileIsRefusedWithItsFieldAndPosition() {
        RuleSettings s = new RuleSettings(true, List.of("ok"), List.of("fine", "ab(cd"), false, 1, 7);
        assertThatThrownBy(s::validate)
                .isInstanceOf(Failure.class)
                .hasMessageContaining("Pattern 2")
                .hasMessageContaining("at character 3")
                .satisfies(e -> assertThat(((Failure) e).field()).isEqualTo("patterns[1]"));
        assertThatThrownBy(() -> Patterns.compile("patterns[0]", 0, "x**"))
                .isInstanceOf(Failure.class)
                .hasMessageContaining("at character 2");
    }

    @Test
    void overlongTooManyAndHugeRepetitionsAreRefused() {
        assertThat(field(new RuleSettings(true, List.of(), List.of("a".repeat(Patterns.MAX_LENGTH + 1)), false, 1, 7)))
                .isEqualTo("patterns[0]");
        List<String> many = new ArrayList<>(Collections.nCopies(RuleSettings.MAX_TERMS, "w"));
        assertThat(field(new RuleSettings(true, many, List.of("p"), false, 1, 7)))
                .isEqualTo("words");
        // (a{100}){100} would be ten thousand states: refused before compiling, at the repetition that overflows
        assertThatThrownBy(() -> Patterns.compile("patterns[0]", 0, "(a{100}){100}"))
                .isInstanceOf(Failure.class)
                .hasMessageContaining("character 9");
        assertThat(Patterns.compile("p", 0, "[0-9]{3}-[0-9]{4}")).isNotNull();
        assertThat(field(new RuleSettings(true, List.of("ok", "  "), List.of(), false, 1, 7)))
                .isEqualTo("words[1]");
        assertThat(field(new RuleSettings(true, List.of("!!!"), List.of(), false, 1, 7)))
                .isEqualTo("words[0]");
        assertThat(field(new RuleSettings(true, List.of(), List.of(), true, 0, 7)))
                .isEqualTo("first_posts_count");
        assertThat(field(new RuleSettings(true, List.of(), List.of(), true, 3, 91)))
                .isEqualTo("first_posts_days");
    }

    @Test
    void duplicatesAreDroppedAndTheRulesSaidInPlainWords() {
        RuleSettings s =
                new RuleSettings(true, List.of("Spam", "spam ", "scam"), List.of("x+", "x+"), true, 3, 7).validate();
        assertThat(s.words()).containsExactly("Spam", "scam");
        assertThat(s.patterns()).containsExactly("x+");
        assertThat(s.summary())
                .containsExactly(
                        "Posts containing any of 2 blocked words or matching 1 pattern are removed within seconds, and their authors told why.",
                        "The first 3 posts of a member who joined less than 7 days ago are held for review.");
        assertThat(RuleSettings.OFF.summary())
                .containsExactly(
                        "Posts with blocked words are not removed (off).",
                        "New members' posts are published at once (off).");
    }

    private static String field(RuleSettings s) {
        try {
            s.validate();
            return null;
        } catch (Failure f) {
            return f.field();
        }
    }
}
