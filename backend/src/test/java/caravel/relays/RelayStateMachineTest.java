package caravel.relays;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.domain.Failure;
import caravel.domain.Plans;
import caravel.domain.RelayHold;
import caravel.domain.RelayStatus;
import caravel.relays.RelayStateMachine.Action;
import caravel.relays.RelayStateMachine.Facts;
import caravel.relays.RelayStateMachine.Moved;
import caravel.relays.RelayStateMachine.Outcome;
import caravel.relays.RelayStateMachine.Refused;
import caravel.relays.RelayStateMachine.Role;
import caravel.relays.RelayStateMachine.State;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The transition table, written out by hand: every (state, action, actor) triple. For each state and action the
 * table gives the outcome for the actors allowed to take the action ("=" no change, "409" refused, or the state
 * reached); every other actor must be refused with 403. States are written status[/hold] plan[^upgrade][>downgrade],
 * the relay starting on basic; plan actions ask for growth (UPGRADE) or free (DOWNGRADE).
 */
class RelayStateMachineTest {
    /** The eight states of a relay on basic with nothing scheduled; provisioned as such a relay would be. */
    static final Map<String, State> STATES = new LinkedHashMap<>();

    static {
        STATES.put("pending", new State(RelayStatus.PENDING, RelayHold.NONE, false, "basic", null, null));
        STATES.put("active", new State(RelayStatus.ACTIVE, RelayHold.NONE, true, "basic", null, null));
        STATES.put(
                "provisioning_failed",
                new State(RelayStatus.PROVISIONING_FAILED, RelayHold.NONE, false, "basic", null, null));
        STATES.put(
                "awaiting_payment",
                new State(RelayStatus.AWAITING_PAYMENT, RelayHold.NONE, false, "basic", null, null));
        STATES.put("suspended", new State(RelayStatus.SUSPENDED, RelayHold.NONE, true, "basic", null, null));
        STATES.put("inactive", new State(RelayStatus.INACTIVE, RelayHold.NONE, true, "basic", null, null));
        STATES.put(
                "inactive/awaiting_payment",
                new State(RelayStatus.INACTIVE, RelayHold.AWAITING_PAYMENT, false, "basic", null, null));
        STATES.put(
                "inactive/suspended", new State(RelayStatus.INACTIVE, RelayHold.SUSPENDED, true, "basic", null, null));
    }

    // columns: pending | active | provisioning_failed | awaiting_payment | suspended | inactive |
    // inactive/awaiting_payment | inactive/suspended
    static final String TABLE = """
            DEACTIVATE          | inactive             | inactive             | inactive             | inactive/awaiting_payment | inactive/suspended   | =                  | =                   | =
            REACTIVATE          | =                    | =                    | =                    | 409                       | 409                  | active             | awaiting_payment    | 409
            REACTIVATE_PAY_FIRST | =                   | =                    | =                    | 409                       | 409                  | awaiting_payment   | awaiting_payment    | 409
            PROVISIONED         | active               | =                    | active               | =                         | =                    | =                  | =                   | =
            PROVISIONING_FAILED | provisioning_failed  | =                    | =                    | =                         | =                    | =                  | =                   | =
            RETRY_PROVISIONING  | =                    | =                    | pending              | =                         | =                    | =                  | =                   | =
            FIRST_PAYMENT       | =                    | =                    | =                    | pending                   | =                    | =                  | inactive            | =
            SUSPEND_UNPAID      | suspended            | suspended            | suspended            | =                         | =                    | inactive/suspended | =                   | =
            LIFT_SUSPENSION     | =                    | =                    | =                    | =                         | active               | =                  | =                   | inactive
            ADMIN_UNSUSPEND     | 409                  | 409                  | 409                  | 409                       | active               | 409                | 409                 | inactive
            UPGRADE             | pending basic^growth | active basic^growth  | provisioning_failed basic^growth | awaiting_payment growth | 409 | 409        | inactive/awaiting_payment growth | 409
            DOWNGRADE           | pending basic>free   | active basic>free    | provisioning_failed basic>free | pending free      | suspended basic>free | inactive basic>free | inactive free     | inactive/suspended basic>free
            CANCEL_PLAN_CHANGE  | =                    | =                    | =                    | =                         | =                    | =                  | =                   | =
            APPLY_UPGRADE       | =                    | =                    | =                    | =                         | =                    | =                  | =                   | =
            DROP_UPGRADE        | =                    | =                    | =                    | =                         | =                    | =                  | =                   | =
            APPLY_DOWNGRADE     | =                    | =                    | =                    | =                         | =                    | =                  | =                   | =
            SUSPEND_ACCOUNT     | inactive+account     | inactive+account     | inactive+account     | inactive/awaiting_payment+account | inactive/suspended+account | = | =             | =
            LIFT_ACCOUNT_SUSPENSION | =                | =                    | =                    | =                         | =                    | =                  | =                   | =
            LIFT_ACCOUNT_SUSPENSION_PAY_FIRST | =      | =                    | =                    | =                         | =                    | =                  | =                   | =
            DELETE              | inactive+deleted(pending) | inactive+deleted(active) | inactive+deleted(provisioning_failed) | inactive/awaiting_payment+deleted(awaiting_payment) | inactive/suspended+deleted(suspended) | inactive+deleted(inactive) | inactive/awaiting_payment+deleted(inactive) | inactive/suspended+deleted(inactive)
            UNDELETE            | 409                  | 409                  | 409                  | 409                       | 409                  | 409                | 409                 | 409
            UNDELETE_PAY_FIRST  | 409                  | 409                  | 409                  | 409                       | 409                  | 409                | 409                 | 409
            PURGE               | 409                  | 409                  | 409                  | 409                       | 409                  | 409                | 409                 | 409
            """;

