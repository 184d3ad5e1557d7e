package caravel.automod;

import caravel.nostr.Event;
import java.util.List;
import java.util.Set;

/**
 * Which events the automatic rules look at, and the text they read of them. People's posts only: notes (1), chat
 * messages (9, NIP-C7 and NIP-29), threads (11), comments (1111), polls (1068) and long-form articles (30023). Never
 * the relay's own bookkeeping (8000, 8001, 13534 and anything else it signs), reports (1984: they quote what they
 * report), reactions, profiles, lists or any other kind.
 */
public final class ContentKinds {
    static final Set<Integer> CHECKED = Set.of(1, 9, 11, 1068, 1111, 30023);
    /** Tags whose values are shown as text by Nostr apps: a title or a subject can carry a blocked word too. */
    private static final Set<String> TEXT_TAGS = Set.of("title", "subject", "summary", "option");

    private ContentKinds() {}

    public static boolean checked(int kind) {
        return CHECKED.contains(kind);
    }

    /** The content, then each text tag's value, one per line. */
    static String text(Event e) {
        List<List<String>> tags = e.tags();
        StringBuilder b = null;
        for (List<String> t : tags) {
            if (t.size() < 2 || !TEXT_TAGS.contains(t.get(0))) continue;
            if (b == null) b = new StringBuilder(e.content());
            // a poll's option is ["option", id, label]: the label is its text
            b.append('\n').append(t.get(0).equals("option") && t.size() >= 3 ? t.get(2) : t.get(1));
        }
        return b == null ? e.content() : b.toString();
    }
}
