package caravel.admission;

import caravel.bans.BanRule;
import caravel.domain.Actor;
import caravel.domain.Failure;
import caravel.domains.CustomDomains;
import caravel.invoice.Lifecycle;
import caravel.jobs.Job;
import caravel.jobs.JobHandler;
import caravel.jobs.JobPayloads;
import caravel.members.Members;
import caravel.nostr.Nip19;
import caravel.robot.Robot;
import caravel.store.Relay;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Puts paying people on the relay and takes them off: the admission job after a payment (allowpubkey through
 * community's Members, within the plan's member allowance), the lapse after a missed renewal, and the owner's
 * removal of someone who paid. Each step moves the person's row from one status to the next with a conditional
 * update, so a job run twice (a retry, a second process) acts once.
 */
public final class Admitting {
    public static final String JOB_LAPSE = "admission.lapse";
    static final int ATTEMPTS = 12;
    /** Where a member opens the relay: Flotilla's join route takes the relay URL as r. */
    static final String FLOTILLA_JOIN = "https://app.flotilla.social/join?r=";

    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final AdmissionData d;
    private final Lifecycle<AdmissionInvoiceStore.Covers> lifecycle;
    private final Members relayMembers;
    private final Robot robot;
    private final CustomDomains domains;
    private final String appUrl;
    private final BanRule bans;

