package caravel.admission;

import caravel.domain.Actor;
import caravel.domain.Epoch;
import caravel.domain.Failure;
import caravel.store.ActivityLog;
import caravel.store.Relay;
import java.time.Clock;
import java.util.List;

/**
 * A relay owner's view of its open free trials, and ending them (one, or all at once): trials cost their takers
 * nothing, so an owner who sees throw-away keys fill them can take the seats back.
 *
 * @param admitting ends a trial (the member's removal from the relay)
 */
public record Trials(Clock clock, PaidMemberStore members, ActivityLog activity, Admitting admitting) {
    /** An open trial as the owner's page lists it. */
    public record OpenTrial(String pubkey, String status, long startedAt, Long endsAt) {}

    public List<OpenTrial> open(Relay r) {
        return members.openTrials(r.id()).stream()
                .map(m -> new OpenTrial(m.pubkey(), m.status().wire(), m.joinedAt(), m.paidUntil()))
                .toList();
    }

    /** Ends one person's trial; not found when they have no open trial on this relay. */
    public void end(Relay r, String pubkey, Actor actor) {
        if (!admitting.endTrial(r, pubkey, actor)) throw Failure.notFound("no open free trial for this key here");
        activity.add(
                r.tenant(),
                r.id(),
                "admission_trial_ended",
                "Free trial of " + Admitting.shortNpub(pubkey) + " ended by the owner",
                actor,
                Epoch.seconds(clock));
    }

    /** Ends every open trial; how many ended. */
    public int endAll(Relay r, Actor actor) {
        int ended = 0;
        for (PaidMember m : members.openTrials(r.id())) if (admitting.endTrial(r, m.pubkey(), actor)) ended++;
        if (ended > 0)
            activity.add(
                    r.tenant(),
                    r.id(),
                    "admission_trial_ended",
                    ended + (ended == 1 ? " free trial" : " free trials") + " ended by the owner",
                    actor,
                    Epoch.seconds(clock));
        return ended;
    }
}
