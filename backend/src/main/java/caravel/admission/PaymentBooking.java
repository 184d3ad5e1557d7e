package caravel.admission;

import caravel.config.Config;
import caravel.domain.Actor;
import caravel.invoice.Lifecycle;
import caravel.jobs.JobQueue;
import caravel.store.ActivityLog;
import caravel.store.Relay;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * What a proven payment (or an unpaid invoice given up) does to the tables, for {@link Settlements}: the invoice
 * settled by a conditional update, so two checks racing settle it once, and in the same transaction the person's row
 * credited with the payment and, when they are not on the relay now, the admission job queued.
 *
 * @param invoices the admission invoices' lifecycle (settle, expire)
 * @param timing   the period a monthly payment buys
 */
record PaymentBooking(
        Jdbi jdbi,
        AdmissionStore admissions,
        PaidMemberStore members,
        Lifecycle<AdmissionInvoiceStore.Covers> invoices,
        JobQueue jobs,
        ActivityLog activity,
        Config.PaidAdmission timing) {

    /** An unpaid invoice given up: expired. */
    void expire(AdmissionInvoice inv, long now) {
        jdbi.useHandle(h -> invoices.expire(h, inv.id(), now));
    }

    /**
     * The payment of {@code inv}, proven: the invoice marked paid once; the person's row gains the payment; whoever is
     * not on the relay now is queued for admission. A renewal continues the period it renews.
     */
    Settlements.Outcome paid(Relay relay, AdmissionInvoice inv, long now) {
        return jdbi.inTransaction(h -> {
            RelayAdmission a = admissions.find(h, relay.id());
            boolean monthly = a.mode() == RelayAdmission.Mode.MONTHLY;
            Optional<PaidMember> before = members.find(h, relay.id(), inv.pubkey());
            boolean onRelay = before.map(m -> m.status() == PaidMember.Status.ACTIVE
                            || m.status() == PaidMember.Status.TRIAL
                            || m.status() == PaidMember.Status.GRACE
                            || m.status() == PaidMember.Status.ADMITTING)
                    .orElse(false);
            // a renewal continues the period it renews (grace and trial days are not bought time); anyone who is
            // not on the relay starts now
            Long paidUntil = !monthly
                    ? null
                    : (onRelay && before.get().paidUntil() != null
                                    ? before.get().paidUntil()
                                    : now)
                            + timing.period().toSeconds();
            boolean settled = invoices.settle(
                    h,
                    inv.id(),
                    now,
                    new AdmissionInvoiceStore.Covers(paidUntil),
                    tx -> admit(tx, relay, inv, before.orElse(null), onRelay, monthly, paidUntil, now));
            return settled ? Settlements.Outcome.PAID : Settlements.Outcome.ALREADY;
        });
    }

    /** What a settled payment buys: the person's row gains it and, when they are not on the relay now, admission. */
    private void admit(
            Handle h,
            Relay relay,
            AdmissionInvoice inv,
            PaidMember prior,
            boolean onRelay,
            boolean monthly,
            Long paidUntil,
            long now) {
        PaidMember.Status status = onRelay && prior.status() != PaidMember.Status.ADMITTING
                ? PaidMember.Status.ACTIVE
                : PaidMember.Status.ADMITTING;
        RelayAdmission.Mode mode = monthly ? RelayAdmission.Mode.MONTHLY : RelayAdmission.Mode.ONCE;
        long joinedAt = prior == null || !onRelay ? now : prior.joinedAt();
        members.put(h, counted(prior, inv, status, mode, joinedAt, paidUntil, now));
        if (status == PaidMember.Status.ADMITTING)
            jobs.enqueue(
                    h,
                    Settlements.JOB_ADMIT,
                    Admitting.payload(relay.id(), inv.pubkey()),
                    Admitting.key(relay.id(), inv.pubkey()),
                    Admitting.ATTEMPTS);
        activity.add(
                relay.tenant(),
                relay.id(),
                "admission_paid",
                paidWords(inv) + (paidUntil == null ? "" : " (member until " + Admitting.date(paidUntil) + ")"),
                Actor.person(inv.pubkey()),
                now);
    }

    /**
     * The payment of a banned key: the invoice is paid and the payment counted in the person's row, which ends
     * blocked (no admission job, no renewal); the owner is told it needs a refund, since Caravel holds no money.
     */
    Settlements.Outcome blocked(Relay relay, AdmissionInvoice inv, long now) {
        return jdbi.inTransaction(h -> {
            Optional<PaidMember> before = members.find(h, relay.id(), inv.pubkey());
            Long paidUntil = before.map(PaidMember::paidUntil).orElse(null);
            PaidMember prior = before.orElse(null);
            boolean settled = invoices.settle(h, inv.id(), now, new AdmissionInvoiceStore.Covers(paidUntil), tx -> {
                RelayAdmission.Mode mode =
                        prior == null ? admissions.find(tx, relay.id()).mode() : prior.mode();
                long joinedAt = prior == null ? now : prior.joinedAt();
                members.put(tx, counted(prior, inv, PaidMember.Status.BLOCKED, mode, joinedAt, paidUntil, now));
                activity.add(
                        relay.tenant(),
                        relay.id(),
                        "admission_blocked",
                        paidWords(inv)
                                + " but is banned here, so they were not admitted. Caravel holds no money: refund them"
                                + " from your wallet.",
                        Actor.person(inv.pubkey()),
                        now);
            });
            return settled ? Settlements.Outcome.BLOCKED : Settlements.Outcome.ALREADY;
        });
    }

    /** The person's row once {@code inv} is paid: the payment counted, with the standing it gives. */
    private static PaidMember counted(
            PaidMember prior,
            AdmissionInvoice inv,
            PaidMember.Status status,
            RelayAdmission.Mode mode,
            long joinedAt,
            Long paidUntil,
            long now) {
        return new PaidMember(
                inv.relayId(),
                inv.pubkey(),
                status,
                mode,
                joinedAt,
                paidUntil,
                prior != null && prior.trialUsed(),
                (prior == null ? 0 : prior.totalPaidSats()) + inv.amountSats(),
                (prior == null ? 0 : prior.payments()) + 1,
                now,
                prior == null ? null : prior.remindedFor(),
                now);
    }

    /** "npub… paid 2100 sats to join" (or to renew), as the owner's activity reads. */
    private static String paidWords(AdmissionInvoice inv) {
        return Admitting.shortNpub(inv.pubkey()) + " paid " + inv.amountSats() + " sats"
                + (inv.purpose() == AdmissionInvoice.Purpose.RENEWAL ? " to renew" : " to join");
    }
}
