package caravel.bans;

import caravel.relayparts.BackupSection;
import caravel.relayparts.Declared;
import caravel.relayparts.Lifecycle;
import caravel.relayparts.Move;
import caravel.relayparts.RelayPart;
import java.util.Set;

/**
 * The platform bans' passes over a relay (which relays a platform ban visited, and what it did there), as a relay
 * part. A platform ban is the platform's decision about a key, not the relay's state: every operation that crosses the
 * relay's parts leaves its record, and a ban that stands is asked again by {@code BanRule} on every path in.
 */
public final class BansPart implements RelayPart {

    @Override
    public String name() {
        return "platform-bans";
    }

    @Override
    public Set<String> tables() {
        return Set.of("platform_ban_relays");
    }

    @Override
    public Declared<BackupSection> backup() {
        return Declared.nothing(
                "a platform ban is the platform's, not the relay's: a backup holds the relay's own bans (bans.json), and"
                        + " a restore cannot lift a platform ban");
    }

    @Override
    public Declared<Move> move() {
        return Declared.nothing("its rows are in Caravel's database, which a move between zooid nodes does not change");
    }

    @Override
    public Declared<Lifecycle.Reaction> on(Lifecycle event) {
        return switch (event) {
            case TRANSFERRED -> Declared.nothing("a platform ban stands whoever owns the relay");
            case SUSPENDED -> Declared.nothing("a platform ban stands while the relay is stopped");
            case DELETED -> Declared.nothing("a platform ban's record stays for the undo window");
            case UNDELETED -> Declared.nothing("a platform ban stands on the relay brought back (BanRule)");
            case PURGED ->
                Declared.nothing("the ban's record of the relays it visited is the platform's history of that ban");
        };
    }
}
