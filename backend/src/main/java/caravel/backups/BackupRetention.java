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

    /**
     * What the relay's backups taken up to {@code nowS} hold of someone erased now, and until when: {@code backups}
     * of them (finished, running or queued; the final one of a deletion aside), the plan keeping the {@code kept}
     * newest, so the newest of them is pruned once {@code kept} newer ones were taken. On a daily or weekly schedule
     * that is the {@code kept}-th scheduled backup from now ({@code untilS}: the next one is due a period after the last
     * one taken, and the schedule's pass may start it up to {@link BackupSchedules#PASS} late); null when none holds
     * them or the schedule is off (only backups the owner takes or uploads then count).
     */
    public record Held(int backups, int kept, String schedule, Long untilS) {}

    public Held held(Relay r, long nowS) {
        int keep = kept(r);
        int holding = (int) store.byRelay(r.id()).stream()
                .filter(b -> !b.status().equals("failed") && !b.reason().equals("final"))
                .count();
        String every = store.schedule(r.id());
        if (holding == 0 || every.equals("off")) return new Held(holding, keep, every, null);
        long period = every.equals("weekly") ? 7 * 86_400 : 86_400;
        long next = Math.max(
                nowS, store.jdbi().withHandle(h -> store.lastTakenAt(h, r.id())).orElse(nowS) + period);
        long until = next + (long) (keep - 1) * period + BackupSchedules.PASS.toSeconds();
        return new Held(holding, keep, every, until);
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
