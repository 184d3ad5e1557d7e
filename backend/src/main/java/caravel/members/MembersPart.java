package caravel.members;

import static caravel.relayparts.Declaration.part;
import static caravel.relayparts.Declared.does;
import static caravel.relayparts.Declared.nothing;

import caravel.relayaccess.RelayAccess;
import caravel.relayparts.DeclaredPart;
import caravel.relayparts.Move;

/**
 * A relay's members as a relay part (the members themselves are in zooid; the last heard list is names').
 */
public final class MembersPart extends DeclaredPart {
    public MembersPart(Members members, RelayAccess access) {
        super(part("members")
                .backup(does(
                        "members.json: the members, added and removed through Members (the plan's allowance and the"
                                + " bans hold)",
                        new MembersBackup(members, access)))
                .move(Move.COPIED_WHOLE)
                .transferred(nothing("the members are the relay's: they stay members under the new owner"))
                .suspended(nothing("the members stay; zooid serves them again when the suspension is lifted"))
                .deleted(nothing("the members stay in zooid for the undo window"))
                .undeleted(nothing("the members stayed through the deletion"))
                .purged(nothing(
                        "the members leave with the relay's zooid config at the purge; no rows of Caravel hold them"))
                .erased(does(
                        "their membership ends over NIP-86 (unallowpubkey) through Members.remove; someone who is no"
                                + " member any more is left as they are",
                        req -> members.removeIfMember(
                                req.relay(), req.pubkey(), req.caller().actor()))));
    }
}
