package caravel.domain;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Someone's part in running a relay: its owner (the relay's tenant), or a team member the owner added. {@link #may} is
 * the one permission rule: every relay route asks it through {@code team.RelayAccessCheck}.
 */
public enum RelayRole {
    /** The relay's tenant: everything. */
    OWNER("owner", EnumSet.allOf(RelayAction.class)),
    /** Everything but billing, the plan, deactivation or deletion and ownership (an admin erases no admin). */
    ADMIN(
            "admin",
            EnumSet.of(
                    RelayAction.VIEW, RelayAction.MODERATE, RelayAction.ERASE, RelayAction.SETTINGS, RelayAction.TEAM)),
    /** Members, bans, reports, content, join requests. */
    MODERATOR("moderator", EnumSet.of(RelayAction.VIEW, RelayAction.MODERATE));

    /** The stable code of a refusal for want of a role's permission (forbidden). */
    public static final String FORBIDDEN = "role_forbidden";

    private final String wire;

    @SuppressWarnings("ImmutableEnumChecker") // never changed: read by may() and copied out by allowed()
    private final EnumSet<RelayAction> allowed;

    RelayRole(String wire, EnumSet<RelayAction> allowed) {
        this.wire = wire;
        this.allowed = allowed;
    }

    public String wire() {
        return wire;
    }

    public boolean may(RelayAction action) {
        return allowed.contains(action);
    }

    /** What the role may do, in the enum's order (the web app gates its sections on it). */
    public Set<RelayAction> allowed() {
        return EnumSet.copyOf(allowed);
    }

    /** The refusal a role that may not do {@code action} gets: forbidden {@value #FORBIDDEN}, naming both. */
    public Failure refusal(RelayAction action) {
        return new Failure(
                Failure.Kind.FORBIDDEN,
                FORBIDDEN,
                null,
                "your role on this relay is " + wire + ": " + article() + " cannot " + action.phrase()
                        + " (ask the relay's owner)");
    }

    private String article() {
        return this == ADMIN ? "an admin" : "a " + wire;
    }

    /** A team role by its wire name (the owner is no team role: it is who holds the relay). */
    public static Optional<RelayRole> team(String wire) {
        if (wire == null) return Optional.empty();
        return switch (wire.toLowerCase(Locale.ROOT)) {
            case "admin" -> Optional.of(ADMIN);
            case "moderator" -> Optional.of(MODERATOR);
            default -> Optional.empty();
        };
    }

    /** A stored role (relay_team.role, checked by the table). */
    public static RelayRole stored(String wire) {
        return team(wire).orElseThrow(() -> new IllegalStateException("unknown stored role " + wire));
    }
}
