package caravel.names;

import caravel.relayparts.BackupSection;
import caravel.relayparts.Declared;
import caravel.relayparts.Lifecycle;
import caravel.relayparts.Move;
import caravel.relayparts.RelayPart;
import java.util.Set;

/**
 * Members' NIP-05 names on a relay and its last heard member list, as a relay part.
 */
public final class NamesPart implements RelayPart {
    private final NamesBackup backup;

    public NamesPart(RelayNames names) {
        this.backup = new NamesBackup(names);
    }

    @Override
    public String name() {
        return "names";
    }

    @Override
    public Set<String> tables() {
        return Set.of("relay_names", "relay_members");
    }

    @Override
    public Declared<BackupSection> backup() {
        return Declared.does("names.json: members' names, given and taken back through RelayNames", backup);
    }

    @Override
    public Declared<Move> move() {
        return Declared.nothing("its rows are in Caravel's database, which a move between zooid nodes does not change");
    }

    @Override
    public Declared<Lifecycle.Reaction> on(Lifecycle event) {
        return switch (event) {
            case TRANSFERRED ->
                Declared.nothing(
                        "names are the members'; names the previous owner held stay theirs until the new owner takes them back");
            case SUSPENDED -> Declared.nothing("the names stay while the relay is stopped");
            case DELETED -> Declared.nothing("the names stay for the undo window");
            case UNDELETED -> Declared.nothing("the names stayed through the deletion");
            case PURGED ->
                Declared.nothing(
                        "the rows stay in Caravel's database after the purge and are never answered (the relay is never served again); removing them is a known gap written in docs/deleting.md");
        };
    }
}
