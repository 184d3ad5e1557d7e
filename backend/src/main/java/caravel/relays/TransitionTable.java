package caravel.relays;

import caravel.domain.Failure;
import caravel.domain.RelayHold;
import caravel.domain.RelayStatus;
import caravel.relays.RelayStateMachine.Action;
import caravel.relays.RelayStateMachine.Deleted;
import caravel.relays.RelayStateMachine.Facts;
import caravel.relays.RelayStateMachine.Moved;
import caravel.relays.RelayStateMachine.Outcome;
import caravel.relays.RelayStateMachine.Refused;
import caravel.relays.RelayStateMachine.Role;
import caravel.relays.RelayStateMachine.State;

/**
 * The state machine's table, by the kind of action: each method answers for its actions once
 * {@link RelayStateMachine#apply} has checked the actor, the account's suspension and a deleted relay's refusals. Pure,
 * as the machine is.
 */
final class TransitionTable {
    private TransitionTable() {}

    /** Deleting a relay, undoing that within the window, and the purge that ends it. */
    static Outcome deletion(State s, Action a, Role actor, Facts f, String target) {
        RelayStatus st = s.status();
        return switch (a) {
            case DELETE -> {
                if (s.deleted() != null) yield new Refused(Failure.Kind.CONFLICT, "the relay is already deleted");
                // stops as a deactivation does (keeping what it owes), and not held by an account's suspension any more
                State stopped = ((Moved) RelayStateMachine.apply(s, Action.DEACTIVATE, Role.TENANT, f, null))
                        .to()
                        .accountHeld(false);
                yield new Moved(stopped.deletedAs(new Deleted(st, false)));
            }
            case UNDELETE -> {
                if (s.deleted() == null) yield new Refused(Failure.Kind.CONFLICT, "the relay is not deleted");
                if (s.deleted().purged())
                    yield new Refused(Failure.Kind.CONFLICT, "the relay was purged: it cannot be brought back");
                State back = s.deletedAs(null);
                // deleted while inactive: it comes back inactive, as its owner had left it
                if (s.deleted().from() == RelayStatus.INACTIVE) yield new Moved(back);
                yield new Moved(
                        switch (s.hold()) {
                            case AWAITING_PAYMENT -> back.with(RelayStatus.AWAITING_PAYMENT, RelayHold.NONE);
                            case SUSPENDED -> back.with(RelayStatus.SUSPENDED, RelayHold.NONE);
                            // billing's rule: a paid relay of an account with an overdue invoice is suspended
                            case NONE ->
                                f.overdue() && f.plans().of(s.plan()).paid()
                                        ? back.with(RelayStatus.SUSPENDED, RelayHold.NONE)
                                        : back.with(
                                                s.provisioned() ? RelayStatus.ACTIVE : RelayStatus.PENDING,
                                                RelayHold.NONE);
                        });
            }
            case UNDELETE_PAY_FIRST -> payFirst(s, RelayStateMachine.apply(s, Action.UNDELETE, actor, f, null), f);
            case PURGE -> {
                if (s.deleted() == null) yield new Refused(Failure.Kind.CONFLICT, "the relay is not deleted");
                yield new Moved(s.deletedAs(new Deleted(s.deleted().from(), true)));
            }
            default -> throw new IllegalArgumentException(a + " is not a deletion action");
        };
    }

