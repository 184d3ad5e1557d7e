package caravel.automod;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Automatic rules match what a reader sees (R5-8): a blocked word or pattern is not hidden by a zero-width space or
 * joiner, a soft hyphen, accents typed as separate marks (NFD) or full-width letters, on the text's side or the rule's,
 * and whole words stay whole words. Letters of other scripts that look alike are a documented gap.
 */
class ReaderViewTest {
    static final BlockedTerms WORDS = new BlockedTerms(List.of("spam", "caf\u00E9", "fish"), List.of());
    static final BlockedTerms PATTERNS = new BlockedTerms(List.of(), List.of("\\bspam\\b", "caf\u00E9\\d+"));

    @Test
    void aZeroWidthSpaceDoesNotHideAWord() {
        assertThat(WORDS.match("buy sp\u200Bam now")).isEqualTo("the blocked word \"spam\"");
        assertThat(PATTERNS.match("buy sp\u200Bam now")).isEqualTo("the blocked pattern \"\\bspam\\b\"");
    }

    @Test
    void aZeroWidthJoinerOrNonJoinerOrWordJoinerDoesNotHideAWord() {
        assertThat(WORDS.match("s\u200Dp\u200Ca\u2060m")).isEqualTo("the blocked word \"spam\"");
        assertThat(PATTERNS.match("s\u200Dpam!")).isEqualTo("the blocked pattern \"\\bspam\\b\"");
    }

    @Test
    void aSoftHyphenOrAByteOrderMarkDoesNotHideAWord() {
        assertThat(WORDS.match("SP\u00ADAM")).isEqualTo("the blocked word \"spam\"");
        assertThat(WORDS.match("\uFEFFspam")).isEqualTo("the blocked word \"spam\"");
        assertThat(PATTERNS.match("sp\u00ADam")).isEqualTo("the blocked pattern \"\\bspam\\b\"");
    }

    @Test
    void accentsTypedAsSeparateMarksAreTheComposedLetter() {
        // the text in NFD, the rule in NFC
        assertThat(WORDS.match("un cafe\u0301 noir")).isEqualTo("the blocked word \"caf\u00E9\"");
        assertThat(PATTERNS.match("CAFE\u03012")).isEqualTo("the blocked pattern \"caf\u00E9\\d+\"");
        // the rule in NFD, the text in NFC
        assertThat(new BlockedTerms(List.of("cre\u0300me"), List.of()).match("la cr\u00E8me"))
                .isNotNull();
        assertThat(new BlockedTerms(List.of(), List.of("cre\u0300me+")).match("la cr\u00E8mee"))
                .isNotNull();
        // an accent is still an accent: "cafe" is not "café"
        assertThat(WORDS.match("a cafe")).isNull();
    }

    @Test
    void fullWidthLettersAndLigaturesAreTheirPlainLetters() {
        assertThat(WORDS.match("\uFF33\uFF30\uFF21\uFF2D!")).isEqualTo("the blocked word \"spam\"");
        assertThat(PATTERNS.match("\uFF53\uFF50\uFF41\uFF4D")).isEqualTo("the blocked pattern \"\\bspam\\b\"");
        assertThat(WORDS.match("a \uFB01sh")).isEqualTo("the blocked word \"fish\"");
        // written in the rule: a full-width rule blocks the plain word, a ligature before a quantifier stays one unit
        assertThat(new BlockedTerms(List.of("\uFF53\uFF50\uFF41\uFF4D"), List.of()).match("SPAM"))
                .isNotNull();
        assertThat(new BlockedTerms(List.of(), List.of("x\uFB01+y")).match("xfifiy"))
                .isNotNull();
        assertThat(new BlockedTerms(List.of(), List.of("x\uFB01+y")).match("xfiiy"))
                .isNull();
        // a full-width bracket in a pattern is the literal bracket, not a class
        assertThat(new BlockedTerms(List.of(), List.of("\uFF3Bad\uFF3D")).match("[AD]"))
                .isNotNull();
        assertThat(new BlockedTerms(List.of(), List.of("\uFF3Bad\uFF3D")).match("a"))
                .isNull();
    }

    @Test
    void caseIsFoldedBeyondOneMapping() {
        assertThat(new BlockedTerms(List.of("stra\u00DFe"), List.of()).match("STRASSE"))
                .isNotNull();
        assertThat(new BlockedTerms(List.of("strasse"), List.of()).match("Stra\u1E9Ee"))
                .isNotNull();
    }

    @Test
    void wholeWordsStayWhole() {
        assertThat(WORDS.match("spammer")).isNull();
        assertThat(WORDS.match("\uFF53\uFF50\uFF41\uFF4D\uFF4D\uFF45\uFF52")).isNull();
        assertThat(PATTERNS.match("spammer")).isNull();
        // what a reader sees of "ham\u200Bster" is "hamster": no word "ham" in it
        assertThat(new BlockedTerms(List.of("ham"), List.of()).match("ham\u200Bster"))
                .isNull();
        // a Devanagari vowel sign belongs to its word
        assertThat(new BlockedTerms(List.of("\u0915\u093F"), List.of()).match("\u0915\u093F\u0924"))
                .isNull();
    }

    @Test
    void patternsAboutLetterCaseStillSeeIt() {
        BlockedTerms shout = new BlockedTerms(List.of(), List.of("\\p{Lu}{5}"));
        assertThat(shout.match("\uFF33\uFF28\uFF2F\uFF35\uFF34")).isNotNull();
        assertThat(shout.match("SH\u200BOUT")).isNotNull();
    }

    /** The documented gap: a Cyrillic а (U+0430) in place of a Latin a is another letter to these rules. */
    @Test
    void lettersOfOtherScriptsThatLookAlikeAreNotFolded() {
        assertThat(WORDS.match("sp\u0430m")).isNull();
    }
}
