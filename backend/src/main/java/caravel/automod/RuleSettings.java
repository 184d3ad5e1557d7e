package caravel.automod;

import caravel.domain.Failure;
import caravel.domain.Validation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One relay's automatic rules as the owner set them; every rule is off until turned on.
 *
 * @param blockedEnabled remove posts that contain a blocked word or match a blocked pattern
 * @param words blocked words or phrases, matched as whole words whatever their letter case
 * @param patterns blocked patterns (RE2 syntax, case-insensitive)
 * @param firstPostsEnabled hold new members' first posts for review
 * @param firstPostsCount how many of a new member's posts are held
 * @param firstPostsDays how long after joining a member counts as new
 */
public record RuleSettings(
        boolean blockedEnabled,
        List<String> words,
        List<String> patterns,
        boolean firstPostsEnabled,
        int firstPostsCount,
        int firstPostsDays) {
    /** Words and patterns together, per relay. */
    public static final int MAX_TERMS = 100;

    public static final int MAX_WORD = 100;
    public static final int MAX_FIRST_POSTS = 20;
    public static final int MAX_DAYS = 90;

    public static final RuleSettings OFF = new RuleSettings(false, List.of(), List.of(), false, 1, 7);

    public RuleSettings {
        words = List.copyOf(words);
        patterns = List.copyOf(patterns);
    }

    /**
     * The settings as given, with words and patterns trimmed and duplicates dropped, or a refusal naming the field
     * ({@code words[3]}, {@code patterns[0]}, {@code first_posts_count}) and what is wrong there.
     */
    public RuleSettings validate() {
        if (words.size() + patterns.size() > MAX_TERMS)
            throw Failure.invalidField(
                    words.size() > patterns.size() ? "words" : "patterns",
                    "At most " + MAX_TERMS + " blocked words and patterns together (" + (words.size() + patterns.size())
                            + " given).");
        List<String> w = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < words.size(); i++) {
            String field = "words[" + i + "]";
            // the lengths are counted below, as they always were
            String s = Validation.text(field, "Word " + (i + 1), words.get(i), Integer.MAX_VALUE, false);
            if (s.isEmpty()) throw Failure.invalidField(field, "Word " + (i + 1) + " is empty.");
            if (s.length() > MAX_WORD)
                throw Failure.invalidField(field, "Word " + (i + 1) + " is longer than " + MAX_WORD + " characters.");
            List<String> read = BlockedTerms.words(ReaderView.folded(s));
            if (read.isEmpty())
                throw Failure.invalidField(
                        field, "Word " + (i + 1) + " has no letters or digits; to block symbols, use a pattern.");
            // "Spam" and "ｓｐａｍ" are one word to a reader: the first is kept
            if (seen.add("w:" + String.join(" ", read))) w.add(s);
        }
        List<String> p = new ArrayList<>();
        for (int i = 0; i < patterns.size(); i++) {
            String field = "patterns[" + i + "]";
            String s = Validation.text(field, "Pattern " + (i + 1), patterns.get(i), Integer.MAX_VALUE, false);
            Patterns.compile(field, i, s); // refuses with the field and the position
            if (seen.add("p:" + s)) p.add(s);
        }
        if (firstPostsCount < 1 || firstPostsCount > MAX_FIRST_POSTS)
            throw Failure.invalidField("first_posts_count", "Hold between 1 and " + MAX_FIRST_POSTS + " first posts.");
        if (firstPostsDays < 1 || firstPostsDays > MAX_DAYS)
            throw Failure.invalidField("first_posts_days", "A member is new for between 1 and " + MAX_DAYS + " days.");
        return new RuleSettings(blockedEnabled, w, p, firstPostsEnabled, firstPostsCount, firstPostsDays);
    }

    /** Each rule in plain words, as the relay page and the queue say it. */
    public List<String> summary() {
        List<String> out = new ArrayList<>();
        int terms = words.size() + patterns.size();
        if (!blockedEnabled) out.add("Posts with blocked words are not removed (off).");
        else if (terms == 0) out.add("Posts with blocked words would be removed, but no word or pattern is set.");
        else
            out.add("Posts containing any of " + count(words.size(), "blocked word") + " or matching "
                    + count(patterns.size(), "pattern") + " are removed within seconds, and their authors told why.");
        if (!firstPostsEnabled) out.add("New members' posts are published at once (off).");
        else out.add(firstPostsPlain() + " are held for review.");
        return out;
    }

    /** "The first 3 posts of a member who joined less than 7 days ago". */
    String firstPostsPlain() {
        return "The first " + (firstPostsCount == 1 ? "post" : firstPostsCount + " posts")
                + " of a member who joined less than " + count(firstPostsDays, "day") + " ago";
    }

    private static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    /** For logs and the activity entry: which rules are on. */
    String onOff() {
        return String.format(
                Locale.ROOT,
                "blocked words %s (%d words, %d patterns), first posts held %s",
                blockedEnabled ? "on" : "off",
                words.size(),
                patterns.size(),
                firstPostsEnabled ? "on (" + firstPostsCount + " posts, " + firstPostsDays + " days)" : "off");
    }
}
