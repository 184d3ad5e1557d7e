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
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * Every event the relay key can read, as JSON lines, newest first. Pages walk back by {@code until}: each page asks
 * for events at or before the oldest second seen so far and skips the ids already written for that second, so
 * events sharing a timestamp across a page boundary are neither lost nor repeated. At most two pages are held (the
 * one being written and the next, asked for meanwhile), and only the ids of one second are remembered, so memory
 * stays constant however large the relay is.
 */
public final class Exporter {
    /** zooid caps a client query at 1000 events per filter. */
    static final int PAGE = 1000;
    /** How long one page of {@link #PAGE} events may take to arrive whole. */
    private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(60);

    private final RelayKeySockets sockets;
    private final OutcomeLog outcomes;

    public Exporter(RelayKeySockets sockets, OutcomeLog outcomes) {
        this.sockets = sockets;
        this.outcomes = outcomes;
    }

    /** Written when the export ends; returned for the activity log and tests. */
    public record Summary(long events, int pages, int maxHeld) {}

    public Summary export(Relay r, OutputStream out, Actor actor) {
        return export(r, out, actor, e -> {});
    }

    /** As {@link #export(Relay, OutputStream, Actor)}, each event also handed to {@code also} once written. */
    public Summary export(Relay r, OutputStream out, Actor actor, Consumer<Event> also) {
        Summary done = each(r, null, e -> {
            write(out, e);
            also.accept(e);
        });
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        outcomes.record(r, "exported", "Exported " + done.events() + " events as JSON lines", actor);
        return done;
    }

    /**
     * Hands every event the relay key can read, newest first, to {@code sink} on this thread, walking back page by
     * page as {@link #export} does; nothing is recorded. Each page is read whole and the next one asked for at once;
     * then this page's signatures are checked on every core (an event that fails is dropped, as the relay socket drops
     * one) and it goes to {@code sink}, so the relay reads the next page while this one is checked and written or
     * copied.
     * At most two pages (2,000 events) are held.
     *
     * @param since only events created at or after this second (null: all)
     */
    public Summary each(Relay r, Long since, Consumer<Event> sink) {
        long count = 0;
        int pages = 0;
        Long until = null;
        Set<String> boundary = new HashSet<>(); // ids already handed over in the second `until`
        int maxHeld = 0;
        try (RelaySocket s = sockets.open(r)) {
            CompletableFuture<List<Event>> next = page(s, since, until);
            while (next != null) {
                List<Event> received = await(next);
                final Long pageUntil = until;
                // the next page's place is known from what the relay sent, before any signature is checked: it is
                // asked for at once, so the relay reads it while this page's signatures are checked and it is handed
                // over (an event that fails its check only moves the boundary to a second the relay's own order put
                // there, and its id in the boundary matches nothing genuine)
                long oldest = Long.MAX_VALUE;
                Set<String> seenAtOldest = new HashSet<>();
                for (Event e : received) {
                    if (pageUntil != null && e.createdAt() == pageUntil && boundary.contains(e.id())) continue;
                    if (e.createdAt() < oldest) {
                        oldest = e.createdAt();
                        seenAtOldest.clear();
                    }
                    if (e.createdAt() == oldest) seenAtOldest.add(e.id());
                    maxHeld = Math.max(maxHeld, seenAtOldest.size() + boundary.size());
                }
                Set<String> handedBefore = pageUntil == null ? Set.of() : Set.copyOf(boundary);
                if (received.size() < PAGE) next = null; // the relay had no more
                else {
                    if (oldest == Long.MAX_VALUE) {
                        // a full page of one second, all handed over before: step past that second
                        until = pageUntil - 1;
                        boundary.clear();
                    } else {
                        if (pageUntil == null || oldest != pageUntil) boundary.clear();
                        boundary.addAll(seenAtOldest);
                        until = oldest;
                    }
                    next = page(s, since, until);
                }
                boolean[] genuine = new boolean[received.size()];
                IntStream.range(0, received.size())
                        .parallel()
                        .forEach(i -> genuine[i] = received.get(i).verify());
                pages++;
                for (int i = 0; i < received.size(); i++) {
                    Event e = received.get(i);
                    if (!genuine[i]) continue;
                    if (pageUntil != null && e.createdAt() == pageUntil && handedBefore.contains(e.id())) continue;
                    count++;
                    sink.accept(e);
                }
            }
        }
        return new Summary(count, pages, maxHeld);
    }

    /** Asks for one page; its events come unverified (checked by {@link #each}). */
    private static CompletableFuture<List<Event>> page(RelaySocket s, Long since, Long until) {
        return s.fetch(List.of(new Filter(null, null, null, Map.of(), since, until, PAGE)), PAGE, PAGE_TIMEOUT);
    }

    private static List<Event> await(CompletableFuture<List<Event>> page) {
        try {
            return page.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) throw cause;
            throw e;
        }
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
