package caravel.domain;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What an API token may do on a relay, on top of its creator's role there ({@link RelayRole#may}): a token's power is
 * the intersection of its scopes and the creator's role at the time of each request. Deactivating or deleting a relay
 * ({@link RelayAction#LIFECYCLE}), transferring it ({@link RelayAction#OWNERSHIP}) and erasing a person from it
 * ({@link RelayAction#ERASE}) are in no scope: a leaked script credential must not be able to destroy, give away or
 * erase irreversibly. No scope makes a platform administrator either.
 */
public enum TokenScope {
    /** Every read (GET, HEAD) the creator's role allows; no change of any kind. */
    READ("read", EnumSet.noneOf(RelayAction.class)),
    /** The relay's settings and its team. */
    MANAGE("manage", EnumSet.of(RelayAction.SETTINGS, RelayAction.TEAM)),
    /** Members, bans, reports, content, join requests, the moderation queue. */
    MODERATE("moderate", EnumSet.of(RelayAction.MODERATE)),
    /** Invoices, payments and the plan. */
    BILLING("billing", EnumSet.of(RelayAction.BILLING, RelayAction.PLAN));

    /** The stable code of a request refused for want of a token's scope (forbidden). */
    public static final String FORBIDDEN = "token_scope";

    private final String wire;

    @SuppressWarnings("ImmutableEnumChecker") // never changed: read by changes() and copied out by actions()
    private final EnumSet<RelayAction> changes;

    TokenScope(String wire, EnumSet<RelayAction> changes) {
        this.wire = wire;
        this.changes = changes;
    }

    public String wire() {
        return wire;
    }

    /** The actions this scope may change (and read). */
    public Set<RelayAction> actions() {
        return changes.isEmpty() ? EnumSet.noneOf(RelayAction.class) : EnumSet.copyOf(changes);
    }

    public static Optional<TokenScope> of(String wire) {
        if (wire == null) return Optional.empty();
        for (TokenScope s : values()) if (s.wire.equals(wire.toLowerCase(Locale.ROOT))) return Optional.of(s);
        return Optional.empty();
    }

    /**
     * Whether a token with {@code scopes} may perform {@code action}: a read ({@code change} false) needs the read scope
     * or a scope that changes the action (seeing the relay itself comes with any scope); a change needs a scope that
     * changes it. The creator's role is asked besides (the intersection).
     */
    public static boolean permit(Set<TokenScope> scopes, RelayAction action, boolean change) {
        if (!change && (scopes.contains(READ) || action == RelayAction.VIEW)) return true;
        // the changes a route gates by VIEW are the team's (whom a role may add, change or remove is the team service's
        // own rule): for a token they take the scope that manages the team
        if (action == RelayAction.VIEW) return scopes.contains(MANAGE);
        return scopes.stream().anyMatch(s -> s.changes.contains(action));
    }

    /** Whether a role may hold this scope: every action the scope changes is one the role may take. */
    public boolean within(RelayRole role) {
        return changes.stream().allMatch(role::may);
    }

    /** The refusal of an action beyond a token's scopes: forbidden {@value #FORBIDDEN}. */
    public static Failure refusal(RelayAction action, boolean change) {
        return new Failure(
                Failure.Kind.FORBIDDEN,
                FORBIDDEN,
                null,
                "this API token's scopes do not allow it to " + (change ? "" : "read what it takes to ")
                        + action.phrase() + " (create a token with the scope it needs)");
    }
}
