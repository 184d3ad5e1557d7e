package caravel.relays;

import caravel.domain.Epoch;
import caravel.domain.Failure;
import caravel.domain.Setting;
import caravel.domain.Validation;
import caravel.relays.RelayStateMachine.Actor;
import caravel.relays.Relays.Changes;
import caravel.relays.Relays.InSameTransaction;
import caravel.store.Relay;
import caravel.store.RelayStore;
import caravel.store.Sql;
import java.time.Clock;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * The edits of a relay: its profile, subdomain and plan ({@link RelayFieldEdits}), its settings
 * ({@link RelaySettingsEdits}). Each is one transaction that writes the row, an activity entry and the sync, as the
 * lifecycle's changes are ({@link Relays}, which callers go through).
 */
public record RelayEdits(
        Jdbi jdbi,
        Clock clock,
        RelayStore relayStore,
        RelayBilling billing,
        RelayMembers members,
        RelayTransitions transitions,
        RelayFieldEdits fields,
        RelaySettingsEdits settings) {

    /**
     * Edits a relay and its settings in one transaction: a refused setting leaves the other fields unchanged too. The
     * settings are checked against the plan the relay has after the edit (a relay awaiting its first payment switches
     * plans at once; an upgrade waits for its payment). A plan change is one of the state machine's plan actions
     * ({@link RelayPlanChange}). {@code also} runs in the same transaction (a refusal there changes nothing).
     */
    Relay update(String id, Changes given, Map<Setting, Boolean> changes, Actor by, InSameTransaction also) {
        Changes c = EditChecks.checked(given); // refused before anything is asked of the relay or written
        long now = Epoch.seconds(clock);
        if (c.plan() == null) return updateNow(id, c, changes, by, now, also);
        relayStore.find(id).ifPresent(billing::settleKnownPayments); // before anything unpaid is voided
        // No member is added from the count to the commit, so the new plan holds the members it was checked on. The
        // count asks the relay (NIP-86) before the transaction opens: SQLite has one write lock for the whole service,
        // and no network call is made while holding it; the relay's count lock keeps the count true until the commit.
        return members.holdingCount(id, () -> {
            Relay r = relayStore.find(id).orElseThrow(() -> Failure.notFound("relay not found"));
            jdbi.useHandle(h -> transitions.checkEditable(h, r, by.role())); // a suspended account hears that first
            members.checkPlanChange(r, c.plan());
            return updateNow(id, c, changes, by, now, also);
        });
    }

    private Relay updateNow(
            String id, Changes c, Map<Setting, Boolean> changes, Actor by, long now, InSameTransaction also) {
        try {
            return jdbi.inTransaction(h -> {
                fields.updateIn(h, id, c, by, now);
                Relay updated = settings.changeSettingsIn(h, id, changes, by, now);
                also.run(h, updated);
                return updated;
            });
        } catch (UnableToExecuteStatementException e) {
            if (Sql.isUniqueViolation(e)) throw EditChecks.subdomainTaken(c.subdomain());
            throw e;
        }
    }

    /** update() inside the caller's transaction (quotes run it and roll back). */
    Relay updateIn(Handle h, String id, Changes c, Actor by, long now) {
        return fields.updateIn(h, id, c, by, now);
    }

    /** Switches settings of a relay, refused as a whole when one change is ({@link RelaySettingsEdits}). */
    Relay changeSettings(String relayId, Map<Setting, Boolean> changes, Actor by) {
        return settings.changeSettings(relayId, changes, by);
    }

    /** The rules the relay's settings follow (what a relay really has, what may be switched). */
    RelaySettingsRules settingsRules() {
        return settings.rules();
    }

    /** Why a subdomain cannot be had now (its form, or another relay has it), or null when it is free. */
    String subdomainProblem(String subdomain) {
        String problem = Validation.subdomainProblem(subdomain);
        if (problem == null && jdbi.withHandle(h -> relayStore.subdomainTaken(h, subdomain, null)))
            problem = "subdomain '" + subdomain + "' is already taken";
        return problem;
    }
}
