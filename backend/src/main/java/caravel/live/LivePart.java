package caravel.live;

import caravel.relayparts.BackupSection;
import caravel.relayparts.Declared;
import caravel.relayparts.Lifecycle;
import caravel.relayparts.Move;
import caravel.relayparts.RelayPart;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/**
 * The live pages' count of a relay's membership changes (one row per relay) as a relay part.
 */
public final class LivePart implements RelayPart {
    private final MemberChangeStore store;

    /** @param jdbi the database whose rows of a relay a purge removes */
    public LivePart(Jdbi jdbi) {
        this.store = new MemberChangeStore(jdbi);
    }

    @Override
    public String name() {
        return "live";
    }

    @Override
    public Set<String> tables() {
        return Set.of("member_changes");
    }

    @Override
    public Declared<BackupSection> backup() {
        return Declared.nothing(
                "the count is what open pages compare, not something to restore: a restore's changes count as they happen");
    }

    @Override
    public Declared<Move> move() {
        return Declared.nothing("its rows are in Caravel's database, which a move between zooid nodes does not change");
    }

    @Override
    public Declared<Lifecycle.Reaction> on(Lifecycle event) {
        return switch (event) {
            case TRANSFERRED ->
                Declared.nothing("the count is the relay's; its tenant column follows the owner at the next change");
            case SUSPENDED -> Declared.nothing("nothing changes in the members while the relay is stopped");
            case DELETED -> Declared.nothing("nothing changes in the members while the relay is stopped");
            case UNDELETED -> Declared.nothing("the count stayed through the deletion");
            case PURGED ->
                Declared.does(
                        "the relay's counter row is removed for good: no page of a purged relay is open to compare it",
                        (h, e) -> store.removeRelay(h, e.relay().id()));
        };
    }
}
