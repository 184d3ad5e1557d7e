package caravel.relays;

import caravel.domain.Epoch;
import caravel.domain.Failure;
import caravel.domain.Plans;
import caravel.jobs.JobQueue;
import caravel.relays.RelayStateMachine.Action;
import caravel.relays.RelayStateMachine.Actor;
import caravel.relays.RelayStateMachine.Facts;
import caravel.relays.RelayStateMachine.Moved;
import caravel.relays.RelayStateMachine.Refused;
import caravel.relays.RelayStateMachine.Role;
import caravel.relays.RelayStateMachine.State;
import caravel.store.ActivityLog;
import caravel.store.Relay;
import caravel.store.RelayStore;
import caravel.store.TenantStore;
import java.time.Clock;
import java.util.Objects;
import org.jdbi.v3.core.Handle;

/**
 * The only writer of a relay's status, hold and plans: every change asks {@link RelayStateMachine} first, then writes
 * the row, records the activity and queues the zooid sync — all in the caller's transaction.
 */
public final class RelayTransitions {
    /**
     * Billing tells from when a tenant counts as overdue (an invoice unpaid past its grace period, a guard of several
     * transitions): the epoch second its first unpaid invoice's grace ends, {@link Long#MAX_VALUE} when none would.
     * A second rather than a yes/no, so a rendered relay view knows when the clock alone changes its offered actions.
     */
    public interface OverdueCheck {
        long overdueFrom(Handle h, String tenant);
    }

    /** The facts now, and the epoch second from which the clock alone would change them (no write needed). */
    public record TimedFacts(Facts facts, long changesAt) {}

    /** What a transition reads and writes through: the relay and tenant rows, the activity log, the sync jobs. */
    public record Tables(
            RelayStore relayStore, TenantStore tenants, ActivityLog activity, JobQueue jobs, Clock clock) {}

    private final Tables t;
    private final OverdueCheck overdue;
    private final Plans plans;

    public RelayTransitions(Tables t, OverdueCheck overdue, Plans plans) {
        this.t = t;
        this.overdue = overdue;
        this.plans = plans;
    }

    public static State stateOf(Relay r) {
        return new State(
                r.status(),
                r.hold(),
                r.zooidCreated(),
                r.plan(),
                r.pendingPlan(),
                r.upgradePlan(),
                r.accountHold(),
                r.deletion() == null
                        ? null
                        : new RelayStateMachine.Deleted(
                                r.deletion().from(), r.deletion().purged()));
    }

    public Facts facts(Handle h, String tenant) {
        return timedFacts(h, tenant).facts();
    }

    public TimedFacts timedFacts(Handle h, String tenant) {
        long from = overdue.overdueFrom(h, tenant), now = Epoch.seconds(t.clock());
        boolean overdueNow = now >= from;
        // once overdue, only a write (a payment, a waiver, a void) ends it
        return new TimedFacts(
                new Facts(t.tenants().suspended(h, tenant), overdueNow, plans), overdueNow ? Long.MAX_VALUE : from);
    }

    public Plans plans() {
        return plans;
    }

    /** Refuses now (before any side effect) when the machine would refuse. */
    public void check(Handle h, Relay r, Action a, Role role, String target) {
        if (RelayStateMachine.apply(stateOf(r), a, role, facts(h, r.tenant()), target) instanceof Refused no)
            throw new TransitionRefused(no.kind(), no.reason());
    }

    /**
     * The refusal of a change of a deleted relay: a conflict, {@code relay_deleted}, the state machine's own words (while
     * deleted, only the undo, its backups' list and downloads and a restore of one into a new relay are allowed).
     */
    public static Failure relayDeleted() {
        return new Failure(Failure.Kind.CONFLICT, "relay_deleted", null, RelayStateMachine.DELETED);
    }

    /**
     * Refuses an edit of the relay's fields, settings or plan that its account's suspension forbids (the state
     * machine's {@link RelayStateMachine#suspendedAccount rule}; the refusal keeps the plain code of a forbidden one).
     */
    public void checkEditable(Handle h, Relay r, Role role) {
        if (r.deleted()) throw relayDeleted();
        var refused = RelayStateMachine.suspendedAccount(role, facts(h, r.tenant()));
        if (refused.isPresent())
            throw new Failure(refused.get().kind(), refused.get().reason());
    }

