package caravel.relayparts;

import caravel.domain.Actor;
import caravel.store.Relay;
import org.jdbi.v3.core.Handle;

/**
 * What happens to a relay as a whole that its parts may have to follow. Each part reacts inside the transaction that
 * makes the change, so the relay and its parts never disagree after a crash.
 */
public enum Lifecycle {
    /** Its ownership passed to another key ({@link Event#previousOwner} gave it). */
    TRANSFERRED,
    /** Its account was suspended by a platform administrator. */
    SUSPENDED,
    /** Its owner deleted it: it is stopped, and comes back only by an undo within the window. */
    DELETED,
    /** Its deletion was undone: it is back as it was. */
    UNDELETED,
    /** Removed for good at the end of the undo window: its subdomain is free, nothing brings it back. */
    PURGED;

    /**
     * One lifecycle change of {@code relay} (as it is after the change), made by {@code actor} (a person, or the system
     * for a job); {@code previousOwner} is the giver of a transfer, else null.
     */
    public record Event(Lifecycle kind, Relay relay, Actor actor, String previousOwner) {
        public static Event of(Lifecycle kind, Relay relay, Actor actor) {
            return new Event(kind, relay, actor, null);
        }
    }

    /** A part's reaction to an event, inside the change's transaction. */
    @FunctionalInterface
    public interface Reaction {
        void react(Handle h, Event e);
    }
}
