package caravel.status;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/** The owner of {@code status_samples} (each check's worst state per 5-minute bucket) and {@code status_incidents}. */
final class StatusStore {
    /** One component's worst state over one day (its start in epoch seconds) and how many checks saw it. */
    record Day(String component, long dayStart, int severity, int checks) {}

    /** An operator's incident note. */
    public record Incident(
            String id,
            String title,
            String body,
            String state,
            String author,
            long createdAt,
            long updatedAt,
            Long resolvedAt) {}

    private static final RowMapper<Incident> INCIDENT = ConstructorMapper.of(Incident.class);

    private final Jdbi jdbi;

    StatusStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Records one check's outcome: the bucket keeps the worst state seen in it. */
    void record(String component, long bucketStart, int severity) {
        jdbi.useHandle(h -> h.execute("""
                INSERT INTO status_samples (component, bucket_start, severity, checks) VALUES (?, ?, ?, 1)
                ON CONFLICT (component, bucket_start) DO UPDATE SET
                    severity = CASE WHEN excluded.severity > status_samples.severity
                        THEN excluded.severity ELSE status_samples.severity END,
                    checks = status_samples.checks + 1""", component, bucketStart, severity));
    }

    /** Each component's worst state per day since {@code since}, days of {@code daySeconds}. */
    List<Day> days(long since, long daySeconds) {
        return jdbi.withHandle(h -> h.select("""
                        SELECT component, (bucket_start / ?) * ? AS day_start, MAX(severity) AS severity,
                               SUM(checks) AS checks
                        FROM status_samples WHERE bucket_start >= ?
                        GROUP BY component, day_start ORDER BY component, day_start""", daySeconds, daySeconds, since)
                .map((rs, ctx) -> new Day(
                        rs.getString("component"), rs.getLong("day_start"), rs.getInt("severity"), rs.getInt("checks")))
                .list());
    }

    /** Forgets the buckets older than {@code before}; how many went. */
    int prune(long before) {
        return jdbi.withHandle(h -> h.execute("DELETE FROM status_samples WHERE bucket_start < ?", before));
    }

    void insert(Incident i) {
        jdbi.useHandle(h -> h.execute(
                """
                INSERT INTO status_incidents (id, title, body, state, author, created_at, updated_at, resolved_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", i.id(), i.title(), i.body(), i.state(), i.author(), i.createdAt(), i.updatedAt(), i.resolvedAt()));
    }

    /** Writes a note's new text and state; false when there is no such note. */
    boolean update(String id, String title, String body, String state, long now) {
        return jdbi.withHandle(h -> h.execute("""
                        UPDATE status_incidents SET title = ?, body = ?, state = ?, updated_at = ?,
                            resolved_at = CASE WHEN ? = 'resolved' THEN COALESCE(resolved_at, ?) ELSE NULL END
                        WHERE id = ?""", title, body, state, now, state, now, id)) > 0;
    }

    Optional<Incident> incident(String id) {
        return jdbi.withHandle(h -> h.select("SELECT * FROM status_incidents WHERE id = ?", id)
                .map(INCIDENT)
                .findOne());
    }

    /** The notes still open and those resolved since {@code since}, newest first. */
    List<Incident> incidents(long since) {
        return jdbi.withHandle(h -> h.select("""
                        SELECT * FROM status_incidents WHERE resolved_at IS NULL OR resolved_at >= ?
                        ORDER BY created_at DESC LIMIT 50""", since).map(INCIDENT).list());
    }
}
