package caravel.jobs;

import caravel.domain.Epoch;
import caravel.logging.Hops;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * Enqueues durable jobs in the caller's transaction, so a change and the work it implies commit together; the owner
 * of the jobs table, so the runner's lease statements are here too.
 */
public final class JobQueue {
    private final Clock clock;
    private final Runnable onEnqueue;

    /** @param onEnqueue told after each enqueue (wakes this process's runner; the job may still be uncommitted). */
    public JobQueue(Clock clock, Runnable onEnqueue) {
        this.clock = clock;
        this.onEnqueue = onEnqueue;
    }

    /** Whether a job of this kind was ever queued under the key (kept while done jobs are; see JobRunner's cleanup). */
    public boolean everQueued(Handle h, String kind, String dedupeKey) {
        return h.select("SELECT 1 FROM jobs WHERE kind = ? AND dedupe_key = ? LIMIT 1", kind, dedupeKey)
                .mapTo(Integer.class)
                .findOne()
                .isPresent();
    }

    /** When the newest job of this kind whose dedupe key starts with {@code keyPrefix} was queued (epoch seconds). */
    public java.util.Optional<Long> lastQueuedAt(Handle h, String kind, String keyPrefix) {
        return h.select("SELECT max(created_at) FROM jobs WHERE kind = ? AND dedupe_key LIKE ?", kind, keyPrefix + "%")
                .mapTo(Long.class)
                .findOne();
    }

    /**
     * A job waiting to run again under a dedupe key. {@code nextAttempt} is the number of the attempt it will make (or
     * is making, while it runs), of {@code maxAttempts}; {@code runAtMs} when it is due, null while it runs.
     */
    public record Pending(int nextAttempt, int maxAttempts, Long runAtMs) {}

    /**
     * The unfinished job under each of the keys that has one (queued or running; at most one of each per key, the
     * queued one reported when both exist, since it is the one that runs next), in one read for a page of keys.
     */
    public Map<String, Pending> pending(Handle h, java.util.Collection<String> dedupeKeys) {
        if (dedupeKeys.isEmpty()) return Map.of();
        Map<String, Pending> out = new java.util.HashMap<>();
        h.createQuery("""
                        SELECT dedupe_key, status, attempts, max_attempts, run_at_ms FROM jobs
                        WHERE dedupe_key IN (<keys>) AND status IN ('queued', 'running')""")
                .bindList("keys", List.copyOf(dedupeKeys))
                .map((rs, ctx) -> {
                    boolean running = rs.getString("status").equals("running");
                    int attempts = rs.getInt("attempts");
                    return Map.entry(
                            rs.getString("dedupe_key"),
                            new Pending(
                                    running ? attempts : attempts + 1,
                                    rs.getInt("max_attempts"),
                                    running ? null : rs.getLong("run_at_ms")));
                })
                .forEach(e -> out.merge(e.getKey(), e.getValue(), (a, b) -> a.runAtMs() != null ? a : b));
        return out;
    }

    /**
     * Adds a job. With a dedupe key, at most one queued job per key exists: a second enqueue while one is
     * still queued is a no-op (the queued job will see the latest state when it runs).
     */
    public void enqueue(Handle h, String kind, String payloadJson, String dedupeKey, int maxAttempts) {
        enqueueAt(h, kind, payloadJson, dedupeKey, maxAttempts, clock.millis());
        Hops.mark("job.enqueue", kind + " " + dedupeKey);
        onEnqueue.run();
    }

    /** Like enqueue, but a job already queued under the key is made due now with a fresh set of attempts. */
    public void enqueueNow(Handle h, String kind, String payloadJson, String dedupeKey, int maxAttempts) {
        long nowMs = clock.millis();
        insert(h, kind, payloadJson, dedupeKey, maxAttempts, nowMs, nowMs, """
                ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL AND status = 'queued'
                DO UPDATE SET run_at_ms = excluded.run_at_ms, attempts = 0, max_attempts = excluded.max_attempts,
                              kind = excluded.kind, updated_at = excluded.updated_at""");
        Hops.mark("job.enqueueNow", kind + " " + dedupeKey);
        onEnqueue.run();
    }

