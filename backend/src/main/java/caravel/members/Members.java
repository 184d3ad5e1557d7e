package caravel.members;

import caravel.bans.BanRule;
import caravel.bans.PlatformBanStore;
import caravel.domain.Failure;
import caravel.domain.Plan;
import caravel.names.RelayNames;
import caravel.nostr.Nip19;
import caravel.relayaccess.CommunityStore;
import caravel.relayaccess.Deps;
import caravel.relayaccess.MemberCap;
import caravel.relayaccess.Profiles;
import caravel.relayaccess.RelayAccess;
import caravel.store.Relay;
import caravel.zooid.RelayManagement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiPredicate;
import java.util.function.Supplier;

/** Adding and removing members on a relay over NIP-86, within the plan's allowance, with profiles for display. */
public final class Members implements caravel.relays.RelayMembers {
    private final Deps d;
    private final PlatformBanStore platformBans;
    private final MembershipChanges changes;
    private final RelayNames names;
    private final BanRule bans;
    /** Whether a key is on a relay's team (the team is another package's, handed in by the wiring). */
    private final BiPredicate<String, String> onTeam;

    /** The code of the refusal to remove someone on the relay's team (as a ban of them is refused). */
    public static final String TEAM_MEMBER = "team_member";

    /** The code of the refusal to add someone who is a member already (paid admission takes it as done). */
    public static final String ALREADY_MEMBER = "already_member";

    /** How long a listing above the allowance waits for the hold of a join about to be checked to appear. */
    static final java.time.Duration JOIN_HEARD_WITHIN = java.time.Duration.ofMillis(300);

    /**
     * Changes that must see a relay's member count as it stays (an add, a plan change) take the relay's lock, so two of
     * them never both pass a check that only one of them could. Striped: a fixed number of locks shared by hash, so
     * memory does not grow with the relays; two relays sharing one only wait for each other a moment.
     */
    private final ReentrantLock[] countLocks = new ReentrantLock[64];

    /** Test hook: runs when an add has passed the allowance check and before the relay is asked to allow the key. */
    volatile Runnable afterAllowanceChecked = () -> {};

    /** @param onTeam whether a key (second) is on a relay's team (first: the relay's id) */
    public Members(
            Deps d,
            PlatformBanStore platformBans,
            MembershipChanges changes,
            RelayNames names,
            BanRule bans,
            BiPredicate<String, String> onTeam) {
        this.d = d;
        this.onTeam = onTeam;
        this.bans = bans;
        this.platformBans = platformBans;
        this.changes = changes;
        this.names = names;
        for (int i = 0; i < countLocks.length; i++) countLocks[i] = new ReentrantLock();
    }

    private ReentrantLock countLock(String relayId) {
        return countLocks[Math.floorMod(relayId.hashCode(), countLocks.length)];
    }

    /**
     * Runs {@code change} while no member is being added to the relay: a member count read inside it stays true
     * until it returns (a plan change checks its target against the count and commits in here).
     */
    @Override
    public <T> T holdingCount(String relayId, Supplier<T> change) {
        ReentrantLock lock = countLock(relayId);
        lock.lock();
        try {
            return change.get();
        } finally {
            lock.unlock();
        }
    }