    /** Stopping and restarting a relay, and provisioning's outcomes. */
    static Outcome service(State s, Action a, Role actor, Facts f, String target) {
        RelayStatus st = s.status();
        State service = s.with(s.provisioned() ? RelayStatus.ACTIVE : RelayStatus.PENDING, RelayHold.NONE);
        return switch (a) {
            case DEACTIVATE ->
                switch (st) {
                    // deactivating during an account suspension is the owner's own decision: lifting it keeps it
                    case INACTIVE -> new Moved(s.accountHeld(false));
                    case AWAITING_PAYMENT -> new Moved(s.with(RelayStatus.INACTIVE, RelayHold.AWAITING_PAYMENT));
                    case SUSPENDED -> new Moved(s.with(RelayStatus.INACTIVE, RelayHold.SUSPENDED));
                    default -> new Moved(s.with(RelayStatus.INACTIVE, RelayHold.NONE));
                };
            case REACTIVATE -> {
                if (f.tenantSuspended())
                    yield new Refused(
                            Failure.Kind.FORBIDDEN, "the account is suspended: its relays cannot be reactivated");
                yield switch (st) {
                    case PENDING, ACTIVE, PROVISIONING_FAILED -> new Moved(s);
                    case AWAITING_PAYMENT ->
                        new Refused(Failure.Kind.CONFLICT, "the relay is waiting for its first invoice to be paid");
                    case SUSPENDED ->
                        new Refused(
                                Failure.Kind.CONFLICT,
                                "the relay is suspended for an unpaid invoice: pay it and the relay comes back at once");
                    case INACTIVE ->
                        switch (s.hold()) {
                            case AWAITING_PAYMENT -> new Moved(s.with(RelayStatus.AWAITING_PAYMENT, RelayHold.NONE));
                            case SUSPENDED ->
                                new Refused(
                                        Failure.Kind.CONFLICT,
                                        "the relay is suspended for an unpaid invoice: pay it before reactivating");
                            case NONE ->
                                f.overdue() && f.plans().of(s.plan()).paid()
                                        ? new Refused(
                                                Failure.Kind.CONFLICT,
                                                "an invoice of this account is overdue: pay it before reactivating a paid relay")
                                        : new Moved(service);
                        };
                };
            }
            case REACTIVATE_PAY_FIRST -> payFirst(s, RelayStateMachine.apply(s, Action.REACTIVATE, actor, f, null), f);
            case PROVISIONED ->
                new Moved(
                        st == RelayStatus.PENDING || st == RelayStatus.PROVISIONING_FAILED
                                ? new State(
                                        RelayStatus.ACTIVE,
                                        RelayHold.NONE,
                                        true,
                                        s.plan(),
                                        s.pendingPlan(),
                                        s.upgradePlan())
                                : s.provisioned(true));
            case PROVISIONING_FAILED ->
                new Moved(st == RelayStatus.PENDING ? s.with(RelayStatus.PROVISIONING_FAILED, RelayHold.NONE) : s);
            case RETRY_PROVISIONING ->
                new Moved(st == RelayStatus.PROVISIONING_FAILED ? s.with(RelayStatus.PENDING, RelayHold.NONE) : s);
            default -> throw new IllegalArgumentException(a + " is not a service action");
        };
    }

    /** What money and an administrator's suspension of the account do to a relay. */
    static Outcome holds(State s, Action a, Role actor, Facts f, String target) {
        RelayStatus st = s.status();
        State service = s.with(s.provisioned() ? RelayStatus.ACTIVE : RelayStatus.PENDING, RelayHold.NONE);
        return switch (a) {
            case FIRST_PAYMENT ->
                switch (st) {
                    // paid, but another invoice is overdue: the relay joins the tenant's suspended relays
                    case AWAITING_PAYMENT ->
                        new Moved(f.overdue() ? s.with(RelayStatus.SUSPENDED, RelayHold.NONE) : service);
                    case INACTIVE ->
                        new Moved(
                                s.hold() == RelayHold.AWAITING_PAYMENT
                                        ? s.with(
                                                RelayStatus.INACTIVE,
                                                f.overdue() ? RelayHold.SUSPENDED : RelayHold.NONE)
                                        : s);
                    default -> new Moved(s);
                };
            case SUSPEND_UNPAID -> {
                if (!f.plans().of(s.plan()).paid()) yield new Moved(s); // a free relay is never suspended for money
                yield switch (st) {
                    case PENDING, ACTIVE, PROVISIONING_FAILED ->
                        new Moved(s.with(RelayStatus.SUSPENDED, RelayHold.NONE));
                    case INACTIVE ->
                        new Moved(s.hold() == RelayHold.NONE ? s.with(RelayStatus.INACTIVE, RelayHold.SUSPENDED) : s);
                    default -> new Moved(s);
                };
            }
            case LIFT_SUSPENSION -> {
                if (f.overdue()) yield new Moved(s); // something is still overdue: the suspension stays
                yield switch (st) {
                    case SUSPENDED -> new Moved(service);
                    case INACTIVE ->
                        new Moved(s.hold() == RelayHold.SUSPENDED ? s.with(RelayStatus.INACTIVE, RelayHold.NONE) : s);
                    default -> new Moved(s);
                };
            }
            case ADMIN_UNSUSPEND ->
                switch (st) {
                    case SUSPENDED -> new Moved(service);
                    case INACTIVE ->
                        s.hold() == RelayHold.SUSPENDED
                                ? new Moved(s.with(RelayStatus.INACTIVE, RelayHold.NONE))
                                : new Refused(
                                        Failure.Kind.CONFLICT, "the relay is not suspended for an unpaid invoice");
                    default -> new Refused(Failure.Kind.CONFLICT, "the relay is not suspended for an unpaid invoice");
                };
            case SUSPEND_ACCOUNT ->
                // an inactive relay stays as its owner left it (unmarked), so lifting the suspension leaves it inactive
                st == RelayStatus.INACTIVE
                        ? new Moved(s)
                        : RelayStateMachine.apply(s, Action.DEACTIVATE, Role.ADMIN, f, null) instanceof Moved m
                                ? new Moved(m.to().accountHeld(true))
                                : new Refused(Failure.Kind.CONFLICT, "the relay cannot be deactivated");
            case LIFT_ACCOUNT_SUSPENSION -> {
                if (f.tenantSuspended()) yield new Refused(Failure.Kind.CONFLICT, "the account is still suspended");
                if (st != RelayStatus.INACTIVE || !s.accountHold()) yield new Moved(s);
                // back to what it owes underneath, as its hold says (billing kept that up to date meanwhile)
                yield new Moved(
                        switch (s.hold()) {
                            case NONE -> service;
                            case AWAITING_PAYMENT -> s.with(RelayStatus.AWAITING_PAYMENT, RelayHold.NONE);
                            case SUSPENDED -> s.with(RelayStatus.SUSPENDED, RelayHold.NONE);
                        });
            }
            // only a relay the suspension held coming back into service changes (an active one stays as it is)
            case LIFT_ACCOUNT_SUSPENSION_PAY_FIRST ->
                payFirst(s, RelayStateMachine.apply(s, Action.LIFT_ACCOUNT_SUSPENSION, actor, f, null), f);
            default -> throw new IllegalArgumentException(a + " is not a holds action");
        };
    }