    @Test
    void everyStateActionAndActorAsTheTableSays() {
        Map<Action, String[]> rows = new HashMap<>();
        for (String line : TABLE.strip().split("\n", -1)) {
            String[] cells = line.split("\\|", -1);
            String[] outcomes = new String[cells.length - 1];
            for (int i = 1; i < cells.length; i++) outcomes[i - 1] = cells[i].trim();
            assertThat(outcomes).as(line).hasSize(STATES.size());
            rows.put(Action.valueOf(cells[0].trim()), outcomes);
        }
        assertThat(rows.keySet()).as("every action has a row").containsExactlyInAnyOrder(Action.values());
        int checked = 0;
        for (Action a : Action.values()) {
            int col = 0;
            for (var e : STATES.entrySet()) {
                String expected = rows.get(a)[col++];
                for (Role actor : Role.values()) {
                    String target = a == Action.UPGRADE ? "growth" : a == Action.DOWNGRADE ? "free" : null;
                    Outcome o = RelayStateMachine.apply(e.getValue(), a, actor, Facts.none(Plans.seed()), target);
                    String where = e.getKey() + " × " + a + " × " + actor;
                    if (!a.actors().contains(actor)) {
                        assertThat(o).as(where).isInstanceOf(Refused.class);
                        assertThat(((Refused) o).kind()).as(where).isEqualTo(Failure.Kind.FORBIDDEN);
                    } else {
                        assertThat(describe(e.getValue(), o)).as(where).isEqualTo(expected);
                    }
                    checked++;
                }
            }
        }
        assertThat(checked).isEqualTo(Action.values().length * STATES.size() * Role.values().length);
    }

    /** "=", "409"/"403", or the reached state in the table's notation. */
    static String describe(State from, Outcome o) {
        if (o instanceof Refused r)
            return r.kind() == Failure.Kind.CONFLICT
                    ? "409"
                    : r.kind() == Failure.Kind.FORBIDDEN ? "403" : r.kind().name();
        State to = ((Moved) o).to();
        if (to.provisioned(from.provisioned()).equals(from)) return "=";
        return name(to);
    }

    static String name(State s) {
        String n = s.status().wire()
                + (s.hold() == RelayHold.NONE ? "" : "/" + s.hold().wire())
                + (s.accountHold() ? "+account" : "")
                + (s.deleted() == null
                        ? ""
                        : "+deleted(" + s.deleted().from().wire() + (s.deleted().purged() ? ",purged" : "") + ")");
        boolean plainPlan = s.plan().equals("basic") && s.pendingPlan() == null && s.upgradePlan() == null;
        if (plainPlan) return n;
        return n + " " + s.plan() + (s.upgradePlan() != null ? "^" + s.upgradePlan() : "")
                + (s.pendingPlan() != null ? ">" + s.pendingPlan() : "");
    }