    public Admitting(
            AdmissionData data, Members relayMembers, Robot robot, CustomDomains domains, String appUrl, BanRule bans) {
        this.bans = bans;
        this.d = data;
        this.lifecycle = new Lifecycle<>(data.invoices());
        this.relayMembers = relayMembers;
        this.robot = robot;
        this.domains = domains;
        this.appUrl = appUrl;
    }

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
        return appUrl + "/join/" + r.subdomain();
    }

    String flotillaLink(Relay r) {
        return FLOTILLA_JOIN + URLEncoder.encode(domains.publicUrl(r), StandardCharsets.UTF_8);
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
                block(p.relay(), p.pubkey(), "the relay could not be reached to add them (" + error + ")");
            }
        };
    }

    void admit(String relayId, String pubkey) {
        Optional<PaidMember> row = d.jdbi().withHandle(h -> d.members().find(h, relayId, pubkey));
        if (row.isEmpty() || row.get().status() != PaidMember.Status.ADMITTING) return;
        Optional<Relay> relay = d.relays().find(relayId);
        if (relay.isEmpty()) {
            block(relayId, pubkey, "the relay was deleted");
            return;
        }
        Relay r = relay.get();
        try {
            relayMembers.add(r, pubkey, Actor.person(pubkey));
        } catch (Members.CapReached full) {
            block(
                    relayId,
                    pubkey,
                    "the relay is full: its plan allows " + full.limit + (full.limit == 1 ? " member" : " members")
                            + " besides the owner, and all places are taken");
            return;
        } catch (Failure f) {
            if (BanRule.BANNED.equals(f.code())) {
                // however this job was queued: a banned key is never let in (allowpubkey would lift the ban)
                endStanding(r, pubkey, "was banned here before they could be added");
                return;
            }
            if (!Members.ALREADY_MEMBER.equals(f.code())) throw f; // retried: the relay is busy or not online
        }
        PaidMember m = row.get();
        PaidMember.Status to = m.payments() == 0 ? PaidMember.Status.TRIAL : PaidMember.Status.ACTIVE;
        d.jdbi().useTransaction(h -> {
            if (!d.members().transition(h, relayId, pubkey, PaidMember.Status.ADMITTING, to, d.now())) return;
            String url = domains.publicUrl(r);
            robot.sendDm(
                    h,
                    pubkey,
                    "Welcome to " + r.name() + "! You are a member now"
                            + (m.paidUntil() == null ? "" : " until " + date(m.paidUntil()))
                            + ".\n\nRelay: " + url + "\nOpen it in Flotilla: " + flotillaLink(r)
                            + "\nYour membership: " + joinPage(r),
                    r.tenant(),
                    r.id(),
                    "admission-welcome:" + r.id() + ":" + pubkey + ":" + m.payments() + ":" + m.joinedAt());
        });
    }

    /** Paid (or trial) but not added: the person and the owner are told; joining again retries once there is room. */
    private void block(String relayId, String pubkey, String why) {
        Optional<Relay> relay = d.relays().find(relayId);
        d.jdbi().useTransaction(h -> {
            if (!d.members()
                    .transition(h, relayId, pubkey, PaidMember.Status.ADMITTING, PaidMember.Status.BLOCKED, d.now()))
                return;
            if (relay.isEmpty()) return;
            Relay r = relay.get();
            d.activity()
                    .add(
                            r.tenant(),
                            r.id(),
                            "admission_blocked",
                            shortNpub(pubkey) + " paid to join but could not be added: " + why
                                    + ". Make room (or upgrade the plan) and they are added when they open the join page"
                                    + " again, or refund them from your wallet.",
                            null,
                            d.now());
            robot.sendDm(
                    h,
                    r.tenant(),
                    shortNpub(pubkey) + " paid to join " + r.name() + " but could not be added: " + why + ".",
                    r.tenant(),
                    r.id(),
                    "admission-blocked-owner:" + r.id() + ":" + pubkey + ":" + d.now());
            robot.sendDm(
                    h,
                    pubkey,
                    "Your payment to join " + r.name() + " arrived, but you could not be added yet: " + why
                            + ". The owner has been told. Open " + joinPage(r) + " again later to be added.",
                    r.tenant(),
                    r.id(),
                    "admission-blocked:" + r.id() + ":" + pubkey + ":" + d.now());
        });
    }

    /**
     * A ban ends what the person has here (BanRule's listener, and the renewal's check): their row ends blocked (no
     * renewal, no admission; after the ban is lifted, joining again adds them for what they paid without paying again),
     * and the owner is told what they had paid, since a refund is the owner's to make.
     */
    public void banned(Relay r, String pubkey) {
        endStanding(r, pubkey, "was banned here");
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

    private void endStanding(Relay r, String pubkey, String what) {
        d.jdbi().useTransaction(h -> {
            // an open invoice stays open: money that still arrives for it is recorded (blocked, refund owed) instead
            // of landing unseen in the owner's wallet
            Optional<PaidMember> row = d.members().find(h, r.id(), pubkey);
            if (row.isEmpty() || !row.get().status().member()) return;
            PaidMember m = row.get();
            if (!d.members().transition(h, r.id(), pubkey, m.status(), PaidMember.Status.BLOCKED, d.now())) return;
            d.activity()
                    .add(
                            r.tenant(),
                            r.id(),
                            "admission_banned",
                            shortNpub(pubkey) + " " + what + ", so their membership ended"
                                    + (m.totalPaidSats() > 0
                                            ? ". They had paid " + m.totalPaidSats() + " sats"
                                                    + (m.paidUntil() == null
                                                            ? ""
                                                            : ", paid until " + date(m.paidUntil()))
                                                    + ". Caravel holds no money: a refund, if you owe one, is yours to make"
                                                    + " from your wallet."
                                            : " (they had not paid)."),
                            null,
                            d.now());
        });
    }

    /** The lapse job: a monthly member whose period and grace ended unpaid leaves the relay. */
    public JobHandler lapseHandler() {
        return job -> {
            Person p = JobPayloads.read(job.payload(), Person.class);
            lapse(p.relay(), p.pubkey());
        };
    }

    void lapse(String relayId, String pubkey) {
        Optional<PaidMember> row = d.jdbi().withHandle(h -> d.members().find(h, relayId, pubkey));
        if (row.isEmpty() || row.get().status() != PaidMember.Status.GRACE) return;
        Optional<Relay> relay = d.relays().find(relayId);
        if (relay.isPresent()) {
            try {
                relayMembers.remove(relay.get(), pubkey, Actor.person(pubkey));
            } catch (Failure f) {
                if (f.kind() != Failure.Kind.CONFLICT) throw f; // not online now: retried
            }
        }
        d.jdbi().useTransaction(h -> {
            if (!d.members().transition(h, relayId, pubkey, PaidMember.Status.GRACE, PaidMember.Status.LAPSED, d.now()))
                return;
            cancelOpenInvoice(h, relayId, pubkey);
            if (relay.isEmpty()) return;
            Relay r = relay.get();
            d.activity()
                    .add(
                            r.tenant(),
                            r.id(),
                            "admission_lapsed",
                            shortNpub(pubkey) + "'s membership lapsed: the renewal was not paid",
                            null,
                            d.now());
            robot.sendDm(
                    h,
                    pubkey,
                    "Your membership of " + r.name() + " has lapsed: the renewal was not paid. To come back, pay"
                            + " again at " + joinPage(r),
                    r.tenant(),
                    r.id(),
                    "admission-lapsed:" + r.id() + ":" + pubkey + ":"
                            + row.get().paidUntil());
        });
    }

    /** The person's open invoice on the relay, if any, is cancelled: nothing is owed on it any more. */
    private void cancelOpenInvoice(Handle h, String relayId, String pubkey) {
        d.invoices().open(h, relayId, pubkey).ifPresent(i -> lifecycle.cancel(h, i.id(), d.now()));
    }

    /**
     * The owner ends a free trial early: the person leaves the relay, their row ends as lapsed (paying admits them
     * again; a second trial does not start) and any open invoice is canceled. False when theirs is no open trial.
     * The relay is asked first, as for a lapse: a relay that is not online keeps the trial until it is.
     */
    public boolean endTrial(Relay r, String pubkey, Actor actor) {
        Optional<PaidMember> row = d.jdbi().withHandle(h -> d.members().find(h, r.id(), pubkey));
        if (row.isEmpty() || !row.get().openTrial()) return false;
        relayMembers.remove(r, pubkey, actor);
        return d.jdbi().inTransaction(h -> {
            if (!d.members().transition(h, r.id(), pubkey, row.get().status(), PaidMember.Status.LAPSED, d.now()))
                return false;
            cancelOpenInvoice(h, r.id(), pubkey);
            return true;
        });
    }

    /**
     * The owner removes someone from the relay. When they had paid, their row ends as removed (no more renewals, the
     * join page does not sell to them again), any open invoice is canceled, and the activity entry says what they paid:
     * Caravel holds no money, so refunds are the owner's to make from their own wallet.
     */
    public void removeByOwner(Relay r, String pubkey, Actor actor) {
        relayMembers.remove(r, pubkey, actor);
        d.jdbi().useTransaction(h -> {
            Optional<PaidMember> row = d.members().find(h, r.id(), pubkey);
            cancelOpenInvoice(h, r.id(), pubkey);
            if (row.isEmpty() || row.get().status() == PaidMember.Status.REMOVED) return;
            PaidMember m = row.get();
            d.members().transition(h, r.id(), pubkey, m.status(), PaidMember.Status.REMOVED, d.now());
            if (m.totalPaidSats() > 0)
                d.activity()
                        .add(
                                r.tenant(),
                                r.id(),
                                "admission_removed",
                                shortNpub(pubkey) + " had paid " + m.totalPaidSats() + " sats in " + m.payments()
                                        + (m.payments() == 1 ? " payment" : " payments")
                                        + (m.paidUntil() == null ? "" : ", paid until " + date(m.paidUntil()))
                                        + ". Caravel holds no money: a refund is yours to make from your wallet.",
                                actor,
                                d.now());
        });
    }
}
