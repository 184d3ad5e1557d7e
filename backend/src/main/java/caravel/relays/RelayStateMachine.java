package caravel.relays;

import caravel.domain.Actor;
import caravel.domain.Failure;
import caravel.domain.Plan;
import caravel.domain.Plans;
import caravel.domain.RelayHold;
import caravel.domain.RelayStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The relay lifecycle, in one place: what each state means, every transition with the actors allowed to cause it,
 * and what zooid is told in each state (the states themselves are types in {@code domain}, carried by the relays row
 * from the database to the view). It is pure (no database, no clock): {@link RelayTransitions} is the only writer of
 * a relay's status, hold and plans, and it asks this class first.
 *
 * <p>A relay's state is its {@link RelayStatus}, plus for an {@code inactive} relay the {@link RelayHold} it still owes
 * underneath (so deactivating a suspended relay cannot launder the suspension), and whether it is inactive only
 * because an administrator suspended its account ({@code accountHold}: lifting that suspension returns it to its hold;
 * a relay its owner deactivated carries no such mark and stays inactive), plus its plans: {@code plan} is the
 * plan served and billed, {@code pendingPlan} a downgrade waiting for the next renewal, {@code upgradePlan} an
 * upgrade waiting for its invoice to be paid (paid before served: zooid never sees it until then).
 */
public final class RelayStateMachine {
    private RelayStateMachine() {}

    /** The role someone acts in: what the machine checks an action against. */
    public enum Role {
        TENANT,
        ADMIN,
        BILLING,
        PROVISIONING
    }

    /**
     * Who acts on a relay ({@code who}: the person or the system the activity log names) in the role the machine checks.
     * One value, so that the key cannot be swapped with a reason or a target passed beside it.
     */
    public record Actor(caravel.domain.Actor who, Role role) {
        /** Billing's own steps (payments, renewals, plan changes at a renewal), logged as the system. */
        public static final Actor BILLING = new Actor(caravel.domain.Actor.SYSTEM, Role.BILLING);
        /** Provisioning's outcomes, logged as the system. */
        public static final Actor PROVISIONING = new Actor(caravel.domain.Actor.SYSTEM, Role.PROVISIONING);

        public static Actor tenant(String key) {
            return tenant(caravel.domain.Actor.person(key));
        }

        /** A person acting as the relay's tenant, as the request names them (with the API token they used, if any). */
        public static Actor tenant(caravel.domain.Actor who) {
            return new Actor(who, Role.TENANT);
        }

        public static Actor admin(String key) {
            return new Actor(caravel.domain.Actor.person(key), Role.ADMIN);
        }

        /** The acting person's key, or "system" ({@link caravel.domain.Actor#key()}). */
        public String key() {
            return who.key();
        }
    }

    /** What can happen to a relay; who may cause each is {@link #actors()}. */
    public enum Action {
        DEACTIVATE,
        REACTIVATE,
        /**
         * Reactivating a paid relay whose place nothing pays for this period yet (the card rail charges it first):
         * as {@link #REACTIVATE}, except that it waits for payment like a new relay instead of being served.
         */
        REACTIVATE_PAY_FIRST,
        PROVISIONED,
        PROVISIONING_FAILED,
        RETRY_PROVISIONING,
        /** The invoice an awaiting relay waits for is paid. */
        FIRST_PAYMENT,
        /** An invoice of the tenant is unpaid past its grace period. */
        SUSPEND_UNPAID,
        /** Payment settled everything overdue. */
        LIFT_SUSPENSION,
        /** An administrator lifts a billing suspension (recorded as such; the invoice stays payable). */
        ADMIN_UNSUSPEND,
        /** An administrator suspends the account: each relay not already inactive goes inactive, marked as such. */
        SUSPEND_ACCOUNT,
        /**
         * An administrator lifts the account's suspension: exactly the relays it took down return to what they owe
         * underneath (in service, waiting for their first payment, or suspended for money); the others stay as they are.
         */
        LIFT_ACCOUNT_SUSPENSION,
        /**
         * As {@link #LIFT_ACCOUNT_SUSPENSION} for a paid relay whose place nothing pays for this period yet (the card
         * rail charges it first): it waits for payment, as {@link #REACTIVATE_PAY_FIRST} does.
         */
        LIFT_ACCOUNT_SUSPENSION_PAY_FIRST,
        /** A move to a dearer plan: recorded as the upgrade target until its invoice is paid. */
        UPGRADE,
        /** A move to a cheaper plan: at the next renewal (at once for a relay that never paid for its plan). */
        DOWNGRADE,
        /** Asking for the current plan: cancels a scheduled downgrade and an unpaid upgrade. */
        CANCEL_PLAN_CHANGE,
        /** The upgrade invoice is paid: the target plan is served from now on. */
        APPLY_UPGRADE,
        /** The upgrade invoice lapsed unpaid (its cycle ended): the target is dropped. */
        DROP_UPGRADE,
        /** Renewal: a scheduled downgrade takes effect. */
        APPLY_DOWNGRADE,
        /**
         * Its owner deletes the relay: it stops being served at once (inactive, keeping what it owes underneath, as a
         * deactivation does) and is marked deleted with the status it had, for the undo window.
         */
        DELETE,
        /**
         * Its owner undoes a deletion within the window: back to the status it had, as the billing rules now allow (a
         * paid relay of an account with an overdue invoice comes back suspended; one waiting for payment waits).
         */
        UNDELETE,
        /** As {@link #UNDELETE} for a paid relay whose place nothing pays for this period yet: it waits for payment. */
        UNDELETE_PAY_FIRST,
        /** The undo window is over and the relay is removed from zooid: it can never come back. */
        PURGE;

