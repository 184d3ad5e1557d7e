package caravel.relays;

import caravel.domain.Failure;
import caravel.domain.Plan;
import caravel.domain.RelayHold;
import caravel.domain.RelaySettings;
import caravel.domain.RelayStatus;
import caravel.domain.Setting;
import caravel.domain.Validation;
import caravel.jobs.JobPayloads;
import caravel.nostr.Schnorr;
import caravel.relayparts.Lifecycle;
import caravel.relayparts.RelayParts;
import caravel.relays.RelayStateMachine.Action;
import caravel.relays.RelayStateMachine.Actor;
import caravel.relays.RelayStateMachine.Role;
import caravel.relays.RelayStateMachine.State;
import caravel.store.Ids;
import caravel.store.Relay;
import caravel.store.Sql;
import caravel.zooid.RelaySecrets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

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
     * settings: what the creator asked for, by setting (empty = every default), checked by {@link RelaySettingsRules}.
     * zooidDomain: the relay domain asked for (Flotilla's zooid_domain), placing it on a node serving that domain;
     * empty: wherever there is most room ({@link Placement}).
     */
    public record NewRelay(
            String tenant,
            String name,
            String subdomain,
            String icon,
            String description,
            Plan plan,
            Map<Setting, Boolean> settings,
            java.util.Optional<String> zooidDomain) {
        public NewRelay {
            settings = Map.copyOf(settings);
        }

        /** A relay placed wherever there is most room. */
        public NewRelay(
                String tenant,
                String name,
                String subdomain,
                String icon,
                String description,
                Plan plan,
                Map<Setting, Boolean> settings) {
            this(tenant, name, subdomain, icon, description, plan, settings, java.util.Optional.empty());
        }

        /** A relay with every setting at its default. */
        public NewRelay(String tenant, String name, String subdomain, String icon, String description, Plan plan) {
            this(tenant, name, subdomain, icon, description, plan, Map.of());
        }
    }

    public record Changes(String name, String subdomain, String icon, String description, Plan plan) {}

    private final RelayDeps d;
    private final RelayBilling billing;
    private final RelayQuota quota;
    private final RelaySettingsRules settingsRules;
    private final RelayMembers members;
    private final Placement placement;
    private final java.time.Duration undoWindow;
    private final java.time.Duration redirectFor;
    private final RelayParts parts;

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
        this.redirectFor = retirement.redirectFor();
        this.placement = placement;
        this.settingsRules = settingsRules;
        this.members = members;
        this.billing = billing;
        this.quota = quota;
    }

    private static Failure subdomainTaken(String subdomain) {
        return new Failure(
                Failure.Kind.CONFLICT,
                "subdomain_taken",
                "subdomain",
                "subdomain '" + subdomain + "' is already taken");
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

    public Created create(NewRelay n, String actor) {
        return create(n, actor, InSameTransaction.NOTHING);
    }

    /** Creates the relay and runs {@code also} in the same transaction (a refusal there makes no relay). */
    public Created create(NewRelay given, String actor, InSameTransaction also) {
        NewRelay n = withSubdomainChecked(given);
        long now = d.clock().millis() / 1000;
        String id = Ids.newId();
        String sealed = d.box().seal(Schnorr.newSecret(), RelaySecrets.context(id));
        try {
            return d.jdbi().inTransaction(h -> {
                Created created = createIn(h, n, actor, id, sealed, now);
                also.run(h, created.relay());
                return created;
            });
        } catch (UnableToExecuteStatementException e) {
            if (Sql.isUniqueViolation(e)) throw subdomainTaken(n.subdomain());
            throw e;
        }
    }

    /** How many more free relays the tenant may hold now (the quota's hint; quotes read it in their transaction). */
    public int freeRelaysLeft(Handle h, String tenant) {
        return quota.freeRelaysLeft(h, tenant);
    }

    /** create() inside the caller's transaction (quotes run it and roll back). */
    public Created createIn(Handle h, NewRelay given, String actor, String id, String sealed, long now) {
        NewRelay n = withTextChecked(given);
        d.tenants().ensure(h, n.tenant(), now);
        if (d.tenants().find(h, n.tenant()).orElseThrow().suspended())
            throw Failure.forbidden("this account is suspended: relays cannot be created");
        if (d.relayStore().subdomainTaken(h, n.subdomain(), null)) throw subdomainTaken(n.subdomain());
        requireOffered(n.plan(), null);
        quota.checkCreate(h, n.tenant(), n.plan(), actor);
        quota.checkDeletedWaiting(h, n.tenant(), actor);
        RelayStateMachine.State init = RelayStateMachine.initial(n.plan());
        // inside the write lock: the count below is this writer's alone (see Placement)
        Placement.Place place = placement.choose(h, n.zooidDomain());
        // after placing: public reading and writing depend on the line of the node chosen
        settingsRules.checkNew(n.settings(), n.plan(), place.node());
        Relay r = new Relay(
                id,
                n.tenant(),
                n.name(),
                n.subdomain(),
                freeSchema(h, n.subdomain()),
                n.icon(),
                n.description(),
                n.plan().id(),
                init.status(),
                sealed,
                "pending",
                null,
                0,
                null,
                null,
                false,
                now,
                now,
                null,
                null,
                init.hold(),
                null,
                null,
                RelaySettings.defaults().with(n.settings()),
                false,
                place.node(),
                place.domain(),
                null);
        d.relayStore().insert(h, r);
        d.activity()
                .add(
                        h,
                        r.tenant(),
                        id,
                        "created",
                        "Relay created on the " + n.plan().name() + " plan",
                        actor,
                        now);
        String invoice = billing.firstInvoice(h, r, actor);
        if (invoice != null) awaitPaymentOf(h, id, invoice);
        d.jobs().enqueue(h, JOB_PROVISION, JobPayloads.write(new RelayJob(id)), jobKey(id), 12);
        return new Created(d.relayStore().find(h, id).orElseThrow(), invoice);
    }

    /** The relay waits for this invoice; one already settled (by credit, or for nothing) serves it at once. */
    private void awaitPaymentOf(Handle h, String relayId, String invoice) {
        if (billing.isPaid(h, invoice))
            d.transitions()
                    .apply(
                            h,
                            relayId,
                            Action.FIRST_PAYMENT,
                            Actor.BILLING,
                            null,
                            "First invoice paid from your credit: the relay is live");
        else d.relayStore().setAwaitingPaymentInvoice(h, relayId, invoice);
    }

    /** zooid ids and schemas must be unique forever; a subdomain freed by a rename may come back, so suffix on collision. */
    private String freeSchema(Handle h, String subdomain) {
        String base = subdomain.replace('-', '_');
        String candidate = base;
        for (int i = 2; d.relayStore().schemaTaken(h, candidate); i++) candidate = base + "_" + i;
        return candidate;
    }

    /**
     * Edits a relay. A plan change is one of the state machine's plan actions: an upgrade records its target and a
     * gated invoice (the relay keeps its plan until that is paid), a downgrade waits for the next renewal, asking for
     * the current plan cancels either; a relay that never paid for its plan switches at once with a new first invoice.
     */
    public Relay update(String id, Changes c, Actor by) {
        return update(id, c, Map.of(), by);
    }

    /**
     * Edits a relay and its settings in one transaction: a refused setting leaves the other fields unchanged too. The
     * settings are checked against the plan the relay has after the edit (a relay awaiting its first payment switches
     * plans at once; an upgrade waits for its payment).
     */
    public Relay update(String id, Changes c, Map<Setting, Boolean> settings, Actor by) {
        return update(id, c, settings, by, InSameTransaction.NOTHING);
    }

    /** Edits a relay and its settings and runs {@code also} in the same transaction (a refusal there changes nothing). */
    public Relay update(String id, Changes given, Map<Setting, Boolean> settings, Actor by, InSameTransaction also) {
        Changes c = checked(given); // refused before anything is asked of the relay or written
        long now = d.clock().millis() / 1000;
        if (c.plan() == null) return updateNow(id, c, settings, by, now, also);
        d.relayStore().find(id).ifPresent(billing::settleKnownPayments); // before anything unpaid is voided
        // No member is added from the count to the commit, so the new plan holds the members it was checked on. The
        // count asks the relay (NIP-86) before the transaction opens: SQLite has one write lock for the whole service,
        // and no network call is made while holding it; the relay's count lock keeps the count true until the commit.
        return members.holdingCount(id, () -> {
            Relay r = d.relayStore().find(id).orElseThrow(() -> Failure.notFound("relay not found"));
            d.jdbi()
                    .useHandle(h ->
                            d.transitions().checkEditable(h, r, by.role())); // a suspended account hears that first
            members.checkPlanChange(r, c.plan());
            return updateNow(id, c, settings, by, now, also);
        });
    }

    private Relay updateNow(
            String id, Changes c, Map<Setting, Boolean> settings, Actor by, long now, InSameTransaction also) {
        try {
            return d.jdbi().inTransaction(h -> {
                updateIn(h, id, c, by, now);
                Relay updated = changeSettingsIn(h, id, settings, by, now);
                also.run(h, updated);
                return updated;
            });
        } catch (UnableToExecuteStatementException e) {
            if (Sql.isUniqueViolation(e)) throw subdomainTaken(c.subdomain());
            throw e;
        }
    }

    /** update() inside the caller's transaction (quotes run it and roll back). */
    public Relay updateIn(Handle h, String id, Changes given, Actor by, long now) {
        Changes c = checked(given);
        Relay r = d.relayStore().find(h, id).orElseThrow(() -> Failure.notFound("relay not found"));
        d.transitions().checkEditable(h, r, by.role());
        if (c.plan() != null) {
            requireOffered(c.plan(), r.plan());
            State s = RelayTransitions.stateOf(r);
            Action a = RelayStateMachine.planAction(
                    s, c.plan().id(), d.transitions().plans());
            if (!(a == Action.CANCEL_PLAN_CHANGE && s.pendingPlan() == null && s.upgradePlan() == null))
                d.transitions().check(h, r, a, by.role(), c.plan().id()); // refused before any field changes
        }
        List<String> notes = new ArrayList<>();
        String name = pick(c.name(), r.name(), "name", notes);
        String icon = pick(c.icon(), r.icon(), "icon", notes);
        String description = pick(c.description(), r.description(), "description", notes);
        String subdomain = r.subdomain();
        if (c.subdomain() != null && !c.subdomain().equals(r.subdomain())) {
            if (d.relayStore().subdomainTaken(h, c.subdomain(), id)) throw subdomainTaken(c.subdomain());
            subdomain = c.subdomain();
        }
        if (!notes.isEmpty() || !subdomain.equals(r.subdomain())) {
            d.relayStore()
                    .updateFields(
                            h,
                            new Relay(
                                    r.id(),
                                    r.tenant(),
                                    name,
                                    subdomain,
                                    r.schema(),
                                    icon,
                                    description,
                                    r.plan(),
                                    r.status(),
                                    r.secretEnc(),
                                    r.syncState(),
                                    r.syncError(),
                                    r.syncAttempts(),
                                    r.syncedAt(),
                                    r.syncedConfig(),
                                    r.zooidCreated(),
                                    r.createdAt(),
                                    now,
                                    r.pendingPlan(),
                                    r.awaitingPaymentInvoice(),
                                    r.hold(),
                                    r.upgradePlan(),
                                    r.upgradeInvoice(),
                                    r.settings(),
                                    r.accountHold(),
                                    r.zooidNode(),
                                    r.relayDomain(),
                                    null),
                            now);
            if (!notes.isEmpty())
                d.activity().add(h, r.tenant(), id, "updated", "Changed " + String.join(", ", notes), by.key(), now);
            // its old address keeps answering NIP-11 with redirect_to its new one for a while (docs/deleting.md)
            if (!subdomain.equals(r.subdomain()) && !redirectFor.isZero())
                d.relayStore().addRedirect(h, r.subdomain(), id, now + redirectFor.toSeconds(), now);
            if (!subdomain.equals(r.subdomain()))
                d.activity()
                        .add(
                                h,
                                r.tenant(),
                                id,
                                "subdomain_changed",
                                "Subdomain changed from " + r.subdomain() + " to " + subdomain,
                                by.key(),
                                now);
            d.transitions().enqueueSync(h, id);
        }
        if (c.plan() != null) changePlan(h, id, c.plan(), by);
        return d.relayStore().find(h, id).orElseThrow();
    }

    /**
     * The new relay's name, icon and description by the rules of the form that edits them ({@link Validation}): here,
     * where every way of creating a relay passes (the dashboard's form, Flotilla's API, restore into a new relay, a
     * quote), so none of them can publish in NIP-11 what the form refuses. Normalised as stored (NFC, trimmed).
     */
    private static NewRelay withTextChecked(NewRelay n) {
        return new NewRelay(
                n.tenant(),
                Validation.name(n.name()),
                n.subdomain(),
                Validation.icon(n.icon()),
                Validation.description(n.description()),
                n.plan(),
                n.settings(),
                n.zooidDomain());
    }

    /** The new relay's subdomain by the form's rules (quotes, which never commit, use one no relay can have). */
    private static NewRelay withSubdomainChecked(NewRelay n) {
        Validation.subdomain(n.subdomain());
        return n;
    }

    /** An edit's fields by the same rules as a new relay's; an absent field (null) stays absent. */
    private static Changes checked(Changes c) {
        return new Changes(
                c.name() == null ? null : Validation.name(c.name()),
                c.subdomain() == null ? null : Validation.subdomain(c.subdomain()),
                c.icon() == null ? null : Validation.icon(c.icon()),
                c.description() == null ? null : Validation.description(c.description()),
                c.plan());
    }

    /** Why a subdomain cannot be had now (its form, or another relay has it), or null when it is free. */
    public String subdomainProblem(String subdomain) {
        String problem = Validation.subdomainProblem(subdomain);
        if (problem == null && d.jdbi().withHandle(h -> d.relayStore().subdomainTaken(h, subdomain, null)))
            problem = "subdomain '" + subdomain + "' is already taken";
        return problem;
    }

    /** A hidden plan is not sold any more: only relays already on it keep it (choosing it again is no change). */
    private static void requireOffered(Plan plan, String current) {
        if (plan.hidden() && !plan.id().equals(current))
            throw Failure.invalidField("plan", "the " + plan.name() + " plan is no longer offered; choose another");
    }

    private void changePlan(Handle h, String id, Plan to, Actor by) {
        Relay before = d.relayStore().find(h, id).orElseThrow();
        if (!to.id().equals(before.plan())) quota.checkPlanChange(h, before.tenant(), to, id, by.key());
        billing.renewNow(h, before.tenant()); // the cycle may have turned (and applied a scheduled downgrade)
        Relay r = d.relayStore().find(h, id).orElseThrow();
        State s = RelayTransitions.stateOf(r);
        Action a = RelayStateMachine.planAction(s, to.id(), d.transitions().plans());
        if (a == Action.CANCEL_PLAN_CHANGE) {
            if (s.pendingPlan() == null && s.upgradePlan() == null) return;
            dropUpgradeInvoice(h, r, "the upgrade was cancelled");
            String what = s.upgradePlan() != null
                    ? "upgrade to " + d.transitions().plans().nameOf(s.upgradePlan())
                    : "scheduled change to " + d.transitions().plans().nameOf(s.pendingPlan());
            d.transitions().apply(h, id, a, by, null, "The " + what + " was cancelled");
            return;
        }
        if (RelayStateMachine.awaitingPayment(s)) {
            // never paid for its plan: the unpaid first invoice is replaced by one for the new plan (none for free)
            if (r.awaitingPaymentInvoice() != null)
                billing.voidUnpaid(
                        h,
                        r.awaitingPaymentInvoice(),
                        "the relay moved to the " + to.name() + " plan before it was paid");
            d.relayStore().setAwaitingPaymentInvoice(h, id, null);
            Relay moved = d.transitions().apply(h, id, a, by, to.id(), null);
            String invoice = billing.firstInvoice(h, moved, by.key());
            if (invoice != null) awaitPaymentOf(h, id, invoice);
            return;
        }
        if (a == Action.UPGRADE) {
            dropUpgradeInvoice(h, r, "replaced by an upgrade to " + to.name());
            String invoice = billing.upgradeInvoice(h, r, to, by.key());
            d.transitions()
                    .apply(
                            h,
                            id,
                            a,
                            by,
                            to.id(),
                            "Upgrade to " + to.name() + " requested: the relay stays on "
                                    + d.transitions().plans().nameOf(r.plan()) + " until "
                                    + (invoice == null
                                            ? "the card payment for it goes through"
                                            : "its invoice is paid"));
            d.relayStore().setUpgradeInvoice(h, id, invoice);
            if (invoice != null && billing.isPaid(h, invoice)) { // null: paid by card, applied when Stripe says so
                d.relayStore().setUpgradeInvoice(h, id, null);
                d.transitions()
                        .apply(
                                h,
                                id,
                                Action.APPLY_UPGRADE,
                                Actor.BILLING,
                                null,
                                "Upgrade to " + to.name() + " paid from your credit");
            }
            return;
        }
        dropUpgradeInvoice(h, r, "the relay is being downgraded instead");
        d.transitions().apply(h, id, a, by, to.id(), "Plan changes to " + to.name() + " at the next billing cycle");
    }

    private void dropUpgradeInvoice(Handle h, Relay r, String why) {
        if (r.upgradeInvoice() == null) return;
        billing.voidUnpaid(h, r.upgradeInvoice(), why);
        d.relayStore().setUpgradeInvoice(h, r.id(), null);
    }

    private static String pick(String requested, String current, String field, List<String> notes) {
        if (requested == null || requested.equals(current)) return current;
        notes.add(field);
        return requested;
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
            if (d.clock().millis() / 1000 >= until)
                actions = actions.stream().filter(a -> !a.equals("undo_delete")).toList();
            else changesAt = Math.min(changesAt, until);
        }
        return new Offer(actions, changesAt);
    }

    /** The rules the relay's settings follow (what a relay really has, what may be switched). */
    public RelaySettingsRules settingsRules() {
        return settingsRules;
    }

    /**
     * Switches settings of a relay: refused as a whole when one change is (see {@link RelaySettingsRules}); the
     * settings that really change are written with an activity entry and a sync, so each reaches zooid.
     */
    public Relay changeSettings(String relayId, Map<Setting, Boolean> changes, Actor by) {
        long now = d.clock().millis() / 1000;
        return d.jdbi().inTransaction(h -> changeSettingsIn(h, relayId, changes, by, now));
    }

    /** changeSettings() inside the caller's transaction. */
    public Relay changeSettingsIn(Handle h, String relayId, Map<Setting, Boolean> changes, Actor by, long now) {
        Relay r = d.relayStore().find(h, relayId).orElseThrow(() -> Failure.notFound("relay not found"));
        if (changes.isEmpty()) return r;
        d.transitions().checkEditable(h, r, by.role());
        settingsRules.check(changes, d.transitions().plans().of(r.plan()), r.zooidNode());
        EnumMap<Setting, Boolean> changed = new EnumMap<>(Setting.class);
        changes.forEach((s, v) -> {
            if (r.settings().stored(s) != v) changed.put(s, v);
        });
        if (changed.isEmpty()) return r;
        d.relayStore().writeSettings(h, relayId, r.settings().with(changed), now);
        String what = changed.entrySet().stream()
                .map(e -> e.getKey().label() + (e.getValue() ? " on" : " off"))
                .collect(Collectors.joining(", "));
        d.activity().add(h, r.tenant(), relayId, "settings_changed", "Settings changed: " + what, by.key(), now);
        d.transitions().enqueueSync(h, relayId);
        return d.relayStore().find(h, relayId).orElseThrow();
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
            dropUpgradeInvoice(h, r, "the relay was deleted");
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
            parts.react(h, Lifecycle.Event.of(Lifecycle.DELETED, after, by.key()));
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
        return until == null || d.clock().millis() / 1000 >= until;
    }

    /**
     * Its owner brings a deleted relay back within the undo window: the same relay, subdomain, members and events (zooid
     * kept them while it was inactive), to the status it had, as billing now allows: a paid relay back in service is
     * charged for the rest of the cycle as a reactivated one is, one that was waiting for its first payment gets a new
     * first invoice. It takes its place in the account's quota again, so there must be room.
     */
    public Relay undelete(String id, Actor by) {
        long now = d.clock().millis() / 1000;
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
            quota.checkUndo(h, r.tenant(), d.transitions().plans().of(r.plan()), id, by.key());
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
            if (RelayStateMachine.served(after.status())) billing.onReactivated(h, after, by.key());
            else if (after.status() == RelayStatus.AWAITING_PAYMENT && after.awaitingPaymentInvoice() == null) {
                String invoice =
                        billing.firstInvoice(h, after, by.key()); // its first invoice was cancelled by the deletion
                if (invoice != null) awaitPaymentOf(h, id, invoice);
            }
            // the purge timer stays queued: when it runs it finds the relay not deleted and does nothing
            Relay back = d.relayStore().find(h, id).orElseThrow();
            parts.react(h, Lifecycle.Event.of(Lifecycle.UNDELETED, back, by.key()));
            return back;
        });
    }

    /**
     * The relay whose old subdomain this was, while that address redirects to its new one (a relay serving the
     * subdomain now is zooid's to answer, so there is none then).
     */
    public java.util.Optional<Relay> redirectedFrom(String subdomain) {
        if (d.relayStore().bySubdomain(subdomain).isPresent()) return java.util.Optional.empty();
        return d.relayStore().redirectedFrom(subdomain, d.clock().millis() / 1000);
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
                billing.onReactivated(h, after, by.key());
            else if (!paidFor
                    && r.hold() == RelayHold.NONE
                    && after.status() == RelayStatus.AWAITING_PAYMENT) { // charged now, as a new relay is
                String invoice = billing.firstInvoice(h, after, by.key());
                if (invoice != null) d.relayStore().setAwaitingPaymentInvoice(h, id, invoice);
            }
            return d.relayStore().find(h, id).orElseThrow();
        });
    }

    /** An administrator lifts a relay's billing suspension: recorded, and the overdue invoices no longer suspend. */
    public Relay unsuspend(String id, String admin) {
        return d.jdbi().inTransaction(h -> {
            Relay r = d.relayStore().find(h, id).orElseThrow(() -> Failure.notFound("relay not found"));
            d.transitions().check(h, r, Action.ADMIN_UNSUSPEND, Role.ADMIN, null);
            billing.waiveOverdue(h, r.tenant(), admin);
            Relay after = d.transitions()
                    .apply(
                            h,
                            id,
                            Action.ADMIN_UNSUSPEND,
                            Actor.admin(admin),
                            null,
                            "Suspension lifted by an administrator");
            if (RelayStateMachine.served(after.status())) billing.onReactivated(h, after, admin);
            return d.relayStore().find(h, id).orElseThrow();
        });
    }

    /**
     * Admin suspends a tenant, in one transaction: the account, and every relay of it not already inactive goes
     * inactive marked as taken down by the suspension (see {@link Action#SUSPEND_ACCOUNT}); relays the owner had
     * deactivated are left unmarked, so {@link #reinstateTenant} leaves them inactive.
     */
    public void suspendTenant(String tenant, String actor) {
        long now = d.clock().millis() / 1000;
        d.jdbi().useTransaction(h -> {
            d.tenants().setStatus(h, tenant, "suspended", now);
            d.activity().add(h, tenant, null, "tenant_suspended", "Account suspended by an administrator", actor, now);
            for (Relay r : d.relayStore().byTenant(h, tenant)) {
                Relay after = d.transitions()
                        .apply(
                                h,
                                r.id(),
                                Action.SUSPEND_ACCOUNT,
                                Actor.admin(actor),
                                null,
                                "Deactivated because the account was suspended; it comes back when the suspension is lifted");
                parts.react(h, Lifecycle.Event.of(Lifecycle.SUSPENDED, after, actor));
            }
        });
    }

    /**
     * Admin lifts a tenant's suspension: the relays the suspension took down return to what they owe (in service,
     * waiting for a first payment, or suspended for an unpaid invoice); relays their owner deactivated stay inactive.
     */
    public void reinstateTenant(String tenant, String actor) {
        long now = d.clock().millis() / 1000;
        d.jdbi().useTransaction(h -> {
            d.tenants().setStatus(h, tenant, "active", now);
            billing.renewNow(h, tenant);
            int back = 0, kept = 0;
            for (Relay r : d.relayStore().byTenant(h, tenant)) {
                if (!r.accountHold()) {
                    if (r.status() == RelayStatus.INACTIVE) kept++;
                    continue;
                }
                // as a reactivation: a paid relay whose place nothing pays for yet waits for its payment first
                boolean paidFor = billing.reactivationPaid(h, r);
                Relay after = d.transitions()
                        .apply(
                                h,
                                r.id(),
                                paidFor ? Action.LIFT_ACCOUNT_SUSPENSION : Action.LIFT_ACCOUNT_SUSPENSION_PAY_FIRST,
                                Actor.admin(actor),
                                null,
                                "Back as it was before the account's suspension");
                RelayStatus st = after.status();
                if (RelayStateMachine.served(st)) {
                    billing.onReactivated(h, after, actor);
                    back++;
                } else if (!paidFor && r.hold() == RelayHold.NONE && st == RelayStatus.AWAITING_PAYMENT) {
                    String invoice = billing.firstInvoice(h, after, actor);
                    if (invoice != null) d.relayStore().setAwaitingPaymentInvoice(h, r.id(), invoice);
                }
            }
            d.activity()
                    .add(
                            h,
                            tenant,
                            null,
                            "tenant_reinstated",
                            "Account reinstated; " + back + " relay" + (back == 1 ? "" : "s") + " back in service"
                                    + (kept == 0
                                            ? ""
                                            : ", " + kept + " deactivated by " + (kept == 1 ? "its" : "their")
                                                    + " owner stay" + (kept == 1 ? "s" : "") + " inactive"),
                            actor,
                            now);
        });
    }

    /** Admin: try provisioning/sync again now, with a fresh set of attempts. */
    public Relay retryProvisioning(String id, String actor) {
        long now = d.clock().millis() / 1000;
        return d.jdbi().inTransaction(h -> {
            Relay r = d.relayStore().find(h, id).orElseThrow(() -> Failure.notFound("relay not found"));
            d.transitions().apply(h, id, Action.RETRY_PROVISIONING, Actor.admin(actor), null, null);
            d.relayStore().resetSyncAttempts(h, id, now);
            d.activity()
                    .add(
                            h,
                            r.tenant(),
                            id,
                            "provisioning_retried",
                            "Provisioning retried by an administrator",
                            actor,
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

    /**
     * Gives the relay to another owner, in the caller's transaction (an accepted transfer). Both tenants' cycles are
     * renewed first, so a cycle that turned is billed to whoever held the relay in it; then the receiver's quota
     * applies as to a new relay of theirs (a free relay to someone with no free slot left is refused), the row changes
     * hands only while {@code from} still holds it, and billing is told ({@link RelayBilling#ownerChanged}: the period
     * already paid stays paid, the next renewal is the receiver's). A relay with an unpaid invoice is refused: its
     * owner pays it (or lets it be cancelled) first, so no debt of one owner can suspend the other's relay.
     *
     * @return the relay as the receiver now holds it
     */
    public Relay changeOwner(Handle h, String relayId, String from, String to) {
        long now = d.clock().millis() / 1000;
        Relay r = d.relayStore()
                .find(h, relayId)
                .filter(x -> x.tenant().equals(from))
                .orElseThrow(() -> new Failure(
                        Failure.Kind.CONFLICT, "transfer_stale", null, "the relay changed hands since it was offered"));
        if (to.equals(from))
            throw new Failure(
                    Failure.Kind.INVALID, "transfer_to_self", "pubkey", "the relay already belongs to this key");
        billing.renewNow(h, from);
        d.tenants().ensure(h, to, now);
        if (d.tenants().find(h, to).orElseThrow().suspended())
            throw new Failure(
                    Failure.Kind.FORBIDDEN,
                    "transfer_receiver_suspended",
                    null,
                    "the receiving account is suspended: it cannot take a relay");
        billing.renewNow(h, to);
        if (billing.owesFor(h, r))
            throw new Failure(
                    Failure.Kind.CONFLICT,
                    "transfer_unpaid",
                    null,
                    "the relay has an unpaid invoice: its owner pays it first (or lets it be cancelled), then offers"
                            + " it again");
        Plan plan = d.transitions().plans().of(r.plan());
        try {
            quota.checkCreate(h, to, plan, to);
        } catch (Failure f) {
            throw new Failure(
                    Failure.Kind.FORBIDDEN,
                    "transfer_quota",
                    null,
                    "the receiving account cannot take this relay: " + f.getMessage());
        }
        if (!d.relayStore().setTenant(h, relayId, from, to, now))
            throw new Failure(
                    Failure.Kind.CONFLICT, "transfer_stale", null, "the relay changed hands since it was offered");
        Relay moved = d.relayStore().find(h, relayId).orElseThrow();
        billing.ownerChanged(h, moved, from, to);
        d.activity().add(h, from, relayId, "ownership_given", "Relay given to " + to, from, now);
        d.activity().add(h, to, relayId, "ownership_taken", "Relay taken over from " + from, to, now);
        // zooid's config names the owner (info.pubkey, the admin role)
        enqueueSync(h, relayId);
        return moved;
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
