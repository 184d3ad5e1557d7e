package caravel.moderation;

import caravel.domain.Actor;
import caravel.domain.Epoch;
import caravel.domain.Failure;
import caravel.domain.Validation;
import caravel.members.Members;
import caravel.nostr.Nip19;
import caravel.relayaccess.OutcomeLog;
import caravel.relayaccess.RelayAccess;
import caravel.relayaccess.RelayCalls;
import caravel.store.Relay;
import caravel.zooid.RelayManagement;
import java.time.Clock;
import java.util.List;

/**
 * Bans on one relay and their lifting (the list of them is {@link BanList}'s, its content browser {@link RelayContent}'s,
 * its reports {@link Reports}'). zooid does the work (NIP-86 ban/allow of pubkeys); Caravel keeps only what zooid
 * cannot: the terms of bans ({@link BanTerms}). Every action and its outcome is an activity row with its actor.
 */
public record Moderation(
        Clock clock,
        RelayAccess access,
        RelayManagement management,
        RelayCalls calls,
        OutcomeLog outcomes,
        BanEffects effects,
        BanTerms terms,
        TeamMembers team) {
    public static final int MAX_REASON = Validation.MAX_REASON;

    /** The code of the refusal to ban someone on the relay's team. */
    public static final String TEAM_MEMBER = "team_member";

    // ------------------------------------------------------------------------------------------------ bans

    /** banpubkey: zooid removes the membership and deletes every event the pubkey wrote on the relay. */
    public void ban(Relay r, String pubkey, String reason, Actor actor) {
        ban(r, pubkey, reason, null, actor);
    }

    /**
     * A ban, lifting itself at {@code until} (epoch seconds; null: no end). Banning someone banned already gives the ban
     * these terms instead (a new end, or none).
     */
    public void ban(Relay r, String pubkey, String reason, Long until, Actor actor) {
        // here, where every ban of a relay passes (the bans route, reports, the queue, a restore)
        String why = Validation.reason(reason);
        TemporaryBans.check(until, Epoch.seconds(clock));
        if (pubkey.equals(r.tenant()))
            throw Failure.conflict("the relay's owner cannot be banned from their own relay");
        // zooid lets the keys its config's roles name back in (added, unbanned) on every reload of that config: a ban
        // on a team member would not hold, so it is refused here, where every ban of a relay passes (the bans route,
        // the moderation queue)
        if (team.onTeam(r.id(), pubkey))
            throw new Failure(
                    Failure.Kind.CONFLICT,
                    TEAM_MEMBER,
                    "pubkey",
                    "this person is on the relay's team: remove them from the team first, then ban them");
        RelayAccess.Target t = access.target(r);
        if (pubkey.equals(t.pubkey())) throw Failure.invalid("that is the relay's own key");
        // zooid's ban ends the membership and its unban does not give it back: what the ban ends is kept, so that
        // lifting it through Caravel makes the key a member again
        Boolean wasMember = memberNow(r, pubkey);
        calls.attempt(
                r,
                "banpubkey",
                List.of(pubkey, why),
                "ban this person",
                "ban_failed",
                "Banning " + Nip19.shortNpub(pubkey),
                actor);
        // this relay's own ban: lifting a platform ban of the same pubkey leaves it in place
        effects.platformBans().ownerActed(r.id(), pubkey, "banned");
        terms.given(
                new BanTermStore.NewTerms(r.id(), pubkey, why, Epoch.seconds(clock), actor.key(), until, wasMember));
        outcomes.record(
                r,
                "pubkey_banned",
                "Banned " + Nip19.shortNpub(pubkey) + (until == null ? "" : " until " + TemporaryBans.at(until))
                        + (why.isEmpty() ? "" : " (" + why + ")")
                        + "; the relay deleted everything they wrote there",
                actor);
        // zooid's ban ends the membership: the name goes with it at once
        effects.names().membershipEnded(r, pubkey, actor);
        // and whatever they paid for here ends too (paid admission)
        effects.rule().announce(r, pubkey);
    }

    /**
     * Whether the key is a member of the relay right now, as zooid lists its members; null when the list cannot be read
     * (the ban goes ahead; its lifting then restores the membership only when asked to).
     */
    private Boolean memberNow(Relay r, String pubkey) {
        try {
            return management.listMembers(r).stream().anyMatch(m -> m.pubkey().equals(pubkey));
        } catch (Failure e) {
            return null;
        }
    }

    /** The code of the refusal to lift a platform ban by anyone but the relay's owner (forbidden). */
    public static final String PLATFORM_BAN = "platform_ban";

    /**
     * As {@link #unban(Relay, String, boolean, boolean, Actor)} by someone who is not the relay's owner (a platform ban
     * standing on the relay is not theirs to lift).
     */
    public boolean unban(Relay r, String pubkey, boolean restoreMembership, Actor actor) {
        return unban(r, pubkey, restoreMembership, false, actor);
    }

    /**
     * unbanpubkey, and the membership the ban ended given back (allowpubkey, within the plan's allowance): always when
     * the key was a member when Caravel banned it, is the relay's owner or is on its team (zooid's unban lifts the ban
     * only), and with {@code restoreMembership} for any key. This is also how an owner takes back someone they banned:
     * adding a banned key as a member is refused ({@link Members#add}).
     *
     * <p>A platform ban standing on the relay is lifted there by its owner alone ({@code byOwner}: the owner or a
     * platform administrator): the team is refused as forbidden ({@value #PLATFORM_BAN}), and nothing changes on the relay.
     *
     * @return whether the key is a member again
     */
    public boolean unban(Relay r, String pubkey, boolean restoreMembership, boolean byOwner, Actor actor) {
        if (!byOwner && effects.platformBans().standsOn(r.id(), pubkey))
            throw new Failure(
                    Failure.Kind.FORBIDDEN,
                    PLATFORM_BAN,
                    "pubkey",
                    "this key is banned on every relay Caravel hosts (a platform ban): only the relay's owner can"
                            + " lift it on this relay");
        boolean owner = pubkey.equals(r.tenant());
        boolean onTeam = team.onTeam(r.id(), pubkey);
        boolean wasMember = terms.memberWhenBanned(r.id(), pubkey);
        calls.attempt(
                r,
                "unbanpubkey",
                List.of(pubkey),
                "lift this ban",
                "unban_failed",
                "Lifting the ban on " + Nip19.shortNpub(pubkey),
                actor);
        // this relay's own decision about a platform ban in place here: lifting that ban later leaves it as it is
        effects.platformBans().ownerActed(r.id(), pubkey, "unbanned");
        // lifted early: its own lift, if it had one, is withdrawn
        terms.liftedByHand(r.id(), pubkey, Epoch.seconds(clock), actor);
        boolean restore = restoreMembership || wasMember || owner || onTeam;
        String why = owner
                ? "the relay's owner"
                : onTeam ? "on the relay's team" : wasMember ? "a member when banned" : "as asked";
        Failure notRestored = null;
        if (restore)
            try {
                if (owner || onTeam)
                    // zooid keeps them members whatever the plan allows (it re-adds them at every load): no allowance
                    calls.call(r, "allowpubkey", List.of(pubkey), "make them a member again");
                else effects.members().add(r, pubkey, actor);
            } catch (Members.CapReached e) {
                // the ban is lifted either way; say so, or the owner would think nothing happened
                notRestored = Failure.conflict("The ban is lifted, but membership was not restored: " + e.getMessage());
            } catch (Failure e) {
                if (!Members.ALREADY_MEMBER.equals(e.code())) notRestored = e;
            }
        boolean restored = restore && notRestored == null;
        outcomes.record(
                r,
                "pubkey_unbanned",
                "Ban on " + Nip19.shortNpub(pubkey) + " lifted (their deleted events are not restored)"
                        + (restored ? "; a member again (" + why + ")" : "")
                        + (notRestored != null ? "; membership not restored: " + notRestored.getMessage() : ""),
                actor);
        if (notRestored != null) throw notRestored;
        return restored;
    }
}