        /** The roles that may cause this action: the table by role, so what each role may do reads in one place. */
        public Set<Role> actors() {
            return switch (this) {
                case DEACTIVATE, REACTIVATE, REACTIVATE_PAY_FIRST, UPGRADE, DOWNGRADE, CANCEL_PLAN_CHANGE ->
                    Set.of(Role.TENANT, Role.ADMIN);
                case DELETE, UNDELETE, UNDELETE_PAY_FIRST -> Set.of(Role.TENANT);
                case RETRY_PROVISIONING,
                        ADMIN_UNSUSPEND,
                        SUSPEND_ACCOUNT,
                        LIFT_ACCOUNT_SUSPENSION,
                        LIFT_ACCOUNT_SUSPENSION_PAY_FIRST -> Set.of(Role.ADMIN);
                case FIRST_PAYMENT, SUSPEND_UNPAID, LIFT_SUSPENSION, APPLY_UPGRADE, DROP_UPGRADE, APPLY_DOWNGRADE ->
                    Set.of(Role.BILLING);
                case PROVISIONED, PROVISIONING_FAILED, PURGE -> Set.of(Role.PROVISIONING);
            };
        }
    }

    /**
     * A relay's machine state. provisioned: zooid accepted its config once (decides active vs pending). accountHold:
     * inactive only because its account was suspended (never set on a relay its owner or an administrator deactivated).
     */
    public record State(
            RelayStatus status,
            RelayHold hold,
            boolean provisioned,
            String plan,
            String pendingPlan,
            String upgradePlan,
            boolean accountHold,
            Deleted deleted) {
        public State {
            if (status != RelayStatus.INACTIVE && hold != RelayHold.NONE)
                throw new IllegalArgumentException("only inactive relays carry a hold");
            if (status != RelayStatus.INACTIVE && accountHold)
                throw new IllegalArgumentException("only inactive relays are held by their account's suspension");
            if (status != RelayStatus.INACTIVE && deleted != null)
                throw new IllegalArgumentException("only inactive relays are deleted");
        }

        /** A relay not deleted. */
        public State(
                RelayStatus status,
                RelayHold hold,
                boolean provisioned,
                String plan,
                String pendingPlan,
                String upgradePlan,
                boolean accountHold) {
            this(status, hold, provisioned, plan, pendingPlan, upgradePlan, accountHold, null);
        }

        /** A relay no account suspension holds. */
        public State(
                RelayStatus status,
                RelayHold hold,
                boolean provisioned,
                String plan,
                String pendingPlan,
                String upgradePlan) {
            this(status, hold, provisioned, plan, pendingPlan, upgradePlan, false);
        }

        /** Another status and hold; the account's mark stays while the relay stays inactive (billing moves its hold). */
        State with(RelayStatus s, RelayHold h) {
            boolean stays = s == RelayStatus.INACTIVE;
            return new State(
                    s, h, provisioned, plan, pendingPlan, upgradePlan, stays && accountHold, stays ? deleted : null);
        }

        State accountHeld(boolean held) {
            return new State(status, hold, provisioned, plan, pendingPlan, upgradePlan, held, deleted);
        }

        State plans(String p, String pending, String upgrade) {
            return new State(status, hold, provisioned, p, pending, upgrade, accountHold, deleted);
        }

        State deletedAs(Deleted d) {
            return new State(status, hold, provisioned, plan, pendingPlan, upgradePlan, accountHold, d);
        }

        /** The same state with zooid's acceptance recorded (provisioning writes that itself). */
        public State provisioned(boolean p) {
            return new State(status, hold, p, plan, pendingPlan, upgradePlan, accountHold, deleted);
        }
    }