    /** Plan changes: upgrades paid before served, downgrades at the renewal. */
    static Outcome plans(State s, Action a, Role actor, Facts f, String target) {
        RelayStatus st = s.status();
        return switch (a) {
            case UPGRADE -> {
                if (target == null
                        || f.plans().of(target).price()
                                <= f.plans().of(s.plan()).price())
                    yield new Refused(Failure.Kind.CONFLICT, "an upgrade must be to a dearer plan");
                yield switch (st) {
                    case PENDING, ACTIVE, PROVISIONING_FAILED -> new Moved(s.plans(s.plan(), null, target));
                    // never paid for its plan: the unpaid first invoice is replaced, the relay keeps waiting
                    case AWAITING_PAYMENT -> new Moved(s.plans(target, null, null));
                    case SUSPENDED ->
                        new Refused(
                                Failure.Kind.CONFLICT,
                                "the relay is suspended for an unpaid invoice: pay it before upgrading");
                    case INACTIVE ->
                        s.hold() == RelayHold.AWAITING_PAYMENT
                                ? new Moved(s.plans(target, null, null))
                                : new Refused(Failure.Kind.CONFLICT, "reactivate the relay before upgrading it");
                };
            }
            case DOWNGRADE -> {
                if (target == null
                        || f.plans().of(target).price()
                                >= f.plans().of(s.plan()).price())
                    yield new Refused(Failure.Kind.CONFLICT, "a downgrade must be to a cheaper plan");
                if (RelayStateMachine.awaitingPayment(s)) {
                    // never paid for: switch at once; a free plan needs no payment, so the relay no longer waits
                    State switched = s.plans(target, null, null);
                    if (f.plans().of(target).paid()) yield new Moved(switched);
                    yield new Moved(
                            st == RelayStatus.INACTIVE
                                    ? switched.with(RelayStatus.INACTIVE, RelayHold.NONE)
                                    : switched.with(
                                            s.provisioned() ? RelayStatus.ACTIVE : RelayStatus.PENDING,
                                            RelayHold.NONE));
                }
                yield new Moved(s.plans(s.plan(), target, null));
            }
            case CANCEL_PLAN_CHANGE -> new Moved(s.plans(s.plan(), null, null));
            case APPLY_UPGRADE -> {
                if (s.upgradePlan() == null) yield new Moved(s);
                State upgraded = s.plans(s.upgradePlan(), null, null);
                // paid for the upgrade while another invoice is overdue: the now-paid plan is suspended like the rest
                if (f.overdue())
                    yield RelayStateMachine.apply(
                            upgraded, Action.SUSPEND_UNPAID, Role.BILLING, Facts.none(f.plans()), null);
                yield new Moved(upgraded);
            }
            case DROP_UPGRADE -> new Moved(s.plans(s.plan(), s.pendingPlan(), null));
            case APPLY_DOWNGRADE ->
                new Moved(s.pendingPlan() == null ? s : s.plans(s.pendingPlan(), null, s.upgradePlan()));

            default -> throw new IllegalArgumentException(a + " is not a plans action");
        };
    }

    /**
     * The outcome of bringing an inactive relay back, for a paid relay whose period is not paid: paid before served, so
     * a relay that would come back into service waits for its payment instead; any other outcome stands.
     */
    static Outcome payFirst(State s, Outcome back, Facts f) {
        return back instanceof Moved m
                        && s.status() == RelayStatus.INACTIVE
                        && RelayStateMachine.served(m.to().status())
                        && f.plans().of(s.plan()).paid()
                ? new Moved(m.to().with(RelayStatus.AWAITING_PAYMENT, RelayHold.NONE))
                : back;
    }
}
