package caravel.store;

import caravel.config.Config.BackupSchedule;
import caravel.jobs.JobHandler;
import caravel.jobs.JobPayloads;
import caravel.jobs.JobQueue;
import caravel.jobs.JobRunner;
import caravel.jobs.PermanentFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BACKUP_DIR: the running service writes {@code caravel-<UTC time>.db} there every BACKUP_EVERY and keeps the newest
 * BACKUP_KEEP. It is a durable job like the others, so the schedule survives restarts and, with several processes on
 * one database, one backup runs per period (one queued job per dedupe key, one lease per job). A failed backup is
 * not silent: it is logged as a warning, the job is recorded as failed with the reason (what the job metrics and the
 * jobs table show), and the next attempt comes within an hour instead of a whole period later. Only files with the
 * backup name pattern are ever deleted from the folder.
 */
public final class ScheduledBackups {
    private static final Logger log = LoggerFactory.getLogger(ScheduledBackups.class);
    public static final String JOB = "backup.scheduled";
    /** How soon a failed backup is tried again (at most; a shorter BACKUP_EVERY wins). */
    static final Duration RETRY = Duration.ofHours(1);

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern NAME = Pattern.compile("caravel-([0-9]{8}T[0-9]{6}Z)\\.db");
    /** Backups' temporary names (see {@link Backups}), with SQLite's siblings of them. */
    private static final Pattern PARTIAL =
            Pattern.compile("\\.caravel-[0-9]{8}T[0-9]{6}Z\\.db\\.partial-[0-9a-f]+(-wal|-shm|-journal)?");

    private final Jdbi jdbi;
    private final JobQueue jobs;
    private final Path database;
    private final BackupSchedule schedule;
    private final Clock clock;

    public ScheduledBackups(Jdbi jdbi, JobQueue jobs, Path database, BackupSchedule schedule, Clock clock) {
        this.jdbi = jdbi;
        this.jobs = jobs;
        this.database = database;
        this.schedule = schedule;
        this.clock = clock;
    }

    public void register(JobRunner runner) {
        runner.register(JOB, handler());
    }

    /**
     * Queues the next backup unless one is queued already: a period after the newest backup in the folder, or now
     * when there is none (or it is older than a period), so restarts do not add backups.
     */
    public void schedule() {
        try {
            FileModes.createPrivateDirectories(schedule.dir());
        } catch (IOException e) {
            // the backup job fails with the same reason, visibly; the service itself runs on
            log.warn("BACKUP_DIR {} cannot be created: {}", schedule.dir(), Backups.describe(e));
        }
        long due = newest().map(t -> t.plus(schedule.every()).toEpochMilli())
                .filter(t -> t > clock.millis())
                .orElse(clock.millis());
        jdbi.useHandle(h -> jobs.enqueueAt(h, JOB, JobPayloads.NONE, JOB, 1, due));
    }

    JobHandler handler() {
        return job -> {
            Exception failure = null;
            try {
                runOnce();
            } catch (Backups.BackupException | IOException | RuntimeException e) {
                failure = e;
            }
            // the next run is queued before this one is recorded; the unique key covers queued jobs only
            Duration next = failure == null ? schedule.every() : min(schedule.every(), RETRY);
            jdbi.useHandle(h -> jobs.enqueueAt(h, JOB, JobPayloads.NONE, JOB, 1, clock.millis() + next.toMillis()));
            if (failure != null) {
                String why = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
                log.warn("scheduled backup into {} failed: {}; next attempt in {}", schedule.dir(), why, next);
                throw new PermanentFailure("backup failed: " + why);
            }
        };
    }

    /** One backup into the folder, then the oldest beyond BACKUP_KEEP go. Returns the new file. */
    public Path runOnce() throws Backups.BackupException, IOException {
        Instant now = clock.instant();
        Path target = schedule.dir().resolve("caravel-" + STAMP.format(now) + ".db");
        Backups.Written w = Backups.backup(database, target);
        List<Path> removed = prune();
        log.info(
                "backup written to {} ({} bytes in {} ms){}",
                w.file(),
                w.bytes(),
                w.millis(),
                removed.isEmpty() ? "" : "; removed the oldest: " + removed);
        return w.file();
    }

    /**
     * Deletes the oldest backups beyond BACKUP_KEEP (by the time in their names), and the hidden partial copies a
     * crash in the middle of a backup left (a day old or more); nothing else in the folder.
     */
    List<Path> prune() throws IOException {
        try (var files = Files.list(schedule.dir())) {
            Instant dayAgo = clock.instant().minus(Duration.ofDays(1));
            for (Path p : files.filter(
                            p -> PARTIAL.matcher(p.getFileName().toString()).matches())
                    .toList()) {
                if (Files.getLastModifiedTime(p).toInstant().isBefore(dayAgo)) Files.deleteIfExists(p);
            }
        }
        List<Path> ours = backups();
        List<Path> removed = new ArrayList<>();
        for (int i = schedule.keep(); i < ours.size(); i++) {
            Files.deleteIfExists(ours.get(i));
            removed.add(ours.get(i));
        }
        return removed;
    }

    /** The folder's backups, newest first. */
    List<Path> backups() throws IOException {
        if (!Files.isDirectory(schedule.dir())) return List.of();
        try (var files = Files.list(schedule.dir())) {
            return files.filter(p -> NAME.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p))
                    .sorted((a, b) -> b.getFileName().compareTo(a.getFileName()))
                    .toList();
        }
    }

    private Optional<Instant> newest() {
        try {
            return backups().stream().findFirst().map(p -> {
                Matcher m = NAME.matcher(p.getFileName().toString());
                if (!m.matches()) throw new IllegalStateException(p.toString());
                return Instant.from(STAMP.parse(m.group(1)));
            });
        } catch (IOException | RuntimeException e) {
            log.warn("cannot list the backups in {}: {}", schedule.dir(), e.getMessage());
            return Optional.empty();
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
