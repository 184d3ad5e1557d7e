package caravel.erasure;

import caravel.domain.Failure;
import caravel.nostr.Event;
import caravel.nostr.Filter;
import caravel.relayaccess.RelayCalls;
import caravel.relayaccess.RelayKeySockets;
import caravel.relayaccess.RelaySocket;
import caravel.store.Relay;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * Removes what a person wrote on a relay up to their request, and the gift wraps addressed to them (NIP-62), from zooid:
 * read as the relay's key (which reads everything), a page at a time, each event banned by id over NIP-86 ({@code
 * banevent}: zooid deletes it and refuses it if it is published again, as NIP-62 asks). Each page is asked for again
 * until the relay has none left, so every event goes, however many, and a job stopped half-way starts again from what
 * the relay still holds.
 */
final class EventRemoval {
    /** Events read and banned per page. */
    static final int PAGE = 200;

    /** NIP-59 gift wraps: the ones addressed to the person go with them. */
    static final int GIFT_WRAP = 1059;

    private static final Duration READ = Duration.ofSeconds(20);

    private final RelayKeySockets sockets;
    private final RelayCalls calls;

    EventRemoval(RelayKeySockets sockets, RelayCalls calls) {
        this.sockets = sockets;
        this.calls = calls;
    }

    /** Removes them all; {@code removed} is told each page's count as it goes. Returns how many were removed. */
    long removeAll(Relay r, String pubkey, long untilS, LongConsumer removed) {
        List<Filter> theirs = List.of(
                Filter.any().authors(pubkey).until(untilS).limit(PAGE),
                Filter.any().kinds(GIFT_WRAP).tag('p', pubkey).until(untilS).limit(PAGE));
        long total = 0;
        Set<String> banned = new HashSet<>();
        try (RelaySocket s = sockets.open(r)) {
            while (true) {
                List<Event> page = s.query(theirs, READ);
                if (page.isEmpty()) return total;
                // a relay that keeps serving what it was told to remove would be asked for ever
                List<String> ids = page.stream().map(Event::id).toList();
                if (banned.containsAll(ids))
                    throw Failure.upstream("The relay still serves events it was told to remove.");
                banned.addAll(ids);
                for (Event e : page)
                    calls.call(r, "banevent", List.of(e.id(), "request to vanish (NIP-62)"), "remove an erased event");
                total += page.size();
                removed.accept(page.size());
            }
        }
    }

    /** How many of the person's events up to the request the relay still holds (a check after the removal). */
    int remaining(Relay r, String pubkey, long untilS) {
        try (RelaySocket s = sockets.open(r)) {
            return s.query(List.of(Filter.any().authors(pubkey).until(untilS).limit(PAGE)), READ)
                    .size();
        }
    }
}
