package caravel.relays;

import caravel.domain.Epoch;
import caravel.domain.Failure;
import caravel.domain.Plan;
import caravel.domain.RelayHold;
import caravel.domain.RelayProfile;
import caravel.domain.RelayStatus;
import caravel.domain.Setting;
import caravel.jobs.JobPayloads;
import caravel.relayparts.Lifecycle;
import caravel.relayparts.RelayParts;
import caravel.relays.RelayStateMachine.Action;
import caravel.relays.RelayStateMachine.Actor;
import caravel.relays.RelayStateMachine.Role;
import caravel.store.Relay;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * The relay lifecycle: every change is one transaction that writes the row, an activity entry and the
 * provisioning/sync job, so nothing is half-done after a crash.
 */
public final class Relays {
    public static final String JOB_PROVISION = "relay.provision";
    public static final String JOB_SYNC = "relay.sync";
    /** A deleted relay's final backup, then the sync that stops it (under the relay's own job key). */
    public static final String JOB_RETIRE = "relay.retire";
    /** Waits for a deleted relay's undo window to end, then queues its purge (its own key: it waits for days). */
    public static final String JOB_PURGE_TIMER = "relay.purge_timer";
    /** Removes a deleted relay from zooid and frees its subdomain (under the relay's own job key). */
    public static final String JOB_PURGE = "relay.purge";

    /**
     * An edit of a relay, built by name ({@link #NONE} and the withers): the profile's fields to change (a null field
     * stays as it is), a new subdomain and a new plan (null: unchanged).
     */
    public record Changes(RelayProfile profile, String subdomain, Plan plan) {
        public static final Changes NONE = new Changes(RelayProfile.UNCHANGED, null, null);

        public Changes withProfile(RelayProfile profile) {
            return new Changes(profile, subdomain, plan);
        }

        public Changes withSubdomain(String subdomain) {
            return new Changes(profile, subdomain, plan);
        }

        public Changes withPlan(Plan plan) {
            return new Changes(profile, subdomain, plan);
        }
    }

    private final RelayDeps d;
    private final RelayBilling billing;
    private final RelayQuota quota;
    private final RelaySettingsRules settingsRules;
    private final java.time.Duration undoWindow;
    private final RelayParts parts;
    private final RelayEdits edits;
    private final AccountSuspension suspension;
    private final RelayHandover handover;

    /** @param parts the relay parts, told of each deletion, undo and suspension in its transaction */
    public Relays(
            RelayDeps d,
            RelayBilling billing,
            RelayQuota quota,
            RelaySettingsRules settingsRules,
            RelayMembers members,
            Placement placement,
            caravel.config.Config.Retirement retirement,
            RelayParts parts) {
        this.d = d;
        this.parts = parts;
        this.undoWindow = retirement.undoWindow();
        this.settingsRules = settingsRules;
        this.billing = billing;
        this.quota = quota;
        this.edits = new RelayEdits(d, billing, quota, settingsRules, members, placement, retirement.redirectFor());
        this.suspension = new AccountSuspension(
                d.jdbi(), d.clock(), d.tenants(), d.relayStore(), d.activity(), d.transitions(), billing, parts);
        this.handover = new RelayHandover(
                d.clock(), d.tenants(), d.relayStore(), d.activity(), d.transitions(), billing, quota);
    }

    /** A new relay and the invoice created with it (null for free plans). */
    public record Created(Relay relay, String invoiceId) {}

    /**
     * A step of another service that belongs to a relay's creation or edit (its custom domain): run in the same
     * transaction once the relay is written, with the relay as it then is, so either both commit or neither does.
     */
    @FunctionalInterface
    public interface InSameTransaction {
        InSameTransaction NOTHING = (h, r) -> {};

        void run(Handle h, Relay r);
    }

    public Created create(NewRelay n, Actor by) {
        return edits.create(n, by, InSameTransaction.NOTHING);
    }

    /** Creates the relay and runs {@code also} in the same transaction (a refusal there makes no relay). */
    public Created create(NewRelay n, Actor by, InSameTransaction also) {
        return edits.create(n, by, also);
    }

    /** create() inside the caller's transaction (quotes run it and roll back). */
    public Created createIn(Handle h, NewRelay n, Actor by, String id, String sealed, long now) {
        return edits.createIn(h, n, by, id, sealed, now);
    }

