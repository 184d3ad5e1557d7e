package caravel.relayparts;

import caravel.domain.Actor;
import caravel.domain.RelayRole;
import caravel.store.Relay;

/**
 * Who performs an operation that crosses a relay's parts (a restore, a transfer, a deletion), as every part's own
 * service methods see them: the key that acts, its role on the relay, and whether that key is the account's own (the
 * relay's tenant) rather than a team member or a platform administrator acting with the owner's rights. A part applies
 * what the caller may do through its own rules, never as the owner on someone's behalf.
 */
public record Caller(String key, RelayRole role, boolean accountKey) {
    public Caller {
        if (key == null || key.isBlank()) throw new IllegalArgumentException("a caller has a key");
        if (role == null) throw new IllegalArgumentException("a caller has a role");
        if (accountKey && role != RelayRole.OWNER) throw new IllegalArgumentException("the account's key owns it");
    }

    /** The caller as who acts: what the parts record. */
    public Actor actor() {
        return Actor.person(key);
    }

    /** {@code key} acting with {@code role} on {@code r}: the account's own key when it is the relay's tenant. */
    public static Caller on(Relay r, String key, RelayRole role) {
        return new Caller(key, role, key.equals(r.tenant()));
    }

    /** The relay's owner, acting with their own key. */
    public static Caller owner(Relay r) {
        return new Caller(r.tenant(), RelayRole.OWNER, true);
    }
}
