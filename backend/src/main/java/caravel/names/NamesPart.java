package caravel.names;

import caravel.relayparts.BackupSection;
import caravel.relayparts.Declared;
import caravel.relayparts.Lifecycle;
import caravel.relayparts.Move;
import caravel.relayparts.RelayPart;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/**
 * Members' NIP-05 names on a relay and its last heard member list, as a relay part.
 */
public final class NamesPart implements RelayPart {
    private final NamesBackup backup;
    private final RelayNameStore names;
    private final RelayMemberStore members;

    /** @param jdbi the database whose names and member lists a purge removes */
    public NamesPart(RelayNames names, Jdbi jdbi) {
        this.backup = new NamesBackup(names);
        this.names = new RelayNameStore(jdbi);
        this.members = new RelayMemberStore(jdbi);
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
                Declared.does(
                        "the members' names and the relay's last heard member list are removed for good: the relay is"
                                + " never served again, so its names are nobody's",
                        (h, e) -> {
                            names.removeRelay(h, e.relay().id());
                            members.removeRelay(h, e.relay().id());
                        });
        };
    }
}