    /**
     * Withdraws the queued job of this kind under the key (it ends as done, noted as cancelled); returns whether one
     * was queued. A job already running is not stopped: its handler must find its work undone, or nothing to do.
     */
    public boolean cancel(Handle h, String kind, String dedupeKey) {
        return h.execute(
                        "UPDATE jobs SET status = 'done', last_error = 'cancelled', updated_at = ?"
                                + " WHERE kind = ? AND dedupe_key = ? AND status = 'queued'",
                        Epoch.seconds(clock),
                        kind,
                        dedupeKey)
                > 0;
    }

    /** A job due at a given time (for recurring work); deduped like enqueue. */
    public void enqueueAt(Handle h, String kind, String payloadJson, String dedupeKey, int maxAttempts, long runAtMs) {
        insert(h, kind, payloadJson, dedupeKey, maxAttempts, runAtMs, clock.millis(), "ON CONFLICT DO NOTHING");
    }

    /** A queued job; {@code onConflict} (one of this class's literals) says what a queued job under the key becomes. */
    private static void insert(
            Handle h,
            String kind,
            String payloadJson,
            String dedupeKey,
            int maxAttempts,
            long runAtMs,
            long nowMs,
            String onConflict) {
        h.execute("""
                INSERT INTO jobs (kind, payload, dedupe_key, status, attempts, max_attempts, run_at_ms, created_at, updated_at)
                VALUES (?, ?, ?, 'queued', 0, ?, ?, ?, ?)
                """ + onConflict, kind, payloadJson, dedupeKey, maxAttempts, runAtMs, nowMs / 1000, nowMs / 1000);
    }

    /** Jobs of one kind in one state, and for queued ones the time the oldest due one was due (null when none is). */
    public record KindCount(String kind, String status, long count, Long oldestDueMs) {}

    /**
     * Unfinished and failed jobs by kind and state, for the metrics scrape: one grouped read through the (status,
     * run_at_ms) index; done jobs, the bulk of the table, are not read.
     */
    public java.util.List<KindCount> counts(Handle h, long nowMs) {
        return h.select("""
                        SELECT kind, status, count(*) AS n,
                               min(CASE WHEN status = 'queued' AND run_at_ms <= ? THEN run_at_ms END) AS oldest_due
                        FROM jobs WHERE status IN ('queued', 'running', 'failed') GROUP BY kind, status""", nowMs)
                .map((rs, ctx) -> {
                    long due = rs.getLong("oldest_due");
                    return new KindCount(
                            rs.getString("kind"), rs.getString("status"), rs.getLong("n"), rs.wasNull() ? null : due);
                })
                .list();
    }

    // The runner's statements: leasing due jobs, keeping and releasing leases, recording outcomes, dropping old
    // finished jobs. They are here so that this class holds every statement on the jobs table; only the runner calls
    // them, on its own handles.

    /** Deletes jobs that finished before cutoff (epoch seconds); failed ones stay visible. */
    static int deleteDoneBefore(Handle h, long cutoffS) {
        return h.execute("DELETE FROM jobs WHERE status = 'done' AND updated_at < ?", cutoffS);
    }

    /** Extends the leases the worker still holds on running jobs; returns how many it extended. */
    static int extendLeases(Handle h, List<Long> ids, String worker, long leaseUntilMs) {
        return h.createUpdate(
                        "UPDATE jobs SET lease_until_ms = :lease WHERE id IN (<ids>) AND leased_by = :me AND status = 'running'")
                .bindList("ids", ids)
                .bindMap(Map.of("lease", leaseUntilMs, "me", worker))
                .execute();
    }

