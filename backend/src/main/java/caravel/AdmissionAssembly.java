package caravel;

import caravel.admission.AdmissionSettings;
import caravel.admission.JoinPages;
import caravel.admission.JoinRequests;
import caravel.admission.PaidAdmissions;
import caravel.admission.PaidMembersReport;
import caravel.admission.Trials;
import caravel.billing.LightningWallet;
import caravel.billing.TenantWalletGate;
import caravel.community.Community;
import caravel.config.Config;
import caravel.jobs.JobRunners;
import caravel.store.ActivityLog;
import java.time.Clock;
import java.util.function.Function;

/**
 * Relays' own paid admission put together: owners charge their members, paid straight to the owners' wallets
 * ({@link PaidAdmissions}, which makes the owner side over its parts too: settings, the public join pages, join
 * requests), and the owner's reports over its stores (paying members, trials). Owners' wallets are asked through one
 * gate ({@link #ownerWallets}): a bound on how many are waited on at once, and for how long, so a black-holing wallet
 * cannot pile up waiting requests.
 */
final class AdmissionAssembly {
    final PaidAdmissions admission;
    final AdmissionSettings settings;
    final PaidMembersReport members;
    final JoinPages pages;
    final Trials trials;
    final JoinRequests requests;

    /** @param activity the activity log, where an owner's ending of trials is entered */
    AdmissionAssembly(PaidAdmissions admission, Clock clock, ActivityLog activity, Community community) {
        this.admission = admission;
        // the moderation queue counts toward "hide after N" only members who are not on a free trial
        community.queueFeed.freeTrials((relay, pubkey) -> admission
                .members
                .find(relay, pubkey)
                .map(caravel.admission.PaidMember::openTrial)
                .orElse(false));
        this.pages = admission.pages;
        this.settings = admission.settings;
        this.members = new PaidMembersReport(clock, admission.members, admission.invoices, community.profiles::lookup);
        this.trials = new Trials(clock, admission.members, activity, admission.admitting);
        this.requests = admission.joinRequests;
    }

    /** Owners' wallets by NWC URL, through the one gate that bounds how many are asked at once and for how long. */
    static Function<String, LightningWallet> ownerWallets(Config config, Wallets wallets) {
        return new TenantWalletGate(
                wallets.tenant(),
                config.limits().tenantWalletConcurrency(),
                config.limits().tenantWalletTimeout());
    }

    void register(JobRunners jobs) {
        admission.register(jobs.shared(), jobs.wallets(), jobs.periodic());
    }

    void start(JobRunners jobs) {
        admission.schedule(jobs.periodic()); // join invoices' checks, members' renewals, grace and lapses
        admission.listenForPayments(); // owners' wallets' payment notifications settle joins at once
    }
}
