package caravel.automod;

import caravel.relayparts.BackupSection;
import caravel.relayparts.Declared;
import caravel.relayparts.Lifecycle;
import caravel.relayparts.Move;
import caravel.relayparts.RelayPart;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/**
 * A relay's automatic rules as a relay part: their settings, words, removals, members' counts and notices.
 */
public final class AutomodPart implements RelayPart {
    private final AutomodStore store;

    /** @param jdbi the database whose rows of a relay a purge removes */
    public AutomodPart(Jdbi jdbi) {
        this.store = new AutomodStore(jdbi);
    }

    @Override
    public String name() {
        return "automod";
    }

    @Override
    public Set<String> tables() {
        return Set.of("automod_settings", "automod_terms", "automod_removals", "automod_members", "automod_notices");
    }

    @Override
    public Declared<BackupSection> backup() {
        return Declared.nothing(
                "a backup does not hold the automatic rules yet: a restore leaves the target relay's rules as they are");
    }

    @Override
    public Declared<Move> move() {
        return Declared.nothing("its rows are in Caravel's database, which a move between zooid nodes does not change");
    }

    @Override
    public Declared<Lifecycle.Reaction> on(Lifecycle event) {
        return switch (event) {
            case TRANSFERRED ->
                Declared.nothing("the rules are the relay's, not the owner's: they stay as they are for the new owner");
            case SUSPENDED ->
                Declared.nothing("a suspended relay is stopped: the watch hands the rules no events until it is back");
            case DELETED ->
                Declared.nothing(
                        "a deleted relay is stopped: its rules stay, so an undo brings them back as they were");
            case UNDELETED -> Declared.nothing("the rules stayed through the deletion: nothing to bring back");
            case PURGED ->
                Declared.does(
                        "the rules, what they removed, the new members they watch and the notices sent are removed for good:"
                                + " no relay reads them again",
                        (h, e) -> store.removeRelay(h, e.relay().id()));
        };
    }
}
