package caravel.admission;

import caravel.bans.BanRule;
import caravel.domain.Actor;
import caravel.jobs.Job;
import caravel.jobs.JobHandler;
import caravel.jobs.JobPayloads;
import caravel.nostr.Nip19;
import caravel.store.Relay;
import caravel.store.RelayStore;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Puts paying people on the relay and takes them off: the admission job after a payment (allowpubkey through
 * community's Members, within the plan's member allowance), the lapse after a missed renewal, and the owner's
 * removal of someone who paid. Each step moves the person's row from one status to the next with a conditional
 * update, so a job run twice (a retry, a second process) acts once.
 *
 * @param adding the admission job's work (adding, blocking, a standing ended by a ban)
 * @param leaving the lapse, and the owner's ending of a trial or removal of someone
 * @param changes told after each admission job's run, so the person's waiting join page reads the outcome at once
 */
public record Admitting(
        RelayStore relays,
        AdmissionJob adding,
        Departures leaving,
        JoinLinks links,
        BanRule bans,
        StandingChanges changes) {
    public static final String JOB_LAPSE = "admission.lapse";
    static final int ATTEMPTS = 12;

    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    record Person(String relay, String pubkey) {}

    static String payload(String relayId, String pubkey) {
        return JobPayloads.write(new Person(relayId, pubkey));
    }

    static String key(String relayId, String pubkey) {
        return "admit:" + relayId + ":" + pubkey;
    }

    static String shortNpub(String pubkey) {
        String npub = Nip19.npub(pubkey);
        return npub.substring(0, 12) + "…" + npub.substring(npub.length() - 6);
    }

    static String date(long seconds) {
        return DATE.format(Instant.ofEpochSecond(seconds));
    }

    String joinPage(Relay r) {
        return links.joinPage(r);
    }

    String flotillaLink(Relay r) {
        return links.flotillaLink(r);
    }

    /** The admission job: allowpubkey, then the person is a member (on a trial when they have not paid yet). */
    public JobHandler admitHandler() {
        return new JobHandler() {
            @Override
            public void run(Job job) {
                Person p = JobPayloads.read(job.payload(), Person.class);
                admit(p.relay(), p.pubkey());
            }

            @Override
            public void onGiveUp(Job job, String error) {
                Person p = JobPayloads.read(job.payload(), Person.class);
                adding.block(p.relay(), p.pubkey(), "the relay could not be reached to add them (" + error + ")");
                changes.changed(p.relay());
            }
        };
    }

    void admit(String relayId, String pubkey) {
        try {
            adding.admit(relayId, pubkey);
        } finally {
            // added, blocked or left admitting for a retry: the person's waiting join page reads which at once
            changes.changed(relayId);
        }
    }

    /**
     * A ban ends what the person has here (BanRule's listener, and the renewal's check): their row ends blocked (no
     * renewal, no admission; after the ban is lifted, joining again adds them for what they paid without paying again),
     * and the owner is told what they had paid, since a refund is the owner's to make.
     */
    public void banned(Relay r, String pubkey) {
        adding.endStanding(r, pubkey, "was banned here");
    }

    /**
     * Whether the key is banned on the relay now; when it is, its standing is ended as {@link #banned} does. For the
     * renewal, an offer: a relay that cannot be asked this moment does not hold it up, since its payment is checked
     * again (Settlements) before it counts.
     */
    boolean endIfBanned(Relay r, String pubkey) {
        if (!bans.bannedAsFarAsKnown(r, pubkey)) return false;
        banned(r, pubkey);
        return true;
    }

    /** The lapse job: a monthly member whose period and grace ended unpaid leaves the relay. */
    public JobHandler lapseHandler() {
        return job -> {
            Person p = JobPayloads.read(job.payload(), Person.class);
            lapse(p.relay(), p.pubkey());
        };
    }

    void lapse(String relayId, String pubkey) {
        leaving.lapse(relayId, pubkey, relays.find(relayId));
    }

    /**
     * The owner ends a free trial early: the person leaves the relay, their row ends as lapsed (paying admits them
     * again; a second trial does not start) and any open invoice is canceled. False when theirs is no open trial.
     * The relay is asked first, as for a lapse: a relay that is not online keeps the trial until it is.
     */
    public boolean endTrial(Relay r, String pubkey, Actor actor) {
        return leaving.endTrial(r, pubkey, actor);
    }

    /**
     * The owner removes someone from the relay. When they had paid, their row ends as removed (no more renewals, the
     * join page does not sell to them again), any open invoice is canceled, and the activity entry says what they paid:
     * Caravel holds no money, so refunds are the owner's to make from their own wallet.
     */
    public void removeByOwner(Relay r, String pubkey, Actor actor) {
        leaving.removeByOwner(r, pubkey, actor);
    }

    /**
     * The person was erased from the relay (their membership ended by the members' part): their paid standing ends as
     * an owner's removal ends it. Nothing when they never paid or it ended already.
     */
    public void standingEnded(Relay r, String pubkey, Actor actor) {
        leaving.standingEnded(r, pubkey, actor);
    }
}