    static Outcome as(State s, Action a, Role actor, Facts f, String target) {
        return RelayStateMachine.apply(s, a, actor, f, target);
    }

    /**
     * A deleted relay: undo brings each state back as it was (billing's rules applied now), the purge ends it, and
     * nothing else is done to it meanwhile.
     */
    @Test
    void deletedRelaysComeBackAsTheyWereUntilPurged() {
        Facts none = Facts.none(Plans.seed()), overdue = new Facts(false, true, Plans.seed());
        Map<String, String> back = new LinkedHashMap<>();
        back.put("pending", "pending");
        back.put("active", "active");
        back.put("provisioning_failed", "pending"); // tried again from the start
        back.put("awaiting_payment", "awaiting_payment");
        back.put("suspended", "suspended");
        back.put("inactive", "inactive");
        back.put("inactive/awaiting_payment", "inactive/awaiting_payment");
        back.put("inactive/suspended", "inactive/suspended");
        for (var e : STATES.entrySet()) {
            State deleted = ((Moved) as(e.getValue(), Action.DELETE, Role.TENANT, none, null)).to();
            assertThat(RelayStateMachine.served(deleted.status()))
                    .as(e.getKey())
                    .isFalse();
            assertThat(name(((Moved) as(deleted, Action.UNDELETE, Role.TENANT, none, null)).to()))
                    .as(e.getKey())
                    .isEqualTo(back.get(e.getKey()));
            assertThat(RelayStateMachine.offered(deleted, Role.TENANT, none)).containsExactly("undo_delete");
            assertThat(RelayStateMachine.offered(deleted, Role.ADMIN, none)).isEmpty(); // the owner's alone
            for (Action a : new Action[] {
                Action.DELETE, Action.REACTIVATE, Action.UPGRADE, Action.DOWNGRADE, Action.CANCEL_PLAN_CHANGE
            })
                assertThat(as(deleted, a, Role.TENANT, none, a == Action.UPGRADE ? "growth" : "free"))
                        .as(e.getKey() + " " + a)
                        .isInstanceOf(Refused.class);
            // billing goes on underneath while it waits (a suspension is recorded), and the mark stays
            State billed = ((Moved) as(deleted, Action.SUSPEND_UNPAID, Role.BILLING, none, null)).to();
            assertThat(billed.deleted()).isEqualTo(deleted.deleted());
            State purged = ((Moved) as(deleted, Action.PURGE, Role.PROVISIONING, none, null)).to();
            assertThat(purged.deleted().purged()).isTrue();
            assertThat(((Refused) as(purged, Action.UNDELETE, Role.TENANT, none, null)).kind())
                    .isEqualTo(Failure.Kind.CONFLICT);
            assertThat(RelayStateMachine.offered(purged, Role.TENANT, none)).isEmpty();
            assertThat(((Refused) as(deleted, Action.PURGE, Role.TENANT, none, null)).kind())
                    .isEqualTo(Failure.Kind.FORBIDDEN);
        }
        // a paid relay of an account with an overdue invoice comes back suspended, not served
        State deletedActive = ((Moved) as(STATES.get("active"), Action.DELETE, Role.TENANT, none, null)).to();
        assertThat(name(((Moved) as(deletedActive, Action.UNDELETE, Role.TENANT, overdue, null)).to()))
                .isEqualTo("suspended");
        // on card, a place nothing pays for waits for its payment
        assertThat(name(((Moved) as(deletedActive, Action.UNDELETE_PAY_FIRST, Role.TENANT, none, null)).to()))
                .isEqualTo("awaiting_payment");
        // an account suspended by an administrator: its owner can neither delete nor undo
        Facts suspended = new Facts(true, false, Plans.seed());
        assertThat(((Refused) as(STATES.get("active"), Action.DELETE, Role.TENANT, suspended, null)).kind())
                .isEqualTo(Failure.Kind.FORBIDDEN);
        assertThat(((Refused) as(deletedActive, Action.UNDELETE, Role.TENANT, suspended, null)).kind())
                .isEqualTo(Failure.Kind.FORBIDDEN);
    }

