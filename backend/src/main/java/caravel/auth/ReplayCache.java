package caravel.auth;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NIP-98 event ids seen within their validity window. The database is authoritative: an id is in nip98_seen before
 * its request goes on, and a row already there means another request (in this or any other backend sharing the
 * database, or before a restart) used it first — so neither a second backend nor a restart after a crash accepts a
 * replay. Memory is only a fast path in front: a replay this process has already seen is refused without touching
 * the database.
 *
 * <p>Writes are group-committed: one writer thread takes every id waiting and inserts them in one statement (one
 * transaction), and each request waits for its own batch's commit before it goes on. Writing each id in its own
 * transaction made every strict request queue on the database's write lock in turn (0.16 × the raw Schnorr verify
 * rate); a batch pays that lock once for all the requests that arrived while the previous one was committing (and,
 * when the writer is busy, for those arriving within 0.3 ms after it). The statement reports which of its ids it
 * inserted (ON CONFLICT DO NOTHING RETURNING), so an id another backend wrote first is refused alone and the rest of
 * its batch still passes. Entries expire once their event could no longer pass the created_at check anyway.
 *
 * <p>The table is keyed by (expires_at, event_id): an id is a hash over its event's created_at, from which its
 * expiry is derived, so the pair is as unique as the id, and a batch of new ids lands on the key's last pages instead
 * of one random page per id (each of which the commit wrote out again).
 */
