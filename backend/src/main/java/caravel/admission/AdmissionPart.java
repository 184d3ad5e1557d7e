package caravel.admission;

import caravel.relayparts.BackupSection;
import caravel.relayparts.Declared;
import caravel.relayparts.Lifecycle;
import caravel.relayparts.Move;
import caravel.relayparts.RelayPart;
import java.util.Set;

/** A relay's paid admission (terms, the owner's wallet, paying members, their invoices) and join requests. */
public final class AdmissionPart implements RelayPart {
    @Override
    public String name() {
        return "admission";
    }

    @Override
    public Set<String> tables() {
        return Set.of(
                "relay_admissions", "admission_members", "admission_invoices", "relay_join_settings", "join_requests");
    }

    @Override
    public Declared<BackupSection> backup() {
        return Declared.nothing(
                "paid admission holds money (the owner's wallet, members' payments): it is not in a backup, and a"
                        + " restore leaves the target relay's admission as it is");
    }

    @Override
    public Declared<Move> move() {
        return Declared.nothing("its rows are in Caravel's database, which a move between zooid nodes does not change");
    }

    @Override
    public Declared<Lifecycle.Reaction> on(Lifecycle event) {
        return switch (event) {
            case TRANSFERRED -> Declared.nothing("the admission stays as the previous owner set it");
            case SUSPENDED -> Declared.nothing("a stopped relay's join page does not sell (Admissions.selling)");
            case DELETED -> Declared.nothing("a deleted relay is stopped: its join page does not sell");
            case UNDELETED -> Declared.nothing("the admission stayed through the deletion");
            case PURGED ->
                Declared.nothing("members' payments and invoices are money records: they stay in Caravel's database");
        };
    }
}
