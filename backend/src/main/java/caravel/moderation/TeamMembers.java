package caravel.moderation;

/**
 * Whether a key is on a relay's team (its admins and moderators; the relay team is another package's, handed in by
 * the wiring). A ban on such a key would not hold: zooid adds and unbans every key its config's roles name whenever
 * it reloads that config, so {@link Moderation#ban} refuses it until they are off the team.
 */
@FunctionalInterface
public interface TeamMembers {
    TeamMembers NONE = (relayId, pubkey) -> false;

    boolean onTeam(String relayId, String pubkey);
}
