package caravel.backups;

import caravel.nostr.Event;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The authors of a relay's events, counted while a backup reads them, so that the media of former members is kept
 * too: Blossom lists blobs only by uploader ({@code GET /list/<pubkey>}), and someone removed from the relay who
 * posted there is still the author of their events.
 *
 * <p>Bounded twice. Each author listed is one request to the relay's Blossom server, so at most {@link #LISTED}
 * authors beyond the members and the relay key are asked for, those with the most events first (ties: the first
 * read). And at most {@link #COUNTED} distinct authors are counted at all, so the count's memory stays small whatever
 * the events hold. Gift wraps (kind 1059) are not counted: each is signed by a key made for that one message, which
 * uploads nothing, and a relay holding many private messages would otherwise spend the bound on them.
 */
final class EventAuthors {
    /** The most authors (not members, not the relay key) whose uploads one backup lists. */
    static final int LISTED = 500;
    /** The most distinct authors counted; authors past it are only counted as left out. */
    static final int COUNTED = 100_000;

    private static final int GIFT_WRAP = 1059;

    private final Map<String, Long> events = new LinkedHashMap<>();
    private long uncounted;

    /** Counts the event's author. */
    void add(Event e) {
        if (e.kind() == GIFT_WRAP) return;
        Long n = events.get(e.pubkey());
        if (n != null) events.put(e.pubkey(), n + 1);
        else if (events.size() < COUNTED) events.put(e.pubkey(), 1L);
        else uncounted++;
    }

    /**
     * The authors to list beside {@code known} (the members and the relay key, listed anyway), most events first, at
     * most {@code limit}; how many counted authors were left out; and how many events' authors were not counted.
     */
    Selection beyond(Set<String> known, int limit) {
        List<Map.Entry<String, Long>> others = new ArrayList<>();
        for (Map.Entry<String, Long> e : events.entrySet()) if (!known.contains(e.getKey())) others.add(e);
        // a stable sort: equal counts keep the order they were first read in
        others.sort(Comparator.comparing(Map.Entry<String, Long>::getValue).reversed());
        List<String> listed = new ArrayList<>();
        for (Map.Entry<String, Long> e : others.subList(0, Math.min(limit, others.size()))) listed.add(e.getKey());
        return new Selection(listed, others.size() - listed.size(), uncounted);
    }

    /** Whom to list; how many authors the bound left out; the events whose authors were past {@link #COUNTED}. */
    record Selection(List<String> listed, long leftOut, long uncountedEvents) {
        boolean complete() {
            return leftOut == 0 && uncountedEvents == 0;
        }
    }
}
