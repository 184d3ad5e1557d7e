package caravel.automod;

import static caravel.relayparts.Declaration.part;
import static caravel.relayparts.Declared.does;
import static caravel.relayparts.Declared.nothing;

import caravel.relayparts.Declaration;
import caravel.relayparts.DeclaredPart;
import caravel.relayparts.Move;
import org.jdbi.v3.core.Jdbi;

/**
 * A relay's automatic rules as a relay part: their settings, words, removals, members' counts and notices.
 */
public final class AutomodPart extends DeclaredPart {
    /** @param jdbi the database whose rows of a relay a purge removes */
    public AutomodPart(Jdbi jdbi) {
        super(declaration(new AutomodStore(jdbi)));
    }

    private static Declaration declaration(AutomodStore store) {
        return part(
                        "automod",
                        "automod_settings",
                        "automod_terms",
                        "automod_removals",
                        "automod_members",
                        "automod_notices")
                .backup(nothing("a backup does not hold the automatic rules yet: a restore leaves the target relay's"
                        + " rules as they are"))
                .move(Move.ROWS_STAY)
                .transferred(
                        nothing("the rules are the relay's, not the owner's: they stay as they are for the new owner"))
                .suspended(
                        nothing("a suspended relay is stopped: the watch hands the rules no events until it is back"))
                .deleted(
                        nothing("a deleted relay is stopped: its rules stay, so an undo brings them back as they were"))
                .undeleted(nothing("the rules stayed through the deletion: nothing to bring back"))
                .purged(does(
                        "the rules, what they removed, the new members they watch and the notices sent are removed for good:"
                                + " no relay reads them again",
                        (h, e) -> store.removeRelay(h, e.relay().id())))
                .erased(
                        nothing(
                                "the rules are the owner's; what they removed is already gone, and the watch of new members forgets them when their watch window ends"));
    }
}
