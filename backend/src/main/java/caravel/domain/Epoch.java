package caravel.domain;

import java.time.Clock;

/** Unix time in whole seconds: the unit every table, event and wire field of the platform keeps its times in. */
public final class Epoch {
    private Epoch() {}

    /** The clock's time now, in whole seconds since 1970. */
    public static long seconds(Clock clock) {
        return clock.millis() / 1000;
    }
}
