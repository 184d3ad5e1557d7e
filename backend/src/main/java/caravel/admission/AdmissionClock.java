package caravel.admission;

import caravel.config.Config;
import caravel.domain.Failure;
import caravel.domain.InvoiceStatus;
import caravel.domain.RelayStatus;
import caravel.invoice.Dunning;
import caravel.jobs.Job;
import caravel.jobs.JobHandler;
import caravel.jobs.JobPayloads;
import caravel.jobs.JobQueue;
import caravel.jobs.PermanentFailure;
import caravel.robot.Robot;
import caravel.store.Relay;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Paid admission's background work, run once per ADMISSION_CHECK_SECONDS across processes (jobs.Periodic): it asks
 * the owners' wallets about open invoices nobody's page is asking about, sends monthly members their renewal invoice
 * ADMISSION_NOTICE_SECONDS before their period ends, moves a member whose period ended unpaid into grace, and lapses
 * them when the grace period is over too. Work that talks to a wallet or a relay is a job of its own, so one slow
 * wallet delays no one else's.
 */
public final class AdmissionClock {
    public static final String JOB_TICK = "admission.tick";
    public static final String JOB_CHECK = "admission.check";
    public static final String JOB_RENEW = "admission.renew";
    public static final int TICK_ATTEMPTS = 1;
    private static final int BATCH = 500;

    private final AdmissionData d;
    private final Joins joins;
    private final Admitting admitting;
    private final Robot robot;
    private final Config.PaidAdmission timing;

    public AdmissionClock(AdmissionData d, Joins joins, Admitting admitting, Robot robot, Config.PaidAdmission timing) {
        this.d = d;
        this.joins = joins;
        this.admitting = admitting;
        this.robot = robot;
        this.timing = timing;
    }

    record InvoiceRef(String id) {}

    record Renewal(String relay, String pubkey, long periodEnd) {}

    /** One period's work (see the class comment). */
    public void tick() {
        long now = d.now();
        d.jdbi().useTransaction(h -> {
            for (AdmissionInvoice i : d.invoices().dueChecks(h, now, BATCH))
                d.jobs().enqueue(h, JOB_CHECK, JobPayloads.write(new InvoiceRef(i.id())), checkKey(i.id()), 3);
        });
        List<PaidMember> due = d.jdbi()
                .withHandle(h -> d.members()
                        .due(
                                h,
                                List.of(PaidMember.Status.ACTIVE, PaidMember.Status.TRIAL, PaidMember.Status.GRACE),
                                now + timing.notice().toSeconds(),
                                now,
                                BATCH));
        for (PaidMember m : due) period(m, now);
    }

    private void period(PaidMember m, long now) {
        RelayAdmission a = d.admissions().find(m.relayId());
        Optional<Relay> relay = d.relays().find(m.relayId());
        if (relay.isEmpty()) return;
        Relay r = relay.get();
        long end = m.paidUntil();
        if (a.mode() != RelayAdmission.Mode.MONTHLY) {
            // the owner stopped charging by the month: who joined that way stays, with nothing more to pay
            d.jdbi().useHandle(h -> d.members().keepForGood(h, r.id(), m.pubkey(), now));
            return;
        }
        Dunning.advance(schedule(), end, m.status() == PaidMember.Status.GRACE, now, new Dunning.Steps() {
            @Override
            public void lapse() {
                d.jdbi()
                        .useHandle(h -> d.jobs()
                                .enqueue(
                                        h,
                                        Admitting.JOB_LAPSE,
                                        Admitting.payload(r.id(), m.pubkey()),
                                        "lapse:" + r.id() + ":" + m.pubkey(),
                                        Admitting.ATTEMPTS));
            }

            @Override
            public void enterGrace() {
                d.jdbi().useTransaction(h -> {
                    if (!d.members().transition(h, r.id(), m.pubkey(), m.status(), PaidMember.Status.GRACE, now))
                        return;
                    robot.sendDm(
                            h,
                            m.pubkey(),
                            "Your membership of " + r.name() + " ended on " + Admitting.date(end) + ". You stay a"
                                    + " member until "
                                    + Admitting.date(schedule().graceEnds(end))
                                    + ": pay the renewal at " + admitting.joinPage(r) + " to keep it.",
                            r.tenant(),
                            r.id(),
                            "admission-grace:" + r.id() + ":" + m.pubkey() + ":" + end);
                });
            }

            @Override
            public void renew() {
                // no one is asked to pay for a period of a relay that is not being served (the owner stopped paying
                // for it, deactivated it, or the account is suspended); once it is back, the next tick sends it
                if (r.status() != RelayStatus.ACTIVE) return;
                if (m.remindedFor() == null || m.remindedFor() != end)
                    d.jdbi()
                            .useHandle(h -> d.jobs()
                                    .enqueue(
                                            h,
                                            JOB_RENEW,
                                            JobPayloads.write(new Renewal(r.id(), m.pubkey(), end)),
                                            "admission-renew:" + r.id() + ":" + m.pubkey() + ":" + end,
                                            8));
            }
        });
    }