public final class ReplayCache implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReplayCache.class);
    private static final long PRUNE_EVERY_MS = 30_000;
    /** Ids per statement: 1,000 bound values, far under either database's limit, and a short transaction. */
    static final int MAX_BATCH = 500;
    /** How long a busy writer waits for a small batch to grow, and the size it stops waiting at. */
    private static final long LINGER_NANOS = TimeUnit.MICROSECONDS.toNanos(300);

    private static final int LINGER_UNTIL_IDS = 16;
    /** How long a request waits for its batch before it fails (the database's own busy wait is 15 s). */
    private static final Duration WAIT = Duration.ofSeconds(30);

    private record Pending(String id, long expiresAt, CompletableFuture<Boolean> fresh, long queuedNanos) {}

    /** The table's key order (every batch is written in it). */
    private static final Comparator<Pending> KEY_ORDER =
            Comparator.comparingLong(Pending::expiresAt).thenComparing(Pending::id);

    /** Put in the queue by close() to wake the writer at once (the one entry without an id); never written. */
    private static final Pending STOP = new Pending(null, 0, new CompletableFuture<>(), 0);

    private final Map<String, Long> seen = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Jdbi jdbi;
    private final Clock clock;
    /** Called by the writer before each batch's statement (tests hold it to fill a batch); nothing in production. */
    private final Runnable beforeWrite;

    private final Thread writer, watchdog;
    private final long waitNanos;
    /** The batch the writer is writing now (the watchdog fails it when the database does not answer). */
    private volatile List<Pending> inFlight = List.of();

    private final AtomicLong batches = new AtomicLong(), written = new AtomicLong();
    private volatile boolean closed;
    private long lastPruneMs;
    /** Ids in the batch written last (the writer thread's own). */
    private int lastBatch;
    /** The writer thread's own connection and statements (only that thread touches them). */
    private Handle handle;

    private final Map<Integer, PreparedStatement> statements = new HashMap<>();

    public ReplayCache(Jdbi jdbi, Clock clock) {
        this(jdbi, clock, () -> {}, WAIT);
    }

    ReplayCache(Jdbi jdbi, Clock clock, Runnable beforeWrite, Duration wait) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.beforeWrite = beforeWrite;
        this.waitNanos = wait.toNanos();
        this.writer = Thread.ofPlatform().name("nip98-replay-writer").daemon().start(this::writeLoop);
        this.watchdog =
                Thread.ofPlatform().name("nip98-replay-watchdog").daemon().start(this::watch);
    }

    /**
     * True the first time an id is presented anywhere on this database; false for a replay. Returns once the id is
     * committed; throws when it could not be recorded (the request fails, and the same event may be tried again).
     * {@code expiresAt} must follow from the id (its event's created_at plus the window): the table's key pairs them.
     */
    public boolean markUsed(String eventId, long expiresAt) {
        if (seen.putIfAbsent(eventId, expiresAt) != null) return false;
        var pending = new Pending(eventId, expiresAt, new CompletableFuture<>(), System.nanoTime());
        if (closed) {
            seen.remove(eventId, expiresAt);
            throw new IllegalStateException("the NIP-98 replay check is shutting down");
        }
        queue.add(pending);
        try {
            // false: another backend (or this database before a restart) holds it; memory keeps refusing it here.
            // An untimed wait: the watchdog bounds it. A timed one cost every request a timer entry in the virtual
            // threads' scheduler (~15 % of the strict path's rate on 2 cores).
            return pending.fresh().get();
        } catch (ExecutionException e) {
            seen.remove(eventId, expiresAt); // not known to be recorded: a retry of this event may still pass
            Throwable cause = e.getCause();
            throw new IllegalStateException("could not record the NIP-98 event id: " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            seen.remove(eventId, expiresAt);
            throw new IllegalStateException("interrupted while recording the NIP-98 event id", e);
        }
    }

    /** Batches written and ids in them since start (the bench prints their ratio, the ids a commit carried). */
    public long batchesWritten() {
        return batches.get();
    }

    public long idsWritten() {
        return written.get();
    }

    /** Ids waiting for the writer (tests fill a batch while its previous one is held). */
    int waiting() {
        return queue.size();
    }

    private void writeLoop() {
        try {
            writeUntilClosed();
        } finally {
            dropConnection();
        }
    }

    private void writeUntilClosed() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (true) {
            Pending first;
            try {
                first = queue.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                first = null; // nothing interrupts this thread on purpose (close() wakes it with STOP)
            }
            if (first == null) {
                if (closed) return;
                pruneNowAndThen();
                continue;
            }
            batch.clear();
            batch.add(first);
            queue.drainTo(batch, MAX_BATCH - 1);
            if (lastBatch > 1) lingerForMore(batch);
            batch.removeIf(p -> p.id() == null);
            lastBatch = batch.size();
            inFlight = List.copyOf(batch);
            if (!batch.isEmpty()) write(batch);
            inFlight = List.of();
            if (closed && queue.isEmpty()) return;
            pruneNowAndThen();
        }
    }

    /**
     * Under load (the last batch carried more than one id), waits up to {@link #LINGER_NANOS} for more ids before
     * writing a small batch: each commit costs ~100 µs on SQLite whatever it carries, and without the wait a busy
     * writer committed batches of one or two ids, spending a core on commits. A lone request (the last batch held one
     * id) is written at once.
     */
    private void lingerForMore(List<Pending> batch) {
        long until = System.nanoTime() + LINGER_NANOS;
        while (batch.size() < LINGER_UNTIL_IDS) {
            long left = until - System.nanoTime();
            if (left <= 0) return;
            Pending more;
            try {
                more = queue.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                return; // nothing interrupts this thread on purpose: write what there is
            }
            if (more == null) return;
            batch.add(more);
            queue.drainTo(batch, MAX_BATCH - batch.size());
            if (more.id() == null) return; // close() is waiting
        }
    }

    /** One statement for the whole batch; each request learns whether its own id was the one inserted. */
    private void write(List<Pending> batch) {
        Set<String> inserted;
        try {
            beforeWrite.run();
            inserted = insert(batch);
        } catch (RuntimeException e) {
            for (Pending p : batch) p.fresh().completeExceptionally(e);
            return;
        }
        batches.incrementAndGet();
        written.addAndGet(inserted.size());
        for (Pending p : batch) p.fresh().complete(inserted.remove(p.id())); // a second copy of an id is a replay
    }

    /**
     * Plain JDBC on the writer's own connection: the statement is complete in itself (one atomic insert that reads
     * nothing first), so on PostgreSQL it does not queue on the platform's write lock that Jdbi's statements take there
     * (store.PostgresWrites); two backends' batches meet only on the primary key. The connection and its prepared
     * statements (one per batch size) live as long as the writer: a Jdbi handle opened and a statement prepared per
     * batch cost more than the insert itself (~165 µs a batch of one or two ids on SQLite, a whole core's worth at
     * 6,000 batches/s). A failed batch drops the connection; the next batch opens a new one.
     */
    private Set<String> insert(List<Pending> batch) {
        try {
            PreparedStatement st = statement(batch.size());
            int i = 1;
            // in one order everywhere: on PostgreSQL two backends' batches holding the same ids in opposite
            // orders would each wait for the other's row (a deadlock, one batch failed); sorted, one just waits
            List<Pending> sorted = new ArrayList<>(batch);
            sorted.sort(KEY_ORDER);
            for (Pending p : sorted) {
                st.setString(i++, p.id());
                st.setLong(i++, p.expiresAt());
            }
            Set<String> ids = new HashSet<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) ids.add(rs.getString(1));
            }
            return ids;
        } catch (SQLException | RuntimeException e) {
            dropConnection();
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The insert for {@code size} ids on the writer's connection, prepared once per size. */
    private PreparedStatement statement(int size) throws SQLException {
        if (handle == null) handle = jdbi.open();
        PreparedStatement st = statements.get(size);
        if (st == null) {
            StringBuilder sql = new StringBuilder("INSERT INTO nip98_seen (event_id, expires_at) VALUES ");
            for (int i = 0; i < size; i++) sql.append(i == 0 ? "(?, ?)" : ", (?, ?)");
            sql.append(" ON CONFLICT (expires_at, event_id) DO NOTHING RETURNING event_id");
            st = handle.getConnection().prepareStatement(sql.toString());
            statements.put(size, st);
        }
        return st;
    }

    private void dropConnection() {
        statements.clear(); // closed with their connection
        if (handle == null) return;
        try {
            handle.close();
        } catch (RuntimeException e) {
            log.debug("closing the replay writer's connection: {}", e.getMessage());
        }
        handle = null;
    }

    /** Drops expired ids from memory and the table, at most every 30 s (on the writer thread, between batches). */
    private void pruneNowAndThen() {
        long nowMs = clock.millis();
        if (nowMs - lastPruneMs < PRUNE_EVERY_MS) return;
        lastPruneMs = nowMs;
        long now = nowMs / 1000;
        seen.values().removeIf(exp -> exp < now);
        try {
            jdbi.useHandle(h -> h.createUpdate("DELETE FROM nip98_seen WHERE expires_at < :now")
                    .bind("now", now)
                    .execute());
        } catch (RuntimeException e) {
            log.warn("could not prune NIP-98 replay ids: {}", e.getMessage());
        }
    }

    /**
     * Fails the requests that have waited longer than the wait, in the batch being written and in the queue: a
     * database that stops answering (a network that drops a PostgreSQL connection without a reset) holds the writer
     * in its statement, and its requests must not wait with it. A request failed so may still see its id committed
     * once the database answers; its event is then refused as used, and the client signs a new one.
     */
    private void watch() {
        long every = Math.max(TimeUnit.MILLISECONDS.toNanos(10), Math.min(waitNanos / 4, TimeUnit.SECONDS.toNanos(1)));
        while (!closed) {
            try {
                TimeUnit.NANOSECONDS.sleep(every);
            } catch (InterruptedException e) {
                return; // close()
            }
            long now = System.nanoTime();
            for (Pending p : inFlight) failIfLate(p, now);
            for (Pending p : queue) if (p.id() != null) failIfLate(p, now);
        }
    }

    private void failIfLate(Pending p, long now) {
        if (now - p.queuedNanos() > waitNanos)
            p.fresh()
                    .completeExceptionally(new TimeoutException(
                            "the database did not answer in " + TimeUnit.NANOSECONDS.toSeconds(waitNanos) + " s"));
    }

    /** Writes every id already waiting (their requests get their answer), then stops the writer. */
    @Override
    public void close() {
        closed = true;
        queue.add(STOP);
        watchdog.interrupt();
        try {
            writer.join(WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Pending p; (p = queue.poll()) != null; )
            p.fresh().completeExceptionally(new IllegalStateException("the NIP-98 replay check stopped"));
    }
}
