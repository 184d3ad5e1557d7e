package caravel.backups;

import caravel.accounts.RelayOrders;
import caravel.archive.Importer;
import caravel.domain.Failure;
import caravel.domain.Plan;
import caravel.domain.Plans;
import caravel.domain.RelayRole;
import caravel.domain.RelayStatus;
import caravel.domain.Setting;
import caravel.jobs.Job;
import caravel.jobs.JobHandler;
import caravel.jobs.JobPayloads;
import caravel.jobs.JobQueue;
import caravel.jobs.JobRunner;
import caravel.json.Json;
import caravel.nostr.Event;
import caravel.nostr.Filter;
import caravel.relayaccess.Deps;
import caravel.relayaccess.RelayAccess;
import caravel.relayaccess.RelaySocket;
import caravel.relayparts.BackupSection;
import caravel.relayparts.Caller;
import caravel.relayparts.RelayParts;
import caravel.relays.Relays;
import caravel.store.Ids;
import caravel.store.Relay;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Restores a backup into a relay: the same relay (after an accident: first a preview of what would change, then
 * merge, which only adds, or replace, which also takes away members, bans and names the backup does not hold) or a
 * new relay made through the ordinary creation path (the plan, the quota, an invoice for a paid plan). A restore is a
 * durable job in steps (each part's file, then the events, then the media) whose progress and cursor are in
 * {@code relay_restores}; every step is idempotent, so a restore whose process died resumes where it was, and one that
 * gives up says which steps are in place.
 *
 * <p>Events are published again over the relay key's connection ({@link Importer}: already present ones are skipped).
 * zooid takes an event over a connection only from its author (and zaps and gift wraps for members), so members' own
 * events get in only through the operator's RESTORE_EVENTS_COMMAND, run first with the events file, which writes them
 * into the relay's zooid database as a move's copy does; without it they are counted as refused, in zooid's words.
 * Media is uploaded again as the relay key (Blossom keeps each blob by its hash, so links keep working).
 */
public final class RelayRestores implements JobHandler {
    public static final String JOB = "backups.restore";
    /** The relay may still be waiting for its server (a new relay) or be reloading: tried for about an hour. */
    static final int ATTEMPTS = 30;

    private static final int ID_BATCH = 500;

    /** What restores are built from. */
    public record Parts(
            RelayBackups backups,
            RelayParts parts,
            Deps deps,
            BlossomMedia media,
            Relays relays,
            RelayOrders orders,
            Plans plans,
            JobQueue jobs) {}

    /** What the operator set: the events command and the upload bound. */
    public record Settings(List<String> eventsCommand, long uploadMaxBytes) {}

    record Run(String restore) {}

    private final Parts p;
    private final Settings settings;
    private final RestoreContent content;

    public RelayRestores(Parts parts, Settings settings) {
        this.p = parts;
        this.settings = settings;
        this.content = new RestoreContent(parts, settings);
    }

    public void register(JobRunner runner) {
        runner.register(JOB, this);
    }

    private long now() {
        return p.deps().now();
    }

    // ------------------------------------------------------------------------------------------------ preview

    /** What a restore would do, and why it would be refused (empty when it would not). */
    public record Preview(
            String backupId,
            String mode,
            long eventsTotal,
            long eventsPresent,
            long blobsTotal,
            long blobsPresent,
            long mediaBytes,
            Map<String, BackupSection.Change> parts,
            List<String> refusals) {
        public long eventsToAdd() {
            return eventsTotal - eventsPresent;
        }

        public long blobsToAdd() {
            return blobsTotal - blobsPresent;
        }
    }

    public Preview preview(Relay target, String backupId, String mode) throws IOException {
        boolean replace = replace(mode);
        RelayBackupStore.Backup b = p.backups().finished(target, backupId);
        Manifest m = p.backups().manifest(b);
        Map<String, BackupSection.Change> parts = new LinkedHashMap<>();
        for (BackupSection s : p.parts().sections()) {
            Optional<JsonNode> saved = saved(b, m, s);
            if (saved.isPresent()) parts.put(s.countName(), s.preview(target, saved.get(), replace));
        }
        long present = 0;
        try (RelaySocket socket = p.deps().socket(target);
                BufferedReader in = events(b)) {
            List<String> batch = new ArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) continue;
                batch.add(Json.parse(line).path("id").asText());
                if (batch.size() == ID_BATCH) {
                    present += held(socket, batch);
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) present += held(socket, batch);
        }
        long blobsPresent = 0;
        RelayAccess.Target t = p.deps().access().target(target);
        boolean media =
                target.settings().effective(Setting.BLOSSOM_ENABLED, p.plans().of(target.plan()));
        for (Manifest.Entry e : m.files())
            if (media
                    && e.path().startsWith(Manifest.MEDIA_DIR)
                    && p.media()
                            .describe(t, e.path().substring(Manifest.MEDIA_DIR.length()))
                            .isPresent()) blobsPresent++;
        return new Preview(
                b.id(),
                replace ? "replace" : "merge",
                m.count("events"),
                present,
                m.count("blobs"),
                blobsPresent,
                m.count("media_bytes"),
                parts,
                refusals(p.plans().of(target.plan()), target, b, m));
    }

    private static long held(RelaySocket socket, List<String> ids) {
        return socket
                .query(List.of(new Filter(ids, null, null, Map.of(), null, null, ids.size())), Deps.SOCKET_TIMEOUT)
                .stream()
                .map(Event::id)
                .distinct()
                .count();
    }

    private static boolean replace(String mode) {
        if ("replace".equals(mode)) return true;
        if (mode == null || "merge".equals(mode)) return false;
        throw Failure.invalidField("mode", "mode must be merge or replace");
    }

    /** Why the plan cannot hold the backup: more members than it allows, media it does not include. */
    List<String> refusals(Plan plan, Relay target, RelayBackupStore.Backup b, Manifest m) throws IOException {
        List<String> out = new ArrayList<>();
        String owner = target == null ? b.tenant() : target.tenant();
        String relayKey = target == null ? "" : p.deps().access().relayPubkey(target);
        for (BackupSection s : p.parts().sections()) {
            Optional<JsonNode> saved = saved(b, m, s);
            if (saved.isPresent()) out.addAll(s.refusals(plan, owner, relayKey, saved.get()));
        }
        if (m.count("blobs") > 0 && !plan.blossom())
            out.add("The backup holds " + m.count("blobs") + " media files (" + m.count("media_bytes") + " bytes); the "
                    + plan.name() + " plan includes no media. Choose a plan with media.");
        return out;
    }

    private Optional<JsonNode> saved(RelayBackupStore.Backup b, Manifest m, BackupSection s) throws IOException {
        if (m.files().stream().noneMatch(e -> e.path().equals(s.file()))) return Optional.empty();
        try (InputStream in = p.backups().storage().open(b.location() + "/" + s.file())) {
            return Optional.of(Json.MAPPER.readTree(in));
        }
    }

    private BufferedReader events(RelayBackupStore.Backup b) throws IOException {
        return new BufferedReader(new InputStreamReader(
                p.backups().storage().open(b.location() + "/" + Manifest.EVENTS), StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------------------------------------------ starting

    /**
     * Restores a backup of this relay into itself, as {@code caller}: each part applies only what the caller's role may
     * change (an admin's restore changes moderators, never admins), and says in the problems what it left. Refused
     * when the relay's plan cannot hold the backup.
     */
    public RelayBackupStore.Restore start(Relay target, String backupId, String mode, Caller caller)
            throws IOException {
        boolean replace = replace(mode);
        RelayBackupStore.Backup b = p.backups().finished(target, backupId);
        Manifest m = p.backups().manifest(b);
        refuseIf(refusals(p.plans().of(target.plan()), target, b, m));
        return queue(target, b, m, replace ? "replace" : "merge", caller);
    }

    /** The fields of a new relay to restore into; its plan is checked against the backup first. */
    public record NewRelay(String name, String subdomain, String plan) {}

    /** Who asked, and whether the relay created became theirs: the restore and the new relay's order. */
    public record Started(RelayBackupStore.Restore restore, RelayOrders.Order order) {}

    /**
     * Restores a backup of {@code source} into a new relay of the same owner, made through the ordinary creation
     * path (quota, plan, invoice); the restore waits until the new relay is in service. The owner's alone: it creates
     * a relay in the owner's account and may charge it, so a team member is refused as forbidden ({@value RelayRole#FORBIDDEN}
     * before anything is read or made.
     */
    public Started startNew(Relay source, String backupId, NewRelay n, Caller caller) throws IOException {
        if (caller.role() != RelayRole.OWNER)
            throw new Failure(
                    Failure.Kind.FORBIDDEN,
                    RelayRole.FORBIDDEN,
                    null,
                    "your role on this relay is " + caller.role().wire() + ": restoring into a new relay creates a"
                            + " relay in the owner's account and may charge it, so only the relay's owner does it");
        RelayBackupStore.Backup b = p.backups().finished(source, backupId);
        Manifest m = p.backups().manifest(b);
        Plan plan =
                p.plans().byId(n.plan()).orElseThrow(() -> Failure.invalidField("plan", "no such plan: " + n.plan()));
        refuseIf(refusals(plan, null, b, m));
        Map<Setting, Boolean> settingsOf = new java.util.EnumMap<>(Setting.class);
        for (BackupSection s : p.parts().sections())
            saved(b, m, s).ifPresent(j -> settingsOf.putAll(s.newRelaySettings(j)));
        // only what the chosen plan includes: the rest stays as a new relay has it, and the settings step says why
        settingsOf.keySet().removeIf(k -> settingsOf.get(k) && !caravel.domain.RelaySettings.planIncludes(k, plan));
        RelayOrders.Order order = p.orders()
                .create(
                        caravel.relays.NewRelay.of(
                                        source.tenant(), source.profile().withName(n.name()), n.subdomain(), plan)
                                .withSettings(settingsOf),
                        source.tenant());
        return new Started(queue(order.relay(), b, m, "merge", caller), order);
    }

    private static void refuseIf(List<String> refusals) {
        if (!refusals.isEmpty())
            throw new Failure(Failure.Kind.CONFLICT, "plan_too_small", "plan", String.join(" ", refusals));
    }

    private RelayBackupStore.Restore queue(
            Relay target, RelayBackupStore.Backup b, Manifest m, String mode, Caller caller) {
        String actor = caller.key();
        String id = Ids.newId();
        long now = now();
        var row = new RelayBackupStore.Restore(
                id,
                target.id(),
                target.tenant(),
                b.id(),
                mode,
                "queued",
                steps().get(0),
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
                actor,
                now,
                now,
                caller.role().wire());
        p.deps().jdbi().useTransaction(h -> {
            for (RelayBackupStore.Restore r : p.backups().store().restoresOf(target.id(), 5))
                if (r.status().equals("queued") || r.status().equals("running"))
                    throw Failure.conflict("A restore into this relay is already under way; wait for it to end.");
            p.backups().store().insertRestore(h, row);
            p.jobs().enqueue(h, JOB, JobPayloads.write(new Run(id)), JOB + ":" + id, ATTEMPTS);
        });
        p.deps().log(target, "restore_started", "Restore of backup " + b.id() + " (" + mode + ") started", actor);
        return row;
    }

    /** The steps in order: each part's file, then the events, then the media, then done. */
    List<String> steps() {
        List<String> out = new ArrayList<>();
        for (BackupSection s : p.parts().sections()) out.add(s.file());
        out.add(Manifest.EVENTS);
        out.add("media");
        out.add("done");
        return out;
    }

    public Optional<RelayBackupStore.Restore> find(Relay r, String restoreId) {
        return p.backups()
                .store()
                .findRestore(restoreId)
                .filter(x -> x.relayId().equals(r.id()));
    }

    // ------------------------------------------------------------------------------------------------ the job

    @Override
    public void run(Job job) throws Exception {
        String id = JobPayloads.read(job.payload(), Run.class).restore();
        RelayBackupStore.Restore row = p.backups().store().findRestore(id).orElse(null);
        if (row == null || row.status().equals("done") || row.status().equals("failed")) return;
        Relay r = p.deps().relayStore().find(row.relayId()).orElse(null);
        if (r == null) throw new caravel.jobs.PermanentFailure("the relay is gone");
        if (!r.zooidCreated() || r.status() != RelayStatus.ACTIVE)
            throw new IllegalStateException(
                    "the relay is not in service yet (" + r.status().wire() + ")");
        RelayBackupStore.Backup b = p.backups()
                .store()
                .find(row.backupId())
                .orElseThrow(() -> new caravel.jobs.PermanentFailure("the backup was removed"));
        Manifest m = p.backups().manifest(b);
        boolean replace = row.mode().equals("replace");
        List<String> steps = steps();
        int at = Math.max(0, steps.indexOf(row.step()));
        long cursor = row.cursor();
        var progress = new RestoreTotals(row);
        for (int i = at; i < steps.size() - 1; i++) {
            String step = steps.get(i);
            p.backups().store().progress(id, "running", step, cursor, progress.snapshot(), now());
            Relay fresh = p.deps().relayStore().find(r.id()).orElse(r);
            // as whoever started it, with the role they had then: a resumed restore never gains the owner's rights
            Caller caller =
                    new Caller(row.actor(), role(row.actorRole()), row.actor().equals(fresh.tenant()));
            if (step.equals(Manifest.EVENTS)) content.events(fresh, b, progress, row.actor());
            else if (step.equals("media")) {
                content.media(fresh, b, m, id, cursor, progress);
            } else {
                BackupSection s = p.parts().sections().stream()
                        .filter(x -> x.file().equals(step))
                        .findFirst()
                        .orElseThrow();
                Optional<JsonNode> saved = saved(b, m, s);
                if (saved.isPresent()) {
                    long n = s.apply(fresh, saved.get(), replace, caller, progress.problems);
                    progress.add(s.countName(), n);
                }
            }
            cursor = 0;
            p.backups().store().progress(id, "running", steps.get(i + 1), 0, progress.snapshot(), now());
        }
        p.backups().store().progress(id, "done", "done", 0, progress.snapshot(), now());
        p.deps()
                .log(
                        r,
                        "restored",
                        "Backup " + b.id() + " restored (" + row.mode() + "): " + progress.eventsDone + " of "
                                + row.eventsTotal() + " events, " + progress.blobsDone + " of " + row.blobsTotal()
                                + " media files in place"
                                + (progress.eventsRefused > 0
                                        ? ", " + progress.eventsRefused + " events refused by the relay"
                                        : ""),
                        row.actor());
    }

    /** A restore's recorded role; "owner" is no team role, so it is read here. */
    private static RelayRole role(String wire) {
        return RelayRole.OWNER.wire().equals(wire) ? RelayRole.OWNER : RelayRole.stored(wire);
    }

    @Override
    public void onGiveUp(Job job, String error) {
        String id = JobPayloads.read(job.payload(), Run.class).restore();
        p.backups()
                .store()
                .findRestore(id)
                .ifPresent(row -> p.backups()
                        .store()
                        .restoreEnded(
                                id,
                                "failed",
                                "Stopped at the step \"" + row.step() + "\""
                                        + (row.cursor() > 0 ? " (at " + row.cursor() + ")" : "")
                                        + ": " + error + ". The steps before it are in place; restoring again resumes"
                                        + " safely (nothing is added twice).",
                                now()));
    }

    // ------------------------------------------------------------------------------------------------ uploads

    /**
     * An archive the owner uploads (one {@link RelayBackups#download} made, of this relay or another of theirs),
     * checked whole ({@link BackupArchive}) and then kept as a backup of this relay with reason "upload", to
     * preview and restore like any other. A refused archive leaves nothing behind.
     */
    public RelayBackupStore.Backup upload(Relay r, InputStream body, long declaredLength, String actor)
            throws IOException {
        if (declaredLength > settings.uploadMaxBytes())
            throw new Failure(
                    Failure.Kind.TOO_LARGE,
                    "The archive is larger than " + settings.uploadMaxBytes() + " bytes, the most a restore reads.");
        Path dir = Files.createTempDirectory("caravel-backup-upload-");
        try {
            boolean media = p.plans().of(r.plan()).blossom();
            Manifest m = BackupArchive.read(
                    body,
                    new BackupArchive.Bounds(settings.uploadMaxBytes(), media),
                    dir,
                    p.parts().sections());
            return p.backups().adopt(r, m, dir, actor);
        } finally {
            RestoreContent.deleteTree(dir);
        }
    }
}
