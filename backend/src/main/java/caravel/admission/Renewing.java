package caravel.admission;

import caravel.domain.Epoch;
import caravel.domain.RelayStatus;
import caravel.jobs.Job;
import caravel.jobs.JobHandler;
import caravel.jobs.JobPayloads;
import caravel.store.ActivityLog;
import caravel.store.Relay;
import caravel.store.RelayStore;
import java.time.Clock;
import java.util.Optional;

/**
 * The renewal job, for {@link AdmissionClock} (on the runner of tenants' wallets): a member still owes the period the
 * job was queued for, on a relay that is served, charges by the month and has not banned them, is sent the renewal
 * invoice; the owner hears of a renewal the wallet could not make.
 *
 * @param admitting ends the standing of a key banned meanwhile
 * @param invoices  makes and sends the renewal invoice
 */
record Renewing(
        Clock clock,
        PaidMemberStore members,
        RelayStore relays,
        AdmissionStore admissions,
        Admitting admitting,
        ActivityLog activity,
        RenewalInvoices invoices) {

    /** Makes the renewal invoice in the owner's wallet and DMs it (on the runner of tenants' wallets). */
    JobHandler handler() {
        return new JobHandler() {
            @Override
            public void run(Job job) {
                renew(JobPayloads.read(job.payload(), AdmissionClock.Renewal.class));
            }

            @Override
            public void onGiveUp(Job job, String error) {
                AdmissionClock.Renewal n = JobPayloads.read(job.payload(), AdmissionClock.Renewal.class);
                relays.find(n.relay())
                        .ifPresent(r -> activity.add(
                                r.tenant(),
                                r.id(),
                                "admission_renewal_failed",
                                "The renewal invoice for " + Admitting.shortNpub(n.pubkey())
                                        + " could not be made by your" + " wallet: " + error,
                                null,
                                Epoch.seconds(clock)));
            }
        };
    }

    void renew(AdmissionClock.Renewal n) {
        Optional<PaidMember> row = members.find(n.relay(), n.pubkey());
        if (row.isEmpty()
                || !row.get().status().member()
                || row.get().paidUntil() == null
                || row.get().paidUntil() != n.periodEnd()) return;
        if (row.get().remindedFor() != null && row.get().remindedFor() == n.periodEnd()) return;
        Optional<Relay> relay = relays.find(n.relay());
        if (relay.isEmpty()) return;
        Relay r = relay.get();
        if (r.status() != RelayStatus.ACTIVE) return; // went offline since the tick: a later tick asks again
        // no renewal is offered to a banned key: the ban ended its standing (a missed announcement ends it here)
        if (admitting.endIfBanned(r, n.pubkey())) return;
        RelayAdmission a = admissions.find(r.id());
        if (a.mode() != RelayAdmission.Mode.MONTHLY || !a.priced()) return;
        invoices.send(r, a, n);
    }
}
