package caravel.relays;

import caravel.domain.Failure;
import caravel.domain.RelaySettings;
import caravel.jobs.JobPayloads;
import caravel.jobs.JobQueue;
import caravel.relays.RelayStateMachine.Actor;
import caravel.relays.Relays.Created;
import caravel.store.ActivityLog;
import caravel.store.Relay;
import caravel.store.RelayStore;
import caravel.store.TenantStore;
import org.jdbi.v3.core.Handle;

/**
 * A new relay's row written inside a transaction: the account and its quota checked, a node chosen, the row, its
 * activity entry, its first invoice and its provisioning job ({@link RelayCreation} opens the transaction; quotes run
 * it in theirs and roll back).
 */
public record RelayFounding(
        TenantStore tenants,
        RelayStore relayStore,
        ActivityLog activity,
        JobQueue jobs,
        RelayQuota quota,
        Placement placement,
        RelaySettingsRules settingsRules,
        RelayInvoices invoices) {

    /** create() inside the caller's transaction (quotes run it and roll back). */
    Created createIn(Handle h, NewRelay given, Actor by, String id, String sealed, long now) {
        NewRelay n = EditChecks.withTextChecked(given);
        tenants.ensure(h, n.tenant(), now);
        if (tenants.find(h, n.tenant()).orElseThrow().suspended())
            throw Failure.forbidden("this account is suspended: relays cannot be created");
        if (relayStore.subdomainTaken(h, n.subdomain(), null)) throw EditChecks.subdomainTaken(n.subdomain());
        EditChecks.requireOffered(n.plan(), null);
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
        relayStore.insert(h, r);
        activity.add(
                h, r.tenant(), id, "created", "Relay created on the " + n.plan().name() + " plan", by.who(), now);
        String invoice = invoices.firstInvoice(h, r, by);
        jobs.enqueue(h, Relays.JOB_PROVISION, JobPayloads.write(new RelayJob(id)), Relays.jobKey(id), 12);
        return new Created(relayStore.find(h, id).orElseThrow(), invoice);
    }

    /** How many more free relays the tenant may hold now (the quota's hint; quotes read it in their transaction). */
    int freeRelaysLeft(Handle h, String tenant) {
        return quota.freeRelaysLeft(h, tenant);
    }

    /** zooid ids and schemas must be unique forever; a subdomain freed by a rename may come back, so suffix on collision. */
    private String freeSchema(Handle h, String subdomain) {
        String base = subdomain.replace('-', '_');
        String candidate = base;
        for (int i = 2; relayStore.schemaTaken(h, candidate); i++) candidate = base + "_" + i;
        return candidate;
    }
}