    /** How many more free relays the tenant may hold now (the quota's hint; quotes read it in their transaction). */
    public int freeRelaysLeft(Handle h, String tenant) {
        return quota.freeRelaysLeft(h, tenant);
    }

    /** Edits a relay ({@link RelayEdits#update}: a plan change is one of the state machine's plan actions). */
    public Relay update(String id, Changes c, Actor by) {
        return edits.update(id, c, Map.of(), by, InSameTransaction.NOTHING);
    }

    /** Edits a relay and its settings in one transaction: a refused setting leaves the other fields unchanged too. */
    public Relay update(String id, Changes c, Map<Setting, Boolean> settings, Actor by) {
        return edits.update(id, c, settings, by, InSameTransaction.NOTHING);
    }

    /** Edits a relay and its settings and runs {@code also} in the same transaction (a refusal there changes nothing). */
    public Relay update(String id, Changes c, Map<Setting, Boolean> settings, Actor by, InSameTransaction also) {
        return edits.update(id, c, settings, by, also);
    }

    /** update() inside the caller's transaction (quotes run it and roll back). */
    public Relay updateIn(Handle h, String id, Changes c, Actor by, long now) {
        return edits.updateIn(h, id, c, by, now);
    }

    /** Why a subdomain cannot be had now (its form, or another relay has it), or null when it is free. */
    public String subdomainProblem(String subdomain) {
        return edits.subdomainProblem(subdomain);
    }

    /** The rules the relay's settings follow (what a relay really has, what may be switched). */
    public RelaySettingsRules settingsRules() {
        return settingsRules;
    }

    /** Switches settings of a relay, refused as a whole when one change is ({@link RelayEdits#changeSettings}). */
    public Relay changeSettings(String relayId, Map<Setting, Boolean> changes, Actor by) {
        return edits.changeSettings(relayId, changes, by);
    }

    /** The actions someone in {@code role} may take on the relay now, by the state machine (the web app offers only those). */
    public List<String> offered(Relay r, Role role) {
        return offer(r, role).actions();
    }

    /** What {@link #offer} finds: the actions, and the epoch second from which the clock alone would change them. */
    public record Offer(List<String> actions, long changesAt) {}

    public Offer offer(Relay r, Role role) {
        var facts = d.jdbi().withHandle(h -> d.transitions().timedFacts(h, r.tenant()));
        List<String> actions = RelayStateMachine.offered(RelayTransitions.stateOf(r), role, facts.facts());
        long changesAt = facts.changesAt();
        Long until = undoUntil(r);
        if (until != null) {
            // the undo window is the clock's: past it, undo is refused (the purge follows)
            if (Epoch.seconds(d.clock()) >= until)
                actions = actions.stream().filter(a -> !a.equals("undo_delete")).toList();
            else changesAt = Math.min(changesAt, until);
        }
        return new Offer(actions, changesAt);
    }

    /**
     * Deactivating by a person: the activity says whether its owner or an administrator did it (an administrator
     * deactivating a relay of their own does it as its owner).
     */
    public Relay deactivate(String id, Actor by) {
        Relay r = d.relayStore().find(id).orElseThrow(() -> Failure.notFound("relay not found"));
        String why = by.key().equals(r.tenant())
                ? "Relay deactivated by its owner"
                : "Relay deactivated by an administrator";
        return deactivate(id, by, why);
    }

    /** Deactivating keeps whatever the relay owes underneath (a suspension, an unpaid first invoice). */
    public Relay deactivate(String id, Actor by, String why) {
        return d.jdbi().inTransaction(h -> d.transitions().apply(h, id, Action.DEACTIVATE, by, null, why));
    }

