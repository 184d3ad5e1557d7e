package caravel.backups;

import caravel.accounts.RelayOrders;
import caravel.archive.Importer;
import caravel.community.Community;
import caravel.config.Config;
import caravel.jobs.JobQueue;
import caravel.jobs.JobRunner;
import caravel.jobs.Periodic;
import caravel.relayparts.RelayParts;
import caravel.relays.RelayDeps;
import caravel.robot.Robot;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/**
 * Relays' backups and restores wired together: the storage (RELAY_BACKUP_DIR, or the bucket of RELAY_BACKUP_S3_*),
 * the scheduled and on-demand backups, and restores. The files a backup holds beside the events and media are the
 * registered relay parts' ({@link RelayParts#sections}): this package names none of them.
 */
public final class Backups implements AutoCloseable {
    public final RelayBackups backups;
    public final RelayRestores restores;
    private final BackupStorage storage;
    private final boolean scheduled;

    /** What backups reach into: the relays' stores, the community tools, relay creation, the job queue, the parts. */
    public record Wiring(
            Config config,
            RelayDeps relays,
            Community community,
            Robot robot,
            RelayOrders orders,
            JobQueue jobs,
            RelayParts parts) {}

    public Backups(Wiring w) {
        Community c = w.community();
        Clock clock = w.relays().clock();
        Jdbi jdbi = w.relays().jdbi();
        Config.RelayBackups conf = w.config().relayBackups();
        this.scheduled = conf.scheduled();
        this.storage =
                conf.s3().<BackupStorage>map(S3BackupStorage::new).orElseGet(() -> new LocalBackupStorage(conf.dir()));
        BlossomMedia media = new BlossomMedia(c.http, clock);
        this.backups = new RelayBackups(
                new RelayBackups.Parts(
                        jdbi,
                        clock,
                        new RelayBackupStore(jdbi),
                        storage,
                        w.relays().relayStore(),
                        w.config().plans(),
                        w.jobs(),
                        w.robot(),
                        w.relays().activity(),
                        c.insight),
                new BackupWriter(c.exporter, media, c.access, w.parts(), clock));
        this.restores =
                restores(w, media, new RelayRestores.Settings(conf.restoreEventsCommand(), conf.uploadMaxBytes()));
    }

    private RelayRestores restores(Wiring w, BlossomMedia media, RelayRestores.Settings settings) {
        Community c = w.community();
        Clock clock = w.relays().clock();
        var plans = w.config().plans();
        var preview = new RestorePreview(backups, w.parts(), plans, c.sockets, c.access, media);
        // a backup's events are read whole, whatever the bound on an owner's import of a file
        var importer = new Importer(c.sockets, c.outcomes, Long.MAX_VALUE, Importer.RELAY_MESSAGE_LIMIT);
        var content = new RestoreContent(backups, media, plans, c.access, importer, clock, settings);
        var queue = new RestoreQueue(backups, w.parts(), w.orders(), plans, w.jobs(), c.outcomes, clock, preview);
        var run = new RestoreRun(backups, w.parts(), w.relays().relayStore(), content, preview, c.outcomes, clock);
        return new RelayRestores(preview, queue, run, backups, w.parts(), plans, settings);
    }

    public void register(JobRunner runner, Periodic periodic) {
        backups.register(runner, periodic);
        restores.register(runner);
    }

    public void start() {
        if (scheduled) backups.schedule();
    }

    @Override
    public void close() {
        if (storage instanceof S3BackupStorage s3) s3.close();
    }
}
