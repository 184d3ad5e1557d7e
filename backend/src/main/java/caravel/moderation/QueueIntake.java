package caravel.moderation;

import caravel.nostr.Event;

/**
 * Where the automatic moderation rules put what they took off a relay, for the relay's team to review in the
 * moderation queue (and undo there).
 */
public interface QueueIntake {
    /** Which automatic rule removed the event. */
    enum Cause {
        /** The content matched one of the relay's blocked words or patterns. */
        BLOCKED_WORDS,
        /** A new member's first post, held until someone of the team lets it through. */
        FIRST_POST_HELD,
        /** Reported by as many distinct members as the relay's threshold; hidden pending a decision. */
        HIDDEN_AFTER_REPORTS
    }

    /**
     * The event is already banned on the relay (NIP-86 {@code banevent}, which deletes it and refuses it if sent
     * again); {@code detail} says in plain words which rule matched. Restoring it means {@code allowevent} and
     * publishing the same signed event again, so the whole event is kept. Idempotent per relay and event id.
     */
    void removed(String relayId, Event event, Cause cause, String detail);
}
