package caravel.watch;

import java.time.Duration;

/**
 * The watch's timings, one part each: how often the pass runs and what it reads, how a relay's socket is opened again,
 * what a new socket asks for first, the deafness probe and the NIP-11 probe. Production uses {@link #of}; tests change
 * one part with a wither.
 */
public record WatchSettings(
        Passes passes,
        Reopening reopening,
        Backfill backfill,
        DeafnessChecks deafness,
        InfoChecks info,
        Duration lease) {

    /**
     * The defaults, with the pass period, the deafness probe's period (WATCH_CHECK_MS) and how long a process's hold on
     * a shard of the relays lasts (LEASE_MS) given.
     */
    public static WatchSettings of(Duration pass, Duration check, Duration lease) {
        return new WatchSettings(
                new Passes(pass, 40, 500, Duration.ofSeconds(1)),
                new Reopening(
                        Duration.ofMillis(300),
                        5,
                        Duration.ofSeconds(2),
                        Duration.ofMinutes(1),
                        Duration.ofMillis(500),
                        8,
                        Duration.ofSeconds(10)),
                new Backfill(Duration.ofMinutes(10).toSeconds(), 1_000, 200, Duration.ofMinutes(11), 5_000),
                new DeafnessChecks(
                        check,
                        Duration.ofMillis(250),
                        30,
                        50,
                        Duration.ofMillis(300),
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(15)),
                new InfoChecks(8, 64),
                lease);
    }

    /** The same, with the deafness probe's period changed (null turns the checks off, to measure the watch without). */
    WatchSettings withCheck(Duration every) {
        return new WatchSettings(
                passes,
                reopening,
                backfill,
                new DeafnessChecks(
                        every,
                        deafness.tick(),
                        deafness.windowS(),
                        deafness.limit(),
                        deafness.grace(),
                        deafness.timeout(),
                        deafness.reopenDeafAfter()),
                info,
                lease);
    }

    /**
     * The pass that compares the served relays with the open subscriptions.
     *
     * @param every how often it runs; a socket whose pings go unanswered for three of them is closed
     * @param fullEvery every how many passes every served relay is read, not only the tenants that changed
     * @param changedTenantsMax past this many tenants changed since the last pass, every served relay is read
     * @param configChecksEvery how often the tenants changed are read for config writes made by other processes
     */
    public record Passes(Duration every, int fullEvery, int changedTenantsMax, Duration configChecksEvery) {}

    /**
     * How a relay's socket is opened, and opened again after a config write or a drop.
     *
     * @param reopenDelay after a config write, when the fresh subscription is first tried, and how often again quickly
     *     before the ordinary backoff: zooid does not serve the relay for a moment after each write
     * @param quickRetries how many quick tries before the ordinary backoff
     * @param firstWatchAgain after a config write of a relay not watched yet, when a second pass looks for it
     * @param writtenUnwatchedKept how long a config write of a relay not watched yet is remembered (a deactivation
     *     writes the config too, and that relay never becomes served)
     * @param reconnectDelay when a socket the relay dropped (zooid restarted) is opened again: soon, not at the next pass
     * @param openers how many sockets are opened at a time (a TLS handshake and a NIP-42 round trip each)
     * @param socketTimeout how long opening one socket may take
     */
    public record Reopening(
            Duration reopenDelay,
            int quickRetries,
            Duration firstWatchAgain,
            Duration writtenUnwatchedKept,
            Duration reconnectDelay,
            int openers,
            Duration socketTimeout) {}

    /**
     * What a new socket asks for besides each new event, and how long what was handled is remembered.
     *
     * @param maxS how far back (by created_at) a relay's first subscription in this process asks for stored events (a
     *     relay just provisioned, a restart, a shard taken over); later ones ask from shortly before the previous socket
     *     ended
     * @param limit at most this many stored events (the newest) per subscription
     * @param reportsLimit the newest reports every subscription asks for, whenever they were made
     * @param handledKept how long an event id handled is remembered against a second delivery: longer than
     *     {@code maxS}, so whatever a subscription asks for again was handled within it
     * @param handledMax past this many ids remembered for one relay, the oldest are forgotten (a very busy relay)
     */
    public record Backfill(long maxS, int limit, int reportsLimit, Duration handledKept, int handledMax) {}

    /**
     * The deafness probe: a REQ on the watch's own socket for what the relay stored lately.
     *
     * @param every how often each socket is checked (WATCH_CHECK_MS); null turns the checks off
     * @param tick how often the probe looks for sockets due (checks of many relays are spread over {@code every})
     * @param windowS how far back (by created_at) a check asks: wide enough for a client's clock some seconds off
     * @param limit at most this many events per check (the newest): a deaf socket misses the newest too
     * @param grace an event stored but not heard yet may be on its way (zooid stores before it broadcasts)
     * @param timeout how long a check may wait for its EOSE before the socket counts as failed
     * @param reopenDeafAfter after a socket found deaf was opened again, another found deaf within this time is not:
     *     events a client sends through its own socket on an older instance reach no socket opened since
     */
    public record DeafnessChecks(
            Duration every,
            Duration tick,
            long windowS,
            int limit,
            Duration grace,
            Duration timeout,
            Duration reopenDeafAfter) {}

    /**
     * The NIP-11 probe.
     *
     * @param everyPasses every how many passes a watched relay's NIP-11 is read again (15 s passes: every 2 minutes)
     * @param perPass at most this many reads start per pass; relays left over stay due for a later pass
     */
    public record InfoChecks(int everyPasses, int perPass) {}
}
