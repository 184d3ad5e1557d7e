package caravel.admission;

import caravel.domain.Actor;
import caravel.domain.Epoch;
import caravel.domain.Failure;
import caravel.invoice.Lifecycle;
import caravel.members.Members;
import caravel.robot.Robot;
import caravel.store.ActivityLog;
import caravel.store.Relay;
import java.time.Clock;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * People leaving a relay they paid for, for {@link Admitting}: the lapse after a missed renewal, and the owner ending a
 * free trial or removing someone. Each moves the person's row on with a conditional update and cancels their open
 * invoice, since nothing is owed on it any more.
 *
 * @param relayMembers community's members of each relay (the removal from the relay)
 */
record Departures(
        Jdbi jdbi,
        Clock clock,
        PaidMemberStore members,
        Members relayMembers,
        AdmissionInvoiceStore invoices,
        ActivityLog activity,
        Robot robot,
        JoinLinks links) {

    /** The lapse of a member in grace; {@code relay} is theirs, when it still exists. */
    void lapse(String relayId, String pubkey, Optional<Relay> relay) {
        Optional<PaidMember> row = jdbi.withHandle(h -> members.find(h, relayId, pubkey));
        if (row.isEmpty() || row.get().status() != PaidMember.Status.GRACE) return;
        if (relay.isPresent()) {
            try {
                relayMembers.remove(relay.get(), pubkey, Actor.person(pubkey));
            } catch (Failure f) {
                if (f.kind() != Failure.Kind.CONFLICT) throw f; // not online now: retried
            }
        }
        jdbi.useTransaction(h -> {
            if (!members.transition(
                    h, relayId, pubkey, PaidMember.Status.GRACE, PaidMember.Status.LAPSED, Epoch.seconds(clock)))
                return;
            cancelOpenInvoice(h, relayId, pubkey);
            if (relay.isEmpty()) return;
            Relay r = relay.get();
            activity.add(
                    r.tenant(),
                    r.id(),
                    "admission_lapsed",
                    Admitting.shortNpub(pubkey) + "'s membership lapsed: the renewal was not paid",
                    null,
                    Epoch.seconds(clock));
            robot.sendDm(
                    h,
                    pubkey,
                    "Your membership of " + r.name() + " has lapsed: the renewal was not paid. To come back, pay"
                            + " again at " + links.joinPage(r),
                    r.tenant(),
                    r.id(),
                    "admission-lapsed:" + r.id() + ":" + pubkey + ":"
                            + row.get().paidUntil());
        });
    }

    /** The person's open invoice on the relay, if any, is cancelled: nothing is owed on it any more. */
    private void cancelOpenInvoice(Handle h, String relayId, String pubkey) {
        invoices.open(h, relayId, pubkey)
                .ifPresent(i -> new Lifecycle<>(invoices).cancel(h, i.id(), Epoch.seconds(clock)));
    }

    /**
     * The owner ends a free trial early: the person leaves the relay, their row ends as lapsed (paying admits them
     * again; a second trial does not start) and any open invoice is canceled. False when theirs is no open trial.
     * The relay is asked first, as for a lapse: a relay that is not online keeps the trial until it is.
     */
    boolean endTrial(Relay r, String pubkey, Actor actor) {
        Optional<PaidMember> row = jdbi.withHandle(h -> members.find(h, r.id(), pubkey));
        if (row.isEmpty() || !row.get().openTrial()) return false;
        relayMembers.remove(r, pubkey, actor);
        return jdbi.inTransaction(h -> {
            if (!members.transition(
                    h, r.id(), pubkey, row.get().status(), PaidMember.Status.LAPSED, Epoch.seconds(clock)))
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
    void removeByOwner(Relay r, String pubkey, Actor actor) {
        relayMembers.remove(r, pubkey, actor);
        standingEnded(r, pubkey, actor);
    }

    /** Their row ends as removed, their open invoice canceled, what they paid told to the owner (see above). */
    void standingEnded(Relay r, String pubkey, Actor actor) {
        jdbi.useTransaction(h -> {
            Optional<PaidMember> row = members.find(h, r.id(), pubkey);
            cancelOpenInvoice(h, r.id(), pubkey);
            if (row.isEmpty() || row.get().status() == PaidMember.Status.REMOVED) return;
            PaidMember m = row.get();
            members.transition(h, r.id(), pubkey, m.status(), PaidMember.Status.REMOVED, Epoch.seconds(clock));
            if (m.totalPaidSats() > 0)
                activity.add(
                        r.tenant(),
                        r.id(),
                        "admission_removed",
                        Admitting.shortNpub(pubkey) + " had paid " + m.totalPaidSats() + " sats in " + m.payments()
                                + (m.payments() == 1 ? " payment" : " payments")
                                + (m.paidUntil() == null ? "" : ", paid until " + Admitting.date(m.paidUntil()))
                                + ". Caravel holds no money: a refund is yours to make from your wallet.",
                        actor,
                        Epoch.seconds(clock));
        });
    }
}