    /**
     * Paid admission's steps of the shared renewal, grace and lapse: the renewal invoice ADMISSION_NOTICE_SECONDS
     * before a period ends, ADMISSION_GRACE_SECONDS of grace after it, no reminder beyond the renewal's DM.
     */
    private Dunning.Schedule schedule() {
        return new Dunning.Schedule(timing.notice().toSeconds(), timing.grace().toSeconds(), 0);
    }

    private static String checkKey(String invoiceId) {
        return "admission-check:" + invoiceId;
    }

    /**
     * The check of one invoice, due now (a queued later one is brought forward): what a payment notification from the
     * owner's wallet leads to, so it is settled by the same look-up and proof as every other check.
     */
    static void checkNow(Handle h, JobQueue jobs, String invoiceId) {
        jobs.enqueueNow(h, JOB_CHECK, JobPayloads.write(new InvoiceRef(invoiceId)), checkKey(invoiceId), 3);
    }

    /** Asks the owner's wallet about one open invoice (on the runner of tenants' wallets). */
    public JobHandler checkHandler() {
        return job -> {
            InvoiceRef ref = JobPayloads.read(job.payload(), InvoiceRef.class);
            Optional<AdmissionInvoice> inv =
                    d.jdbi().withHandle(h -> d.invoices().find(h, ref.id()));
            if (inv.isEmpty() || inv.get().state() != InvoiceStatus.PENDING) return;
            Optional<Relay> r = d.relays().find(inv.get().relayId());
            if (r.isEmpty()) return;
            joins.lookUp(r.get(), inv.get(), false);
        };
    }

    /** Makes the renewal invoice in the owner's wallet and DMs it (on the runner of tenants' wallets). */
    public JobHandler renewHandler() {
        return new JobHandler() {
            @Override
            public void run(Job job) {
                renew(JobPayloads.read(job.payload(), Renewal.class));
            }

            @Override
            public void onGiveUp(Job job, String error) {
                Renewal n = JobPayloads.read(job.payload(), Renewal.class);
                d.relays()
                        .find(n.relay())
                        .ifPresent(r -> d.activity()
                                .add(
                                        r.tenant(),
                                        r.id(),
                                        "admission_renewal_failed",
                                        "The renewal invoice for " + Admitting.shortNpub(n.pubkey())
                                                + " could not be made by your" + " wallet: " + error,
                                        null,
                                        d.now()));
            }
        };
    }

    void renew(Renewal n) {
        Optional<PaidMember> row = d.jdbi().withHandle(h -> d.members().find(h, n.relay(), n.pubkey()));
        if (row.isEmpty()
                || !row.get().status().member()
                || row.get().paidUntil() == null
                || row.get().paidUntil() != n.periodEnd()) return;
        if (row.get().remindedFor() != null && row.get().remindedFor() == n.periodEnd()) return;
        Optional<Relay> relay = d.relays().find(n.relay());
        if (relay.isEmpty()) return;
        Relay r = relay.get();
        if (r.status() != RelayStatus.ACTIVE) return; // went offline since the tick: a later tick asks again
        // no renewal is offered to a banned key: the ban ended its standing (a missed announcement ends it here)
        if (admitting.endIfBanned(r, n.pubkey())) return;
        RelayAdmission a = d.admissions().find(r.id());
        if (a.mode() != RelayAdmission.Mode.MONTHLY || !a.priced()) return;
        long now = d.now();
        Optional<AdmissionInvoice> open = d.jdbi().withHandle(h -> d.invoices().open(h, r.id(), n.pubkey()));
        AdmissionInvoice inv;
        if (open.isPresent()) inv = open.get();
        else {
            long expiry = Math.max(600, schedule().graceEnds(n.periodEnd()) - now);
            try {
                inv = joins.makeInvoice(r, a, n.pubkey(), AdmissionInvoice.Purpose.RENEWAL, expiry);
            } catch (Failure f) {
                if (f.kind() == Failure.Kind.UNAVAILABLE) throw f; // the wallet did not answer: retried
                throw new PermanentFailure(f.getMessage());
            }
        }
        AdmissionInvoice sent = inv;
        d.jdbi().useTransaction(h -> {
            if (open.isEmpty()) {
                try {
                    d.invoices().insert(h, sent);
                } catch (UnableToExecuteStatementException e) {
                    return; // another invoice was opened meanwhile (the person joined again): that one stands
                }
            }
            d.members().reminded(h, r.id(), n.pubkey(), n.periodEnd());
            robot.sendDm(
                    h,
                    n.pubkey(),
                    "Your membership of " + r.name() + " ends on " + Admitting.date(n.periodEnd()) + ". Renew it for "
                            + a.priceSats() + " sats by paying this invoice:\n\n" + sent.bolt11()
                            + "\n\nor at " + admitting.joinPage(r),
                    r.tenant(),
                    r.id(),
                    "admission-renew:" + r.id() + ":" + n.pubkey() + ":" + n.periodEnd());
        });
    }
}
