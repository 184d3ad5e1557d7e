package caravel.automod;

import caravel.domain.Actor;
import caravel.domain.Epoch;
import caravel.json.Json;
import caravel.moderation.QueueIntake;
import caravel.nostr.Event;
import caravel.relayaccess.CommunityStore;
import caravel.relayaccess.OutcomeLog;
import caravel.relayaccess.RelayCalls;
import caravel.robot.Robot;
import caravel.store.Relay;
import caravel.store.RelayStore;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * What is left of a removal {@link Removals} claimed, whoever runs it first (its worker, or its retry job): the
 * relay's ban of the event, telling its author why, and handing it to the moderation queue. Safe to repeat.
 */
public record RemovalCompletion(
        RelayStore relayStore,
        RelayCalls calls,
        CommunityStore communityStore,
        OutcomeLog outcomes,
        Robot robot,
        AutomodStore store,
        QueueIntake intake,
        Clock clock) {

    /** The retry job gave up: the relay's activity says which event a rule could not remove, and why. */
    void gaveUp(String relayId, String eventId, String error) {
        relayStore
                .find(relayId)
                .ifPresent(r -> outcomes.record(
                        r,
                        "automod_remove_failed",
                        "An automatic rule could not remove event " + eventId.substring(0, 8) + ": " + error,
                        Actor.SYSTEM));
    }

    /** What is left of a removal: the relay's ban, then telling the author, then the queue. Safe to repeat. */
    void complete(String relayId, String eventId) {
        Optional<AutomodStore.Removal> found = store.removal(relayId, eventId);
        if (found.isEmpty()) return;
        AutomodStore.Removal x = found.get();
        if (x.restoredAt() != null) return; // let back before the relay was even asked
        Relay r = relayStore.find(relayId).orElse(null);
        if (r == null) return; // the relay is gone, and its events with it
        if (x.removedAt() == null) {
            String reason = "Removed by an automatic rule: " + x.detail();
            calls.call(r, "banevent", List.of(eventId, reason), "remove an event a rule caught");
            long at = Epoch.seconds(clock);
            store.jdbi().useTransaction(h -> {
                if (!store.markRemoved(h, relayId, eventId, at)) return;
                communityStore.eventBanned(h, relayId, eventId, x.author(), x.kind(), reason, Actor.SYSTEM, at);
                outcomes.record(
                        h,
                        r,
                        "automod_removed",
                        "Event " + eventId.substring(0, 8) + " removed automatically: " + x.detail(),
                        Actor.SYSTEM,
                        at);
                if (store.mayTell(h, relayId, x.author(), at, Removals.TELL_GAP_SECONDS))
                    robot.sendDm(h, x.author(), toldWhy(r, x), r.tenant(), r.id());
            });
        }
        if (x.handedAt() == null) {
            Event e = Event.fromJson(Json.parse(x.eventJson()));
            intake.removed(relayId, e, QueueIntake.Cause.valueOf(x.cause()), x.detail());
            store.markHanded(relayId, eventId, Epoch.seconds(clock));
        }
    }

    /** The DM: what happened, why, and that the team can let it back. */
    static String toldWhy(Relay r, AutomodStore.Removal x) {
        String where = "\"" + r.name() + "\"";
        if (x.cause().equals(QueueIntake.Cause.FIRST_POST_HELD.name()))
            return "Your post on " + where + " is held for review (" + x.detail()
                    + "). The relay's team will look at it soon; you need not post it again.";
        return "Your post on " + where + " was removed automatically: it " + x.detail()
                + ". If you think this is a mistake, ask the relay's team: they can put it back.";
    }
}
