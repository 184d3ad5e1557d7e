package caravel.jobs;

import org.jdbi.v3.core.Handle;

/** The owner of periodic_runs: which job ran each period of each kind of periodic work (see {@link Periodic}). */
final class PeriodicRunStore {
    /** Periods are kept this long: long enough to read what ran lately, short enough that the table stays small. */
    static final long KEEP_MS = 7L * 86_400_000;

    private PeriodicRunStore() {}

    /**
     * Claims the period for the job and tells whether it holds it: true for the one job whose insert won, and again
     * for that job's own later attempts; false for every other job. The unique key decides, so two processes racing
     * for the same period cannot both win whatever their timing.
     */
    static boolean claim(Handle h, String name, long periodStartMs, long jobId, long nowMs) {
        h.execute("""
                INSERT INTO periodic_runs (name, period_start_ms, job_id, claimed_at_ms) VALUES (?, ?, ?, ?)
                ON CONFLICT (name, period_start_ms) DO NOTHING""", name, periodStartMs, jobId, nowMs);
        long holder = h.select(
                        "SELECT job_id FROM periodic_runs WHERE name = ? AND period_start_ms = ?", name, periodStartMs)
                .mapTo(Long.class)
                .one();
        return holder == jobId;
    }

    /** Forgets periods that started before the cutoff. */
    static int deleteBefore(Handle h, String name, long cutoffMs) {
        return h.execute("DELETE FROM periodic_runs WHERE name = ? AND period_start_ms < ?", name, cutoffMs);
    }
}