    @Test
    void planFieldsOfAnUpgradeAndADowngradeInFlight() {
        State upgrading = new State(RelayStatus.ACTIVE, RelayHold.NONE, true, "basic", null, "growth");
        assertThat(name(((Moved) as(upgrading, Action.APPLY_UPGRADE, Role.BILLING, Facts.none(Plans.seed()), null))
                        .to()))
                .isEqualTo("active growth");
        assertThat(name(((Moved) as(upgrading, Action.DROP_UPGRADE, Role.BILLING, Facts.none(Plans.seed()), null))
                        .to()))
                .isEqualTo("active");
        assertThat(name(((Moved) as(upgrading, Action.CANCEL_PLAN_CHANGE, Role.TENANT, Facts.none(Plans.seed()), null))
                        .to()))
                .isEqualTo("active");
        // downgrading instead drops the unpaid upgrade
        assertThat(name(((Moved) as(upgrading, Action.DOWNGRADE, Role.TENANT, Facts.none(Plans.seed()), "free")).to()))
                .isEqualTo("active basic>free");
        State downgrading = new State(RelayStatus.ACTIVE, RelayHold.NONE, true, "basic", "free", null);
        assertThat(name(((Moved) as(downgrading, Action.APPLY_DOWNGRADE, Role.BILLING, Facts.none(Plans.seed()), null))
                        .to()))
                .isEqualTo("active free");
        assertThat(name(((Moved) as(downgrading, Action.CANCEL_PLAN_CHANGE, Role.ADMIN, Facts.none(Plans.seed()), null))
                        .to()))
                .isEqualTo("active");
        assertThat(name(((Moved) as(downgrading, Action.UPGRADE, Role.TENANT, Facts.none(Plans.seed()), "growth"))
                        .to()))
                .isEqualTo("active basic^growth");
        // an "upgrade" to a cheaper plan, or a "downgrade" to a dearer one, is refused
        assertThat(as(downgrading, Action.UPGRADE, Role.TENANT, Facts.none(Plans.seed()), "free"))
                .isInstanceOf(Refused.class);
        assertThat(as(downgrading, Action.DOWNGRADE, Role.TENANT, Facts.none(Plans.seed()), "growth"))
                .isInstanceOf(Refused.class);
        assertThat(RelayStateMachine.planAction(downgrading, "basic", Plans.seed()))
                .isEqualTo(Action.CANCEL_PLAN_CHANGE);
        assertThat(RelayStateMachine.planAction(downgrading, "growth", Plans.seed()))
                .isEqualTo(Action.UPGRADE);
        assertThat(RelayStateMachine.planAction(downgrading, "free", Plans.seed()))
                .isEqualTo(Action.DOWNGRADE);
    }

