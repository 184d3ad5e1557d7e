package caravel.moderation;

import caravel.domain.Actor;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * What Caravel keeps of a relay's bans beside zooid's list: their terms (reason, who and when, whether the key was a
 * member) and, for a ban with an end, the job that lifts it then ({@link TemporaryBans}), written together.
 */
public record BanTerms(Jdbi jdbi, BanTermStore store, TemporaryBans temporary) {

    /** A ban given through Caravel: its terms, and its lift at its end when it has one (replacing an earlier end). */
    void given(BanTermStore.NewTerms t) {
        jdbi.useTransaction(h -> {
            store.banned(h, t);
            temporary.schedule(h, t.relay(), t.pubkey(), t.untilAt());
        });
    }

    /** Lifted early by someone: its own lift, if it had one, is withdrawn. */
    void liftedByHand(String relayId, String pubkey, long now, Actor actor) {
        jdbi.useTransaction(h -> {
            store.lifted(h, relayId, pubkey, now, actor, "by_hand", null);
            temporary.cancel(h, relayId, pubkey);
        });
    }

    /** Whether the key was a member when the ban that stands on it was given (false without one, or not known). */
    boolean memberWhenBanned(String relayId, String pubkey) {
        return store.find(relayId, pubkey)
                .filter(BanTermStore.Term::standing)
                .map(BanTermStore.Term::memberWhenBanned)
                .orElse(false);
    }

    /** The terms of the bans standing on the relay, by key. */
    Map<String, BanTermStore.Term> standing(String relayId) {
        return store.standing(relayId);
    }
}
