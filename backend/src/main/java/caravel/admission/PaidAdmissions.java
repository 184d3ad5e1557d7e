package caravel.admission;

import caravel.billing.LightningWallet;
import caravel.community.Community;
import caravel.config.Config;
import caravel.domains.CustomDomains;
import caravel.jobs.JobRunner;
import caravel.jobs.Periodic;
import caravel.names.RelayMemberStore;
import caravel.relays.RelayDeps;
import caravel.robot.Robot;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;

/**
 * Paid admission's parts, made in dependency order, and the jobs they run: admitting and lapsing on the shared runner
 * (they talk to zooid), invoice checks and renewals on the runner of tenants' wallets (they wait on owners' wallets).
 */
public final class PaidAdmissions {
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
    /** What the services above work on; the owner side (settings) works on the same. */
    public final AdmissionData data;

    private final Config.PaidAdmission timing;

    /** wallets: owners' wallets by NWC URL, through the gate that bounds how many are asked at once. */
    public PaidAdmissions(
            Config config,
            RelayDeps relays,
            Community community,
            Robot robot,
            CustomDomains domains,
            Function<String, LightningWallet> wallets) {
        this.timing = config.paidAdmission();
        Jdbi jdbi = relays.jdbi();
        this.store = new AdmissionStore(jdbi);
        this.members = new PaidMemberStore(jdbi);
        this.invoices = new AdmissionInvoiceStore(jdbi);
        this.requests = new JoinRequestStore(jdbi);
        this.relayMembers = new RelayMemberStore(jdbi);
        this.rules = new Admissions(relays.box(), community.memberCap, relayMembers, community.bans);
        this.listeners =
                new PaymentListeners(new OpenInvoiceWallets(jdbi, store, invoices, rules, relays.jobs()), wallets);
        this.data = new AdmissionData(
                jdbi,
                relays.clock(),
                relays.relayStore(),
                store,
                members,
                invoices,
                relays.activity(),
                relays.jobs(),
                requests);
        this.settlements = new Settlements(data, timing, community.bans);
        this.admitting = new Admitting(
                data, community.members, robot, domains, config.publicUrls().get(0), community.bans);
        // a ban ends what the person paid for on that relay, at once (renewal and settlement ask the rule again)
        community.bans.whenBanned(admitting::banned);
        this.joins = new Joins(data, rules, settlements, admitting, relayMembers, domains, listeners, timing);
        this.periods = new AdmissionClock(data, joins, admitting, robot, timing);
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