    /** Leases up to limit due jobs of the given kinds to the worker (a lapsed lease counts as due), oldest first. */
    static List<Job> lease(Handle h, List<String> kinds, String worker, long nowMs, long leaseUntilMs, int limit) {
        return h.createQuery("""
                        UPDATE jobs SET status = 'running', leased_by = :me, lease_until_ms = :lease,
                                        attempts = attempts + 1, updated_at = :now_s
                        WHERE id IN (
                            SELECT j.id FROM jobs j
                            WHERE j.kind IN (<kinds>)
                              AND ((j.status = 'queued' AND j.run_at_ms <= :now)
                                   OR (j.status = 'running' AND j.lease_until_ms < :now))
                              AND (j.dedupe_key IS NULL OR NOT EXISTS (
                                   SELECT 1 FROM jobs o WHERE o.dedupe_key = j.dedupe_key AND o.id <> j.id
                                     AND ((o.status = 'running' AND o.lease_until_ms >= :now)
                                          -- a crashed worker's job (lease lapsed) and the job queued behind it are
                                          -- both due: only the older runs, never the two at once
                                          OR (o.id < j.id AND (o.status = 'running'
                                                               OR (o.status = 'queued' AND o.run_at_ms <= :now))))))
                            ORDER BY j.run_at_ms, j.id LIMIT :limit)
                        RETURNING id, kind, payload, attempts, max_attempts""")
                .bindList("kinds", kinds)
                .bindMap(Map.of(
                        "me", worker, "lease", leaseUntilMs, "now_s", nowMs / 1000, "now", nowMs, "limit", limit))
                .map((rs, ctx) -> new Job(
                        rs.getLong("id"),
                        rs.getString("kind"),
                        rs.getString("payload"),
                        rs.getInt("attempts"),
                        rs.getInt("max_attempts")))
                .list();
    }

    /**
     * Records a job's outcome and ends its lease, only while the worker still holds it. A job going back to the queue
     * (a retry) while another job is already queued under its dedupe key folds into that one (see {@link #fold}):
     * at most one job per key may be queued, and the queued one will see the latest state when it runs.
     */
    static void record(Handle h, long id, String worker, String status, String error, Long runAtMs, long nowS) {
        if (status.equals("queued") && fold(h, id, worker, error, runAtMs, nowS)) return;
        h.execute("""
                UPDATE jobs SET status = ?, last_error = ?, run_at_ms = coalesce(?, run_at_ms),
                                lease_until_ms = NULL, leased_by = NULL, updated_at = ?
                WHERE id = ? AND leased_by = ?""", status, error, runAtMs, nowS, id, worker);
    }

    /**
     * When another job is queued under the dedupe key of the worker's job {@code id}: makes it due no later than
     * {@code runAtMs}, ends job {@code id} as done with a note naming the job that carries its retry, and returns
     * true. Returns false (nothing changed) when no other job is queued under the key, the job has none, or the
     * worker no longer holds it. Putting the job back to 'queued' instead would break the one-queued-job-per-key
     * index: the retry would fail on a duplicate key and the job sit leased until its lease lapsed.
     */
    private static boolean fold(Handle h, long id, String worker, String error, long runAtMs, long nowS) {
        Long queued = h.createQuery("""
                        SELECT o.id FROM jobs j JOIN jobs o ON o.dedupe_key = j.dedupe_key AND o.status = 'queued'
                        WHERE j.id = :id AND j.leased_by = :me AND j.status = 'running' AND o.id <> j.id""")
                .bindMap(Map.of("id", id, "me", worker))
                .mapTo(Long.class)
                .findOne()
                .orElse(null);
        if (queued == null) return false;
        // the queued job is due no later than the retry would have been
        h.createUpdate("""
                        UPDATE jobs SET run_at_ms = CASE WHEN run_at_ms > :at THEN :at ELSE run_at_ms END,
                                        updated_at = :now_s
                        WHERE id = :id""")
                .bindMap(Map.of("at", runAtMs, "now_s", nowS, "id", queued))
                .execute();
        String note = "retried as job " + queued + " (queued under the same key)" + (error == null ? "" : ": " + error);
        h.execute("""
                UPDATE jobs SET status = 'done', last_error = ?, lease_until_ms = NULL, leased_by = NULL, updated_at = ?
                WHERE id = ? AND leased_by = ?""", note, nowS, id, worker);
        return true;
    }

    /**
     * Gives the worker's running jobs back to the queue, due now, the interrupted attempt not counted; one whose
     * dedupe key already has a queued job folds into it instead (as a retry does, see {@link #fold}).
     */
    static void release(Handle h, List<Long> ids, String worker, long nowMs) {
        for (long id : ids) fold(h, id, worker, "released at shutdown", nowMs, nowMs / 1000);
        h.createUpdate("""
                        UPDATE jobs SET status = 'queued', leased_by = NULL, lease_until_ms = NULL,
                                        attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END, run_at_ms = :now
                        WHERE id IN (<ids>) AND leased_by = :me AND status = 'running'""")
                .bindList("ids", ids)
                .bindMap(Map.of("me", worker, "now", nowMs))
                .execute();
    }
}
