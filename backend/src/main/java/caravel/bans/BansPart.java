package caravel.bans;

import static caravel.relayparts.Declaration.part;
import static caravel.relayparts.Declared.nothing;

import caravel.relayparts.DeclaredPart;
import caravel.relayparts.Move;

/**
 * The platform bans' passes over a relay (which relays a platform ban visited, and what it did there), as a relay
 * part. A platform ban is the platform's decision about a key, not the relay's state: every operation that crosses the
 * relay's parts leaves its record, and a ban that stands is asked again by {@code BanRule} on every path in.
 */
public final class BansPart extends DeclaredPart {
    public BansPart() {
        super(
                part("platform-bans", "platform_ban_relays")
                        .backup(nothing(
                                "a platform ban is the platform's, not the relay's: a backup holds the relay's own bans"
                                        + " (bans.json), and a restore cannot lift a platform ban"))
                        .move(Move.ROWS_STAY)
                        .transferred(nothing("a platform ban stands whoever owns the relay"))
                        .suspended(nothing("a platform ban stands while the relay is stopped"))
                        .deleted(nothing("a platform ban's record stays for the undo window"))
                        .undeleted(nothing("a platform ban stands on the relay brought back (BanRule)"))
                        .purged(nothing(
                                "the ban's record of the relays it visited is the platform's history of that ban"))
                        .erased(
                                nothing(
                                        "a platform ban is the platform's decision about a key, kept as its record whatever the person asks")));
    }
}
