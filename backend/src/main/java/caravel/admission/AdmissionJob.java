package caravel.admission;

import caravel.bans.BanRule;
import caravel.domain.Actor;
import caravel.domain.Epoch;
import caravel.domain.Failure;
import caravel.logging.Hops;
import caravel.members.Members;
import caravel.robot.Robot;
import caravel.store.ActivityLog;
import caravel.store.Relay;
import caravel.store.RelayStore;
import java.time.Clock;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The admission job's work, for {@link Admitting}: a paying person (or one starting a trial) put on the relay through
 * community's Members, within the plan's member allowance, and welcomed; or blocked, with the person and the owner
 * told, when they cannot be added; and a standing ended when the key is banned.
 *
 * @param relayMembers community's members of each relay (allowpubkey)
 */
record AdmissionJob(
        Jdbi jdbi,
        Clock clock,
        RelayStore relays,
        PaidMemberStore members,
        Members relayMembers,
        ActivityLog activity,
        Robot robot,
        JoinLinks links) {

    void admit(String relayId, String pubkey) {
        Optional<PaidMember> row = jdbi.withHandle(h -> members.find(h, relayId, pubkey));
        if (row.isEmpty() || row.get().status() != PaidMember.Status.ADMITTING) return;
        Optional<Relay> relay = relays.find(relayId);
        if (relay.isEmpty()) {
            block(relayId, pubkey, "the relay was deleted");
            return;
        }
        Relay r = relay.get();
        try {
            Hops.mark("adm.add", pubkey.substring(0, 8));
            relayMembers.add(r, pubkey, Actor.person(pubkey));
            Hops.mark("adm.added", pubkey.substring(0, 8));
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
        jdbi.useTransaction(h -> {
            if (!members.transition(h, relayId, pubkey, PaidMember.Status.ADMITTING, to, Epoch.seconds(clock))) return;
            String url = links.relayUrl(r);
            robot.sendDm(
                    h,
                    pubkey,
                    "Welcome to " + r.name() + "! You are a member now"
                            + (m.paidUntil() == null ? "" : " until " + Admitting.date(m.paidUntil()))
                            + ".\n\nRelay: " + url + "\nOpen it in Flotilla: " + links.flotillaLink(r)
                            + "\nYour membership: " + links.joinPage(r),
                    r.tenant(),
                    r.id(),
                    "admission-welcome:" + r.id() + ":" + pubkey + ":" + m.payments() + ":" + m.joinedAt());
        });
    }

    /** Paid (or trial) but not added: the person and the owner are told; joining again retries once there is room. */
    void block(String relayId, String pubkey, String why) {
        Optional<Relay> relay = relays.find(relayId);
        jdbi.useTransaction(h -> {
            if (!members.transition(
                    h, relayId, pubkey, PaidMember.Status.ADMITTING, PaidMember.Status.BLOCKED, Epoch.seconds(clock)))
                return;
            if (relay.isEmpty()) return;
            Relay r = relay.get();
            activity.add(
                    r.tenant(),
                    r.id(),
                    "admission_blocked",
                    Admitting.shortNpub(pubkey) + " paid to join but could not be added: " + why
                            + ". Make room (or upgrade the plan) and they are added when they open the join page"
                            + " again, or refund them from your wallet.",
                    null,
                    Epoch.seconds(clock));
            robot.sendDm(
                    h,
                    r.tenant(),
                    Admitting.shortNpub(pubkey) + " paid to join " + r.name() + " but could not be added: " + why + ".",
                    r.tenant(),
                    r.id(),
                    "admission-blocked-owner:" + r.id() + ":" + pubkey + ":" + Epoch.seconds(clock));
            robot.sendDm(
                    h,
                    pubkey,
                    "Your payment to join " + r.name() + " arrived, but you could not be added yet: " + why
                            + ". The owner has been told. Open " + links.joinPage(r) + " again later to be added.",
                    r.tenant(),
                    r.id(),
                    "admission-blocked:" + r.id() + ":" + pubkey + ":" + Epoch.seconds(clock));
        });
    }

    void endStanding(Relay r, String pubkey, String what) {
        jdbi.useTransaction(h -> {
            // an open invoice stays open: money that still arrives for it is recorded (blocked, refund owed) instead
            // of landing unseen in the owner's wallet
            Optional<PaidMember> row = members.find(h, r.id(), pubkey);
            if (row.isEmpty() || !row.get().status().member()) return;
            PaidMember m = row.get();
            if (!members.transition(h, r.id(), pubkey, m.status(), PaidMember.Status.BLOCKED, Epoch.seconds(clock)))
                return;
            activity.add(
                    r.tenant(),
                    r.id(),
                    "admission_banned",
                    Admitting.shortNpub(pubkey) + " " + what + ", so their membership ended"
                            + (m.totalPaidSats() > 0
                                    ? ". They had paid " + m.totalPaidSats() + " sats"
                                            + (m.paidUntil() == null
                                                    ? ""
                                                    : ", paid until " + Admitting.date(m.paidUntil()))
                                            + ". Caravel holds no money: a refund, if you owe one, is yours to make"
                                            + " from your wallet."
                                    : " (they had not paid)."),
                    null,
                    Epoch.seconds(clock));
        });
    }
}
