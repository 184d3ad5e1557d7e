package caravel.members;

import caravel.domain.Actor;
import caravel.domain.Epoch;
import caravel.domain.Plan;
import caravel.relayaccess.CommunityStore;
import caravel.relayaccess.MemberCap;
import caravel.relayaccess.OutcomeLog;
import caravel.relayaccess.RelayAccess;
import caravel.relayaccess.RelayCalls;
import caravel.robot.Robot;
import caravel.store.Relay;
import java.time.Clock;
import java.util.List;

/** What {@link CapEnforcer} does to a join beyond the allowance: the relay forgets it, and everyone is told why. */
public final class JoinReversal {
    private final RelayCalls calls;
    private final RelayAccess access;
    private final CommunityStore store;
    private final OutcomeLog outcomes;
    private final Robot robot;
    private final MemberCap caps;
    private final Clock clock;

    public JoinReversal(
            RelayCalls calls,
            RelayAccess access,
            CommunityStore store,
            OutcomeLog outcomes,
            Robot robot,
            MemberCap caps,
            Clock clock) {
        this.calls = calls;
        this.access = access;
        this.store = store;
        this.outcomes = outcomes;
        this.robot = robot;
        this.caps = caps;
        this.clock = clock;
    }

    /**
     * Reverses one join beyond the allowance: the relay forgets the member, the refusal and an activity entry are
     * recorded, and both sides get a DM saying why (once per join: the DM keys carry the join's time).
     */
    void reverse(Relay r, String pubkey, long joined, int cap, Plan plan) {
        String url = access.address(r).url();
        String relayId = r.id();
        calls.call(r, "unallowpubkey", List.of(pubkey), "reverse a join beyond the plan's allowance");
        long now = Epoch.seconds(clock);
        String key = relayId + ":" + pubkey + ":" + joined;
        store.jdbi().useTransaction(h -> {
            store.refusal(h, relayId, pubkey, r.plan(), cap, now);
            outcomes.record(
                    h,
                    r,
                    "member_refused_cap",
                    "Join by " + Members.shortNpub(pubkey) + " reversed: the " + plan.name() + " plan allows " + cap
                            + " members",
                    Actor.SYSTEM,
                    now);
            robot.sendDm(
                    h,
                    pubkey,
                    "You joined " + r.name() + " (" + url + "), but it already has the " + cap
                            + " members its plan allows, so your membership was reversed. The relay's owner has been told; you can "
                            + "join again with the same invite once they make room or upgrade.",
                    r.tenant(),
                    relayId,
                    "cap-refused:" + key);
            robot.sendDm(
                    h,
                    r.tenant(),
                    Members.shortNpub(pubkey) + " joined your relay " + r.name()
                            + " with an invite, but the "
                            + plan.name() + " plan allows " + cap
                            + " members and the relay already had them, so the join was reversed "
                            + "and they were told why. " + caps.upgradeHint(plan),
                    r.tenant(),
                    relayId,
                    "cap-owner:" + key);
        });
    }
}
