package caravel.automod;

import java.util.Set;

/**
 * The keys of the people who run a relay besides its owner (its team): the rules never remove what they post. The
 * relay team is another package's; it is handed in here, and tells {@link AutomaticRules#rulesChanged} when it changes.
 */
@FunctionalInterface
public interface TeamKeys {
    TeamKeys NONE = relayId -> Set.of();

    Set<String> of(String relayId);
}
