package caravel.admission;

import caravel.config.Config;
import caravel.domain.RelayStatus;
import caravel.invoice.Dunning;
import caravel.jobs.JobPayloads;
import caravel.jobs.JobQueue;
import caravel.robot.Robot;
import caravel.store.Relay;
import caravel.store.RelayStore;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The members' periods, for {@link AdmissionClock}'s tick: a monthly member whose period nears its end is queued for
 * the renewal invoice, one whose period ended unpaid enters grace (and is told), one whose grace ended is queued to
 * lapse; who joined a relay that stopped charging by the month stays for good.
 *
 * @param timing when the renewal is sent and how long grace lasts
 */
record MemberPeriods(
        Jdbi jdbi,
        PaidMemberStore members,
        AdmissionStore admissions,
        RelayStore relays,
        JobQueue jobs,
        Robot robot,
        JoinLinks links,
        Config.PaidAdmission timing) {

    /** The members whose period's next step is due at {@code now}, at most {@code batch}, moved on. */
    void advance(long now, int batch) {
        List<PaidMember> due = jdbi.withHandle(h -> members.due(
                h,
                List.of(PaidMember.Status.ACTIVE, PaidMember.Status.TRIAL, PaidMember.Status.GRACE),
                now + timing.notice().toSeconds(),
                now,
                batch));
        for (PaidMember m : due) period(m, now);
    }

    private void period(PaidMember m, long now) {
        RelayAdmission a = admissions.find(m.relayId());
        Optional<Relay> relay = relays.find(m.relayId());
        if (relay.isEmpty()) return;
        Relay r = relay.get();
        long end = m.paidUntil();
        if (a.mode() != RelayAdmission.Mode.MONTHLY) {
            // the owner stopped charging by the month: who joined that way stays, with nothing more to pay
            jdbi.useHandle(h -> members.keepForGood(h, r.id(), m.pubkey(), now));
            return;
        }
        Dunning.advance(
                AdmissionClock.schedule(timing), end, m.status() == PaidMember.Status.GRACE, now, new Dunning.Steps() {
                    @Override
                    public void lapse() {
                        jdbi.useHandle(h -> jobs.enqueue(
                                h,
                                Admitting.JOB_LAPSE,
                                Admitting.payload(r.id(), m.pubkey()),
                                "lapse:" + r.id() + ":" + m.pubkey(),
                                Admitting.ATTEMPTS));
                    }

                    @Override
                    public void enterGrace() {
                        jdbi.useTransaction(h -> {
                            if (!members.transition(h, r.id(), m.pubkey(), m.status(), PaidMember.Status.GRACE, now))
                                return;
                            robot.sendDm(
                                    h,
                                    m.pubkey(),
                                    "Your membership of " + r.name() + " ended on " + Admitting.date(end)
                                            + ". You stay a"
                                            + " member until "
                                            + Admitting.date(AdmissionClock.schedule(timing)
                                                    .graceEnds(end))
                                            + ": pay the renewal at " + links.joinPage(r) + " to keep it.",
                                    r.tenant(),
                                    r.id(),
                                    "admission-grace:" + r.id() + ":" + m.pubkey() + ":" + end);
                        });
                    }

                    @Override
                    public void renew() {
                        // no one is asked to pay for a period of a relay that is not being served (the owner stopped
                        // paying
                        // for it, deactivated it, or the account is suspended); once it is back, the next tick sends it
                        if (r.status() != RelayStatus.ACTIVE) return;
                        if (m.remindedFor() == null || m.remindedFor() != end)
                            jdbi.useHandle(h -> jobs.enqueue(
                                    h,
                                    AdmissionClock.JOB_RENEW,
                                    JobPayloads.write(new AdmissionClock.Renewal(r.id(), m.pubkey(), end)),
                                    "admission-renew:" + r.id() + ":" + m.pubkey() + ":" + end,
                                    8));
                    }
                });
    }
}
