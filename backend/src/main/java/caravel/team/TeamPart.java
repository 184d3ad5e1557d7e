package caravel.team;

import caravel.relayparts.BackupSection;
import caravel.relayparts.Declared;
import caravel.relayparts.Lifecycle;
import caravel.relayparts.Move;
import caravel.relayparts.RelayPart;
import java.util.Set;

/** A relay's team (admins and moderators) and its transfer offers, as a relay part. */
public final class TeamPart implements RelayPart {
    private final Team team;
    private final TeamBackup backup;
    private final OfferWithdrawal offers;
    private final TransferStore transfers;

    /**
     * @param offers withdraws a relay's open transfer offer when the relay can no longer be given
     * @param transfers the offers' store, which removes a purged relay's offers
     */
    public TeamPart(Team team, OfferWithdrawal offers, TransferStore transfers) {
        this.team = team;
        this.backup = new TeamBackup(team);
        this.offers = offers;
        this.transfers = transfers;
    }

    @Override
    public String name() {
        return "team";
    }

    @Override
    public Set<String> tables() {
        return Set.of("relay_team", "relay_transfers");
    }

    @Override
    public Declared<BackupSection> backup() {
        return Declared.does("team.json: the admins and moderators, added, changed and removed through Team", backup);
    }

    @Override
    public Declared<Move> move() {
        return Declared.nothing(
                "the team is in Caravel's database; zooid's roles follow from it at the relay's next sync on its new"
                        + " node");
    }

    @Override
    public Declared<Lifecycle.Reaction> on(Lifecycle event) {
        return switch (event) {
            case TRANSFERRED ->
                Declared.does(
                        "the new owner leaves the team (an owner is no team member); the rest of the team stays",
                        (h, e) -> team.store()
                                .removeAny(h, e.relay().id(), e.relay().tenant()));
            case SUSPENDED ->
                Declared.does(
                        "the relay's open transfer offer is withdrawn (a suspended account gives nothing away); the"
                                + " team stays",
                        (h, e) -> offers.withdraw(h, e.relay(), "the owner's account was suspended"));
            case DELETED ->
                Declared.does(
                        "the relay's open transfer offer is withdrawn (a deleted relay is no one's to take); the team"
                                + " stays for the undo window",
                        (h, e) -> offers.withdraw(h, e.relay(), "the relay was deleted"));
            case UNDELETED -> Declared.nothing("the team stayed through the deletion");
            case PURGED ->
                Declared.does(
                        "the team and every transfer offer of the relay (an open one was withdrawn at the deletion) are"
                                + " removed for good: they are the relay's community, and nothing reads them again",
                        (h, e) -> {
                            team.store().removeRelay(h, e.relay().id());
                            transfers.removeRelay(h, e.relay().id());
                        });
        };
    }
}
