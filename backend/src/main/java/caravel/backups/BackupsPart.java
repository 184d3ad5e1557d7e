package caravel.backups;

import caravel.relayparts.BackupSection;
import caravel.relayparts.Declared;
import caravel.relayparts.Lifecycle;
import caravel.relayparts.Move;
import caravel.relayparts.RelayPart;
import java.util.Set;

/**
 * A relay's backups as a relay part: the backups themselves, their schedule and the restores made from them.
 */
public final class BackupsPart implements RelayPart {

    @Override
    public String name() {
        return "backups";
    }

    @Override
    public Set<String> tables() {
        return Set.of("relay_backups", "relay_backup_schedules", "relay_restores");
    }

    @Override
    public Declared<BackupSection> backup() {
        return Declared.nothing(
                "a backup does not hold the list of backups: they are kept in their own storage, beside it");
    }

    @Override
    public Declared<Move> move() {
        return Declared.nothing(
                "backups live in RELAY_BACKUP_DIR or the bucket, not on the zooid node: a move leaves them where they are");
    }

    @Override
    public Declared<Lifecycle.Reaction> on(Lifecycle event) {
        return switch (event) {
            case TRANSFERRED ->
                Declared.nothing("the backups are the relay's: the new owner lists, downloads and restores them");
            case SUSPENDED -> Declared.nothing("the scheduled backups skip a stopped relay; the backups kept stay");
            case DELETED ->
                Declared.nothing(
                        "the deletion's final backup is taken by the retirement job (relays.FinalBackup), not by this reaction: it reads the relay while zooid still serves it");
            case UNDELETED -> Declared.nothing("the backups stayed through the deletion, the final one among them");
            case PURGED ->
                Declared.nothing(
                        "the backups stay, the final one above all: it is how a purged relay's content is ever brought back, into a new relay (docs/deleting.md)");
        };
    }
}
