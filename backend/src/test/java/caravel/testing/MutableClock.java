package caravel.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock tests move forward by hand (billing cycles, grace periods). Starts at the real time and runs with it, unless
 * made {@link #stopped()}.
 */
public final class MutableClock extends Clock {
    private final AtomicLong offsetMillis = new AtomicLong();
    private final long stoppedAt;

    public MutableClock() {
        this(-1);
    }

    private MutableClock(long stoppedAt) {
        this.stoppedAt = stoppedAt;
    }

    /**
     * A clock that moves only when told: a test that reads the time and then checks a bound exactly (a token valid to
     * the second) would otherwise fail whenever a second ends between the two.
     */
    public static MutableClock stopped() {
        return new MutableClock(System.currentTimeMillis());
    }

    public void advance(Duration d) {
        offsetMillis.addAndGet(d.toMillis());
    }

    public void set(Instant t) {
        offsetMillis.set(t.toEpochMilli() - base());
    }

    @Override
    public long millis() {
        return base() + offsetMillis.get();
    }

    private long base() {
        return stoppedAt >= 0 ? stoppedAt : System.currentTimeMillis();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    public long seconds() {
        return millis() / 1000;
    }
}
