package caravel.relays;

import caravel.domain.Epoch;
import caravel.domain.Failure;
import caravel.domain.Plan;
import caravel.domain.RelayProfile;
import caravel.domain.RelaySettings;
import caravel.domain.Setting;
import caravel.domain.Validation;
import caravel.jobs.JobPayloads;
import caravel.nostr.Schnorr;
import caravel.relays.RelayStateMachine.Action;
import caravel.relays.RelayStateMachine.Actor;
import caravel.relays.RelayStateMachine.State;
import caravel.relays.Relays.Changes;
import caravel.relays.Relays.Created;
import caravel.relays.Relays.InSameTransaction;
import caravel.store.Ids;
import caravel.store.Relay;
import caravel.store.Sql;
import caravel.zooid.RelaySecrets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * The edits of a relay: its creation, its profile, subdomain and plan, its settings. Each is one transaction that
 * writes the row, an activity entry and the sync, as the lifecycle's changes are ({@link Relays}, which callers go
 * through).
 *
 * @param redirectFor how long a renamed relay's old subdomain redirects to its new one
 */
record RelayEdits(
        RelayDeps d,
        RelayBilling billing,
        RelayQuota quota,
        RelaySettingsRules settingsRules,
        RelayMembers members,
        Placement placement,
        Duration redirectFor) {

    /** Creates the relay and runs {@code also} in the same transaction (a refusal there makes no relay). */
    Created create(NewRelay given, Actor by, InSameTransaction also) {
        NewRelay n = withSubdomainChecked(given);
        long now = Epoch.seconds(d.clock());
        String id = Ids.newId();
        String sealed = d.box().seal(Schnorr.newSecret(), RelaySecrets.context(id));
        try {
            return d.jdbi().inTransaction(h -> {
                Created created = createIn(h, n, by, id, sealed, now);
                also.run(h, created.relay());
                return created;
            });
        } catch (UnableToExecuteStatementException e) {
            if (Sql.isUniqueViolation(e)) throw subdomainTaken(n.subdomain());
            throw e;
        }
    }

    /** create() inside the caller's transaction (quotes run it and roll back). */
    Created createIn(Handle h, NewRelay given, Actor by, String id, String sealed, long now) {
        NewRelay n = withTextChecked(given);
        d.tenants().ensure(h, n.tenant(), now);
        if (d.tenants().find(h, n.tenant()).orElseThrow().suspended())
            throw Failure.forbidden("this account is suspended: relays cannot be created");
        if (d.relayStore().subdomainTaken(h, n.subdomain(), null)) throw subdomainTaken(n.subdomain());
        requireOffered(n.plan(), null);
        quota.checkCreate(h, n.tenant(), n.plan(), by);
        quota.checkDeletedWaiting(h, n.tenant(), by);
        RelayStateMachine.State init = RelayStateMachine.initial(n.plan());
        // inside the write lock: the count below is this writer's alone (see Placement)
        Placement.Place place = placement.choose(h, n.zooidDomain());
        // after placing: public reading and writing depend on the line of the node chosen
        settingsRules.checkNew(n.settings(), n.plan(), place.node());
        Relay r = Relay.build(b -> {
            b.id = id;
            b.tenant = n.tenant();
            b.profile = n.profile();
            b.subdomain = n.subdomain();
            b.schema = freeSchema(h, n.subdomain());
            b.plan = n.plan().id();
            b.status = init.status();
            b.secretEnc = sealed;
            b.createdAt = now;
            b.updatedAt = now;
            b.hold = init.hold();
            b.settings = RelaySettings.defaults().with(n.settings());
            b.zooidNode = place.node();
            b.relayDomain = place.domain();
        });
        d.relayStore().insert(h, r);
        d.activity()
                .add(
                        h,
                        r.tenant(),
                        id,
                        "created",
                        "Relay created on the " + n.plan().name() + " plan",
                        by.who(),
                        now);
        String invoice = billing.firstInvoice(h, r, by.who());
        if (invoice != null) awaitPaymentOf(h, id, invoice);
        d.jobs().enqueue(h, Relays.JOB_PROVISION, JobPayloads.write(new RelayJob(id)), Relays.jobKey(id), 12);
        return new Created(d.relayStore().find(h, id).orElseThrow(), invoice);
    }

    /** The relay waits for this invoice; one already settled (by credit, or for nothing) serves it at once. */
    void awaitPaymentOf(Handle h, String relayId, String invoice) {
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
     * Edits a relay and its settings in one transaction: a refused setting leaves the other fields unchanged too. The
     * settings are checked against the plan the relay has after the edit (a relay awaiting its first payment switches
     * plans at once; an upgrade waits for its payment). A plan change is one of the state machine's plan actions: an
     * upgrade records its target and a gated invoice (the relay keeps its plan until that is paid), a downgrade waits
     * for the next renewal, asking for the current plan cancels either; a relay that never paid for its plan switches
     * at once with a new first invoice. {@code also} runs in the same transaction (a refusal there changes nothing).
     */
    Relay update(String id, Changes given, Map<Setting, Boolean> settings, Actor by, InSameTransaction also) {
        Changes c = checked(given); // refused before anything is asked of the relay or written
        long now = Epoch.seconds(d.clock());
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
    Relay updateIn(Handle h, String id, Changes given, Actor by, long now) {
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
        RelayProfile profile = c.profile().over(r.profile(), notes);
        String subdomain = r.subdomain();
        if (c.subdomain() != null && !c.subdomain().equals(r.subdomain())) {
            if (d.relayStore().subdomainTaken(h, c.subdomain(), id)) throw subdomainTaken(c.subdomain());
            subdomain = c.subdomain();
        }
        if (!notes.isEmpty() || !subdomain.equals(r.subdomain())) {
            Relay.Fields edited = r.fields();
            edited.profile = profile;
            edited.subdomain = subdomain;
            edited.updatedAt = now;
            d.relayStore().updateFields(h, edited.build(), now);
            if (!notes.isEmpty())
                d.activity().add(h, r.tenant(), id, "updated", "Changed " + String.join(", ", notes), by.who(), now);
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
                                by.who(),
                                now);
            d.transitions().enqueueSync(h, id);
        }
        if (c.plan() != null) changePlan(h, id, c.plan(), by);
        return d.relayStore().find(h, id).orElseThrow();
    }

    /**
     * The new relay's profile by the rules of the form that edits them ({@link Validation}): here,
     * where every way of creating a relay passes (the dashboard's form, Flotilla's API, restore into a new relay, a
     * quote), so none of them can publish in NIP-11 what the form refuses. Normalised as stored (NFC, trimmed).
     */
    private static NewRelay withTextChecked(NewRelay n) {
        return n.withProfile(n.profile().checked());
    }

    /** The new relay's subdomain by the form's rules (quotes, which never commit, use one no relay can have). */
    private static NewRelay withSubdomainChecked(NewRelay n) {
        Validation.subdomain(n.subdomain());
        return n;
    }

    /** An edit's fields by the same rules as a new relay's; an absent field (null) stays absent. */
    private static Changes checked(Changes c) {
        return new Changes(
                c.profile().checked(), c.subdomain() == null ? null : Validation.subdomain(c.subdomain()), c.plan());
    }

    /** Why a subdomain cannot be had now (its form, or another relay has it), or null when it is free. */
    String subdomainProblem(String subdomain) {
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
        if (!to.id().equals(before.plan())) quota.checkPlanChange(h, before.tenant(), to, id, by);
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
            String invoice = billing.firstInvoice(h, moved, by.who());
            if (invoice != null) awaitPaymentOf(h, id, invoice);
            return;
        }
        if (a == Action.UPGRADE) {
            dropUpgradeInvoice(h, r, "replaced by an upgrade to " + to.name());
            String invoice = billing.upgradeInvoice(h, r, to, by.who());
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

    void dropUpgradeInvoice(Handle h, Relay r, String why) {
        if (r.upgradeInvoice() == null) return;
        billing.voidUnpaid(h, r.upgradeInvoice(), why);
        d.relayStore().setUpgradeInvoice(h, r.id(), null);
    }

    /**
     * Switches settings of a relay: refused as a whole when one change is (see {@link RelaySettingsRules}); the
     * settings that really change are written with an activity entry and a sync, so each reaches zooid.
     */
    Relay changeSettings(String relayId, Map<Setting, Boolean> changes, Actor by) {
        long now = Epoch.seconds(d.clock());
        return d.jdbi().inTransaction(h -> changeSettingsIn(h, relayId, changes, by, now));
    }

    /** changeSettings() inside the caller's transaction. */
    private Relay changeSettingsIn(Handle h, String relayId, Map<Setting, Boolean> changes, Actor by, long now) {
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
        d.activity().add(h, r.tenant(), relayId, "settings_changed", "Settings changed: " + what, by.who(), now);
        d.transitions().enqueueSync(h, relayId);
        return d.relayStore().find(h, relayId).orElseThrow();
    }

    private static Failure subdomainTaken(String subdomain) {
        return new Failure(
                Failure.Kind.CONFLICT,
                "subdomain_taken",
                "subdomain",
                "subdomain '" + subdomain + "' is already taken");
    }
}
