package caravel.admission;

import caravel.auth.Principal;
import caravel.domain.Actor;
import caravel.domain.Epoch;
import caravel.relays.RelayStateMachine;
import caravel.relays.RelayTransitions;
import caravel.store.ActivityLog;
import caravel.store.Relay;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/**
 * An "ask to join" relay's settings, for {@link JoinRequests}: whether strangers ask to join, and the terms they read
 * first.
 *
 * @param store       the relays' join settings and requests
 * @param pages       where the terms are shown
 * @param transitions what a suspended account may not change (its relays' join settings included)
 */
record JoinSettings(
        Jdbi jdbi,
        Clock clock,
        JoinRequestStore store,
        ActivityLog activity,
        JoinPages pages,
        RelayTransitions transitions) {

    JoinRequestStore.Settings raw(Relay r) {
        return store.settings(r.id());
    }

    JoinRequests.Settings settings(Relay r) {
        JoinRequestStore.Settings s = store.settings(r.id());
        return new JoinRequests.Settings(s.askToJoin(), s.terms(), store.pendingCount(r.id()), pages.termsUrl(r));
    }

    /**
     * Sets whether strangers ask to join and the terms; a null value keeps what is set. Requests already waiting stay
     * when asking is turned off (the team still decides them).
     */
    JoinRequests.Settings update(Relay r, Boolean askToJoin, String terms, Principal p) {
        Actor actor = p.actor();
        RelayStateMachine.Role who = p.admin() ? RelayStateMachine.Role.ADMIN : RelayStateMachine.Role.TENANT;
        JoinRequestStore.Settings current = store.settings(r.id());
        String t = terms == null ? current.terms() : JoinRequests.terms(terms);
        boolean ask = askToJoin == null ? current.askToJoin() : askToJoin;
        JoinRequestStore.Settings next = new JoinRequestStore.Settings(r.id(), ask, t, Epoch.seconds(clock));
        jdbi.useTransaction(h -> {
            transitions.checkEditable(h, r, who);
            store.putSettings(h, next);
            String what = (ask ? "Joining set to ask to join" : "Joining set to invite links only")
                    + (t.equals(current.terms()) ? "" : t.isEmpty() ? "; terms removed" : "; terms updated");
            activity.add(h, r.tenant(), r.id(), "join_settings", what, actor, Epoch.seconds(clock));
        });
        return settings(r);
    }
}
