package caravel.moves;

import static caravel.relayparts.Declaration.part;
import static caravel.relayparts.Declared.nothing;

import caravel.relayparts.DeclaredPart;

/**
 * A relay's moves between zooid nodes as a relay part: the record of each move.
 */
public final class MovesPart extends DeclaredPart {
    public MovesPart() {
        super(part("moves", "relay_moves")
                .backup(nothing("a move's record is an administrator's history, not part of the relay's content"))
                .move(nothing("the move itself writes this part's rows"))
                .transferred(nothing("a move's record is the platform's, whoever owns the relay"))
                .suspended(nothing("moves are an administrator's; a suspension does not stop one under way"))
                .deleted(nothing("the record of past moves stays with the deleted relay"))
                .undeleted(nothing("the record of past moves stayed through the deletion"))
                .purged(nothing("the record of past moves stays as the platform's history of its nodes"))
                .erased(nothing("the record of past moves names nodes, not people")));
    }
}
