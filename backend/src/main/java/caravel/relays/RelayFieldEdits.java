package caravel.relays;

import caravel.domain.Failure;
import caravel.domain.RelayProfile;
import caravel.relays.RelayStateMachine.Action;
import caravel.relays.RelayStateMachine.Actor;
import caravel.relays.RelayStateMachine.State;
import caravel.relays.Relays.Changes;
import caravel.store.ActivityLog;
import caravel.store.Relay;
import caravel.store.RelayStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * A relay's profile, subdomain and plan edited inside the caller's transaction: checked by the state machine before
 * any field changes, written with an activity entry and a sync.
 *
 * @param redirectFor how long a renamed relay's old subdomain redirects to its new one
 */
public record RelayFieldEdits(
        RelayStore relayStore,
        RelayTransitions transitions,
        ActivityLog activity,
        RelayPlanChange planChange,
        Duration redirectFor) {

    /** update() inside the caller's transaction (quotes run it and roll back). */
    Relay updateIn(Handle h, String id, Changes given, Actor by, long now) {
        Changes c = EditChecks.checked(given);
        Relay r = relayStore.find(h, id).orElseThrow(() -> Failure.notFound("relay not found"));
        transitions.checkEditable(h, r, by.role());
        if (c.plan() != null) {
            EditChecks.requireOffered(c.plan(), r.plan());
            State s = RelayTransitions.stateOf(r);
            Action a = RelayStateMachine.planAction(s, c.plan().id(), transitions.plans());
            if (!(a == Action.CANCEL_PLAN_CHANGE && s.pendingPlan() == null && s.upgradePlan() == null))
                transitions.check(h, r, a, by.role(), c.plan().id()); // refused before any field changes
        }
        List<String> notes = new ArrayList<>();
        RelayProfile profile = c.profile().over(r.profile(), notes);
        String subdomain = r.subdomain();
        if (c.subdomain() != null && !c.subdomain().equals(r.subdomain())) {
            if (relayStore.subdomainTaken(h, c.subdomain(), id)) throw EditChecks.subdomainTaken(c.subdomain());
            subdomain = c.subdomain();
        }
        if (!notes.isEmpty() || !subdomain.equals(r.subdomain())) write(h, r, profile, subdomain, notes, by, now);
        if (c.plan() != null) planChange.changePlan(h, id, c.plan(), by);
        return relayStore.find(h, id).orElseThrow();
    }

    private void write(
            Handle h, Relay r, RelayProfile profile, String subdomain, List<String> notes, Actor by, long now) {
        String id = r.id();
        Relay.Fields edited = r.fields();
        edited.profile = profile;
        edited.subdomain = subdomain;
        edited.updatedAt = now;
        relayStore.updateFields(h, edited.build(), now);
        if (!notes.isEmpty())
            activity.add(h, r.tenant(), id, "updated", "Changed " + String.join(", ", notes), by.who(), now);
        // its old address keeps answering NIP-11 with redirect_to its new one for a while (docs/deleting.md)
        if (!subdomain.equals(r.subdomain()) && !redirectFor.isZero())
            relayStore.addRedirect(h, r.subdomain(), id, now + redirectFor.toSeconds(), now);
        if (!subdomain.equals(r.subdomain()))
            activity.add(
                    h,
                    r.tenant(),
                    id,
                    "subdomain_changed",
                    "Subdomain changed from " + r.subdomain() + " to " + subdomain,
                    by.who(),
                    now);
        transitions.enqueueSync(h, id);
    }
}