    /** Test hook: whether a change waits for the relay's count lock (held by an add in progress). */
    boolean changeWaiting(String relayId) {
        return countLock(relayId).hasQueuedThreads();
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
     * and one that finds the relay over its allowance waits {@link #JOIN_HEARD_WITHIN} for a join not heard yet.
     */
    public Listing list(Relay r) {
        Integer cap = d.caps().cap(r);
        List<RelayManagement.Member> members = settled(r, cap);
        Map<String, Profiles.Profile> profiles = d.profiles()
                .lookup(members.stream().map(RelayManagement.Member::pubkey).toList());
        Map<String, String> held = names.namesByHolder(r); // one query for the whole listing
        List<MemberView> out = new ArrayList<>();
        for (RelayManagement.Member m : members) {
            Profiles.Profile p = profiles.getOrDefault(m.pubkey(), Profiles.Profile.NONE);
            out.add(new MemberView(
                    m.pubkey(), Nip19.npub(m.pubkey()), m.role(), p.name(), p.picture(), held.get(m.pubkey())));
        }
        long dayAgo = d.now() - 7 * 86_400;
        return new Listing(
                out, MemberCap.count(members), cap, r.plan(), d.store().recentRefusals(r.id(), dayAgo));
    }

    /** The members' keys as {@link #list} finds them, without profiles (none before the relay is provisioned). */
    public List<String> pubkeys(Relay r) {
        return settled(r, d.caps().cap(r)).stream()
                .map(RelayManagement.Member::pubkey)
                .toList();
    }

    /** How many members the relay has besides its owner, as it answers now (what the allowance counts). */
    public int count(Relay r) {
        return MemberCap.count(d.management().listMembers(r));
    }

    /** The relay's members once a pending allowance check is done (see {@link #list}). */
    private List<RelayManagement.Member> settled(Relay r, Integer cap) {
        boolean waited = changes.awaitChecked(r.id(), 0);
        List<RelayManagement.Member> members = d.management().listMembers(r);
        if (!waited
                && cap != null
                && MemberCap.count(members) > cap
                && changes.awaitChecked(r.id(), JOIN_HEARD_WITHIN.toMillis()))
            members = d.management().listMembers(r);
        return members;
    }

    /**
     * Adds a member within the allowance of the relay's plan as it is when the add runs: the count, the check and the
     * relay's answer happen under the relay's count lock, so a concurrent add or plan change cannot slip between them.
     * A banned key is refused (forbidden, {@code banned}) whoever adds it, the relay's owner included: zooid's allowpubkey
     * would lift the ban, so an owner who wants them back lifts the ban itself (Moderation's unban, which can make
     * them a member again in the same step).
     */
    public MemberView add(Relay r, String pubkey, String actor) {
        Relay now = holdingCount(r.id(), () -> allow(d.relayStore().find(r.id()).orElse(r), pubkey, actor));
        d.log(now, "member_added", "Member " + shortNpub(pubkey) + " added", actor);
        Profiles.Profile p = d.profiles().lookup(List.of(pubkey)).getOrDefault(pubkey, Profiles.Profile.NONE);
        return new MemberView(pubkey, Nip19.npub(pubkey), "member", p.name(), p.picture(), null);
    }

    /** The count, the allowance check and the relay's answer of an add (under the count lock); the relay checked. */
    private Relay allow(Relay r, String pubkey, String actor) {
        RelayAccess.Target t = d.access().target(r);
        if (pubkey.equals(t.pubkey()))
            throw Failure.invalid("that is the relay's own key, which is always a member and never listed");
        List<RelayManagement.Member> members = d.management().listMembers(r);
        if (members.stream().anyMatch(m -> m.pubkey().equals(pubkey)))
            throw new Failure(
                    Failure.Kind.CONFLICT, ALREADY_MEMBER, null, "that person is already a member of this relay");
        bans.refuse(r, pubkey);
        Integer cap = d.caps().cap(r);
        int count = MemberCap.count(members);
        if (cap != null && count >= cap) {
            d.log(
                    r,
                    "member_add_refused",
                    "Adding " + shortNpub(pubkey) + " refused: the "
                            + d.caps().plan(r).name() + " plan's " + cap + " members are used",
                    actor);
            throw new CapReached(d.caps(), r, cap, count);
        }
        afterAllowanceChecked.run();
        try {
            d.rpc().call(t, "allowpubkey", List.of(pubkey), "add this member");
        } catch (Failure e) {
            d.log(r, "member_add_failed", "Adding member " + shortNpub(pubkey) + " failed: " + e.getMessage(), actor);
            throw e;
        }
        d.store().memberAdded(r.id(), pubkey, d.now());
        return r;
    }

    public void remove(Relay r, String pubkey, String actor) {
        if (pubkey.equals(r.tenant()))
            throw Failure.conflict("the relay's owner is always a member and cannot be removed");
        RelayAccess.Target t = d.access().target(r);
        if (pubkey.equals(t.pubkey())) throw Failure.invalid("that is the relay's own key, which cannot be removed");
        // zooid re-adds every key its config's roles name whenever it loads the config: a removal would not hold, and
        // the team is the owner's to change (an admin removing another admin from the relay is refused here too)
        if (onTeam.test(r.id(), pubkey))
            throw new Failure(
                    Failure.Kind.CONFLICT,
                    TEAM_MEMBER,
                    "pubkey",
                    "this person is on the relay's team: remove them from the team first, then remove them");
        try {
            d.rpc().call(t, "unallowpubkey", List.of(pubkey), "remove this member");
        } catch (Failure e) {
            d.log(
                    r,
                    "member_remove_failed",
                    "Removing member " + shortNpub(pubkey) + " failed: " + e.getMessage(),
                    actor);
            throw e;
        }
        d.log(r, "member_removed", "Member " + shortNpub(pubkey) + " removed", actor);
        // their name goes with the membership now, not when the relay's next member list arrives
        names.membershipEnded(r, pubkey, actor);
        // a platform ban of this pubkey in place here: lifting it must not make them a member again
        platformBans.ownerActed(r.id(), pubkey, "removed");
    }

    /**
     * A plan change is refused when the relay has more members than the new plan allows, with the count in the
     * message; upgrades (and plans without a limit) always pass, and take effect at once because the allowance is
     * read from the relay's current plan whenever it is checked.
     */
    @Override
    public void checkPlanChange(Relay r, Plan to) {
        if (to.maxMembers() == null || !r.zooidCreated()) return;
        Integer current = d.caps().cap(r);
        if (current != null && current <= to.maxMembers()) return;
        int count;
        try {
            count = MemberCap.count(d.management().listMembers(r));
        } catch (Failure e) {
            if (e.kind() == Failure.Kind.CONFLICT)
                return; // not served (inactive): its members are enforced again when it is back
            throw Failure.unavailable(
                    "Caravel cannot count this relay's members right now, so it cannot check whether the " + to.name()
                            + " plan holds them; try again in a moment.");
        }
        if (count > to.maxMembers())
            throw Failure.conflict(
                    "The " + to.name() + " plan allows " + to.maxMembers() + " members and this relay has "
                            + count + " (besides the owner). Remove " + (count - to.maxMembers()) + " member"
                            + (count - to.maxMembers() == 1 ? "" : "s")
                            + " first, then change the plan.");
    }

    static String shortNpub(String pubkey) {
        return Nip19.shortNpub(pubkey);
    }
}