    /**
     * Its owner deletes the relay, typing its subdomain to confirm: in one transaction the relay's unpaid first and
     * upgrade invoices are cancelled (they bill service it never had), it is marked deleted and stopped (the state
     * machine's {@link Action#DELETE}), its final backup and stop are queued, and its purge is timed for the end of the
     * undo window. Refused while an invoice bills it for service it already had (pay that first: deleting does not
     * cancel a debt, and an undo must not bring back service nobody paid for).
     */
    public Relay delete(String id, String confirm, Actor by) {
        d.relayStore().find(id).ifPresent(billing::settleKnownPayments); // before its unpaid invoices are cancelled
        return d.jdbi().inTransaction(h -> {
            Relay r = d.relayStore().find(h, id).orElseThrow(() -> Failure.notFound("relay not found"));
            if (confirm == null || !confirm.trim().equals(r.subdomain()))
                throw new Failure(
                        Failure.Kind.INVALID,
                        "confirmation_mismatch",
                        "confirm",
                        "type the relay's subdomain, " + r.subdomain() + ", to confirm its deletion");
            d.transitions().check(h, r, Action.DELETE, by.role(), null); // already deleted: refused before any change
            List<String> owed = billing.unpaidServiceInvoices(h, r);
            if (!owed.isEmpty())
                throw new Failure(
                        Failure.Kind.CONFLICT,
                        "unpaid_invoice",
                        null,
                        "invoice " + owed.get(0) + " is unpaid and bills this relay for time it was in service: pay it,"
                                + " then delete the relay (deactivate it to stop it meanwhile)");
            if (r.awaitingPaymentInvoice() != null) {
                billing.voidUnpaid(h, r.awaitingPaymentInvoice(), "the relay was deleted before it was paid for");
                d.relayStore().setAwaitingPaymentInvoice(h, id, null);
            }
            edits.dropUpgradeInvoice(h, r, "the relay was deleted");
            if (r.upgradePlan() != null) // its invoice is gone: the upgrade goes with it
            d.transitions().apply(h, id, Action.CANCEL_PLAN_CHANGE, by, null, null);
            d.transitions()
                    .apply(
                            h,
                            id,
                            Action.DELETE,
                            by,
                            null,
                            "Relay deleted by its owner: it can be brought back for " + undoWindow.toSeconds()
                                    + " s, then it is purged and its subdomain freed (the purge's entry says what"
                                    + " leaves the relay host)");
            // the window runs from the deletion's own time (the transition reads the clock itself: a second may
            // have turned since this method read it)
            long until = d.relayStore().find(h, id).orElseThrow().deletion().at() + undoWindow.toSeconds();
            d.relayStore().setUndoUntil(h, id, until);
            Relay after = d.relayStore().find(h, id).orElseThrow();
            parts.react(h, Lifecycle.Event.of(Lifecycle.DELETED, after, by.who()));
            // the final backup is read from the relay while zooid still serves it; the stop (a sync) follows it. Made
            // due now under the relay's key, so it takes the place of a sync queued there (it queues one when done)
            String payload = JobPayloads.write(new RelayJob(id));
            d.jobs().enqueueNow(h, JOB_RETIRE, payload, jobKey(id), 3);
            d.jobs().enqueueAt(h, JOB_PURGE_TIMER, payload, purgeTimerKey(id), 12, until * 1000);
            return after;
        });
    }

    /** When a deleted relay's undo window ends (epoch seconds), or null when it is not deleted. */
    public Long undoUntil(Relay r) {
        return r.deletion() == null || r.deletion().purged()
                ? null
                : r.deletion().undoUntil();
    }

    /**
     * Deleted and past its undo: purged, or its undo window over (its purge is due). Nothing brings it back, so the
     * places that list a tenant's relays for a client that knows no deletion (Flotilla) leave it out.
     */
    public boolean pastUndo(Relay r) {
        if (!r.deleted()) return false;
        Long until = undoUntil(r);
        return until == null || Epoch.seconds(d.clock()) >= until;
    }

