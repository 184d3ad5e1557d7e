package caravel;

import caravel.admission.AdmissionSettings;
import caravel.admission.JoinPages;
import caravel.admission.JoinRequests;
import caravel.admission.PaidAdmissions;
import caravel.admission.PaidMembersReport;
import caravel.admission.Trials;
import caravel.billing.TenantWalletGate;
import caravel.community.Community;
import caravel.config.Config;
import caravel.domains.CustomDomains;
import caravel.jobs.JobRunners;
import caravel.relays.RelayDeps;
import caravel.robot.Robot;

/**
 * Relays' own paid admission put together: owners charge their members, paid straight to the owners' wallets
 * ({@link PaidAdmissions}), and the owner side over its stores (settings, paying members, trials, the public join
 * pages). Owners' wallets are asked through one gate: a bound on how many are waited on at once, and for how long, so
 * a black-holing wallet cannot pile up waiting requests.
 */
final class AdmissionAssembly {
    final PaidAdmissions admission;
    final AdmissionSettings settings;
    final PaidMembersReport members;
    final JoinPages pages;
    final Trials trials;
    final JoinRequests requests;

    AdmissionAssembly(
            Config config, RelayDeps relays, Wallets wallets, Community community, Robot robot, CustomDomains domains) {
        var clock = relays.clock();
        var ownerWallets = new TenantWalletGate(
                wallets.tenant(),
                config.limits().tenantWalletConcurrency(),
                config.limits().tenantWalletTimeout());
        this.admission = new PaidAdmissions(config, relays, community, robot, domains, ownerWallets);
        // the moderation queue counts toward "hide after N" only members who are not on a free trial
        community.queueFeed.freeTrials((relay, pubkey) -> admission
                .members
                .find(relay, pubkey)
                .map(caravel.admission.PaidMember::openTrial)
                .orElse(false));
        this.pages = new JoinPages(
                relays.relayStore(),
                admission.store,
                admission.rules,
                admission.joins,
                domains,
                config.publicUrls().get(0),
                config.paidAdmission(),
                admission.requests);
        this.settings = new AdmissionSettings(
                admission.data,
                admission.rules,
                pages,
                ownerWallets,
                config.limits().outboundAllowLocal(),
                config.paidAdmission(),
                relays.transitions());
        this.members = new PaidMembersReport(clock, admission.members, admission.invoices, community.profiles::lookup);
        this.trials = new Trials(clock, admission.members, relays.activity(), admission.admitting);
        this.requests = new JoinRequests(
                admission.data,
                community.members,
                community.bans,
                admission.relayMembers,
                community.profiles::lookup,
                robot,
                pages,
                relays.transitions());
    }

    void register(JobRunners jobs) {
        admission.register(jobs.shared(), jobs.wallets(), jobs.periodic());
    }

    void start(JobRunners jobs) {
        admission.schedule(jobs.periodic()); // join invoices' checks, members' renewals, grace and lapses
        admission.listenForPayments(); // owners' wallets' payment notifications settle joins at once
    }
}
