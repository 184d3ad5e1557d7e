package caravel.community;

import caravel.domain.Plan;
import caravel.store.Relay;
import caravel.zooid.RelayManagement;
import java.util.List;

/**
 * The plans' member allowances (README "Plans"), which zooid itself does not have. Members are counted as zooid
 * lists them, without the relay's own key (RelayManagement already leaves it out) and without the owner, who is
 * always a member and never counts against the allowance.
 */
public final class MemberCap {
    private MemberCap() {}

    /** The relay's allowance, or null for unlimited. A scheduled downgrade does not apply until it takes effect. */
    public static Integer cap(Relay r) {
        return Plan.byId(r.plan()).map(p -> p.maxMembers).orElse(null);
    }

    public static int count(List<RelayManagement.Member> members) {
        return (int) members.stream().filter(m -> !m.role().equals("owner")).count();
    }

    /** The sentence a tenant sees when the allowance is used up. */
    public static String fullMessage(Relay r, int count) {
        Plan plan = Plan.byId(r.plan()).orElseThrow();
        return "The " + plan.displayName + " plan allows " + plan.maxMembers
                + " members besides the owner and this relay has " + count + ". " + upgradeHint(plan);
    }

    static String upgradeHint(Plan plan) {
        return switch (plan) {
            case FREE ->
                "Upgrade to Basic (up to 100 members) or Growth (unlimited) on the relay's Edit page to add more.";
            case BASIC -> "Upgrade to Growth (unlimited members) on the relay's Edit page to add more.";
            case GROWTH -> "";
        };
    }

    /** The plans that would hold {@code count} members. */
    public static List<String> plansHolding(int count) {
        return java.util.Arrays.stream(Plan.values())
                .filter(p -> p.maxMembers == null || p.maxMembers >= count)
                .map(p -> p.id)
                .toList();
    }
}
