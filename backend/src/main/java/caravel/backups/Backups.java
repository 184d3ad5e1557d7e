package caravel.backups;

import caravel.accounts.RelayOrders;
import caravel.archive.Exporter;
import caravel.archive.Importer;
import caravel.config.Config;
import caravel.domain.Plans;
import caravel.insight.Insight;
import caravel.jobs.JobQueue;
import caravel.jobs.JobRunner;
import caravel.jobs.Periodic;
import caravel.relayaccess.OutcomeLog;
import caravel.relayaccess.RelayAccess;
import caravel.relayaccess.RelayKeySockets;
import caravel.relayparts.RelayParts;
import caravel.robot.Robot;
import caravel.store.ActivityLog;
import caravel.store.RelayStore;
import java.net.http.HttpClient;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/**
 * Relays' backups and restores wired together: the storage (RELAY_BACKUP_DIR, or the bucket of RELAY_BACKUP_S3_*),
 * the scheduled and on-demand backups, their retention, reading and uploads, and restores. Each part is built here
 * with what it uses and nothing more. The files a backup holds beside the events and media are the registered relay
 * parts' ({@link RelayParts#sections}): this package names none of them.
 */
public final class Backups implements AutoCloseable {
    /** Taking a backup now, and a deleted relay's final one. */
    public final BackupTaking taking;
    /** When backups are taken: each relay's schedule. */
    public final BackupSchedules schedules;
    /** How many backups a relay's plan keeps. */
    public final BackupRetention retention;
    /** Listing, checking and downloading backups. */
    public final BackupReading reading;
    /** An owner's archive kept as a backup. */
    public final BackupUploads uploads;

    public final RelayRestores restores;
    /** The backups' and restores' rows, for the reads that apply no rule. */
    public final RelayBackupStore store;

    private final BackupStorage storage;
    private final boolean scheduled;

    /** What backups use of the platform: the database, the clock, the relays, the activity log, the queue, the robot. */
    public record Platform(
            Jdbi jdbi, Clock clock, RelayStore relays, ActivityLog activity, JobQueue jobs, Robot robot) {}

    /**
     * The community tools a backup reaches a relay with, as its own key: the HTTP client (Blossom media), the relay's
     * key and address, its sockets, the export of its events, and where what was done on it is recorded.
     */
    public record RelayReach(
            HttpClient http, RelayAccess access, RelayKeySockets sockets, Exporter exporter, OutcomeLog outcomes) {}

    public Backups(
            Config.RelayBackups conf,
            Plans plans,
            RelayParts parts,
            Platform platform,
            RelayReach reach,
            Insight insight,
            RelayOrders orders,
            ErasedPeople.Source erasures) {
        Jdbi jdbi = platform.jdbi();
        Clock clock = platform.clock();
        this.scheduled = conf.scheduled();
        this.storage =
                conf.s3().<BackupStorage>map(S3BackupStorage::new).orElseGet(() -> new LocalBackupStorage(conf.dir()));
        this.store = new RelayBackupStore(jdbi);
        var notices = new BackupNotices(platform.activity(), platform.robot(), jdbi, clock);
        this.retention = new BackupRetention(store, storage, plans);
        this.reading = new BackupReading(store, storage, notices);
        BlossomMedia media = new BlossomMedia(reach.http(), clock);
        var writer = new BackupWriter(reach.exporter(), media, reach.access(), parts, clock);
        var attempt = new BackupAttempt(storage, writer, plans, insight, store, notices, retention, clock);
        this.taking =
                new BackupTaking(jdbi, clock, store, storage, platform.relays(), platform.jobs(), attempt, notices);
        this.schedules = new BackupSchedules(jdbi, clock, platform.jobs(), platform.relays(), store, taking, notices);
        this.uploads =
                new BackupUploads(store, storage, retention, notices, plans, parts, conf.uploadMaxBytes(), clock);
        var preview = new RestorePreview(reading, parts, plans, reach.sockets(), reach.access(), media, erasures);
        // a backup's events are read whole, whatever the bound on an owner's import of a file
        var importer = new Importer(reach.sockets(), reach.outcomes(), Long.MAX_VALUE, Importer.RELAY_MESSAGE_LIMIT);
        var content = new RestoreContent(
                reading, store, media, plans, reach.access(), importer, clock, conf.restoreEventsCommand());
        var queue = new RestoreQueue(reading, store, orders, plans, platform.jobs(), reach.outcomes(), clock, preview);
        var run = new RestoreRun(reading, store, parts, platform.relays(), content, preview, reach.outcomes(), clock);
        this.restores = new RelayRestores(preview, queue, run);
    }

    public void register(JobRunner runner, Periodic periodic) {
        taking.register(runner);
        schedules.register(runner, periodic);
        restores.register(runner);
    }

    public void start() {
        if (scheduled) schedules.start();
    }

    @Override
    public void close() {
        if (storage instanceof S3BackupStorage s3) s3.close();
    }
}
