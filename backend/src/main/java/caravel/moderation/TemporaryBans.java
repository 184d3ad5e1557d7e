package caravel.moderation;

import caravel.bans.PlatformBanStore;
import caravel.domain.Actor;
import caravel.domain.Epoch;
import caravel.domain.Failure;
import caravel.jobs.Job;
import caravel.jobs.JobHandler;
import caravel.jobs.JobPayloads;
import caravel.jobs.JobQueue;
import caravel.nostr.Nip19;
import caravel.relayaccess.OutcomeLog;
import caravel.relayaccess.RelayCalls;
import caravel.relays.RelayStateMachine;
import caravel.store.Relay;
import caravel.store.RelayStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Bans that lift themselves: a relay ban given an end time queues a job due then (in the jobs table, so it survives
 * restarts), which lifts the ban on the relay (NIP-86 {@code unbanpubkey}) and writes it to the activity log. The
 * person is not made a member again: they join again like anyone. Lifting the ban early by hand withdraws the job; a ban
 * given again replaces the end time (the old job, if it still runs, finds the terms changed and does nothing). A
 * platform ban of the same key that stands on the relay outlives the relay's own ban: zooid keeps the key banned.
 */
public record TemporaryBans(
        Jdbi jdbi,
        Clock clock,
        RelayStore relayStore,
        RelayCalls calls,
        OutcomeLog outcomes,
        BanTermStore terms,
        PlatformBanStore platformBans,
        JobQueue jobs)
        implements JobHandler {
    public static final String JOB = "relay_ban_lift";

    /** How far ahead an end time may be. */
    public static final Duration LONGEST = Duration.ofDays(366);

    /** The soonest an end time may be: a ban that lifts sooner is a mistake, not a ban. */
    public static final Duration SHORTEST = Duration.ofMinutes(1);

    /** Tried again with the runner's backoff while the relay cannot be asked (zooid down, the relay off for a while). */
    static final int ATTEMPTS = 50;

    /** The job's payload: the ban it lifts, and the end time it was queued for. */
    public record Lift(String relay, String pubkey, long until) {}

    /** An end time a ban may have, checked against now: in the future, at least a minute, at most a year ahead. */
    public static void check(Long until, long now) {
        if (until == null) return;
        if (until <= now)
            throw new Failure(Failure.Kind.INVALID, "until_past", "until", "the end of a ban must be in the future");
        if (until < now + SHORTEST.toSeconds())
            throw new Failure(Failure.Kind.INVALID, "until_too_soon", "until", "a ban must last at least a minute");
        if (until > now + LONGEST.toSeconds())
            throw new Failure(
                    Failure.Kind.INVALID,
                    "until_too_far",
                    "until",
                    "a ban can end at most " + LONGEST.toDays()
                            + " days from now; leave the end out for a ban without end");
    }

    static String key(String relay, String pubkey) {
        return "ban-lift:" + relay + ":" + pubkey;
    }

    /** The ban's lift, due at {@code until}, replacing any queued for an earlier ban; none for a ban without end. */
    void schedule(Handle h, String relay, String pubkey, Long until) {
        jobs.cancel(h, JOB, key(relay, pubkey));
        if (until == null) return;
        jobs.enqueueAt(
                h, JOB, JobPayloads.write(new Lift(relay, pubkey, until)), key(relay, pubkey), ATTEMPTS, until * 1000);
    }

    /** Lifted early: the queued lift is withdrawn. */
    void cancel(Handle h, String relay, String pubkey) {
        jobs.cancel(h, JOB, key(relay, pubkey));
    }

    @Override
    public void run(Job job) {
        Lift p = JobPayloads.read(job.payload(), Lift.class);
        BanTermStore.Term term = terms.find(p.relay(), p.pubkey()).orElse(null);
        // lifted by hand, or banned again with other terms: not this job's ban any more
        if (term == null || !term.standing() || !Objects.equals(term.untilAt(), p.until())) return;
        long now = Epoch.seconds(clock);
        Relay r = relayStore.find(p.relay()).orElse(null);
        if (r == null) { // the relay is gone: nothing to lift on it
            jdbi.useHandle(h -> terms.lifted(h, p.relay(), p.pubkey(), now, Actor.SYSTEM, "expired", p.until()));
            return;
        }
        String who = Nip19.shortNpub(p.pubkey());
        if (platformBans.standsOn(r.id(), p.pubkey())) {
            // the platform's ban stands on this relay: zooid keeps the key banned, only the relay's own ban ends
            if (jdbi.withHandle(
                    h -> terms.lifted(h, r.id(), p.pubkey(), now, Actor.SYSTEM, "platform_kept", p.until())))
                outcomes.record(
                        r,
                        "ban_expired",
                        "The temporary ban on " + who + " ended; a platform ban still keeps them off the relay",
                        Actor.SYSTEM);
            return;
        }
        // a relay zooid does not serve now cannot be asked: the runner tries again later (backoff)
        if (!r.zooidCreated() || !RelayStateMachine.served(r.status()))
            throw new IllegalStateException("the relay is not served now; its ban is lifted once it is");
        calls.call(r, "unbanpubkey", List.of(p.pubkey()), "lift a temporary ban");
        if (jdbi.withHandle(h -> terms.lifted(h, r.id(), p.pubkey(), now, Actor.SYSTEM, "expired", p.until())))
            outcomes.record(
                    r,
                    "ban_expired",
                    "The temporary ban on " + who + " ended (" + at(p.until())
                            + "); they are not a member again until they join",
                    Actor.SYSTEM);
    }

    @Override
    public void onGiveUp(Job job, String error) {
        Lift p = JobPayloads.read(job.payload(), Lift.class);
        relayStore
                .find(p.relay())
                .ifPresent(r -> outcomes.record(
                        r,
                        "ban_expiry_failed",
                        "The temporary ban on " + Nip19.shortNpub(p.pubkey())
                                + " could not be lifted at its time; lift it by hand (" + error + ")",
                        Actor.SYSTEM));
    }

    /** An end time as the activity log says it (UTC). */
    static String at(long epochSeconds) {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
                .withZone(ZoneOffset.UTC)
                .format(Instant.ofEpochSecond(epochSeconds));
    }
}
