package caravel.backups;

import caravel.domain.Plan;
import caravel.domain.Plans;
import caravel.store.Relay;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many backups a relay keeps: as many finished ones as its plan says ({@link Plan#backupsKept()}), the final one
 * of a deletion never pruned, and as many failed attempts for the owner to read. A backup pruned leaves its storage
 * first, then its row.
 */
public record BackupRetention(RelayBackupStore store, BackupStorage storage, Plans plans) {
    private static final Logger log = LoggerFactory.getLogger(BackupRetention.class);

    /** How many finished backups the relay's plan keeps. */
    public int kept(Relay r) {
        return plans.byId(r.plan()).map(Plan::backupsKept).orElse(Plan.DEFAULT_BACKUPS_KEPT);
    }

    /** Keeps the newest {@link #kept} finished backups of the relay (final ones are never pruned). */
    void prune(Relay r) {
        prune(r, null);
    }

    /**
     * As {@link #prune(Relay)}, {@code justKept} counted as the newest whatever the clock says (two backups made in
     * the same second are otherwise ordered by their random ids).
     */
    void prune(Relay r, String justKept) {
        int keep = kept(r);
        List<RelayBackupStore.Backup> done = store.byRelay(r.id()).stream()
                .filter(b -> b.status().equals("done") && !b.reason().equals("final"))
                .sorted(Comparator.comparing(b -> !b.id().equals(justKept))) // stable: newest first stays
                .toList();
        for (RelayBackupStore.Backup old : done.subList(Math.min(keep, done.size()), done.size())) {
            try {
                storage.deleteAll(old.location());
                store.delete(old.id());
            } catch (IOException e) {
                log.warn("relay {} backup {} could not be removed: {}", r.id(), old.id(), e.getMessage());
            }
        }
        // failed attempts are kept for the owner to read, but not for ever
        List<RelayBackupStore.Backup> failed = store.byRelay(r.id()).stream()
                .filter(b -> b.status().equals("failed"))
                .toList();
        for (RelayBackupStore.Backup old : failed.subList(Math.min(keep, failed.size()), failed.size()))
            store.delete(old.id());
    }
}
