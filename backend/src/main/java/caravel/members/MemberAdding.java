package caravel.members;

import caravel.bans.BanRule;
import caravel.domain.Actor;
import caravel.domain.Epoch;
import caravel.domain.Failure;
import caravel.domain.Plan;
import caravel.nostr.Nip19;
import caravel.relayaccess.CommunityStore;
import caravel.relayaccess.MemberCap;
import caravel.relayaccess.OutcomeLog;
import caravel.relayaccess.RelayCalls;
import caravel.store.Relay;
import caravel.store.RelayStore;
import caravel.zooid.RelayManagement;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Adds within the allowance of the relay's plan, and plan changes checked against the member count, each under the
 * relay's count lock so that two of them never both pass a check only one of them could.
 */
public final class MemberAdding {
    private final RelayStore relayStore;
    private final RelayManagement management;
    private final MemberCap caps;
    private final BanRule bans;
    private final RelayCalls calls;
    private final CommunityStore store;
    private final OutcomeLog outcomes;
    private final Clock clock;

    /**
     * Changes that must see a relay's member count as it stays (an add, a plan change) take the relay's lock, so two of
     * them never both pass a check that only one of them could. Striped: a fixed number of locks shared by hash, so
     * memory does not grow with the relays; two relays sharing one only wait for each other a moment.
     */
    private final ReentrantLock[] countLocks = new ReentrantLock[64];

    /** Test hook: runs when an add has passed the allowance check and before the relay is asked to allow the key. */
    volatile Runnable afterAllowanceChecked = () -> {};

    public MemberAdding(
            RelayStore relayStore,
            RelayManagement management,
            MemberCap caps,
            BanRule bans,
            RelayCalls calls,
            CommunityStore store,
            OutcomeLog outcomes,
            Clock clock) {
        this.relayStore = relayStore;
        this.management = management;
        this.caps = caps;
        this.bans = bans;
        this.calls = calls;
        this.store = store;
        this.outcomes = outcomes;
        this.clock = clock;
        for (int i = 0; i < countLocks.length; i++) countLocks[i] = new ReentrantLock();
    }

    private ReentrantLock countLock(String relayId) {
        return countLocks[Math.floorMod(relayId.hashCode(), countLocks.length)];
    }

    /** See {@link Members#holdingCount}. */
    <T> T holdingCount(String relayId, Supplier<T> change) {
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

    /** The add under the count lock, on the relay as it is now; the relay as checked. */
    Relay add(Relay r, String pubkey, Actor actor) {
        return holdingCount(r.id(), () -> allow(relayStore.find(r.id()).orElse(r), pubkey, actor));
    }

    /** The count, the allowance check and the relay's answer of an add (under the count lock); the relay checked. */
    private Relay allow(Relay r, String pubkey, Actor actor) {
        List<RelayManagement.Member> members = management.listMembers(r);
        if (members.stream().anyMatch(m -> m.pubkey().equals(pubkey)))
            throw new Failure(
                    Failure.Kind.CONFLICT,
                    Members.ALREADY_MEMBER,
                    null,
                    "that person is already a member of this relay");
        bans.refuse(r, pubkey);
        Integer cap = caps.cap(r);
        int count = MemberCap.count(members);
        if (cap != null && count >= cap) {
            outcomes.record(
                    r,
                    "member_add_refused",
                    "Adding " + Nip19.shortNpub(pubkey) + " refused: the "
                            + caps.plan(r).name() + " plan's " + cap + " members are used",
                    actor);
            throw new Members.CapReached(caps, r, cap, count);
        }
        afterAllowanceChecked.run();
        calls.attempt(
                r,
                "allowpubkey",
                List.of(pubkey),
                "add this member",
                "member_add_failed",
                "Adding member " + Nip19.shortNpub(pubkey),
                actor);
        store.memberAdded(r.id(), pubkey, Epoch.seconds(clock));
        return r;
    }

    /** See {@link Members#checkPlanChange}. */
    void checkPlanChange(Relay r, Plan to) {
        if (to.maxMembers() == null || !r.zooidCreated()) return;
        Integer current = caps.cap(r);
        if (current != null && current <= to.maxMembers()) return;
        int count;
        try {
            count = MemberCap.count(management.listMembers(r));
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
}
