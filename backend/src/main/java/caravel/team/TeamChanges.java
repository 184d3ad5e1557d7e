package caravel.team;

/**
 * Told after a relay's team or owner changed (committed): whatever keeps the team's keys beside it (the automatic
 * rules leave the team's posts alone) reads them again. A port the wiring fills, so the team package points at nobody.
 */
@FunctionalInterface
public interface TeamChanges {
    TeamChanges NONE = relayId -> {};

    void changed(String relayId);
}
