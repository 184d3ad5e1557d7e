package caravel.zooid;

import caravel.config.Config;
import caravel.domain.Epoch;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where Blossom media really goes. With BLOSSOM_S3_* set Caravel sends {@code blossom.adapter = "s3"} and the bucket
 * to zooid, but only zooid's newer line honours them: the archived line drops both silently and keeps media on its
 * own disk. So "S3 configured" alone would be a false claim; this asks zooid which line it is (by trying a route, see
 * {@link ZooidClient#probeLine()}) and says what is in effect.
 *
 * <p>zooid may be down when Caravel starts or be upgraded later, so the answer is re-checked in the background: every
 * {@code retry} while it cannot be told, every {@code recheck} once it can. Requests only read the last answer. Without
 * S3 nothing is probed: media is on zooid's disk whatever the line.
 */
public final class MediaStorage implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MediaStorage.class);
    public static final Duration RECHECK = Duration.ofMinutes(10);
    public static final Duration RETRY = Duration.ofSeconds(30);

    public enum State {
        /** No S3 configured: media on zooid's disk, as intended. */
        LOCAL("local"),
        /** S3 configured and zooid honours it. */
        S3("s3"),
        /** S3 configured but zooid ignores it: media on zooid's disk, not where the operator asked. */
        S3_IGNORED("s3_ignored"),
        /** S3 configured and zooid's line not known (yet): neither claim is made. */
        UNKNOWN("unknown");

        public final String wire;

        State(String wire) {
            this.wire = wire;
        }
    }

    /**
     * What the admin pages show. {@code checkedAt} is when zooid was last asked (epoch seconds; empty when it never
     * was); {@code action} says what the operator can do, when something is wrong.
     */
    public record Status(
            State state,
            boolean s3Configured,
            ZooidLine zooidLine,
            Optional<Long> checkedAt,
            String message,
            Optional<String> action) {}

    static final String IGNORED = "zooid ignores the S3 settings; media stays on zooid's own disk (MEDIA volume).";
    static final String IGNORED_ACTION =
            "Run the newer zooid line, which honours them, or unset BLOSSOM_S3_* so the settings say what happens.";

    private final boolean s3;
    private final Supplier<ZooidLine.Probe> probe;
    private final Clock clock;
    private final Duration recheck;
    private final Duration retry;
    private volatile Status status;
    /** The last state that was logged, so a long outage or a steady state logs once, not on every check. */
    private State logged;

    private volatile Thread loop;
    /** How long the loop waits before its next check, once it waits (a test hook, see {@link #nextCheckIn()}). */
    private volatile Duration nextCheckIn;

    /** @param probe asks the zooid nodes which line they run ({@link NodeClients#probeLine()}) */
    public MediaStorage(Optional<Config.BlossomS3> s3, Supplier<ZooidLine.Probe> probe, Clock clock) {
        this(s3.isPresent(), probe, clock, RECHECK, RETRY);
    }

    public MediaStorage(
            boolean s3Configured, Supplier<ZooidLine.Probe> probe, Clock clock, Duration recheck, Duration retry) {
        this.s3 = s3Configured;
        this.probe = probe;
        this.clock = clock;
        this.recheck = recheck;
        this.retry = retry;
        this.status = s3Configured
                ? new Status(
                        State.UNKNOWN,
                        true,
                        ZooidLine.UNKNOWN,
                        Optional.empty(),
                        "Not checked yet whether zooid honours the S3 settings.",
                        Optional.empty())
                : new Status(
                        State.LOCAL,
                        false,
                        ZooidLine.UNKNOWN,
                        Optional.empty(),
                        "Media is kept on zooid's own disk (MEDIA volume): BLOSSOM_S3_* is not set.",
                        Optional.empty());
    }

    /** The last answer; never calls zooid. */
    public Status status() {
        return status;
    }

    /** Asks zooid now (without S3: nothing to ask) and returns the new answer. */
    public synchronized Status check() {
        if (!s3) return status;
        ZooidLine.Probe p = probe.get();
        long now = Epoch.seconds(clock);
        Status next = switch (p.line()) {
            case NEWER ->
                new Status(
                        State.S3,
                        true,
                        ZooidLine.NEWER,
                        Optional.of(now),
                        "Media goes to the S3 bucket: zooid (newer line) honours the S3 settings.",
                        Optional.empty());
            case ARCHIVED ->
                new Status(
                        State.S3_IGNORED,
                        true,
                        ZooidLine.ARCHIVED,
                        Optional.of(now),
                        IGNORED + " This zooid is the archived line, which drops blossom.adapter and" + " blossom.s3.",
                        Optional.of(IGNORED_ACTION));
            case UNKNOWN ->
                new Status(
                        State.UNKNOWN,
                        true,
                        ZooidLine.UNKNOWN,
                        Optional.of(now),
                        "Cannot tell whether zooid honours the S3 settings ("
                                + p.problem().orElse("no answer")
                                + "). Media goes to S3 only on zooid's newer line; the archived line keeps it"
                                + " on zooid's own disk.",
                        Optional.empty());
        };
        status = next;
        report(next, p);
        return next;
    }

    private void report(Status s, ZooidLine.Probe p) {
        if (s.state() == logged) return;
        logged = s.state();
        // only the state and zooid's own answer: never the bucket's credentials
        switch (s.state()) {
            case S3_IGNORED -> log.warn("BLOSSOM_S3_* is set, but {} {}", IGNORED, IGNORED_ACTION);
            case S3 -> log.info("Blossom media goes to S3: zooid's newer line honours the S3 settings");
            case UNKNOWN ->
                log.info(
                        "cannot tell yet whether zooid honours the S3 settings ({}); asking again every {} s",
                        p.problem().orElse("no answer"),
                        retry.toSeconds());
            case LOCAL -> {
                // not reached: nothing is probed without S3
            }
        }
    }

    /** Checks now and then in the background (see the class comment); nothing at all without S3. */
    public MediaStorage start() {
        if (!s3) return this;
        loop = Thread.ofVirtual().name("media-storage").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                Duration wait;
                try {
                    wait = check().state() == State.UNKNOWN ? retry : recheck;
                } catch (RuntimeException e) {
                    // a bug in a probe must not end the checks: the last answer stands, retried soon
                    log.warn("media storage check failed: {}", e.toString());
                    wait = retry;
                }
                nextCheckIn = wait;
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        return this;
    }

    /** How long the background loop waits before its next check (null before its first): tests read the interval chosen. */
    Duration nextCheckIn() {
        return nextCheckIn;
    }

    @Override
    public void close() {
        Thread t = loop;
        if (t != null) t.interrupt();
    }
}
