package caravel.relays;

import caravel.api.ApiException;
import caravel.billing.Plan;
import caravel.crypto.SecretBox;
import caravel.jobs.JobQueue;
import caravel.nostr.Schnorr;
import caravel.store.ActivityLog;
import caravel.store.Ids;
import caravel.store.Relay;
import caravel.store.RelayStore;
import caravel.store.Sql;
import caravel.store.TenantStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * The relay lifecycle: every change is one transaction that writes the row, an activity entry and the
 * provisioning/sync job, so nothing is half-done after a crash.
 */
public final class Relays {
    public static final String JOB_PROVISION = "relay.provision";
    public static final String JOB_SYNC = "relay.sync";

    public record NewRelay(String tenant, String name, String subdomain, String icon, String description, Plan plan) {}

    public record Changes(String name, String subdomain, String icon, String description, Plan plan) {}

    private final Jdbi jdbi;
    private final RelayStore relays;
    private final TenantStore tenants;
    private final ActivityLog activity;
    private final JobQueue jobs;
    private final SecretBox box;
    private final Clock clock;
    private caravel.billing.Billing billing;

    public Relays(Jdbi jdbi, RelayStore relays, TenantStore tenants, ActivityLog activity, JobQueue jobs, SecretBox box, Clock clock) {
        this.jdbi = jdbi;
        this.relays = relays;
        this.tenants = tenants;
        this.activity = activity;
        this.jobs = jobs;
        this.box = box;
        this.clock = clock;
    }

    public static String secretContext(String relayId) { return "relay-secret:" + relayId; }

    /** Billing and relays call each other (a paid relay needs an invoice; a payment re-syncs relays). */
    public void setBilling(caravel.billing.Billing billing) { this.billing = billing; }

    private volatile RelayQuota quota;

    /** Per-account limits, checked inside the transactions that add relays or change plans. */
    public void setQuota(RelayQuota quota) { this.quota = quota; }

    /** A new relay and the invoice created with it (null for free plans). */
    public record Created(Relay relay, String invoiceId) {}

    public Created create(NewRelay n, String actor) {
        long now = clock.millis() / 1000;
        String id = Ids.newId();
        String sealed = box.seal(Schnorr.newSecret(), secretContext(id));
        try {
            return jdbi.inTransaction(h -> {
                tenants.ensure(h, n.tenant(), now);
                if (tenants.find(h, n.tenant()).orElseThrow().suspended())
                    throw ApiException.forbidden("this account is suspended: relays cannot be created");
                if (relays.subdomainTaken(h, n.subdomain(), null))
                    throw ApiException.conflict("subdomain '" + n.subdomain() + "' is already taken");
                if (quota != null) quota.checkCreate(h, n.tenant(), n.plan(), actor);
                Relay r = new Relay(id, n.tenant(), n.name(), n.subdomain(), freeSchema(h, n.subdomain()), n.icon(),
                        n.description(), n.plan().id, "pending", sealed, "pending", null, 0, null, null, false, now, now, null, null);
                relays.insert(h, r);
                activity.add(h, r.tenant(), id, "created", "Relay created on the " + n.plan().displayName + " plan", actor, now);
                String invoice = billing == null ? null : billing.onRelayCreated(h, r);
                jobs.enqueue(h, JOB_PROVISION, "{\"relay\":\"" + id + "\"}", jobKey(id), 12);
                return new Created(relays.find(h, id).orElseThrow(), invoice);
            });
        } catch (UnableToExecuteStatementException e) {
            if (Sql.isUniqueViolation(e)) throw ApiException.conflict("subdomain '" + n.subdomain() + "' is already taken");
            throw e;
        }
    }

    /** zooid ids and schemas must be unique forever; a subdomain freed by a rename may come back, so suffix on collision. */
    private String freeSchema(Handle h, String subdomain) {
        String base = subdomain.replace('-', '_');
        String candidate = base;
        for (int i = 2; relays.schemaTaken(h, candidate); i++) candidate = base + "_" + i;
        return candidate;
    }

