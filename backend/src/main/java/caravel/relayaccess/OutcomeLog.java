package caravel.relayaccess;

import caravel.domain.Actor;
import caravel.domain.Epoch;
import caravel.store.ActivityLog;
import caravel.store.Relay;
import java.time.Clock;
import org.jdbi.v3.core.Handle;

/** Where the community tools record what someone did on a relay and how it went: the relay's activity log. */
public final class OutcomeLog {
    private final ActivityLog activity;
    private final Clock clock;

    public OutcomeLog(ActivityLog activity, Clock clock) {
        this.activity = activity;
        this.clock = clock;
    }

    /** What someone did and how it went, in the caller's words, attributed to the actor, stamped now. */
    public void record(Relay r, String kind, String message, Actor actor) {
        activity.add(r.tenant(), r.id(), kind, message, actor, Epoch.seconds(clock));
    }

    /** The same within the caller's transaction, stamped {@code at} (the second the change itself is stamped with). */
    public void record(Handle h, Relay r, String kind, String message, Actor actor, long at) {
        activity.add(h, r.tenant(), r.id(), kind, message, actor, at);
    }
}