    @Test
    void guardsFromOutsideTheRelay() {
        State inactive = STATES.get("inactive");
        Facts tenantSuspended = new Facts(true, false, Plans.seed()), overdue = new Facts(false, true, Plans.seed());
        // an administrator's suspension of the account: the tenant may still deactivate, nothing else
        assertThat(((Refused) as(inactive, Action.REACTIVATE, Role.TENANT, tenantSuspended, null)).kind())
                .isEqualTo(Failure.Kind.FORBIDDEN);
        assertThat(((Refused) as(inactive, Action.REACTIVATE, Role.ADMIN, tenantSuspended, null)).kind())
                .isEqualTo(Failure.Kind.FORBIDDEN);
        assertThat(((Refused) as(STATES.get("active"), Action.UPGRADE, Role.TENANT, tenantSuspended, "growth")).kind())
                .isEqualTo(Failure.Kind.FORBIDDEN);
        assertThat(as(STATES.get("active"), Action.UPGRADE, Role.ADMIN, tenantSuspended, "growth"))
                .isInstanceOf(Moved.class);
        assertThat(name(((Moved) as(STATES.get("active"), Action.DEACTIVATE, Role.TENANT, tenantSuspended, null)).to()))
                .isEqualTo("inactive");
        // something overdue: a paid relay is not reactivated, a free one is; a first payment lands suspended; nothing
        // lifts
        assertThat(((Refused) as(inactive, Action.REACTIVATE, Role.TENANT, overdue, null)).kind())
                .isEqualTo(Failure.Kind.CONFLICT);
        State inactiveFree = new State(RelayStatus.INACTIVE, RelayHold.NONE, true, "free", null, null);
        assertThat(((Moved) as(inactiveFree, Action.REACTIVATE, Role.TENANT, overdue, null))
                        .to()
                        .status())
                .isEqualTo(RelayStatus.ACTIVE);
        assertThat(name(((Moved) as(STATES.get("awaiting_payment"), Action.FIRST_PAYMENT, Role.BILLING, overdue, null))
                        .to()))
                .isEqualTo("suspended");
        assertThat(name(((Moved) as(
                                STATES.get("inactive/awaiting_payment"),
                                Action.FIRST_PAYMENT,
                                Role.BILLING,
                                overdue,
                                null))
                        .to()))
                .isEqualTo("inactive/suspended");
        assertThat(describe(
                        STATES.get("suspended"),
                        as(STATES.get("suspended"), Action.LIFT_SUSPENSION, Role.BILLING, overdue, null)))
                .isEqualTo("=");
        // an upgrade paid while another invoice is overdue: the relay gets its plan, suspended like the tenant's other
        // paid relays
        State freeUpgrading = new State(RelayStatus.ACTIVE, RelayHold.NONE, true, "free", null, "basic");
        assertThat(name(((Moved) as(freeUpgrading, Action.APPLY_UPGRADE, Role.BILLING, overdue, null)).to()))
                .isEqualTo("suspended");
        // a free relay is never suspended for money
        State activeFree = new State(RelayStatus.ACTIVE, RelayHold.NONE, true, "free", null, null);
        assertThat(describe(
                        activeFree,
                        as(activeFree, Action.SUSPEND_UNPAID, Role.BILLING, Facts.none(Plans.seed()), null)))
                .isEqualTo("=");
        // back in service means active once zooid has the relay, pending (provisioning) before
        State neverProvisioned = new State(RelayStatus.INACTIVE, RelayHold.NONE, false, "basic", null, null);
        assertThat(((Moved) as(neverProvisioned, Action.REACTIVATE, Role.TENANT, Facts.none(Plans.seed()), null))
                        .to()
                        .status())
                .isEqualTo(RelayStatus.PENDING);
    }

    /** Applies each action in turn, by the actor allowed to take it, and names the state reached. */
    static String walk(State from, Facts f, Object... steps) {
        State s = from;
        for (int i = 0; i < steps.length; i += 2) {
            Outcome o = as(s, (Action) steps[i], (Role) steps[i + 1], f, null);
            if (o instanceof Refused r) return describe(s, r);
            s = ((Moved) o).to();
        }
        return name(s);
    }