    public Relay update(String id, Changes c, String actor) {
        long now = clock.millis() / 1000;
        try {
            return jdbi.inTransaction(h -> {
                Relay r = relays.find(h, id).orElseThrow(() -> ApiException.notFound("relay not found"));
                List<String> notes = new ArrayList<>();
                String name = pick(c.name(), r.name(), "name", notes);
                String icon = pick(c.icon(), r.icon(), "icon", notes);
                String description = pick(c.description(), r.description(), "description", notes);
                String subdomain = r.subdomain();
                if (c.subdomain() != null && !c.subdomain().equals(r.subdomain())) {
                    if (relays.subdomainTaken(h, c.subdomain(), id))
                        throw ApiException.conflict("subdomain '" + c.subdomain() + "' is already taken");
                    subdomain = c.subdomain();
                }
                String plan = r.plan(), pendingPlan = r.pendingPlan();
                if (c.plan() != null && !(c.plan().id.equals(r.plan()) && r.pendingPlan() == null)) {
                    if (quota != null && !c.plan().id.equals(r.plan())) quota.checkPlanChange(h, r.tenant(), c.plan(), id, actor);
                    if (billing != null) {
                        var decision = billing.onPlanChange(h, r, c.plan());
                        plan = decision.plan();
                        pendingPlan = decision.pendingPlan();
                    } else {
                        plan = c.plan().id;
                    }
                }
                Relay updated = new Relay(r.id(), r.tenant(), name, subdomain, r.schema(), icon, description, plan, r.status(),
                        r.secretEnc(), r.syncState(), r.syncError(), r.syncAttempts(), r.syncedAt(), r.syncedConfig(),
                        r.zooidCreated(), r.createdAt(), now, pendingPlan, r.firstInvoice());
                boolean changed = !notes.isEmpty() || !subdomain.equals(r.subdomain()) || !plan.equals(r.plan())
                        || !java.util.Objects.equals(pendingPlan, r.pendingPlan());
                if (!changed) return r;
                relays.update(h, updated, now);
                if (!notes.isEmpty()) activity.add(h, r.tenant(), id, "updated", "Changed " + String.join(", ", notes), actor, now);
                if (!subdomain.equals(r.subdomain()))
                    activity.add(h, r.tenant(), id, "subdomain_changed", "Subdomain changed from " + r.subdomain() + " to " + subdomain, actor, now);
                if (!plan.equals(r.plan()))
                    activity.add(h, r.tenant(), id, "plan_changed", "Plan changed from " + r.plan() + " to " + plan, actor, now);
                if (pendingPlan != null && !pendingPlan.equals(r.pendingPlan()))
                    activity.add(h, r.tenant(), id, "downgrade_scheduled", "Plan changes to " + pendingPlan + " at the next billing cycle", actor, now);
                if (pendingPlan == null && r.pendingPlan() != null && plan.equals(r.plan()))
                    activity.add(h, r.tenant(), id, "downgrade_cancelled", "Scheduled change to " + r.pendingPlan() + " cancelled", actor, now);
                enqueueSync(h, id);
                return relays.find(h, id).orElseThrow();
            });
        } catch (UnableToExecuteStatementException e) {
            if (Sql.isUniqueViolation(e)) throw ApiException.conflict("subdomain '" + c.subdomain() + "' is already taken");
            throw e;
        }
    }

    private static String pick(String requested, String current, String field, List<String> notes) {
        if (requested == null || requested.equals(current)) return current;
        notes.add(field);
        return requested;
    }

    public Relay deactivate(String id, String actor, String why) {
        long now = clock.millis() / 1000;
        return jdbi.inTransaction(h -> {
            Relay r = relays.find(h, id).orElseThrow(() -> ApiException.notFound("relay not found"));
            if (r.status().equals("inactive")) return r;
            deactivate(h, r, actor, why, now);
            return relays.find(h, id).orElseThrow();
        });
    }

    private void deactivate(Handle h, Relay r, String actor, String why, long now) {
        relays.setStatus(h, r.id(), "inactive", now);
        activity.add(h, r.tenant(), r.id(), "deactivated", why, actor, now);
        enqueueSync(h, r.id());
    }

    public Relay reactivate(String id, String actor) {
        long now = clock.millis() / 1000;
        return jdbi.inTransaction(h -> {
            Relay r = relays.find(h, id).orElseThrow(() -> ApiException.notFound("relay not found"));
            if (!r.status().equals("inactive")) return r;
            if (tenants.find(h, r.tenant()).orElseThrow().suspended())
                throw ApiException.forbidden("the account is suspended: its relays cannot be reactivated");
            String next = r.zooidCreated() ? "active" : "pending";
            relays.setStatus(h, id, next, now);
            activity.add(h, r.tenant(), id, "reactivated", "Relay reactivated", actor, now);
            if (billing != null) billing.onReactivated(h, relays.find(h, id).orElseThrow());
            enqueueSync(h, id);
            return relays.find(h, id).orElseThrow();
        });
    }

    /** Admin suspends a tenant: the account and every relay of it go inactive, in one transaction. */
    public void suspendTenant(String tenant, String actor) {
        long now = clock.millis() / 1000;
        jdbi.useTransaction(h -> {
            tenants.setStatus(h, tenant, "suspended", now);
            activity.add(h, tenant, null, "tenant_suspended", "Account suspended by an administrator", actor, now);
            for (Relay r : relays.byTenant(h, tenant))
                if (!r.status().equals("inactive")) deactivate(h, r, actor, "Deactivated because the account was suspended", now);
        });
    }

    public void reinstateTenant(String tenant, String actor) {
        long now = clock.millis() / 1000;
        jdbi.useTransaction(h -> {
            tenants.setStatus(h, tenant, "active", now);
            activity.add(h, tenant, null, "tenant_reinstated", "Account reinstated; its relays stay inactive until reactivated", actor, now);
        });
    }

    /** Admin: try provisioning/sync again now, with a fresh set of attempts. */
    public Relay retryProvisioning(String id, String actor) {
        long now = clock.millis() / 1000;
        return jdbi.inTransaction(h -> {
            Relay r = relays.find(h, id).orElseThrow(() -> ApiException.notFound("relay not found"));
            h.createUpdate("UPDATE relays SET sync_attempts = 0, sync_state = 'pending', updated_at = :now WHERE id = :id")
                    .bind("now", now).bind("id", id).execute();
            activity.add(h, r.tenant(), id, "provisioning_retried", "Provisioning retried by an administrator", actor, now);
            String kind = r.zooidCreated() ? JOB_SYNC : JOB_PROVISION;
            jobs.enqueueNow(h, kind, "{\"relay\":\"" + id + "\"}", jobKey(id), 12);
            return relays.find(h, id).orElseThrow();
        });
    }

    public void enqueueSync(Handle h, String relayId) {
        jobs.enqueue(h, JOB_SYNC, "{\"relay\":\"" + relayId + "\"}", jobKey(relayId), 12);
    }

    /**
     * Provision and sync jobs of one relay share a dedupe key: they never run at once, and while one is queued a
     * second is not added (the queued one reconciles whatever the row holds when it runs).
     */
    static String jobKey(String relayId) { return "relay:" + relayId; }

}
