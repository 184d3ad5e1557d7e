package caravel.insight;

import caravel.domain.Epoch;
import caravel.nostr.Event;
import caravel.watch.WatchedEvents;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the events the watch hands over into the insight aggregates. {@link #accepted} only keeps a few figures of the
 * event (never its content) in a buffer; every {@link #FLUSH_EVERY} one transaction adds the buffer's sums to the daily
 * rows. A crash loses at most the buffer (about a second of events), which the watch's first subscription after a
 * restart within ten minutes hands over again; a database that refuses a flush keeps the buffer for the next one, up to
 * {@link #MAX_BUFFER} events, after which new events are dropped and counted in {@link #dropped()} until a flush
 * succeeds.
 *
 * <p>The same event handed over twice counts once: twice in one buffer is merged by id, and an event the watch could
 * hand over again after a reconnect (a new subscription asks for events stored since shortly before the last socket
 * ended, or at most ten minutes back, so only recent events come again) leaves its id in {@code insight_seen} for a day
 * after its arrival and its date ({@link #SEEN_WINDOW}). Events are counted on the UTC day Caravel saw them, whatever
 * their created_at says.
 */
public final class InsightRecorder implements WatchedEvents, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InsightRecorder.class);
    static final Duration FLUSH_EVERY = Duration.ofSeconds(1);
    /** Events held while the database refuses flushes; past this, new ones are dropped (and counted). */
    static final int MAX_BUFFER = 200_000;
    /** How long an id is kept against a second hand-over at most (an event dated years ahead is not kept for years). */
    static final long SEEN_KEPT_MAX = Duration.ofDays(30).toSeconds();
    /**
     * An event dated up to this long before its arrival, or later, keeps its id against a second hand-over, and the id
     * is kept this long after both its arrival and its date: a subscription opened again asks for events at most ten
     * minutes older than its opening, so only such recent events come again.
     */
    static final long SEEN_WINDOW = Duration.ofDays(1).toSeconds();
    /** Who wrote on which day is kept this many days (active members over 30 days, top posters). */
    static final int AUTHOR_DAYS = 31;
    /** Events by kind are kept this many days; the daily figures for {@link #DAYS_KEPT}. */
    static final int KIND_DAYS = 93;

    static final int DAYS_KEPT = 400;
    /** Kinds counted as posts: notes, chat messages, threads, comments, long-form articles. */
    public static final Set<Integer> POST_KINDS = Set.of(1, 9, 11, 1111, 30023);

    static final int MEMBER_ADDED = 8000, MEMBER_REMOVED = 8001, MEMBER_LIST = 13534;

    /**
     * What is kept of one event until the flush; {@code tags} are a membership event's tags (else empty), read at the
     * flush, where the relay's owner is known: the owner is looked up there, never on the watch's thread, which
     * membership events (and the pages waiting on them) pass through.
     */
    record Seen(
            String relayId,
            String id,
            String pubkey,
            int kind,
            long bytes,
            long createdAt,
            long arrivedAt,
            long day,
            List<List<String>> tags) {
        /** A member list's count of members besides the relay's key and its owner, else -1. */
        long members(String owner) {
            if (kind != MEMBER_LIST) return -1;
            long n = 0;
            for (List<String> t : tags)
                if (t.size() >= 2
                        && t.get(0).equals("member")
                        && !t.get(1).equals(pubkey)
                        && !t.get(1).equals(owner)) n++;
            return n;
        }

        /** Whether an addition or removal is of the relay's key or its owner (at provisioning): nobody joining. */
        boolean ownKeys(String owner) {
            for (List<String> t : tags)
                if (t.size() >= 2
                        && t.get(0).equals("p")
                        && (t.get(1).equals(pubkey) || t.get(1).equals(owner))) return true;
            return false;
        }

        boolean membership() {
            return kind == MEMBER_LIST || kind == MEMBER_ADDED || kind == MEMBER_REMOVED;
        }

        boolean guarded() {
            return createdAt >= arrivedAt - SEEN_WINDOW;
        }

        long keepUntil() {
            return Math.min(Math.max(createdAt, arrivedAt), arrivedAt + SEEN_KEPT_MAX) + SEEN_WINDOW;
        }
    }

    record RelayDay(String relayId, long day) {}

    record KindDay(String relayId, long day, int kind) {}

    record AuthorDay(String relayId, long day, String pubkey) {}

    private final Jdbi jdbi;
    private final Clock clock;
    private final InsightStore store = new InsightStore();
    private final InsightWindowStore windows = new InsightWindowStore();
    private final Object lock = new Object();
    private List<Seen> buffer = new ArrayList<>();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong flushed = new AtomicLong();
    private volatile long prunedDay = -1;
    private ScheduledExecutorService loop;

    /**
     * @param ownerOf a relay's owner (its tenant) by its id: the owner and the relay's own key are no member's join,
     *     leave or count (the Members card counts the members besides the owner)
     */
    public InsightRecorder(
            Jdbi jdbi, Clock clock, java.util.function.Function<String, java.util.Optional<String>> ownerOf) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.ownerOf = ownerOf;
    }

    private final java.util.function.Function<String, java.util.Optional<String>> ownerOf;

    public synchronized void start() {
        if (loop != null) return;
        loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "insight-flush");
            t.setDaemon(true);
            return t;
        });
        loop.scheduleWithFixedDelay(
                this::flushQuietly, FLUSH_EVERY.toMillis(), FLUSH_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void accepted(String relayId, Event e) {
        long now = Epoch.seconds(clock);
        boolean membership = e.kind() == MEMBER_LIST || e.kind() == MEMBER_ADDED || e.kind() == MEMBER_REMOVED;
        Seen s = new Seen(
                relayId,
                e.id(),
                e.pubkey(),
                e.kind(),
                // ephemeral events (20000-29999) pass through the relay without being stored: no bytes
                e.kind() >= 20_000 && e.kind() < 30_000 ? 0 : EventBytes.of(e),
                e.createdAt(),
                now,
                Math.floorDiv(now, 86_400),
                membership ? e.tags() : List.of());
        synchronized (lock) {
            if (buffer.size() >= MAX_BUFFER) {
                dropped.incrementAndGet();
                return;
            }
            buffer.add(s);
        }
    }

    /** Events dropped because the buffer was full (the database refused flushes for a while). */
    public long dropped() {
        return dropped.get();
    }

    /** Events counted so far by this process (tests wait on it). */
    public long flushed() {
        return flushed.get();
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("insight: writing the figures failed, kept for the next flush: {}", e.toString());
        }
    }

    /** Adds the buffer to the aggregates in one transaction; on failure the buffer is kept for the next call. */
    public void flush() {
        List<Seen> batch;
        synchronized (lock) {
            if (buffer.isEmpty()) {
                pruneIfDue();
                return;
            }
            batch = buffer;
            buffer = new ArrayList<>();
        }
        try {
            // the owners of the relays whose membership changed, read before the write's transaction
            Map<String, String> owners = new HashMap<>();
            for (Seen s : batch)
                if (s.membership() && !owners.containsKey(s.relayId()))
                    owners.put(s.relayId(), ownerOf.apply(s.relayId()).orElse(null));
            int counted = jdbi.inTransaction(h -> write(h, batch, owners));
            flushed.addAndGet(counted);
        } catch (RuntimeException e) {
            synchronized (lock) {
                // put back in front, in order; what does not fit is dropped and counted
                List<Seen> back = new ArrayList<>(batch);
                int room = Math.max(0, MAX_BUFFER - back.size());
                List<Seen> newer = buffer.size() > room ? buffer.subList(0, room) : buffer;
                dropped.addAndGet(buffer.size() - newer.size());
                back.addAll(newer);
                buffer = back;
            }
            throw e;
        }
        pruneIfDue();
    }

    private int write(org.jdbi.v3.core.Handle h, List<Seen> batch, Map<String, String> owners) {
        // the same event twice in one buffer counts once
        Map<String, Seen> unique = new LinkedHashMap<>();
        for (Seen s : batch) unique.putIfAbsent(s.relayId() + ":" + s.id(), s);
        List<Seen> guarded = new ArrayList<>();
        List<Seen> counted = new ArrayList<>();
        for (Seen s : unique.values()) (s.guarded() ? guarded : counted).add(s);
        boolean[] fresh = store.markSeen(h, guarded);
        for (int i = 0; i < guarded.size(); i++) if (fresh[i]) counted.add(guarded.get(i));

        Map<RelayDay, long[]> days = new HashMap<>();
        Map<KindDay, Long> kinds = new HashMap<>();
        Map<AuthorDay, Long> authors = new HashMap<>();
        Map<String, long[]> totals = new HashMap<>();
        Map<String, long[]> members = new HashMap<>();
        Map<Long, long[]> platform = new HashMap<>();
        for (Seen s : counted) {
            boolean post = POST_KINDS.contains(s.kind());
            String owner = owners.get(s.relayId());
            boolean ownKeys = s.membership() && s.ownKeys(owner);
            long join = s.kind() == MEMBER_ADDED && !ownKeys ? 1 : 0,
                    leave = s.kind() == MEMBER_REMOVED && !ownKeys ? 1 : 0;
            long[] d = days.computeIfAbsent(new RelayDay(s.relayId(), s.day()), k -> new long[6]);
            d[0]++;
            d[1] += post ? 1 : 0;
            d[2] += s.bytes();
            d[3] += join;
            d[4] += leave;
            long[] p = platform.computeIfAbsent(s.day(), k -> new long[5]);
            p[0]++;
            p[1] += post ? 1 : 0;
            p[2] += s.bytes();
            p[3] += join;
            p[4] += leave;
            kinds.merge(new KindDay(s.relayId(), s.day(), s.kind()), 1L, Long::sum);
            // the relay's own membership events are not a member's activity
            if (s.kind() != MEMBER_ADDED && s.kind() != MEMBER_REMOVED && s.kind() != MEMBER_LIST)
                authors.merge(new AuthorDay(s.relayId(), s.day(), s.pubkey()), 1L, Long::sum);
            long[] t = totals.computeIfAbsent(s.relayId(), k -> new long[] {0, 0, s.day()});
            t[0]++;
            t[1] += s.bytes();
            long listed = s.members(owner);
            if (listed >= 0) {
                long[] m = members.get(s.relayId());
                if (m == null || m[1] <= s.createdAt()) members.put(s.relayId(), new long[] {listed, s.createdAt()});
            }
        }
        Map<String, Long> newAuthors = store.addAuthors(h, authors);
        days.forEach((k, v) -> v[5] = newAuthors.getOrDefault(k.relayId() + "\u0000" + k.day(), 0L));
        // the windows end on the latest day written (the clock's, unless it stepped back since an event arrived)
        long latest = Math.floorDiv(Epoch.seconds(clock), 86_400);
        for (RelayDay k : days.keySet()) latest = Math.max(latest, k.day());
        long windowsDay = windows.roll(h, latest);
        store.addDays(h, days);
        windows.add(h, windowsDay, days);
        store.addKinds(h, kinds);
        store.addTotals(h, totals, members);
        store.addPlatformDays(h, platform);
        return counted.size();
    }

    /**
     * Once per UTC day: drops authors, seen ids, kinds and days past their keeping, and moves the rankings' windows to
     * the new day (when no flush with events did yet).
     */
    private void pruneIfDue() {
        long now = Epoch.seconds(clock);
        long today = Math.floorDiv(now, 86_400);
        if (prunedDay == today) return;
        jdbi.useTransaction(h -> {
            store.prune(h, today - AUTHOR_DAYS + 1, today - KIND_DAYS + 1, today - DAYS_KEPT + 1, now);
            windows.roll(h, today);
        });
        prunedDay = today;
    }

    @Override
    public synchronized void close() {
        if (loop == null) return;
        loop.shutdownNow();
        loop = null;
        flushQuietly(); // what is buffered is written on a clean stop
    }
}
