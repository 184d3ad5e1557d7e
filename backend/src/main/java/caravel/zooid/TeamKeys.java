package caravel.zooid;

import java.util.List;

/**
 * A relay's team as zooid's config carries it: its admins join the owner in zooid's admin role (can_manage: every
 * NIP-86 method on the archived line), its moderators form a role of their own that may invite but not manage (on the
 * archived line can_manage grants every NIP-86 method, renaming the relay included, which is beyond a moderator's
 * part; they moderate through Caravel, whose calls the relay key signs).
 */
public record TeamKeys(List<String> admins, List<String> moderators) {
    public static final TeamKeys NONE = new TeamKeys(List.of(), List.of());

    public TeamKeys {
        admins = List.copyOf(admins);
        moderators = List.copyOf(moderators);
    }
}
