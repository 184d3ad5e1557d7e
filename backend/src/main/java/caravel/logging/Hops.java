package caravel.logging;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instants a person's wait passes through on its way to the screen (a request in and out, a job enqueued and
 * claimed, a zooid or wallet call sent and answered, a payment recorded, a live state sent), logged at DEBUG under
 * the logger {@code caravel.hops}, off unless {@code LOG_HOPS=DEBUG}: the live benchmark turns it on and lines these
 * instants up with the page's to show where the time goes. A hop names no secret: ids and hash prefixes only.
 */
public final class Hops {
    private static final Logger log = LoggerFactory.getLogger("caravel.hops");

    private Hops() {}

    /** Whether hops are logged: a caller whose detail costs something to build asks first. */
    public static boolean on() {
        return log.isDebugEnabled();
    }

    /** One instant: what happened ({@code hop}, e.g. "job.claimed") and to what. */
    public static void mark(String hop, Object detail) {
        if (log.isDebugEnabled()) log.debug("{} {}", hop, detail);
    }
}
