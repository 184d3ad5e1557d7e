package caravel.relayaccess;

import caravel.domain.Failure;
import caravel.store.Relay;

/** The refusal of a community tool on a relay zooid was not given yet: nothing could answer for it (conflict). */
public final class NotProvisioned extends Failure {
    private NotProvisioned() {
        super(Failure.Kind.CONFLICT, "the relay is not provisioned yet");
    }

    /** The relay, once zooid was given it; community tools make no sense before. */
    public static Relay require(Relay r) {
        if (!r.zooidCreated()) throw new NotProvisioned();
        return r;
    }
}
