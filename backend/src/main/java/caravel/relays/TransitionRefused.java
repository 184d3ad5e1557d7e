package caravel.relays;

import caravel.domain.Failure;

/** The relay state machine refused a transition: FORBIDDEN for the actor, or CONFLICT with the relay's state now. */
public final class TransitionRefused extends Failure {
    public TransitionRefused(Failure.Kind kind, String reason) {
        super(kind, "transition_refused", null, reason);
    }
}
