package caravel.backups;

import caravel.accounts.RelayOrders;
import caravel.domain.Actor;
import caravel.domain.Epoch;
import caravel.domain.Failure;
import caravel.domain.Plan;
import caravel.domain.Plans;
import caravel.domain.RelayRole;
import caravel.domain.Setting;
import caravel.jobs.JobPayloads;
import caravel.jobs.JobQueue;
import caravel.relayaccess.OutcomeLog;
import caravel.relayparts.Caller;
import caravel.store.Ids;
import caravel.store.Relay;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Restores asked for and queued as jobs: into the relay itself, or into a new relay made for it ({@link RelayRestores}). */
record RestoreQueue(
        BackupReading reading,
        RelayBackupStore store,
        RelayOrders orders,
        Plans plans,
        JobQueue jobs,
        OutcomeLog outcomes,
        Clock clock,
        RestorePreview preview) {

    /**
     * Restores a backup of this relay into itself, as {@code caller}: each part applies only what the caller's role may
     * change (an admin's restore changes moderators, never admins), and says in the problems what it left. Refused
     * when the relay's plan cannot hold the backup.
     */
    RelayBackupStore.Restore start(Relay target, String backupId, String mode, Caller caller) throws IOException {
        boolean replace = RestorePreview.replace(mode);
        RelayBackupStore.Backup b = reading.finished(target, backupId);
        Manifest m = reading.manifest(b);
        refuseIf(preview.refusals(plans.of(target.plan()), target, b, m));
        return queue(target, b, m, replace ? "replace" : "merge", caller);
    }

    /**
     * Restores a backup of {@code source} into a new relay of the same owner, made through the ordinary creation
     * path (quota, plan, invoice); the restore waits until the new relay is in service. The owner's alone: it creates
     * a relay in the owner's account and may charge it, so a team member is refused as forbidden ({@value RelayRole#FORBIDDEN}
     * before anything is read or made.
     */
    RelayRestores.Started startNew(Relay source, String backupId, RelayRestores.NewRelay n, Caller caller)
            throws IOException {
        if (caller.role() != RelayRole.OWNER)
            throw new Failure(
                    Failure.Kind.FORBIDDEN,
                    RelayRole.FORBIDDEN,
                    null,
                    "your role on this relay is " + caller.role().wire() + ": restoring into a new relay creates a"
                            + " relay in the owner's account and may charge it, so only the relay's owner does it");
        RelayBackupStore.Backup b = reading.finished(source, backupId);
        Manifest m = reading.manifest(b);
        Plan plan = plans.byId(n.plan()).orElseThrow(() -> Failure.invalidField("plan", "no such plan: " + n.plan()));
        refuseIf(preview.refusals(plan, null, b, m));
        Map<Setting, Boolean> settingsOf = preview.newRelaySettings(b, m);
        // only what the chosen plan includes: the rest stays as a new relay has it, and the settings step says why
        settingsOf.keySet().removeIf(k -> settingsOf.get(k) && !caravel.domain.RelaySettings.planIncludes(k, plan));
        RelayOrders.Order order = orders.create(
                caravel.relays.NewRelay.of(source.tenant(), source.profile().withName(n.name()), n.subdomain(), plan)
                        .withSettings(settingsOf),
                source.tenant());
        return new RelayRestores.Started(queue(order.relay(), b, m, "merge", caller), order);
    }

    private static void refuseIf(List<String> refusals) {
        if (!refusals.isEmpty())
            throw new Failure(Failure.Kind.CONFLICT, "plan_too_small", "plan", String.join(" ", refusals));
    }

    private RelayBackupStore.Restore queue(
            Relay target, RelayBackupStore.Backup b, Manifest m, String mode, Caller caller) {
        Actor actor = caller.actor();
        String id = Ids.newId();
        long now = Epoch.seconds(clock);
        var row = new RelayBackupStore.Restore(
                id,
                target.id(),
                target.tenant(),
                b.id(),
                mode,
                "queued",
                preview.firstStep(),
                0,
                m.count("events"),
                0,
                0,
                m.count("blobs"),
                0,
                0,
                0,
                0,
                null,
                null,
                actor.key(),
                now,
                now,
                caller.role().wire());
        store.jdbi().useTransaction(h -> {
            for (RelayBackupStore.Restore r : store.restoresOf(target.id(), 5))
                if (r.status().equals("queued") || r.status().equals("running"))
                    throw Failure.conflict("A restore into this relay is already under way; wait for it to end.");
            store.insertRestore(h, row);
            jobs.enqueue(
                    h,
                    RelayRestores.JOB,
                    JobPayloads.write(new RelayRestores.Run(id)),
                    RelayRestores.JOB + ":" + id,
                    RelayRestores.ATTEMPTS);
        });
        outcomes.record(target, "restore_started", "Restore of backup " + b.id() + " (" + mode + ") started", actor);
        return row;
    }

    Optional<RelayBackupStore.Restore> find(Relay r, String restoreId) {
        return store.findRestore(restoreId).filter(x -> x.relayId().equals(r.id()));
    }
}