    /**
     * Its owner brings a deleted relay back within the undo window: the same relay, subdomain, members and events (zooid
     * kept them while it was inactive), to the status it had, as billing now allows: a paid relay back in service is
     * charged for the rest of the cycle as a reactivated one is, one that was waiting for its first payment gets a new
     * first invoice. It takes its place in the account's quota again, so there must be room.
     */
    public Relay undelete(String id, Actor by) {
        long now = Epoch.seconds(d.clock());
        return d.jdbi().inTransaction(h -> {
            Relay r = d.relayStore().find(h, id).orElseThrow(() -> Failure.notFound("relay not found"));
            Long until = undoUntil(r);
            if (until != null && now >= until)
                throw new Failure(
                        Failure.Kind.CONFLICT,
                        "undo_window_over",
                        null,
                        "the time to undo this deletion is over: the relay is being purged");
            d.transitions().check(h, r, Action.UNDELETE, by.role(), null); // not deleted, purged: refused here
            quota.checkUndo(h, r.tenant(), d.transitions().plans().of(r.plan()), id, by);
            billing.renewNow(h, r.tenant());
            boolean paidFor = billing.reactivationPaid(h, r);
            Relay after = d.transitions()
                    .apply(
                            h,
                            id,
                            paidFor ? Action.UNDELETE : Action.UNDELETE_PAY_FIRST,
                            by,
                            null,
                            "Deletion undone: the relay is back as it was");
            if (RelayStateMachine.served(after.status())) billing.onReactivated(h, after, by.who());
            else if (after.status() == RelayStatus.AWAITING_PAYMENT && after.awaitingPaymentInvoice() == null) {
                String invoice =
                        billing.firstInvoice(h, after, by.who()); // its first invoice was cancelled by the deletion
                if (invoice != null) edits.awaitPaymentOf(h, id, invoice);
            }
            // the purge timer stays queued: when it runs it finds the relay not deleted and does nothing
            Relay back = d.relayStore().find(h, id).orElseThrow();
            parts.react(h, Lifecycle.Event.of(Lifecycle.UNDELETED, back, by.who()));
            return back;
        });
    }

    /**
     * The relay whose old subdomain this was, while that address redirects to its new one (a relay serving the
     * subdomain now is zooid's to answer, so there is none then).
     */
    public java.util.Optional<Relay> redirectedFrom(String subdomain) {
        if (d.relayStore().bySubdomain(subdomain).isPresent()) return java.util.Optional.empty();
        return d.relayStore().redirectedFrom(subdomain, Epoch.seconds(d.clock()));
    }

    /** The purge timer's dedupe key: one timer per relay, apart from its provisioning and sync jobs. */
    public static String purgeTimerKey(String relayId) {
        return "relay-purge:" + relayId;
    }

    /** Back in service (or back to waiting for its first payment); refused while a billing suspension holds. */
    public Relay reactivate(String id, Actor by) {
        return d.jdbi().inTransaction(h -> {
            Relay r = d.relayStore().find(h, id).orElseThrow(() -> Failure.notFound("relay not found"));
            billing.renewNow(h, r.tenant());
            boolean paidFor = billing.reactivationPaid(h, r);
            Relay after;
            try {
                after = d.transitions()
                        .apply(
                                h,
                                id,
                                paidFor ? Action.REACTIVATE : Action.REACTIVATE_PAY_FIRST,
                                by,
                                null,
                                paidFor
                                        ? "Relay reactivated"
                                        : "Relay reactivated: it is served once its payment goes through");
            } catch (TransitionRefused e) {
                // waiting for its first payment: say what to pay (a client may show only this sentence)
                if (r.awaitingPaymentInvoice() != null && r.status() == RelayStatus.AWAITING_PAYMENT)
                    throw new TransitionRefused(
                            e.kind(),
                            "this relay starts once its first invoice is paid: pay invoice "
                                    + r.awaitingPaymentInvoice() + " and it is served at once");
                throw e;
            }
            if (after.status() != r.status() && RelayStateMachine.served(after.status()))
                billing.onReactivated(h, after, by.who());
            else if (!paidFor
                    && r.hold() == RelayHold.NONE
                    && after.status() == RelayStatus.AWAITING_PAYMENT) { // charged now, as a new relay is
                String invoice = billing.firstInvoice(h, after, by.who());
                if (invoice != null) d.relayStore().setAwaitingPaymentInvoice(h, id, invoice);
            }
            return d.relayStore().find(h, id).orElseThrow();
        });
    }

    /** An administrator lifts a relay's billing suspension: recorded, and the overdue invoices no longer suspend. */
    public Relay unsuspend(String id, Actor by) {
        return d.jdbi().inTransaction(h -> {
            Relay r = d.relayStore().find(h, id).orElseThrow(() -> Failure.notFound("relay not found"));
            d.transitions().check(h, r, Action.ADMIN_UNSUSPEND, by.role(), null);
            billing.waiveOverdue(h, r.tenant(), by.who());
            Relay after = d.transitions()
                    .apply(h, id, Action.ADMIN_UNSUSPEND, by, null, "Suspension lifted by an administrator");
            if (RelayStateMachine.served(after.status())) billing.onReactivated(h, after, by.who());
            return d.relayStore().find(h, id).orElseThrow();
        });
    }

