package caravel.zooid;

import java.util.List;

/**
 * A relay's team as zooid's config carries it: its admins join the owner in Caravel's admin role, its moderators form a
 * role of their own; both roles keep their keys members (zooid re-adds and unbans every key a role names whenever it
 * loads the config) and let them invite, and neither manages. On the archived line {@code can_manage} grants every
 * NIP-86 method, banning the owner and the other admins and lifting a platform ban included, so the team manages through
 * Caravel, whose rules protect the owner, the team and platform bans; only the owner and the relay's own key manage over
 * NIP-86 (docs/team.md, "From Nostr apps").
 */
public record TeamKeys(List<String> admins, List<String> moderators) {
    public static final TeamKeys NONE = new TeamKeys(List.of(), List.of());

    public TeamKeys {
        admins = List.copyOf(admins);
        moderators = List.copyOf(moderators);
    }
}
