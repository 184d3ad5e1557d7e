package caravel.relays;

import caravel.config.Limits;
import caravel.domain.Failure;
import caravel.domain.Plan;
import caravel.domain.Plans;
import caravel.relays.RelayStateMachine.Actor;
import caravel.store.RelayStore;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.ToIntBiFunction;
import org.jdbi.v3.core.Handle;

/**
 * What one account may hold (QUOTA_* settings): free relays (squatting subdomains and zooid's capacity cost nothing
 * otherwise), relays of any plan, and unpaid invoices (each paid relay's creation asks the platform wallet for an
 * invoice). Checked inside the transaction that adds the relay, so concurrent requests cannot both slip under the
 * bound. Administrators acting for an account are not bound. Exceeding is refused as forbidden, naming the limit.
 */
public final class RelayQuota {
    private final ToIntBiFunction<Handle, String> pendingInvoices;
    private final Limits limits;
    private final Predicate<String> isAdmin;
    private final RelayStore relayStore;
    private final List<String> freePlans;

    /**
     * @param pendingInvoices how many unpaid invoices a tenant has (billing's table, handed in so relays need not
     *                        know billing)
     */
    public RelayQuota(
            Limits limits,
            Predicate<String> isAdmin,
            RelayStore relayStore,
            ToIntBiFunction<Handle, String> pendingInvoices,
            Plans plans) {
        this.pendingInvoices = pendingInvoices;
        this.freePlans =
                plans.all().stream().filter(p -> !p.paid()).map(Plan::id).toList();
        this.relayStore = relayStore;
        this.limits = limits;
        this.isAdmin = isAdmin;
    }

    /** Before a new relay on {@code plan} is added for {@code tenant}. */
    public void checkCreate(Handle h, String tenant, Plan plan, Actor by) {
        if (isAdmin.test(by.key())) return;
        int all = relayStore.countByTenant(h, tenant);
        if (all >= limits.relaysPerTenant())
            throw Failure.forbidden("this account already has " + all + " relays, the most one account may hold;"
                    + " deleting one frees its place at once");
        checkPlan(h, tenant, plan, null);
    }

    /**
     * Before a new relay is created for {@code tenant} (not before a transfer: that takes no new subdomain). A deleted
     * relay keeps its subdomain until its purge while its place in the quota is free at once, so delete-and-create
     * cycles would hold any number of subdomains; at most QUOTA_DELETED_RELAYS may wait in their undo window. Beyond
     * it: a conflict, {@code deleted_relays_waiting}, saying when the first of them frees.
     */
    public void checkDeletedWaiting(Handle h, String tenant, Actor by) {
        if (isAdmin.test(by.key())) return;
        RelayStore.DeletedWaiting w = relayStore.deletedWaiting(h, tenant);
        if (w.count() < limits.deletedRelaysPerTenant()) return;
        String frees = w.firstUndoUntil() == null
                ? ""
                : ": the first, " + w.firstSubdomain() + ", can be undone until "
                        + java.time.Instant.ofEpochSecond(w.firstUndoUntil()) + " and is removed then, which frees"
                        + " a place";
        throw new Failure(
                Failure.Kind.CONFLICT,
                "deleted_relays_waiting",
                null,
                "this account has " + w.count() + " deleted relays waiting to be removed, the most one account may"
                        + " have while creating more (each keeps its subdomain until it is removed)" + frees
                        + "; undo a deletion to use that relay again");
    }

    /**
     * Before a deleted relay comes back (an undo): it takes its place again, so the account must have room for it as
     * for a new relay (the owner may have used the place it freed meanwhile).
     */
    public void checkUndo(Handle h, String tenant, Plan plan, String relayId, Actor by) {
        if (isAdmin.test(by.key())) return;
        int all = relayStore.countByTenant(h, tenant);
        if (all >= limits.relaysPerTenant())
            throw Failure.forbidden("this account already has " + all
                    + " relays, the most one account may hold: delete one before bringing this one back");
        checkPlan(h, tenant, plan, relayId);
    }

    /** Before an existing relay moves to {@code plan} (a paid relay moved to free before it was paid counts as free). */
    public void checkPlan(Handle h, String tenant, Plan plan, String relayId) {
        if (!plan.paid()) {
            int free = relayStore.countFreeByTenant(h, tenant, relayId, freePlans);
            if (free >= limits.freeRelaysPerTenant())
                throw Failure.forbidden("this account already has " + free
                        + " free relays, the most one account may hold: choose a paid plan, or delete one of them"
                        + " (deleting frees its place at once; a deactivated relay keeps its place)");
        } else {
            int pending = pendingInvoices.applyAsInt(h, tenant);
            if (pending >= limits.pendingInvoicesPerTenant())
                throw Failure.forbidden(
                        "this account has " + pending + " unpaid invoices; pay or cancel some before adding more");
        }
    }

    /**
     * How many more free relays {@code tenant} may hold now (QUOTA_FREE_RELAYS less the free relays it holds,
     * deactivated ones counted, deleted ones not), never below zero: the hint the create form shows before it is submitted.
     */
    public int freeRelaysLeft(Handle h, String tenant) {
        int free = relayStore.countFreeByTenant(h, tenant, null, freePlans);
        return Math.max(0, limits.freeRelaysPerTenant() - free);
    }

    /** {@link #checkPlan} unless the actor's key is an administrator's. */
    public void checkPlanChange(Handle h, String tenant, Plan plan, String relayId, Actor by) {
        if (!isAdmin.test(by.key())) checkPlan(h, tenant, plan, relayId);
    }
}
