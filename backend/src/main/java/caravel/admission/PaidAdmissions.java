package caravel.admission;

import caravel.bans.BanRule;
import caravel.billing.Bolt11Check;
import caravel.billing.LightningWallet;
import caravel.community.Community;
import caravel.config.Config;
import caravel.crypto.SecretBox;
import caravel.domains.CustomDomains;
import caravel.invoice.Lifecycle;
import caravel.jobs.JobQueue;
import caravel.jobs.JobRunner;
import caravel.jobs.Periodic;
import caravel.names.RelayMemberStore;
import caravel.net.OutboundPolicy;
import caravel.relays.RelayTransitions;
import caravel.robot.Robot;
import caravel.store.ActivityLog;
import caravel.store.RelayStore;
import java.time.Clock;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;

/**
 * Paid admission's parts, made in dependency order, each given the collaborators it uses, and the jobs they run:
 * admitting and lapsing on the shared runner (they talk to zooid), invoice checks and renewals on the runner of
 * tenants' wallets (they wait on owners' wallets). The owner side (settings, join pages, join requests) is made here
 * too, over the same parts.
 */
public final class PaidAdmissions {
    /**
     * The other packages paid admission is built over: the box that seals owners' wallet connections, the community
     * tools (members, bans, the member allowance, profiles), the robot that sends DMs, the relays' public addresses,
     * and owners' wallets by NWC URL (through the gate that bounds how many are asked at once).
     */
    public record Neighbours(
            SecretBox box,
            Community community,
            Robot robot,
            CustomDomains domains,
            Function<String, LightningWallet> wallets) {}

    public final AdmissionStore store;
    public final PaidMemberStore members;
    public final AdmissionInvoiceStore invoices;
    /** "Ask to join" relays' settings and their join requests. */
    public final JoinRequestStore requests;
    /** The relays' last heard member lists (who is a member already). */
    public final RelayMemberStore relayMembers;

    public final Admissions rules;
    public final Settlements settlements;
    public final Admitting admitting;
    public final Joins joins;
    public final AdmissionClock periods;
    /** Owners' wallets' payment notifications (where they send them): joins settle as soon as they are paid. */
    public final PaymentListeners listeners;

    /** The relays' public join pages. */
    public final JoinPages pages;
    /** What a relay's owner sets about paid admission. */
    public final AdmissionSettings settings;
    /** "Ask to join" relays' terms and join requests. */
    public final JoinRequests joinRequests;

    private final Config.PaidAdmission timing;

    /**
     * @param transitions what a suspended account may not change (its relays' admission and join settings included)
     */
    public PaidAdmissions(
            Config config,
            Jdbi jdbi,
            Clock clock,
            RelayStore relays,
            ActivityLog activity,
            JobQueue jobs,
            RelayTransitions transitions,
            Neighbours n) {
        this.timing = config.paidAdmission();
        Community community = n.community();
        BanRule bans = community.bans;
        this.store = new AdmissionStore(jdbi);
        this.members = new PaidMemberStore(jdbi);
        this.invoices = new AdmissionInvoiceStore(jdbi);
        this.requests = new JoinRequestStore(jdbi);
        this.relayMembers = new RelayMemberStore(jdbi);
        this.rules = new Admissions(n.box(), community.memberCap, relayMembers, bans);
        this.listeners = new PaymentListeners(new OpenInvoiceWallets(jdbi, store, invoices, rules, jobs), n.wallets());
        var links = new JoinLinks(config.publicUrls().get(0), n.domains());
        var changes = new StandingChanges();
        this.settlements = new Settlements(
                clock,
                activity,
                bans,
                new PaymentBooking(jdbi, store, members, new Lifecycle<>(invoices), jobs, activity, timing),
                changes);
        this.admitting = new Admitting(
                relays,
                new AdmissionJob(jdbi, clock, relays, members, community.members, activity, n.robot(), links),
                new Departures(jdbi, clock, members, community.members, invoices, activity, n.robot(), links),
                links,
                bans,
                changes);
        // a ban ends what the person paid for on that relay, at once (renewal and settlement ask the rule again)
        bans.whenBanned(admitting::banned);
        // joins and renewals reach owners' wallets through the listeners, which hear what the wallets announce
        var making = new WalletInvoices(clock, rules, listeners, new Bolt11Check(timing.network()));
        var lookUps = new InvoiceLookUps(jdbi, clock, store, invoices, rules, listeners, settlements);
        this.joins = new Joins(
                relays,
                rules,
                store,
                requests,
                new JoinStanding(jdbi, members, invoices, relayMembers, timing, links),
                new JoinInvoices(jdbi, clock, invoices, lookUps, making, timing, new OpenJoinInvoices()),
                new QueuedAdmissions(jdbi, clock, members, jobs, rules),
                changes);
        this.periods = new AdmissionClock(
                clock,
                new InvoiceChecks(jdbi, invoices, jobs, relays, lookUps),
                new MemberPeriods(jdbi, members, store, relays, jobs, n.robot(), links, timing),
                new Renewing(
                        clock,
                        members,
                        relays,
                        store,
                        admitting,
                        activity,
                        new RenewalInvoices(jdbi, clock, invoices, members, making, n.robot(), links, timing)));
        this.pages = new JoinPages(
                relays, store, rules, joins, n.domains(), config.publicUrls().get(0), timing, requests);
        this.settings = new AdmissionSettings(
                jdbi,
                clock,
                store,
                activity,
                new OwnerWalletCheck(
                        n.wallets(), OutboundPolicy.of(config.limits().outboundAllowLocal()), rules),
                transitions,
                new AdmissionViews(rules, pages, timing));
        this.joinRequests = new JoinRequests(
                new JoinSettings(jdbi, clock, requests, activity, pages, transitions),
                new JoinAsks(jdbi, clock, requests, activity, relayMembers, bans, community.profiles::lookup),
                new JoinDecisions(
                        new RequestClaims(jdbi, clock, requests, activity, n.robot()),
                        store,
                        bans,
                        community.members,
                        pages));
    }

    public void register(JobRunner shared, JobRunner wallets, Periodic periodic) {
        shared.register(Settlements.JOB_ADMIT, admitting.admitHandler());
        shared.register(Admitting.JOB_LAPSE, admitting.lapseHandler());
        wallets.register(AdmissionClock.JOB_CHECK, periods.checkHandler());
        wallets.register(AdmissionClock.JOB_RENEW, periods.renewHandler());
        shared.register(
                AdmissionClock.JOB_TICK,
                periodic.handler(
                        AdmissionClock.JOB_TICK, timing.checkEvery(), AdmissionClock.TICK_ATTEMPTS, periods::tick));
    }

    public void schedule(Periodic periodic) {
        periodic.schedule(AdmissionClock.JOB_TICK, AdmissionClock.TICK_ATTEMPTS);
    }

    /** Starts listening to the wallets of relays with open invoices. */
    public void listenForPayments() {
        listeners.start();
    }

    /** At shutdown, before the job runners drain: no more notifications queue checks. */
    public void close() {
        listeners.close();
    }
}
