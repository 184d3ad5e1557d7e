package caravel.relays;

import caravel.domain.Plan;
import caravel.domain.RelayProfile;
import caravel.domain.Setting;
import caravel.relays.RelayStateMachine.Action;
import caravel.relays.RelayStateMachine.Actor;
import caravel.relays.RelayStateMachine.Role;
import caravel.store.Relay;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * The relay lifecycle and edits, the one door callers go through: every change is one transaction that writes the
 * row, an activity entry and the provisioning/sync job, so nothing is half-done after a crash. Each concern is a part
 * of its own, given the stores it uses: creation ({@link RelayCreation}), edits ({@link RelayEdits}), deletion
 * ({@link RelayDeletion}), deactivation and the ways back ({@link RelayReactivation}), accounts' suspension and
 * handover ({@link RelayAccounts}), provisioning ({@link RelayProvisioning}) and what is read beside the row
 * ({@link RelayLookups}).
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

    private final RelayCreation creation;
    private final RelayEdits edits;
    private final RelayDeletion deletion;
    private final RelayReactivation reactivation;
    private final RelayAccounts accounts;
    private final RelayProvisioning provisioning;
    private final RelayLookups lookups;

    public Relays(
            RelayCreation creation,
            RelayEdits edits,
            RelayDeletion deletion,
            RelayReactivation reactivation,
            RelayAccounts accounts,
            RelayProvisioning provisioning,
            RelayLookups lookups) {
        this.creation = creation;
        this.edits = edits;
        this.deletion = deletion;
        this.reactivation = reactivation;
        this.accounts = accounts;
        this.provisioning = provisioning;
        this.lookups = lookups;
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
        return creation.create(n, by, InSameTransaction.NOTHING);
    }

    /** Creates the relay and runs {@code also} in the same transaction (a refusal there makes no relay). */
    public Created create(NewRelay n, Actor by, InSameTransaction also) {
        return creation.create(n, by, also);
    }

    /** create() inside the caller's transaction (quotes run it and roll back). */
    public Created createIn(Handle h, NewRelay n, Actor by, String id, String sealed, long now) {
        return creation.createIn(h, n, by, id, sealed, now);
    }

    /** How many more free relays the tenant may hold now (the quota's hint; quotes read it in their transaction). */
    public int freeRelaysLeft(Handle h, String tenant) {
        return creation.freeRelaysLeft(h, tenant);
    }

    /** Edits a relay ({@link RelayEdits}: a plan change is one of the state machine's plan actions). */
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
        return edits.settingsRules();
    }

    /** Switches settings of a relay, refused as a whole when one change is ({@link RelaySettingsEdits}). */
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
        return lookups.offer(r, role);
    }

    /**
     * Deactivating by a person: the activity says whether its owner or an administrator did it (an administrator
     * deactivating a relay of their own does it as its owner).
     */
    public Relay deactivate(String id, Actor by) {
        return reactivation.deactivate(id, by);
    }

    /** Deactivating keeps whatever the relay owes underneath (a suspension, an unpaid first invoice). */
    public Relay deactivate(String id, Actor by, String why) {
        return reactivation.deactivate(id, by, why);
    }

    /**
     * Its owner deletes the relay, typing its subdomain to confirm: in one transaction the relay's unpaid first and
     * upgrade invoices are cancelled (they bill service it never had), it is marked deleted and stopped (the state
     * machine's {@link Action#DELETE}), its final backup and stop are queued, and its purge is timed for the end of the
     * undo window. Refused while an invoice bills it for service it already had (pay that first: deleting does not
     * cancel a debt, and an undo must not bring back service nobody paid for).
     */
    public Relay delete(String id, String confirm, Actor by) {
        return deletion.delete(id, confirm, by);
    }

    /** When a deleted relay's undo window ends (epoch seconds), or null when it is not deleted. */
    public Long undoUntil(Relay r) {
        return RelayDeletion.undoUntil(r);
    }

    /**
     * Deleted and past its undo: purged, or its undo window over (its purge is due). Nothing brings it back, so the
     * places that list a tenant's relays for a client that knows no deletion (Flotilla) leave it out.
     */
    public boolean pastUndo(Relay r) {
        return lookups.pastUndo(r);
    }

    /**
     * Its owner brings a deleted relay back within the undo window: the same relay, subdomain, members and events (zooid
     * kept them while it was inactive), to the status it had, as billing now allows: a paid relay back in service is
     * charged for the rest of the cycle as a reactivated one is, one that was waiting for its first payment gets a new
     * first invoice. It takes its place in the account's quota again, so there must be room.
     */
    public Relay undelete(String id, Actor by) {
        return reactivation.undelete(id, by);
    }

    /**
     * The relay whose old subdomain this was, while that address redirects to its new one (a relay serving the
     * subdomain now is zooid's to answer, so there is none then).
     */
    public java.util.Optional<Relay> redirectedFrom(String subdomain) {
        return lookups.redirectedFrom(subdomain);
    }

    /** The purge timer's dedupe key: one timer per relay, apart from its provisioning and sync jobs. */
    public static String purgeTimerKey(String relayId) {
        return "relay-purge:" + relayId;
    }

    /** Back in service (or back to waiting for its first payment); refused while a billing suspension holds. */
    public Relay reactivate(String id, Actor by) {
        return reactivation.reactivate(id, by);
    }

    /** An administrator lifts a relay's billing suspension: recorded, and the overdue invoices no longer suspend. */
    public Relay unsuspend(String id, Actor by) {
        return reactivation.unsuspend(id, by);
    }

    /**
     * Admin suspends a tenant, in one transaction: the account, and every relay of it not already inactive goes
     * inactive marked as taken down by the suspension ({@link AccountSuspension#suspendTenant}).
     */
    public void suspendTenant(String tenant, Actor by) {
        accounts.suspendTenant(tenant, by);
    }

    /** Admin lifts a tenant's suspension: the relays it took down return to what they owe. */
    public void reinstateTenant(String tenant, Actor by) {
        accounts.reinstateTenant(tenant, by);
    }

    /** Gives the relay to another owner, in the caller's transaction ({@link RelayHandover#changeOwner}). */
    public Relay changeOwner(Handle h, String relayId, String from, String to) {
        return accounts.changeOwner(h, relayId, from, to);
    }

    /** Admin: try provisioning/sync again now, with a fresh set of attempts. */
    public Relay retryProvisioning(String id, Actor by) {
        return provisioning.retryProvisioning(id, by);
    }

    /**
     * For each relay whose last provisioning or sync attempt failed and that Caravel will try again (its job is queued
     * or running): that next attempt. A failed relay missing from the map is not retried any more (zooid refused the
     * config for good, or the attempts ran out): an administrator's retry is what is left. One read for a page.
     */
    public Map<String, caravel.jobs.JobQueue.Pending> retries(Handle h, java.util.Collection<Relay> relays) {
        return provisioning.retries(h, relays);
    }

    /** {@link #retries(Handle, java.util.Collection)} on a handle of its own. */
    public Map<String, caravel.jobs.JobQueue.Pending> retries(java.util.Collection<Relay> relays) {
        return provisioning.retries(relays);
    }

    /** Whether an administrator holds the account {@code tenant} suspended (it neither offers nor takes a relay). */
    public boolean accountSuspended(String tenant) {
        return accounts.accountSuspended(tenant);
    }

    /** The relay with this id, whatever its state (a transfer's offer names it by id). */
    public java.util.Optional<Relay> find(String id) {
        return lookups.find(id);
    }

    /** Whether the relay has an invoice still to pay (a transfer waits for it: {@link #changeOwner}). */
    public boolean owesFor(Relay r) {
        return lookups.owesFor(r);
    }

    public void enqueueSync(Handle h, String relayId) {
        provisioning.enqueueSync(h, relayId);
    }

    /**
     * Provision and sync jobs of one relay share a dedupe key: they never run at once, and while one is queued a
     * second is not added (the queued one reconciles whatever the row holds when it runs).
     */
    public static String jobKey(String relayId) {
        return "relay:" + relayId;
    }
}
