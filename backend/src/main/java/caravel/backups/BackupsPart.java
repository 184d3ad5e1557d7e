package caravel.backups;

import static caravel.relayparts.Declaration.part;
import static caravel.relayparts.Declared.nothing;

import caravel.relayparts.DeclaredPart;

/**
 * A relay's backups as a relay part: the backups themselves, their schedule and the restores made from them.
 */
public final class BackupsPart extends DeclaredPart {
    public BackupsPart() {
        super(
                part("backups", "relay_backups", "relay_backup_schedules", "relay_restores")
                        .backup(nothing(
                                "a backup does not hold the list of backups: they are kept in their own storage, beside"
                                        + " it"))
                        .move(nothing(
                                "backups live in RELAY_BACKUP_DIR or the bucket, not on the zooid node: a move leaves"
                                        + " them where they are"))
                        .transferred(nothing(
                                "the backups are the relay's: the new owner lists, downloads and restores them"))
                        .suspended(nothing("the scheduled backups skip a stopped relay; the backups kept stay"))
                        .deleted(nothing(
                                "the deletion's final backup is taken by the retirement job (relays.FinalBackup), not"
                                        + " by this reaction: it reads the relay while zooid still serves it"))
                        .undeleted(nothing("the backups stayed through the deletion, the final one among them"))
                        .purged(nothing(
                                "the backups stay, the final one above all: it is how a purged relay's content is ever"
                                        + " brought back, into a new relay (docs/deleting.md)"))
                        .erased(
                                nothing(
                                        "backups already taken keep what they held until the plan's retention removes them (docs/erasure.md says until when, and the person is told by DM); every later backup reads the relay after the erasure and leaves them out")));
    }
}
