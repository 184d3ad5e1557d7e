package caravel.team;

import caravel.bans.BanRule;
import caravel.domain.Actor;
import caravel.domain.Epoch;
import caravel.domain.Failure;
import caravel.nostr.Nip19;
import caravel.relayparts.Lifecycle;
import caravel.relayparts.RelayParts;
import caravel.relays.Relays;
import caravel.robot.Robot;
import caravel.store.ActivityLog;
import caravel.store.Ids;
import caravel.store.Relay;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Ownership transfer: the owner offers a relay to another key, which takes it by accepting while signed in as that
 * key. One open offer per relay: a new one replaces the earlier (whose id then accepts nothing), and the owner may
 * withdraw it. Refused: an offer to the owner themselves, to a key banned from the relay (its own ban or a platform
 * ban), of a relay with an unpaid invoice; an acceptance by any other key (not found, as for an offer that does not exist),
 * after the offer was withdrawn, replaced or answered, or beyond the receiver's quota. Billing moves with the relay
 * from the next period ({@link Relays#changeOwner}); both sides are told by DM.
 *
 * @param parts the relay parts, told of an accepted transfer in its transaction
 */
public record Transfers(
        TransferStore store,
        Team team,
        Relays relays,
        BanRule bans,
        Robot robot,
        ActivityLog activity,
        Clock clock,
        RelayParts parts) {
    /** An offer as its receiver sees it: the relay's name and address beside it. */
    public record Incoming(TransferStore.Offer offer, String relayName, String subdomain) {}

    /** The relay's open offer, if any. */
    public Optional<TransferStore.Offer> open(Relay r) {
        return store.forRelay(r.id());
    }

    /** Offers the relay to {@code to} (replacing an earlier open offer). */
    public TransferStore.Offer offer(Relay r, Actor actor, String to) {
        RelayAccessCheck.refuseIfDeleted(r); // the gate refuses it first; a service called otherwise too
        if (relays.accountSuspended(r.tenant()))
            throw suspended("transfer_giver_suspended", "the account is suspended: it cannot offer its relays");
        if (to.equals(r.tenant()))
            throw new Failure(
                    Failure.Kind.INVALID, "transfer_to_self", "pubkey", "the relay already belongs to this key");
        refuseBanned(r, to);
        if (relays.owesFor(r)) throw unpaid();
        long now = Epoch.seconds(clock);
        TransferStore.Offer o = new TransferStore.Offer(Ids.newId(), r.id(), r.tenant(), to, now);
        store.jdbi().useTransaction(h -> {
            Optional<TransferStore.Offer> replaced = store.replace(h, o);
            activity.add(
                    h,
                    r.tenant(),
                    r.id(),
                    "transfer_offered",
                    "Relay offered to " + Nip19.shortNpub(to)
                            + replaced.map(x -> " (replacing the offer to " + Nip19.shortNpub(x.toPubkey()) + ")")
                                    .orElse(""),
                    actor,
                    now);
            robot.sendDm(
                    h,
                    to,
                    "You are offered the relay " + r.name() + " (" + r.subdomain() + ") by its owner "
                            + Nip19.npub(r.tenant())
                            + ". Sign in to Caravel with this key to accept or decline it; once accepted, its next"
                            + " renewal is yours to pay.",
                    r.tenant(),
                    r.id(),
                    "dm:transfer-offer:" + o.id());
        });
        return o;
    }

    /** The owner takes the open offer back. */
    public void withdraw(Relay r, Actor actor) {
        TransferStore.Offer o = store.forRelay(r.id()).orElseThrow(Transfers::notFound);
        long now = Epoch.seconds(clock);
        store.jdbi().useTransaction(h -> {
            if (!store.close(h, o.id())) throw notFound();
            activity.add(
                    h,
                    r.tenant(),
                    r.id(),
                    "transfer_withdrawn",
                    "Offer to " + Nip19.shortNpub(o.toPubkey()) + " withdrawn",
                    actor,
                    now);
        });
    }

    /** The offers made to {@code pubkey}, with their relays' names. */
    public List<Incoming> incoming(String pubkey) {
        return store.to(pubkey).stream()
                .flatMap(o -> relays.find(o.relayId()).stream().map(r -> new Incoming(o, r.name(), r.subdomain())))
                .toList();
    }

    /** The receiver says no; the owner is told. */
    public void decline(String offerId, String pubkey) {
        TransferStore.Offer o = mine(offerId, pubkey);
        long now = Epoch.seconds(clock);
        store.jdbi().useTransaction(h -> {
            if (!store.close(h, o.id())) throw notFound();
            activity.add(
                    h,
                    o.fromPubkey(),
                    o.relayId(),
                    "transfer_declined",
                    Nip19.shortNpub(pubkey) + " declined the relay",
                    Actor.person(pubkey),
                    now);
            robot.sendDm(
                    h,
                    o.fromPubkey(),
                    Nip19.npub(pubkey) + " declined your offer of a relay on Caravel; it stays yours.",
                    o.fromPubkey(),
                    o.relayId(),
                    "dm:transfer-declined:" + o.id());
        });
    }

    /** The receiver takes the relay: it is theirs from now, its next renewal theirs to pay. */
    public Relay accept(String offerId, String pubkey) {
        TransferStore.Offer o = mine(offerId, pubkey);
        Relay r = relays.find(o.relayId()).orElseThrow(Transfers::notFound);
        // a deleted relay is no one's to take (its undo is its owner's), and a suspended account neither gives nor
        // takes
        RelayAccessCheck.refuseIfDeleted(r);
        if (relays.accountSuspended(o.fromPubkey()))
            throw suspended(
                    "transfer_giver_suspended", "the giving account is suspended: its offer cannot be accepted now");
        if (relays.accountSuspended(pubkey))
            throw suspended(
                    "transfer_receiver_suspended", "the receiving account is suspended: it cannot take a relay");
        refuseBanned(r, pubkey); // asks the relay: outside the transaction
        Relay taken = store.jdbi().inTransaction(h -> {
            // closed first: of two acceptances at once, or an acceptance and a withdrawal, one wins
            if (!store.close(h, o.id())) throw notFound();
            Relay moved = relays.changeOwner(h, o.relayId(), o.fromPubkey(), pubkey);
            // each part follows the new owner (the team lets the new owner go: an owner is no team member)
            parts.react(h, new Lifecycle.Event(Lifecycle.TRANSFERRED, moved, Actor.person(pubkey), o.fromPubkey()));
            String name = moved.name() + " (" + moved.subdomain() + ")";
            robot.sendDm(
                    h,
                    pubkey,
                    "The relay " + name + " is yours now. The period its previous owner paid for stays paid; its next"
                            + " renewal is yours.",
                    pubkey,
                    moved.id(),
                    "dm:transfer-accepted-to:" + o.id());
            robot.sendDm(
                    h,
                    o.fromPubkey(),
                    "Your relay " + name + " now belongs to " + Nip19.npub(pubkey)
                            + ". You will not be billed for it after the period already paid.",
                    o.fromPubkey(),
                    moved.id(),
                    "dm:transfer-accepted-from:" + o.id());
            return moved;
        });
        // a new owner, and one key fewer on the team
        team.changed(taken.id());
        return taken;
    }

    /** The open offer {@code offerId} made to {@code pubkey}; not found for anyone else, so offers' ids leak nothing. */
    private TransferStore.Offer mine(String offerId, String pubkey) {
        return store.jdbi()
                .withHandle(h -> store.find(h, offerId))
                .filter(o -> o.toPubkey().equals(pubkey))
                .orElseThrow(Transfers::notFound);
    }

    private void refuseBanned(Relay r, String pubkey) {
        if (bans.ban(r, pubkey).isPresent())
            throw new Failure(
                    Failure.Kind.FORBIDDEN,
                    BanRule.BANNED,
                    "pubkey",
                    "this key is banned from the relay: a relay is not given to a key banned from it");
    }

    private static Failure suspended(String code, String sentence) {
        return new Failure(Failure.Kind.FORBIDDEN, code, null, sentence);
    }

    private static Failure unpaid() {
        return new Failure(
                Failure.Kind.CONFLICT,
                "transfer_unpaid",
                null,
                "the relay has an unpaid invoice: pay it (or let it be cancelled) before offering the relay");
    }

    private static Failure notFound() {
        return new Failure(
                Failure.Kind.NOT_FOUND,
                "transfer_not_found",
                null,
                "no open transfer offer with this id for you (it may have been withdrawn, replaced or answered)");
    }
}
