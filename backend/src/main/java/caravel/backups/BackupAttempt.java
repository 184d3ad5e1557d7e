package caravel.backups;

import caravel.domain.Epoch;
import caravel.domain.Plans;
import caravel.insight.Insight;
import caravel.store.Relay;
import java.io.IOException;
import java.time.Clock;

/**
 * One attempt at a backup already recorded: its files written and verified ({@link BackupWriter}), then the backup
 * recorded done with its counts, the owner told, and the relay's older backups pruned. What an attempt that died
 * part-way left is removed first, so every attempt starts clean.
 */
record BackupAttempt(
        BackupStorage storage,
        BackupWriter writer,
        Plans plans,
        Insight insight,
        RelayBackupStore store,
        BackupNotices notices,
        BackupRetention retention,
        Clock clock) {
    /** Writes and verifies backup {@code id} of the relay, records it done with its counts, and prunes. */
    Manifest write(Relay r, String id) throws IOException {
        storage.deleteAll(r.id() + "/" + id); // what an attempt that died part-way left
        BackupWriter.Written w = writer.write(r, plans.of(r.plan()), id, storage);
        var c = w.manifest();
        // zooid reports no per-relay media figure: the relay's insight shows this count until the next backup's
        if (w.mediaListed())
            insight.mediaCounted(r.id(), c.count("media_bytes"), c.count("blobs"), Epoch.seconds(clock));
        store.done(
                id,
                new RelayBackupStore.Counts(
                        c.count("events"),
                        c.count("blobs"),
                        c.count("media_bytes"),
                        c.count("members"),
                        c.count("bans"),
                        c.count("names"),
                        w.bytes()),
                w.manifestSha256(),
                c.mediaNote(),
                Epoch.seconds(clock));
        notices.taken(r, c);
        if (!w.unreadable().isEmpty()) notices.unreadable(r, id, w.unreadable());
        retention.prune(r);
        return c;
    }
}
