package caravel.backups;

import caravel.domain.Actor;
import caravel.domain.Epoch;
import caravel.domain.Failure;
import caravel.domain.Plans;
import caravel.relayparts.RelayParts;
import caravel.store.Ids;
import caravel.store.Relay;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * An archive the owner uploads (one {@link BackupReading#download} made, of this relay or another of theirs), checked
 * whole ({@link BackupArchive}) and then kept as a backup of this relay with reason "upload", to preview and restore
 * like any other. A refused archive leaves nothing behind.
 */
public final class BackupUploads {
    private final RelayBackupStore store;
    private final BackupStorage storage;
    private final BackupRetention retention;
    private final BackupNotices notices;
    private final Plans plans;
    private final RelayParts parts;
    private final long uploadMaxBytes;
    private final Clock clock;

    BackupUploads(
            RelayBackupStore store,
            BackupStorage storage,
            BackupRetention retention,
            BackupNotices notices,
            Plans plans,
            RelayParts parts,
            long uploadMaxBytes,
            Clock clock) {
        this.store = store;
        this.storage = storage;
        this.retention = retention;
        this.notices = notices;
        this.plans = plans;
        this.parts = parts;
        this.uploadMaxBytes = uploadMaxBytes;
        this.clock = clock;
    }

    public RelayBackupStore.Backup upload(Relay r, InputStream body, long declaredLength, Actor actor)
            throws IOException {
        if (declaredLength > uploadMaxBytes)
            throw new Failure(
                    Failure.Kind.TOO_LARGE,
                    "The archive is larger than " + uploadMaxBytes + " bytes, the most a restore reads.");
        Path dir = Files.createTempDirectory("caravel-backup-upload-");
        try {
            boolean media = plans.of(r.plan()).blossom();
            Manifest m =
                    BackupArchive.read(body, new BackupArchive.Bounds(uploadMaxBytes, media), dir, parts.sections());
            return adopt(r, m, dir, actor);
        } finally {
            RestoreContent.deleteTree(dir);
        }
    }

    /**
     * Keeps a checked archive (unpacked in {@code dir}, each file named as its path with / as _) as a finished backup
     * of the relay, reason "upload": every file stored, then read back and checked as a backup written here is.
     */
    private RelayBackupStore.Backup adopt(Relay r, Manifest m, Path dir, Actor actor) throws IOException {
        String id = Ids.newId();
        RelayBackupStore.Backup row = RelayBackupStore.Backup.begun(
                id, r, "upload", "running", storage.kind(), actor.key(), Epoch.seconds(clock));
        store.insert(row);
        String base = row.location();
        try {
            long bytes = 0;
            for (Manifest.Entry e : m.files()) {
                storage.put(base + "/" + e.path(), dir.resolve(e.path().replace('/', '_')));
                bytes += e.size();
            }
            Path mf = dir.resolve(Manifest.FILE);
            Digests.Sum ms = Digests.of(mf);
            storage.put(base + "/" + Manifest.FILE, mf);
            BackupWriter.verify(storage, base + "/", m, ms.sha256());
            store.done(
                    id,
                    new RelayBackupStore.Counts(
                            m.count("events"),
                            m.count("blobs"),
                            m.count("media_bytes"),
                            m.count("members"),
                            m.count("bans"),
                            m.count("names"),
                            bytes + ms.size()),
                    ms.sha256(),
                    m.mediaNote(),
                    Epoch.seconds(clock));
        } catch (IOException | RuntimeException e) {
            storage.deleteAll(base);
            store.delete(id);
            throw e;
        }
        notices.uploaded(r, m, actor);
        // an upload takes a kept place like any other backup: the oldest beyond the plan's count goes
        retention.prune(r, id);
        return store.find(id).orElseThrow();
    }
}
