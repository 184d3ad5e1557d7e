package caravel.live;

import static caravel.relayparts.Declaration.part;
import static caravel.relayparts.Declared.does;
import static caravel.relayparts.Declared.nothing;

import caravel.relayparts.Declaration;
import caravel.relayparts.DeclaredPart;
import caravel.relayparts.Move;
import org.jdbi.v3.core.Jdbi;

/**
 * The live pages' count of a relay's membership changes (one row per relay) as a relay part.
 */
public final class LivePart extends DeclaredPart {
    /** @param jdbi the database whose rows of a relay a purge removes */
    public LivePart(Jdbi jdbi) {
        super(declaration(new MemberChangeStore(jdbi)));
    }

    private static Declaration declaration(MemberChangeStore store) {
        return part("live", "member_changes")
                .backup(nothing("the count is what open pages compare, not something to restore: a restore's changes"
                        + " count as they happen"))
                .move(Move.ROWS_STAY)
                .transferred(
                        nothing("the count is the relay's; its tenant column follows the owner at the next change"))
                .suspended(nothing("nothing changes in the members while the relay is stopped"))
                .deleted(nothing("nothing changes in the members while the relay is stopped"))
                .undeleted(nothing("the count stayed through the deletion"))
                .purged(does(
                        "the relay's counter row is removed for good: no page of a purged relay is open to compare it",
                        (h, e) -> store.removeRelay(h, e.relay().id())))
                .erased(nothing("the live counter counts members; the next count leaves the erased person out"));
    }
}