    @Test
    void liftingAnAccountSuspensionBringsBackExactlyTheRelaysItTookDown() {
        Facts suspended = new Facts(true, false, Plans.seed()), lifted = Facts.none(Plans.seed());
        java.util.function.Function<State, State> suspend =
                s -> ((Moved) as(s, Action.SUSPEND_ACCOUNT, Role.ADMIN, suspended, null)).to();
        java.util.function.Function<State, String> lift = s -> {
            Outcome o = as(s, Action.LIFT_ACCOUNT_SUSPENSION, Role.ADMIN, lifted, null);
            return o instanceof Refused r ? describe(s, r) : name(((Moved) o).to());
        };
        // in service before: back in service
        assertThat(lift.apply(suspend.apply(STATES.get("active")))).isEqualTo("active");
        assertThat(lift.apply(suspend.apply(STATES.get("pending")))).isEqualTo("pending");
        assertThat(lift.apply(suspend.apply(STATES.get("provisioning_failed")))).isEqualTo("pending");
        // not in service before: back to what it owed, never in service without paying
        assertThat(lift.apply(suspend.apply(STATES.get("awaiting_payment")))).isEqualTo("awaiting_payment");
        assertThat(lift.apply(suspend.apply(STATES.get("suspended")))).isEqualTo("suspended");
        // deactivated by the owner before: untouched both ways, with whatever it owes underneath
        for (String owners : new String[] {"inactive", "inactive/awaiting_payment", "inactive/suspended"}) {
            State before = STATES.get(owners);
            assertThat(suspend.apply(before)).as(owners).isEqualTo(before);
            assertThat(lift.apply(suspend.apply(before))).as(owners).isEqualTo(owners);
        }
        // deactivated, then suspended for money, then the account suspended: stays inactive and suspended
        State deactivatedThenSuspended =
                ((Moved) as(STATES.get("inactive"), Action.SUSPEND_UNPAID, Role.BILLING, lifted, null)).to();
        assertThat(lift.apply(suspend.apply(deactivatedThenSuspended))).isEqualTo("inactive/suspended");
        // deactivated by the owner during the suspension: their decision stands (and an administrator's too)
        State held = suspend.apply(STATES.get("active"));
        assertThat(name(held)).isEqualTo("inactive+account");
        assertThat(walk(held, suspended, Action.DEACTIVATE, Role.TENANT)).isEqualTo("inactive");
        assertThat(lift.apply(((Moved) as(held, Action.DEACTIVATE, Role.TENANT, suspended, null)).to()))
                .isEqualTo("inactive");
        assertThat(lift.apply(((Moved) as(held, Action.DEACTIVATE, Role.ADMIN, suspended, null)).to()))
                .isEqualTo("inactive");
        // billing moves what it owes underneath meanwhile; the lift returns to that
        assertThat(walk(held, suspended, Action.SUSPEND_UNPAID, Role.BILLING)).isEqualTo("inactive/suspended+account");
        assertThat(lift.apply(((Moved) as(held, Action.SUSPEND_UNPAID, Role.BILLING, suspended, null)).to()))
                .isEqualTo("suspended");
        State heldSuspended = suspend.apply(STATES.get("suspended"));
        assertThat(walk(heldSuspended, suspended, Action.LIFT_SUSPENSION, Role.BILLING))
                .isEqualTo("inactive+account");
        assertThat(lift.apply(((Moved) as(heldSuspended, Action.LIFT_SUSPENSION, Role.BILLING, suspended, null)).to()))
                .isEqualTo("active");
        State heldAwaiting = suspend.apply(STATES.get("awaiting_payment"));
        assertThat(walk(heldAwaiting, suspended, Action.FIRST_PAYMENT, Role.BILLING))
                .isEqualTo("inactive+account");
        assertThat(lift.apply(((Moved) as(heldAwaiting, Action.FIRST_PAYMENT, Role.BILLING, suspended, null)).to()))
                .isEqualTo("pending");
        // nothing brings a held relay back while the account is suspended; the lift itself waits for the account
        assertThat(walk(held, suspended, Action.REACTIVATE, Role.TENANT)).isEqualTo("403");
        assertThat(walk(held, suspended, Action.REACTIVATE, Role.ADMIN)).isEqualTo("403");
        assertThat(walk(held, suspended, Action.LIFT_ACCOUNT_SUSPENSION, Role.ADMIN))
                .isEqualTo("409");
        assertThat(walk(held, lifted, Action.LIFT_ACCOUNT_SUSPENSION, Role.TENANT))
                .isEqualTo("403");
        assertThat(walk(held, lifted, Action.SUSPEND_ACCOUNT, Role.TENANT)).isEqualTo("403");
        // a paid relay whose place nothing pays for yet waits for payment; a free one is served at once
        assertThat(walk(held, lifted, Action.LIFT_ACCOUNT_SUSPENSION_PAY_FIRST, Role.ADMIN))
                .isEqualTo("awaiting_payment");
        State heldFree = suspend.apply(new State(RelayStatus.ACTIVE, RelayHold.NONE, true, "free", null, null));
        assertThat(walk(heldFree, lifted, Action.LIFT_ACCOUNT_SUSPENSION_PAY_FIRST, Role.ADMIN))
                .isEqualTo("active free");
        assertThat(walk(
                        suspend.apply(STATES.get("suspended")),
                        lifted,
                        Action.LIFT_ACCOUNT_SUSPENSION_PAY_FIRST,
                        Role.ADMIN))
                .isEqualTo("suspended");
        // the mark exists only on inactive relays
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new State(RelayStatus.ACTIVE, RelayHold.NONE, true, "basic", null, null, true))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void whatZooidIsSentInEachState() {
        Map<String, Boolean> served = new LinkedHashMap<>();
        for (var e : STATES.entrySet())
            served.put(e.getKey(), RelayStateMachine.served(e.getValue().status()));
        assertThat(served)
                .containsExactly(
                        Map.entry("pending", true),
                        Map.entry("active", true),
                        Map.entry("provisioning_failed", true),
                        Map.entry("awaiting_payment", false),
                        Map.entry("suspended", false),
                        Map.entry("inactive", false),
                        Map.entry("inactive/awaiting_payment", false),
                        Map.entry("inactive/suspended", false));
        // the features are always those of the paid-for plan, never of an upgrade waiting for payment
        assertThat(RelayStateMachine.servedPlan(
                        new State(RelayStatus.ACTIVE, RelayHold.NONE, true, "free", null, "growth")))
                .isEqualTo("free");
        assertThat(RelayStateMachine.servedPlan(
                        new State(RelayStatus.ACTIVE, RelayHold.NONE, true, "growth", "free", null)))
                .isEqualTo("growth");
    }

