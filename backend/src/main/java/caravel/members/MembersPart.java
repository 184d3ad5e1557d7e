package caravel.members;

import caravel.relayaccess.RelayAccess;
import caravel.relayparts.BackupSection;
import caravel.relayparts.Declared;
import caravel.relayparts.Lifecycle;
import caravel.relayparts.Move;
import caravel.relayparts.RelayPart;
import java.util.Set;

/**
 * A relay's members as a relay part (the members themselves are in zooid; the last heard list is names').
 */
public final class MembersPart implements RelayPart {
    private final MembersBackup backup;

    public MembersPart(Members members, RelayAccess access) {
        this.backup = new MembersBackup(members, access);
    }

    @Override
    public String name() {
        return "members";
    }

    @Override
    public Set<String> tables() {
        return Set.of();
    }

    @Override
    public Declared<BackupSection> backup() {
        return Declared.does(
                "members.json: the members, added and removed through Members (the plan's allowance and the bans hold)",
                backup);
    }

    @Override
    public Declared<Move> move() {
        return Declared.nothing("its state is in the relay's zooid config and database, which the move copies whole");
    }

    @Override
    public Declared<Lifecycle.Reaction> on(Lifecycle event) {
        return switch (event) {
            case TRANSFERRED -> Declared.nothing("the members are the relay's: they stay members under the new owner");
            case SUSPENDED ->
                Declared.nothing("the members stay; zooid serves them again when the suspension is lifted");
            case DELETED -> Declared.nothing("the members stay in zooid for the undo window");
            case UNDELETED -> Declared.nothing("the members stayed through the deletion");
            case PURGED ->
                Declared.nothing(
                        "the members leave with the relay's zooid config at the purge; no rows of Caravel hold them");
        };
    }
}
