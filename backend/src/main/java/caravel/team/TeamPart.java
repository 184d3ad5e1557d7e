package caravel.team;

import static caravel.relayparts.Declaration.part;
import static caravel.relayparts.Declared.does;
import static caravel.relayparts.Declared.nothing;

import caravel.relayparts.Declaration;
import caravel.relayparts.DeclaredPart;

/** A relay's team (admins and moderators) and its transfer offers, as a relay part. */
public final class TeamPart extends DeclaredPart {
    /**
     * @param offers withdraws a relay's open transfer offer when the relay can no longer be given
     * @param transfers the offers' store, which removes a purged relay's offers
     */
    public TeamPart(Team team, OfferWithdrawal offers, TransferStore transfers) {
        super(declaration(team, offers, transfers));
    }

    private static Declaration declaration(Team team, OfferWithdrawal offers, TransferStore transfers) {
        return part("team", "relay_team", "relay_transfers")
                .backup(does(
                        "team.json: the admins and moderators, added, changed and removed through Team",
                        new TeamBackup(team)))
                .move(nothing("the team is in Caravel's database; zooid's roles follow from it at the relay's next"
                        + " sync on its new node"))
                .transferred(does(
                        "the new owner leaves the team (an owner is no team member); the rest of the team stays",
                        (h, e) -> team.store()
                                .removeAny(h, e.relay().id(), e.relay().tenant())))
                .suspended(does(
                        "the relay's open transfer offer is withdrawn (a suspended account gives nothing away); the"
                                + " team stays",
                        (h, e) -> offers.withdraw(h, e.relay(), "the owner's account was suspended")))
                .deleted(does(
                        "the relay's open transfer offer is withdrawn (a deleted relay is no one's to take); the team"
                                + " stays for the undo window",
                        (h, e) -> offers.withdraw(h, e.relay(), "the relay was deleted")))
                .undeleted(nothing("the team stayed through the deletion"))
                .purged(does(
                        "the team and every transfer offer of the relay (an open one was withdrawn at the deletion) are"
                                + " removed for good: they are the relay's community, and nothing reads them again",
                        (h, e) -> {
                            team.store().removeRelay(h, e.relay().id());
                            transfers.removeRelay(h, e.relay().id());
                        }))
                .erased(does(
                        "their seat on the team ends through Team.remove as the caller (the person leaving, or the owner;"
                                + " an admin's seat only the owner ends), before their membership: zooid re-adds the"
                                + " team's keys",
                        req -> {
                            boolean seated = team.list(req.relay()).stream()
                                    .anyMatch(m -> m.pubkey().equals(req.pubkey()));
                            if (seated)
                                team.remove(
                                        req.relay(),
                                        req.caller().role(),
                                        req.caller().actor(),
                                        req.pubkey());
                        }));
    }
}