    /**
     * A deleted relay's mark: the status it had when its owner deleted it (what an undo brings back), and whether the
     * purge has removed it from zooid (then nothing brings it back).
     */
    public record Deleted(RelayStatus from, boolean purged) {}

    static final String DELETED = "the relay is deleted: undo the deletion first";

    /**
     * Facts outside the relay that guard transitions.
     * @param tenantSuspended an administrator suspended the account
     * @param overdue         the tenant has an invoice unpaid past its grace period (not waived)
     * @param plans           the operator's plans: which are paid, and their order by price
     */
    public record Facts(boolean tenantSuspended, boolean overdue, Plans plans) {
        public static Facts none(Plans plans) {
            return new Facts(false, false, plans);
        }
    }

    /** An allowed transition's result (possibly the same state: an idempotent no-op), or a refusal. */
    public sealed interface Outcome permits Moved, Refused {}

    public record Moved(State to) implements Outcome {}

    /** @param kind FORBIDDEN when the actor may never do this, CONFLICT when the relay's state forbids it now */
    public record Refused(Failure.Kind kind, String reason) implements Outcome {}

    // ---- what each state means ----

    /** The state of a relay created now: a paid plan waits for its first invoice. */
    public static State initial(Plan plan) {
        return new State(
                plan.paid() ? RelayStatus.AWAITING_PAYMENT : RelayStatus.PENDING,
                RelayHold.NONE,
                false,
                plan.id(),
                null,
                null);
    }

    /** zooid's {@code inactive} flag: only these statuses are served. */
    public static boolean served(RelayStatus s) {
        return s == RelayStatus.PENDING || s == RelayStatus.ACTIVE || s == RelayStatus.PROVISIONING_FAILED;
    }

    /** The plan whose features zooid is given: always the paid-for plan, never an unpaid upgrade target. */
    public static String servedPlan(State s) {
        return s.plan();
    }

    /** Renewals bill relays that are in service (a deactivated, suspended or unpaid-new relay is not renewed). */
    public static boolean renewable(RelayStatus s) {
        return served(s);
    }

    /** Statuses (wire form) in service; for SQL filters that must agree with this class. */
    public static List<String> servedStatuses() {
        return Arrays.stream(RelayStatus.values())
                .filter(RelayStateMachine::served)
                .map(RelayStatus::wire)
                .toList();
    }

    /** Whether a relay carries a billing suspension (suspended, or inactive with a suspension underneath). */
    public static boolean billingSuspended(State s) {
        return s.status() == RelayStatus.SUSPENDED
                || (s.status() == RelayStatus.INACTIVE && s.hold() == RelayHold.SUSPENDED);
    }

    /** Whether the relay is waiting for its first invoice (awaiting payment, or inactive with that underneath). */
    public static boolean awaitingPayment(State s) {
        return s.status() == RelayStatus.AWAITING_PAYMENT
                || (s.status() == RelayStatus.INACTIVE && s.hold() == RelayHold.AWAITING_PAYMENT);
    }

    /** Which plan-change action asking for {@code target} is: a dearer plan is an upgrade. */
    public static Action planAction(State s, String target, Plans plans) {
        if (target.equals(s.plan())) return Action.CANCEL_PLAN_CHANGE;
        return plans.of(target).price() > plans.of(s.plan()).price() ? Action.UPGRADE : Action.DOWNGRADE;
    }

    /**
     * The account-suspension rule, for every change of a relay (its transitions, fields, settings and plan): while an
     * administrator holds the account suspended, its owner may change nothing of its relays but deactivate them.
     */
    public static Optional<Refused> suspendedAccount(Role actor, Facts f) {
        return actor == Role.TENANT && f.tenantSuspended()
                ? Optional.of(
                        new Refused(Failure.Kind.FORBIDDEN, "this account is suspended: its relays cannot be changed"))
                : Optional.empty();
    }

