package caravel.relays;

import static caravel.relayparts.Declaration.part;
import static caravel.relayparts.Declared.does;
import static caravel.relayparts.Declared.nothing;

import caravel.relayparts.DeclaredPart;

/**
 * The relay itself as a relay part: its settings (switches) in a backup. Its row is in {@code relays}, which has no
 * {@code relay_id}: the relay is the whole, not one of its parts. Its tables are its own record beside its row: its
 * activity log and the old subdomains a rename left redirecting.
 */
public final class RelaysPart extends DeclaredPart {
    public RelaysPart(Relays relays) {
        super(
                part("relay", "activity", "relay_redirects")
                        .backup(does(
                                "settings.json: the relay's switches, applied through Relays.changeSettings (the plan's rules"
                                        + " hold)",
                                new SettingsBackup(relays)))
                        .move(nothing("the move itself changes the relay's node (moves.RelayMoves through Relays)"))
                        .transferred(
                                nothing("the relay's row changes owner in the transfer itself (Relays.changeOwner)"))
                        .suspended(nothing("the state machine's SUSPEND_ACCOUNT is the suspension itself"))
                        .deleted(nothing("the state machine's DELETE is the deletion itself"))
                        .undeleted(nothing("the state machine's UNDELETE is the undo itself"))
                        .purged(nothing(
                                "the relay's row stays, marked purged (its subdomain free), with its activity, as the record of"
                                        + " invoices and activity that name it; its rename redirects are removed with the purge"
                                        + " itself (RelayStore), so its old subdomains are free too"))
                        .erased(
                                nothing(
                                        "the relay's settings and row are the owner's: a member's erasure leaves them as they are (the owner cannot be erased from their own relay: they delete it)")));
    }
}
