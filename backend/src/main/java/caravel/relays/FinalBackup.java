package caravel.relays;

import caravel.store.Relay;

/**
 * The last backup of a relay its owner deleted, taken before it stops being served (zooid cannot read an inactive
 * relay). An interface so that the relays package does not depend on who writes backups: {@code App} adapts the
 * relay backups' {@code backups.BackupTaking#takeFinal} (a full backup, never pruned).
 */
@FunctionalInterface
public interface FinalBackup {
    /**
     * Writes the relay's backup now.
     *
     * @param reason why it is taken (for the backup's own records), e.g. "relay deleted"
     * @return what was written, in the owner's words (where, how many events), for the activity log
     * @throws Exception when no backup could be written (the relay is stopped all the same, and the owner told)
     */
    String take(Relay r, String reason) throws Exception;
}
