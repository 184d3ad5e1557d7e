package caravel.erasure;

import caravel.store.Relay;

/**
 * What the relay's backups taken before an erasure still hold of the person, and until when: the backups package's
 * retention ({@code backups.BackupRetention#held}), adapted by the App so neither package points at the other.
 */
@FunctionalInterface
public interface OlderBackups {
    /**
     * {@code backups} of the relay's backups may hold the person; the plan keeps the {@code kept} newest on a
     * {@code schedule} (daily, weekly, off); the last of them is pruned by {@code untilS} (null: none holds them, or
     * the schedule is off and only the owner's backups count).
     */
    record Held(int backups, int kept, String schedule, Long untilS) {}

    Held held(Relay r, long nowS);
}
