package caravel.members;

import caravel.bans.PlatformBanStore;
import caravel.domain.Actor;
import caravel.domain.Failure;
import caravel.domain.Plan;
import caravel.names.RelayNames;
import caravel.nostr.Nip19;
import caravel.relayaccess.CommunityStore;
import caravel.relayaccess.MemberCap;
import caravel.relayaccess.OutcomeLog;
import caravel.relayaccess.RelayAccess;
import caravel.relayaccess.RelayCalls;
import caravel.store.Relay;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Supplier;

/**
 * Adding and removing members on a relay over NIP-86, within the plan's allowance ({@link MemberAdding}), with
 * profiles for display ({@link MemberListing}).
 */
public final class Members implements caravel.relays.RelayMembers {
    private final MemberListing listing;
    private final MemberAdding adding;
    private final RelayAccess access;
    private final RelayCalls calls;
    private final OutcomeLog outcomes;
    private final RelayNames names;
    private final PlatformBanStore platformBans;
    /** Whether a key is on a relay's team (the team is another package's, handed in by the wiring). */
    private final BiPredicate<String, String> onTeam;

    /** The code of the refusal to remove someone on the relay's team (as a ban of them is refused). */
    public static final String TEAM_MEMBER = "team_member";

    /** The code of the refusal to add someone who is a member already (paid admission takes it as done). */
    public static final String ALREADY_MEMBER = "already_member";

    /** @param onTeam whether a key (second) is on a relay's team (first: the relay's id) */
    public Members(
            MemberListing listing,
            MemberAdding adding,
            RelayAccess access,
            RelayCalls calls,
            OutcomeLog outcomes,
            RelayNames names,
            PlatformBanStore platformBans,
            BiPredicate<String, String> onTeam) {
        this.listing = listing;
        this.adding = adding;
        this.access = access;
        this.calls = calls;
        this.outcomes = outcomes;
        this.names = names;
        this.platformBans = platformBans;
        this.onTeam = onTeam;
    }

    /**
     * Runs {@code change} while no member is being added to the relay: a member count read inside it stays true
     * until it returns (a plan change checks its target against the count and commits in here).
     */
    @Override
    public <T> T holdingCount(String relayId, Supplier<T> change) {
        return adding.holdingCount(relayId, change);
    }

    /** Test hook: the adds, whose allowance check a test holds and whose count lock it watches. */
    MemberAdding adding() {
        return adding;
    }

    /** @param nip05Name the NIP-05 name the member holds on the relay, or null */
    public record MemberView(String pubkey, String npub, String role, String name, String picture, String nip05Name) {}

    public record Listing(
            List<MemberView> items, int count, Integer limit, String plan, List<CommunityStore.Refusal> refusals) {}

    /** The conflict at the allowance: its limit, the count and the plans that would hold one more member. */
    public static final class CapReached extends Failure {
        public final int limit;
        public final int count;
        public final String plan;
        public final List<String> upgradeTo;

        CapReached(MemberCap caps, Relay r, int limit, int count) {
            super(Failure.Kind.CONFLICT, "member_cap_reached", null, caps.fullMessage(r, count));
            this.limit = limit;
            this.count = count;
            this.plan = r.plan();
            this.upgradeTo = caps.plansHolding(count + 1);
        }
    }

    /**
     * The members as the relay lists them, as its allowance check leaves them: zooid lists a join past the allowance
     * until the check reverses it, so a listing made meanwhile (a page reading its list as another join is counted)
     * would show the relay over its allowance for a moment and then a refusal. A listing waits for a pending check,
     * and one that finds the relay over its allowance waits {@link MemberListing#JOIN_HEARD_WITHIN} for a join not heard yet.
     */
    public Listing list(Relay r) {
        return listing.list(r);
    }

    /** The members' keys as {@link #list} finds them, without profiles (none before the relay is provisioned). */
    public List<String> pubkeys(Relay r) {
        return listing.pubkeys(r);
    }

    /** How many members the relay has besides its owner, as it answers now (what the allowance counts). */
    public int count(Relay r) {
        return listing.count(r);
    }

    /**
     * Adds a member within the allowance of the relay's plan as it is when the add runs: the count, the check and the
     * relay's answer happen under the relay's count lock, so a concurrent add or plan change cannot slip between them.
     * A banned key is refused (forbidden, {@code banned}) whoever adds it, the relay's owner included: zooid's allowpubkey
     * would lift the ban, so an owner who wants them back lifts the ban itself (Moderation's unban, which can make
     * them a member again in the same step).
     */
    public MemberView add(Relay r, String pubkey, Actor actor) {
        if (pubkey.equals(access.target(r).pubkey()))
            throw Failure.invalid("that is the relay's own key, which is always a member and never listed");
        Relay now = adding.add(r, pubkey, actor);
        outcomes.record(now, "member_added", "Member " + shortNpub(pubkey) + " added", actor);
        return listing.added(pubkey);
    }

    public void remove(Relay r, String pubkey, Actor actor) {
        if (pubkey.equals(r.tenant()))
            throw Failure.conflict("the relay's owner is always a member and cannot be removed");
        if (pubkey.equals(access.target(r).pubkey()))
            throw Failure.invalid("that is the relay's own key, which cannot be removed");
        // zooid re-adds every key its config's roles name whenever it loads the config: a removal would not hold, and
        // the team is the owner's to change (an admin removing another admin from the relay is refused here too)
        if (onTeam.test(r.id(), pubkey))
            throw new Failure(
                    Failure.Kind.CONFLICT,
                    TEAM_MEMBER,
                    "pubkey",
                    "this person is on the relay's team: remove them from the team first, then remove them");
        calls.attempt(
                r,
                "unallowpubkey",
                List.of(pubkey),
                "remove this member",
                "member_remove_failed",
                "Removing member " + shortNpub(pubkey),
                actor);
        outcomes.record(r, "member_removed", "Member " + shortNpub(pubkey) + " removed", actor);
        // their name goes with the membership now, not when the relay's next member list arrives
        names.membershipEnded(r, pubkey, actor);
        // a platform ban of this pubkey in place here: lifting it must not make them a member again
        platformBans.ownerActed(r.id(), pubkey, "removed");
    }

    /**
     * An erased person's membership ends (the members' part of an erasure): removed as {@link #remove} does when the
     * relay still lists them, else only their name and mirror row go (so an erasure run again does nothing new).
     */
    public void removeIfMember(Relay r, String pubkey, Actor actor) {
        if (listing.pubkeys(r).contains(pubkey)) remove(r, pubkey, actor);
        else names.membershipEnded(r, pubkey, actor);
    }

    /**
     * A plan change is refused when the relay has more members than the new plan allows, with the count in the
     * message; upgrades (and plans without a limit) always pass, and take effect at once because the allowance is
     * read from the relay's current plan whenever it is checked.
     */
    @Override
    public void checkPlanChange(Relay r, Plan to) {
        adding.checkPlanChange(r, to);
    }

    static String shortNpub(String pubkey) {
        return Nip19.shortNpub(pubkey);
    }
}
