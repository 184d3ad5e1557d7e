package caravel.archive;

import caravel.domain.Actor;
import caravel.nostr.Event;
import caravel.nostr.Filter;
import caravel.relayaccess.OutcomeLog;
import caravel.relayaccess.RelayKeySockets;
import caravel.relayaccess.RelaySocket;
import caravel.store.Relay;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every event the relay key can read, as JSON lines, newest first. Pages walk back by {@code until}: each page asks
 * for events at or before the oldest second seen so far and skips the ids already written for that second, so
 * events sharing a timestamp across a page boundary are neither lost nor repeated. Events go from the socket to the
 * output one at a time (the socket applies back-pressure), and only the ids of one second are remembered, so memory
 * stays constant however large the relay is.
 */
public final class Exporter {
    /** zooid caps a client query at 1000 events per filter. */
    static final int PAGE = 1000;

    private final RelayKeySockets sockets;
    private final OutcomeLog outcomes;

    public Exporter(RelayKeySockets sockets, OutcomeLog outcomes) {
        this.sockets = sockets;
        this.outcomes = outcomes;
    }

    /** Written when the export ends; returned for the activity log and tests. */
    public record Summary(long events, int pages, int maxHeld) {}

    public Summary export(Relay r, OutputStream out, Actor actor) {
        long count = 0;
        int pages = 0;
        Long until = null;
        Set<String> boundary = new HashSet<>(); // ids already written in the second `until`
        int[] maxHeld = {0};
        try (RelaySocket s = sockets.open(r)) {
            while (true) {
                Filter f = new Filter(null, null, null, Map.of(), null, until, PAGE);
                long[] pageCount = {0};
                long[] oldest = {Long.MAX_VALUE};
                Set<String> seenAtOldest = new HashSet<>();
                long[] written = {0};
                final Long pageUntil = until;
                RelaySocket.End end = s.stream(
                        List.of(f),
                        e -> {
                            pageCount[0]++;
                            if (pageUntil != null && e.createdAt() == pageUntil && boundary.contains(e.id()))
                                return true;
                            write(out, e);
                            written[0]++;
                            if (e.createdAt() < oldest[0]) {
                                oldest[0] = e.createdAt();
                                seenAtOldest.clear();
                            }
                            if (e.createdAt() == oldest[0]) seenAtOldest.add(e.id());
                            maxHeld[0] = Math.max(maxHeld[0], seenAtOldest.size() + boundary.size());
                            return true;
                        },
                        RelayKeySockets.TIMEOUT);
                if (!end.eose()) throw new RelaySocket.RelayRefused(end.closedReason());
                pages++;
                count += written[0];
                if (pageCount[0] < PAGE) break; // the relay had no more
                if (written[0] == 0) {
                    // a full page of one second, all written before: step past that second
                    until = pageUntil - 1;
                    boundary.clear();
                    continue;
                }
                if (pageUntil != null && oldest[0] == pageUntil) boundary.addAll(seenAtOldest);
                else {
                    boundary.clear();
                    boundary.addAll(seenAtOldest);
                }
                until = oldest[0];
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        outcomes.record(r, "exported", "Exported " + count + " events as JSON lines", actor);
        return new Summary(count, pages, maxHeld[0]);
    }

    private static void write(OutputStream out, Event e) {
        try {
            out.write(e.toJsonString().getBytes(StandardCharsets.UTF_8));
            out.write('\n');
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