    /**
     * Admin suspends a tenant, in one transaction: the account, and every relay of it not already inactive goes
     * inactive marked as taken down by the suspension ({@link AccountSuspension#suspendTenant}).
     */
    public void suspendTenant(String tenant, Actor by) {
        suspension.suspendTenant(tenant, by);
    }

    /** Admin lifts a tenant's suspension: the relays it took down return to what they owe. */
    public void reinstateTenant(String tenant, Actor by) {
        suspension.reinstateTenant(tenant, by);
    }

    /** Gives the relay to another owner, in the caller's transaction ({@link RelayHandover#changeOwner}). */
    public Relay changeOwner(Handle h, String relayId, String from, String to) {
        return handover.changeOwner(h, relayId, from, to);
    }

    /** Admin: try provisioning/sync again now, with a fresh set of attempts. */
    public Relay retryProvisioning(String id, Actor by) {
        long now = Epoch.seconds(d.clock());
        return d.jdbi().inTransaction(h -> {
            Relay r = d.relayStore().find(h, id).orElseThrow(() -> Failure.notFound("relay not found"));
            d.transitions().apply(h, id, Action.RETRY_PROVISIONING, by, null, null);
            d.relayStore().resetSyncAttempts(h, id, now);
            d.activity()
                    .add(
                            h,
                            r.tenant(),
                            id,
                            "provisioning_retried",
                            "Provisioning retried by an administrator",
                            by.who(),
                            now);
            String kind = r.zooidCreated() ? JOB_SYNC : JOB_PROVISION;
            d.jobs().enqueueNow(h, kind, JobPayloads.write(new RelayJob(id)), jobKey(id), 12);
            return d.relayStore().find(h, id).orElseThrow();
        });
    }

    /**
     * For each relay whose last provisioning or sync attempt failed and that Caravel will try again (its job is queued
     * or running): that next attempt. A failed relay missing from the map is not retried any more (zooid refused the
     * config for good, or the attempts ran out): an administrator's retry is what is left. One read for a page.
     */
    public Map<String, caravel.jobs.JobQueue.Pending> retries(Handle h, java.util.Collection<Relay> relays) {
        Map<String, String> failed = new java.util.HashMap<>();
        for (Relay r : relays) if ("failed".equals(r.syncState())) failed.put(jobKey(r.id()), r.id());
        if (failed.isEmpty()) return Map.of();
        Map<String, caravel.jobs.JobQueue.Pending> out = new java.util.HashMap<>();
        d.jobs().pending(h, failed.keySet()).forEach((key, p) -> out.put(failed.get(key), p));
        return out;
    }

    /** {@link #retries(Handle, java.util.Collection)} on a handle of its own. */
    public Map<String, caravel.jobs.JobQueue.Pending> retries(java.util.Collection<Relay> relays) {
        return d.jdbi().withHandle(h -> retries(h, relays));
    }

    /** Whether an administrator holds the account {@code tenant} suspended (it neither offers nor takes a relay). */
    public boolean accountSuspended(String tenant) {
        return d.jdbi().withHandle(h -> d.tenants().suspended(h, tenant));
    }

    /** The relay with this id, whatever its state (a transfer's offer names it by id). */
    public java.util.Optional<Relay> find(String id) {
        return d.relayStore().find(id);
    }

    /** Whether the relay has an invoice still to pay (a transfer waits for it: {@link #changeOwner}). */
    public boolean owesFor(Relay r) {
        return d.jdbi().withHandle(h -> billing.owesFor(h, r));
    }

    public void enqueueSync(Handle h, String relayId) {
        d.transitions().enqueueSync(h, relayId);
    }

    /**
     * Provision and sync jobs of one relay share a dedupe key: they never run at once, and while one is queued a
     * second is not added (the queued one reconciles whatever the row holds when it runs).
     */
    public static String jobKey(String relayId) {
        return "relay:" + relayId;
    }
}
