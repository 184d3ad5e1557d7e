package caravel.moves;

import caravel.relayparts.BackupSection;
import caravel.relayparts.Declared;
import caravel.relayparts.Lifecycle;
import caravel.relayparts.Move;
import caravel.relayparts.RelayPart;
import java.util.Set;

/**
 * A relay's moves between zooid nodes as a relay part: the record of each move.
 */
public final class MovesPart implements RelayPart {

    @Override
    public String name() {
        return "moves";
    }

    @Override
    public Set<String> tables() {
        return Set.of("relay_moves");
    }

    @Override
    public Declared<BackupSection> backup() {
        return Declared.nothing("a move's record is an administrator's history, not part of the relay's content");
    }

    @Override
    public Declared<Move> move() {
        return Declared.nothing("the move itself writes this part's rows");
    }

    @Override
    public Declared<Lifecycle.Reaction> on(Lifecycle event) {
        return switch (event) {
            case TRANSFERRED -> Declared.nothing("a move's record is the platform's, whoever owns the relay");
            case SUSPENDED ->
                Declared.nothing("moves are an administrator's; a suspension does not stop one under way");
            case DELETED -> Declared.nothing("the record of past moves stays with the deleted relay");
            case UNDELETED -> Declared.nothing("the record of past moves stayed through the deletion");
            case PURGED -> Declared.nothing("the record of past moves stays as the platform's history of its nodes");
        };
    }
}
