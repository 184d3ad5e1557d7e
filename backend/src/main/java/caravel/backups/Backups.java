package caravel.backups;

import caravel.accounts.RelayOrders;
import caravel.community.Community;
import caravel.config.Config;
import caravel.jobs.JobQueue;
import caravel.jobs.JobRunner;
import caravel.jobs.Periodic;
import caravel.relayaccess.Deps;
import caravel.relayparts.RelayParts;
import caravel.relays.Relays;

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

    /** What backups reach into: the community tools, relay creation, the job queue, the relay parts. */
    public record Wiring(
            Config config, Community community, Relays relays, RelayOrders orders, JobQueue jobs, RelayParts parts) {}

    public Backups(Wiring w) {
        Deps d = w.community().deps;
        Config.RelayBackups c = w.config().relayBackups();
        this.scheduled = c.scheduled();
        this.storage = c.s3().<BackupStorage>map(S3BackupStorage::new).orElseGet(() -> new LocalBackupStorage(c.dir()));
        BlossomMedia media = new BlossomMedia(d.http(), d.clock());
        this.backups = new RelayBackups(
                new RelayBackups.Parts(
                        d.jdbi(),
                        d.clock(),
                        new RelayBackupStore(d.jdbi()),
                        storage,
                        d.relayStore(),
                        w.config().plans(),
                        w.jobs(),
                        d.robot(),
                        d.activity(),
                        w.community().insight),
                new BackupWriter(w.community().exporter, media, d.access(), w.parts(), d.clock()));
        this.restores = new RelayRestores(
                new RelayRestores.Parts(
                        backups,
                        w.parts(),
                        d,
                        media,
                        w.relays(),
                        w.orders(),
                        w.config().plans(),
                        w.jobs()),
                new RelayRestores.Settings(c.restoreEventsCommand(), c.uploadMaxBytes()));
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