    @Test
    void offeredActionsAreExactlyTheAcceptedOnes() {
        // a billing-suspended relay offers Pay, never Reactivate; a deactivated suspended one neither Reactivate
        assertThat(RelayStateMachine.offered(STATES.get("suspended"), Role.TENANT, Facts.none(Plans.seed())))
                .contains("pay", "deactivate", "plan:free")
                .doesNotContain(
                        "reactivate", "plan:growth"); // a downgrade may be scheduled, an upgrade waits for payment
        assertThat(RelayStateMachine.offered(STATES.get("inactive/suspended"), Role.TENANT, Facts.none(Plans.seed())))
                .contains("pay")
                .doesNotContain("reactivate");
        assertThat(RelayStateMachine.offered(STATES.get("suspended"), Role.ADMIN, Facts.none(Plans.seed())))
                .contains("unsuspend");
        assertThat(RelayStateMachine.offered(STATES.get("inactive"), Role.TENANT, new Facts(true, false, Plans.seed())))
                .doesNotContain("reactivate", "edit");
        assertThat(RelayStateMachine.offered(STATES.get("inactive"), Role.ADMIN, new Facts(true, false, Plans.seed())))
                .contains("edit");
        assertThat(RelayStateMachine.offered(STATES.get("inactive"), Role.TENANT, Facts.none(Plans.seed())))
                .contains("reactivate")
                .doesNotContain("deactivate");
        assertThat(RelayStateMachine.offered(STATES.get("active"), Role.TENANT, Facts.none(Plans.seed())))
                .contains("deactivate", "plan:free", "plan:growth")
                .doesNotContain("pay");
        // every offered state-changing action is accepted by apply (the web app never shows a button that answers 4xx)
        for (var e : STATES.entrySet())
            for (Role actor : new Role[] {Role.TENANT, Role.ADMIN})
                for (String action : RelayStateMachine.offered(e.getValue(), actor, Facts.none(Plans.seed()))) {
                    Action a = switch (action) {
                        case "deactivate" -> Action.DEACTIVATE;
                        case "reactivate" -> Action.REACTIVATE;
                        case "unsuspend" -> Action.ADMIN_UNSUSPEND;
                        case "cancel_plan_change" -> Action.CANCEL_PLAN_CHANGE;
                        case "retry_provisioning" -> Action.RETRY_PROVISIONING;
                        default -> null;
                    };
                    if (a != null)
                        assertThat(as(e.getValue(), a, actor, Facts.none(Plans.seed()), null))
                                .as(e.getKey() + " " + action)
                                .isInstanceOf(Moved.class);
                }
    }
}
