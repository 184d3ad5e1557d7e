package caravel.relayaccess;

import caravel.domain.Plan;
import caravel.domain.Plans;
import caravel.store.Relay;
import caravel.zooid.RelayManagement;
import java.util.List;

/**
 * The plans' member allowances (docs/billing.md, "Plans"), which zooid itself does not have. Members are counted as zooid
 * lists them, without the relay's own key (RelayManagement already leaves it out) and without the owner, who is
 * always a member and never counts against the allowance.
 */
public final class MemberCap {
    private final Plans plans;

    public MemberCap(Plans plans) {
        this.plans = plans;
    }

    public Plan plan(Relay r) {
        return plans.of(r.plan());
    }

    /** The relay's allowance, or null for unlimited. A scheduled downgrade does not apply until it takes effect. */
    public Integer cap(Relay r) {
        return plan(r).maxMembers();
    }

    public static int count(List<RelayManagement.Member> members) {
        return (int) members.stream().filter(m -> !m.role().equals("owner")).count();
    }

    /** The sentence a tenant sees when the allowance is used up. */
    public String fullMessage(Relay r, int count) {
        Plan plan = plan(r);
        return "The " + plan.name() + " plan allows " + plan.maxMembers()
                + " members besides the owner and this relay has " + count + ". " + upgradeHint(plan);
    }

    /** Which offered plans allow more members than {@code plan}, named with their allowance ("" when none does). */
    public String upgradeHint(Plan plan) {
        List<String> larger = plans.offered().stream()
                .filter(p -> !p.id().equals(plan.id()))
                .filter(p ->
                        p.maxMembers() == null || (plan.maxMembers() != null && p.maxMembers() > plan.maxMembers()))
                .map(p -> p.name() + " ("
                        + (p.maxMembers() == null ? "unlimited" : "up to " + p.maxMembers() + " members") + ")")
                .toList();
        if (larger.isEmpty()) return "";
        String names = larger.size() == 1
                ? larger.get(0)
                : String.join(", ", larger.subList(0, larger.size() - 1)) + " or " + larger.get(larger.size() - 1);
        return "Upgrade to " + names + " on the relay's Edit page to add more.";
    }

    /** The offered plans that would hold {@code count} members. */
    public List<String> plansHolding(int count) {
        return plans.holding(count).stream().map(Plan::id).toList();
    }
}
