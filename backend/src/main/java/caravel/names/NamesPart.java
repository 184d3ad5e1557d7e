package caravel.names;

import static caravel.relayparts.Declaration.part;
import static caravel.relayparts.Declared.does;
import static caravel.relayparts.Declared.nothing;

import caravel.relayparts.Declaration;
import caravel.relayparts.DeclaredPart;
import caravel.relayparts.Move;
import org.jdbi.v3.core.Jdbi;

/**
 * Members' NIP-05 names on a relay and its last heard member list, as a relay part.
 */
public final class NamesPart extends DeclaredPart {
    /** @param jdbi the database whose names and member lists a purge removes */
    public NamesPart(RelayNames names, Jdbi jdbi) {
        super(declaration(names, new RelayNameStore(jdbi), new RelayMemberStore(jdbi)));
    }

    private static Declaration declaration(RelayNames names, RelayNameStore held, RelayMemberStore heard) {
        return part("names", "relay_names", "relay_members", "relay_members_ever")
                .backup(does(
                        "names.json: members' names, given and taken back through RelayNames", new NamesBackup(names)))
                .move(Move.ROWS_STAY)
                .transferred(nothing("names are the members'; names the previous owner held stay theirs until the new"
                        + " owner takes them back"))
                .suspended(nothing("the names stay while the relay is stopped"))
                .deleted(nothing("the names stay for the undo window"))
                .undeleted(nothing("the names stayed through the deletion"))
                .purged(does(
                        "the members' names and the relay's heard member lists (the last one, and who was ever on one) are removed for good: the relay is"
                                + " never served again, so its names are nobody's",
                        (h, e) -> {
                            held.removeRelay(h, e.relay().id());
                            heard.removeRelay(h, e.relay().id());
                        }))
                .erased(does(
                        "their NIP-05 name is released and they leave the last heard member list, through"
                                + " RelayNames.membershipEnded, and the record that they were ever a member is removed",
                        req -> {
                            names.membershipEnded(
                                    req.relay(), req.pubkey(), req.caller().actor());
                            heard.forgetEver(req.relay().id(), req.pubkey());
                        }));
    }
}
