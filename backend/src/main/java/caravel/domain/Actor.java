package caravel.domain;

import java.util.Objects;

/**
 * Who acts: a person, named by their public key, or Caravel itself ({@link #SYSTEM}: jobs, billing, provisioning).
 * The activity log and the tables that say who did something store {@link #key()}. One value rather than a string, so
 * that it cannot be swapped with a reason, a target's key or a message passed beside it.
 */
public record Actor(String key, String viaToken) {
    /** Caravel's own steps, stored as "system" (the stored rows and the API answers name it so). */
    public static final Actor SYSTEM = new Actor("system");

    /** The relay's own profile, changed from a Nostr app and adopted by Caravel: stored as "relay". */
    public static final Actor RELAY = new Actor("relay");

    public Actor {
        Objects.requireNonNull(key, "key");
    }

    public Actor(String key) {
        this(key, null);
    }

    /** A person acting with one of their API tokens (its id). */
    public static Actor withToken(String pubkey, String tokenId) {
        return new Actor(pubkey, Objects.requireNonNull(tokenId, "tokenId"));
    }

    /** A person acting, by their public key (hex, as the session and the tables carry it). */
    public static Actor person(String pubkey) {
        return new Actor(pubkey);
    }

    /** An actor read back from a row that recorded one (a person's key, or "system"). */
    public static Actor stored(String key) {
        return new Actor(key);
    }

    public boolean isSystem() {
        return equals(SYSTEM);
    }
}
