package caravel.backups;

import caravel.domain.Actor;
import caravel.domain.Failure;
import caravel.nostr.Hex;
import caravel.store.Relay;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A relay's backups as they are read: listed, a finished one found, its manifest checked against the sum recorded
 * when it was written, its files opened, and the whole downloaded as one zip archive streamed from the storage.
 */
public final class BackupReading {
    private final RelayBackupStore store;
    private final BackupStorage storage;
    private final BackupNotices notices;

    BackupReading(RelayBackupStore store, BackupStorage storage, BackupNotices notices) {
        this.store = store;
        this.storage = storage;
        this.notices = notices;
    }

    public List<RelayBackupStore.Backup> list(Relay r) {
        return store.byRelay(r.id());
    }

    /** Where the backups are kept: RELAY_BACKUP_DIR's folder or the bucket ({@link BackupStorage#kind()}). */
    public String storageKind() {
        return storage.kind();
    }

    /** A finished backup of this relay, or not found. */
    public RelayBackupStore.Backup finished(Relay r, String backupId) {
        RelayBackupStore.Backup b = store.find(backupId)
                .filter(x -> x.relayId().equals(r.id()))
                .orElseThrow(() -> Failure.notFound("backup not found"));
        if (!b.status().equals("done"))
            throw Failure.conflict("That backup is " + b.status() + ", not finished: there is nothing to read yet.");
        return b;
    }

    /** The backup's manifest as stored, checked against the sum recorded when it was written. */
    public Manifest manifest(RelayBackupStore.Backup b) throws IOException {
        byte[] bytes = readAll(b, Manifest.FILE);
        String sum = Hex.encode(Digests.sha256().digest(bytes));
        if (b.manifestSha256() != null && !sum.equals(b.manifestSha256()))
            throw new IOException("the stored manifest.json of backup " + b.id() + " was changed since it was written");
        return Manifest.parse(bytes);
    }

    /** One file of the backup, by its path in the manifest, streamed from the storage. */
    InputStream open(RelayBackupStore.Backup b, String path) throws IOException {
        return storage.open(b.location() + "/" + path);
    }

    /**
     * Writes the backup as one zip archive: manifest.json first, then every file it lists, each streamed from the
     * storage (nothing is held whole in memory). What {@link BackupArchive#read} reads back for a restore.
     */
    public void download(RelayBackupStore.Backup b, OutputStream out, Actor actor) throws IOException {
        Manifest m = manifest(b);
        ZipOutputStream zip = new ZipOutputStream(out);
        zip.setLevel(Deflater.BEST_SPEED);
        zip.putNextEntry(new ZipEntry(Manifest.FILE));
        zip.write(m.bytes().length == 0 ? new byte[0] : readAll(b, Manifest.FILE));
        zip.closeEntry();
        for (Manifest.Entry e : m.files()) {
            zip.putNextEntry(new ZipEntry(e.path()));
            try (InputStream in = open(b, e.path())) {
                in.transferTo(zip);
            }
            zip.closeEntry();
        }
        zip.finish();
        zip.flush();
        notices.downloaded(b, actor);
    }

    private byte[] readAll(RelayBackupStore.Backup b, String path) throws IOException {
        try (InputStream in = open(b, path)) {
            return in.readAllBytes();
        }
    }
}