    // ---- the transitions ----

    /** The whole table. {@code target} is the plan asked for (plan actions only). */
    public static Outcome apply(State s, Action a, Role actor, Facts f, String target) {
        if (!a.actors().contains(actor))
            return new Refused(
                    Failure.Kind.FORBIDDEN,
                    actorName(actor) + " cannot "
                            + a.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " a relay");
        if (a != Action.DEACTIVATE) {
            Optional<Refused> suspended = suspendedAccount(actor, f);
            if (suspended.isPresent()) return suspended.get();
        }
        if (s.deleted() != null
                && switch (a) {
                    case REACTIVATE, REACTIVATE_PAY_FIRST, UPGRADE, DOWNGRADE, CANCEL_PLAN_CHANGE -> true;
                    default -> false;
                }) return new Refused(Failure.Kind.CONFLICT, DELETED);
        return switch (a) {
            case DELETE, UNDELETE, UNDELETE_PAY_FIRST, PURGE -> TransitionTable.deletion(s, a, actor, f, target);
            case DEACTIVATE, REACTIVATE, REACTIVATE_PAY_FIRST, PROVISIONED, PROVISIONING_FAILED, RETRY_PROVISIONING ->
                TransitionTable.service(s, a, actor, f, target);
            case FIRST_PAYMENT,
                    SUSPEND_UNPAID,
                    LIFT_SUSPENSION,
                    ADMIN_UNSUSPEND,
                    SUSPEND_ACCOUNT,
                    LIFT_ACCOUNT_SUSPENSION,
                    LIFT_ACCOUNT_SUSPENSION_PAY_FIRST -> TransitionTable.holds(s, a, actor, f, target);
            case UPGRADE, DOWNGRADE, CANCEL_PLAN_CHANGE, APPLY_UPGRADE, DROP_UPGRADE, APPLY_DOWNGRADE ->
                TransitionTable.plans(s, a, actor, f, target);
        };
    }

    private static String actorName(Role a) {
        return switch (a) {
            case TENANT -> "the relay's owner";
            case ADMIN -> "an administrator";
            case BILLING -> "billing";
            case PROVISIONING -> "provisioning";
        };
    }

    /**
     * The actions a person may take now (for the web app: it offers only what the API will accept): edit, deactivate,
     * reactivate, delete, undo_delete (a deleted relay offers nothing else), unsuspend, pay (something is owed before the relay or its upgrade is served), plan:&lt;id&gt; per
     * plan it may move to, cancel_plan_change, retry_provisioning.
     */
    public static List<String> offered(State s, Role actor, Facts f) {
        List<String> out = new ArrayList<>();
        // name, icon, description and subdomain edits: refused only to the owner of an account an administrator
        // suspended
        if (apply(s, Action.UNDELETE, actor, f, null) instanceof Moved) out.add("undo_delete");
        if (s.deleted() != null) return out; // nothing else is done to a deleted relay
        if (!(actor == Role.TENANT && f.tenantSuspended())) out.add("edit");
        if (apply(s, Action.DEACTIVATE, actor, f, null) instanceof Moved m && !m.to().equals(s)) out.add("deactivate");
        if (apply(s, Action.REACTIVATE, actor, f, null) instanceof Moved m && !m.to().equals(s)) out.add("reactivate");
        if (apply(s, Action.ADMIN_UNSUSPEND, actor, f, null) instanceof Moved) out.add("unsuspend");
        if (billingSuspended(s) || awaitingPayment(s) || s.upgradePlan() != null) out.add("pay");
        // one entry per plan the relay may move to now ("plan:growth"), so a form offers only those
        for (Plan p : f.plans().offered()) {
            if (p.id().equals(s.plan())) continue;
            if (apply(s, planAction(s, p.id(), f.plans()), actor, f, p.id()) instanceof Moved)
                out.add("plan:" + p.id());
        }
        if ((s.pendingPlan() != null || s.upgradePlan() != null)
                && apply(s, Action.CANCEL_PLAN_CHANGE, actor, f, null) instanceof Moved) out.add("cancel_plan_change");
        if (actor == Role.ADMIN && s.status() == RelayStatus.PROVISIONING_FAILED) out.add("retry_provisioning");
        if (apply(s, Action.DELETE, actor, f, null) instanceof Moved) out.add("delete");
        return out;
    }
}