    /**
     * Applies an action to the relay as it is now in this transaction.
     * @param by       who acts: their role is checked, who they are ({@code by.who()}: a person, or the system) logged
     * @param message  the activity entry written when the state changes (null: none, e.g. provisioning logs its own)
     * @return the relay after the change (unchanged when the action was a no-op)
     * @throws TransitionRefused when the machine refuses
     */
    public Relay apply(Handle h, String relayId, Action a, Actor by, String target, String message) {
        Relay r = t.relayStore()
                .find(h, relayId)
                .orElseThrow(() -> new TransitionRefused(Failure.Kind.NOT_FOUND, "relay not found"));
        State from = stateOf(r);
        var outcome = RelayStateMachine.apply(from, a, by.role(), facts(h, r.tenant()), target);
        if (outcome instanceof Refused no) throw new TransitionRefused(no.kind(), no.reason());
        State to = ((Moved) outcome).to();
        // "provisioned" is zooid_created, which provisioning writes itself
        if (to.provisioned(from.provisioned()).equals(from)) return r;
        long now = Epoch.seconds(t.clock());
        // zooid sees whether the relay is served and which plan's features it gets. Any other change queues a sync too:
        // a sync running now compares the row it read with the row after, and leaves sync_state pending for the next
        // job when they differ — so there must be a next job (a reconcile that changes nothing costs one PUT).
        boolean zooidChanges = true;
        t.relayStore()
                .writeState(
                        h,
                        r.id(),
                        to.status(),
                        to.hold(),
                        to.plan(),
                        to.pendingPlan(),
                        to.upgradePlan(),
                        to.accountHold(),
                        zooidChanges && a != Action.PROVISIONED && a != Action.PURGE,
                        now);
        if (!Objects.equals(from.deleted(), to.deleted())) {
            if (to.deleted() == null) t.relayStore().writeDeletion(h, r.id(), null, null, now);
            else if (from.deleted() == null)
                t.relayStore().writeDeletion(h, r.id(), now, to.deleted().from(), now);
            else if (to.deleted().purged()) t.relayStore().markPurged(h, r.id(), now);
        }
        if (message != null)
            t.activity()
                    .add(h, r.tenant(), r.id(), a.name().toLowerCase(java.util.Locale.ROOT), message, by.who(), now);
        if (!Objects.equals(from.plan(), to.plan()))
            t.activity()
                    .add(
                            h,
                            r.tenant(),
                            r.id(),
                            "plan_changed",
                            "Plan changed from " + plans.nameOf(from.plan()) + " to " + plans.nameOf(to.plan()),
                            by.who(),
                            now,
                            planChange(from.plan(), to.plan()));
        // a purged relay is gone from zooid: a sync would create it again
        if (zooidChanges && a != Action.PROVISIONED && a != Action.PROVISIONING_FAILED && a != Action.PURGE)
            enqueueSync(h, r.id());
        return t.relayStore().find(h, r.id()).orElseThrow();
    }

    /**
     * What a plan change's webhook ({@code relay.plan_changed}) tells beside its line: the plans' ids and whether it
     * was an upgrade (to a dearer plan) or a downgrade (a plan of the same price counts as a downgrade: nothing more is
     * paid for it).
     */
    private java.util.Map<String, Object> planChange(String fromPlan, String toPlan) {
        // a plan no longer in the catalog still names its relays: priced 0, so moving off it is an upgrade
        long before = plans.byId(fromPlan).map(caravel.domain.Plan::price).orElse(0L);
        boolean up = plans.byId(toPlan).map(caravel.domain.Plan::price).orElse(0L) > before;
        return java.util.Map.of("from_plan", fromPlan, "to_plan", toPlan, "change", up ? "upgrade" : "downgrade");
    }

    public void enqueueSync(Handle h, String relayId) {
        t.jobs()
                .enqueue(
                        h,
                        Relays.JOB_SYNC,
                        caravel.jobs.JobPayloads.write(new RelayJob(relayId)),
                        Relays.jobKey(relayId),
                        12);
    }
}
