package caravel.backups;

import caravel.domain.Actor;
import caravel.domain.Epoch;
import caravel.domain.RelayRole;
import caravel.domain.RelayStatus;
import caravel.jobs.Job;
import caravel.jobs.JobHandler;
import caravel.jobs.JobPayloads;
import caravel.relayaccess.OutcomeLog;
import caravel.relayparts.BackupSection;
import caravel.relayparts.Caller;
import caravel.relayparts.RelayParts;
import caravel.store.Relay;
import caravel.store.RelayStore;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A restore's job: its steps in order, each resumed where it stopped ({@link RelayRestores}). */
record RestoreRun(
        BackupReading reading,
        RelayBackupStore store,
        RelayParts parts,
        RelayStore relayStore,
        RestoreContent content,
        RestorePreview preview,
        OutcomeLog outcomes,
        Clock clock)
        implements JobHandler {

    /** The steps in order: each part's file, then the events, then the media, then done. */
    static List<String> steps(RelayParts parts) {
        List<String> out = new ArrayList<>();
        for (BackupSection s : parts.sections()) out.add(s.file());
        out.add(Manifest.EVENTS);
        out.add("media");
        out.add("done");
        return out;
    }

    @Override
    public void run(Job job) throws Exception {
        String id = JobPayloads.read(job.payload(), RelayRestores.Run.class).restore();
        RelayBackupStore.Restore row = store.findRestore(id).orElse(null);
        if (row == null || row.status().equals("done") || row.status().equals("failed")) return;
        Relay r = relayStore.find(row.relayId()).orElse(null);
        if (r == null) throw new caravel.jobs.PermanentFailure("the relay is gone");
        if (!r.zooidCreated() || r.status() != RelayStatus.ACTIVE)
            throw new IllegalStateException(
                    "the relay is not in service yet (" + r.status().wire() + ")");
        RelayBackupStore.Backup b = store.find(row.backupId())
                .orElseThrow(() -> new caravel.jobs.PermanentFailure("the backup was removed"));
        Manifest m = reading.manifest(b);
        boolean replace = row.mode().equals("replace");
        List<String> steps = steps(parts);
        int at = Math.max(0, steps.indexOf(row.step()));
        long cursor = row.cursor();
        var progress = new RestoreTotals(row);
        for (int i = at; i < steps.size() - 1; i++) {
            String step = steps.get(i);
            store.progress(id, "running", step, cursor, progress.snapshot(), Epoch.seconds(clock));
            Relay fresh = relayStore.find(r.id()).orElse(r);
            // as whoever started it, with the role they had then: a resumed restore never gains the owner's rights
            Caller caller =
                    new Caller(row.actor(), role(row.actorRole()), row.actor().equals(fresh.tenant()));
            if (step.equals(Manifest.EVENTS))
                content.events(fresh, b, m, preview.erased(b), progress, Actor.stored(row.actor()));
            else if (step.equals("media")) {
                content.media(fresh, b, m, id, cursor, progress);
            } else {
                BackupSection s = parts.sections().stream()
                        .filter(x -> x.file().equals(step))
                        .findFirst()
                        .orElseThrow();
                Optional<JsonNode> saved = preview.saved(b, m, s);
                if (saved.isPresent()) {
                    long n = s.apply(fresh, saved.get(), replace, caller, progress.problems);
                    progress.add(s.countName(), n);
                }
            }
            cursor = 0;
            store.progress(id, "running", steps.get(i + 1), 0, progress.snapshot(), Epoch.seconds(clock));
        }
        store.progress(id, "done", "done", 0, progress.snapshot(), Epoch.seconds(clock));
        outcomes.record(
                r,
                "restored",
                "Backup " + b.id() + " restored (" + row.mode() + "): " + progress.eventsDone + " of "
                        + row.eventsTotal() + " events, " + progress.blobsDone + " of " + row.blobsTotal()
                        + " media files in place"
                        + (progress.eventsErased > 0
                                ? ", " + progress.eventsErased + " events of erased people left out"
                                : "")
                        + (progress.eventsRefused > 0
                                ? ", " + progress.eventsRefused + " events refused by the relay"
                                : ""),
                Actor.stored(row.actor()));
    }

    /** A restore's recorded role; "owner" is no team role, so it is read here. */
    private static RelayRole role(String wire) {
        return RelayRole.OWNER.wire().equals(wire) ? RelayRole.OWNER : RelayRole.stored(wire);
    }

    @Override
    public void onGiveUp(Job job, String error) {
        String id = JobPayloads.read(job.payload(), RelayRestores.Run.class).restore();
        store.findRestore(id)
                .ifPresent(row -> store.restoreEnded(
                        id,
                        "failed",
                        "Stopped at the step \"" + row.step() + "\""
                                + (row.cursor() > 0 ? " (at " + row.cursor() + ")" : "")
                                + ": " + error + ". The steps before it are in place; restoring again resumes"
                                + " safely (nothing is added twice).",
                        Epoch.seconds(clock)));
    }
}
