package caravel.relayparts;

/**
 * What a part does once an administrator's move of its relay to another zooid node has switched it (the relay's row
 * names the new node): called with the relay's id.
 */
@FunctionalInterface
public interface Move {
    /** The answer of a part whose rows are all in Caravel's database. */
    Declared<Move> ROWS_STAY =
            Declared.nothing("its rows are in Caravel's database, which a move between zooid nodes does not change");

    /** The answer of a part whose state is the relay's zooid config and database. */
    Declared<Move> COPIED_WHOLE =
            Declared.nothing("its state is in the relay's zooid config and database, which the move copies whole");

    void moved(String relayId);
}
