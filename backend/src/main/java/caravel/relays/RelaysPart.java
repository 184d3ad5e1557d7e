package caravel.relays;

import caravel.relayparts.BackupSection;
import caravel.relayparts.Declared;
import caravel.relayparts.Lifecycle;
import caravel.relayparts.Move;
import caravel.relayparts.RelayPart;
import java.util.Set;

/**
 * The relay itself as a relay part: its settings (switches) in a backup. Its row is in {@code relays}, which has no
 * {@code relay_id}: the relay is the whole, not one of its parts.
 */
public final class RelaysPart implements RelayPart {
    private final SettingsBackup backup;

    public RelaysPart(Relays relays) {
        this.backup = new SettingsBackup(relays);
    }

    @Override
    public String name() {
        return "relay";
    }

    @Override
    public Set<String> tables() {
        // the relay's own record beside its row: its activity log and the old subdomains a rename left redirecting
        return Set.of("activity", "relay_redirects");
    }

    @Override
    public Declared<BackupSection> backup() {
        return Declared.does(
                "settings.json: the relay's switches, applied through Relays.changeSettings (the plan's rules hold)",
                backup);
    }

    @Override
    public Declared<Move> move() {
        return Declared.nothing("the move itself changes the relay's node (moves.RelayMoves through Relays)");
    }

    @Override
    public Declared<Lifecycle.Reaction> on(Lifecycle event) {
        return switch (event) {
            case TRANSFERRED ->
                Declared.nothing("the relay's row changes owner in the transfer itself (Relays.changeOwner)");
            case SUSPENDED -> Declared.nothing("the state machine's SUSPEND_ACCOUNT is the suspension itself");
            case DELETED -> Declared.nothing("the state machine's DELETE is the deletion itself");
            case UNDELETED -> Declared.nothing("the state machine's UNDELETE is the undo itself");
            case PURGED ->
                Declared.nothing(
                        "the relay's row stays, marked purged (its subdomain free), with its activity, as the record of"
                                + " invoices and activity that name it; its rename redirects are removed with the purge"
                                + " itself (RelayStore), so its old subdomains are free too");
        };
    }
}
